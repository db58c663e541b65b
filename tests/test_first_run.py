"""First start without a database: the app builds it (demo when the services are unreachable),
shows progress and the demo banner, instead of failing."""

from pathlib import Path

import duckdb
import streamlit as st
from streamlit.testing.v1 import AppTest

from mittaristo import store
from mittaristo.i18n import t

ROOT = Path(__file__).resolve().parents[1]


def test_missing_database_is_built_as_demo_with_progress_and_banner(tmp_path, monkeypatch):
    db = tmp_path / "new.duckdb"
    monkeypatch.setenv("MITTARISTO_DB", str(db))
    monkeypatch.setenv("MITTARISTO_EDITS_DB", str(tmp_path / "edits.duckdb"))
    monkeypatch.setenv("MITTARISTO_OFFLINE", "1")  # as on a closed network: no live attempt
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["kunta"] = "heinola"
    at.run()
    assert not at.exception
    assert db.exists() and store.data_mode(db) == "demo"
    # once built, the "no database yet" box and the bar are gone without a reload; one
    # sentence says the figures are demo data (never the raw word "demo" on its own)
    assert not any(t("db_missing", "fi") in info.value for info in at.info)
    assert not at.get("progress")
    with duckdb.connect(str(db), read_only=True) as con:
        n_series = con.execute(
            "SELECT count(DISTINCT indicator_id) FROM series_load WHERE indicator_id IS NOT NULL"
        ).fetchone()[0]
    assert [s.value for s in at.success] == [t("db_ready_demo", "fi", n=n_series)]
    assert not [x.value for x in at.text if x.value.strip().lower() == "demo"]
    html = "".join(m.value for m in at.markdown)
    assert t("demo_banner", "fi") in html and "mtr-table" in html
    assert store.check_consistency(db) == []


def test_unreachable_services_are_detected_within_seconds(monkeypatch):
    """Three hosts whose name resolution hangs (a closed network): the probe asks them all at
    once and gives up after its timeout instead of trying each one in turn."""
    import threading
    import time

    import requests

    from loaders import firstrun
    from mittaristo.settings import Settings

    asked: list[str] = []
    release = threading.Event()

    def hanging(url, **kwargs):
        asked.append(url)
        release.wait(30)  # like a DNS lookup that never returns
        raise requests.ConnectionError("unreachable")

    monkeypatch.setattr(firstrun.requests, "head", hanging)
    settings = Settings(pxweb_url="http://px.invalid", sotkanet_url="http://so.invalid",
                        syke_url="http://sy.invalid", offline=False)  # fmt: skip
    started = time.monotonic()
    try:
        assert firstrun.probe_live(settings, timeout=0.5) is False
        elapsed = time.monotonic() - started
    finally:
        release.set()
    assert elapsed < 2.0
    assert sorted(asked) == ["http://px.invalid/fi/", "http://so.invalid", "http://sy.invalid"]


def test_one_answering_service_counts_as_live(monkeypatch):
    from loaders import firstrun
    from mittaristo.settings import Settings

    def answer(url, **kwargs):
        if "sotkanet" not in url:
            raise firstrun.requests.ConnectionError("unreachable")
        return object()

    monkeypatch.setattr(firstrun.requests, "head", answer)
    base = Settings(offline=False)
    assert firstrun.probe_live(base.with_changes(sotkanet_url="http://sotkanet.test")) is True
    assert firstrun.probe_live(base.with_changes(sotkanet_url="http://closed.test")) is False
    assert firstrun.probe_live(base.with_changes(offline=True)) is False
