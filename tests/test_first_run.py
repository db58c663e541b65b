"""First start without a database: the app builds it (demo when the services are unreachable),
shows progress and the demo banner, instead of failing."""

from pathlib import Path

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
    assert any(t("db_missing", "fi") in info.value for info in at.info)
    assert len(at.get("progress")) >= 1
    html = "".join(m.value for m in at.markdown)
    assert t("demo_banner", "fi") in html and "mtr-table" in html
    assert store.check_consistency(db) == []
