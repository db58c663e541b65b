"""The dashboard in a real browser: Debian's chromium driven by Playwright's Python package.

A session-scoped `streamlit run` serves a copy of the demo database; every request the pages
make (HTTP and WebSocket) is recorded and must stay on the app's own host (closed networks).
Screenshots of every page in Finnish and Swedish go to test-artifacts/.

Without /usr/bin/chromium or the playwright package the tests skip — unless
MITTARISTO_REQUIRE_BROWSER=1 (set by .ci/run), then they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from bench import stop_process
from mittaristo.config.load import load_config
from mittaristo.i18n import t

# One worker runs every browser test (they share one server and one browser per module).
pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path(os.environ.get("MITTARISTO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}
TOWN, USE_ID = "kemi", "ek-kv-kuntatalous-alijaama"  # Kemi's mittari with a numeric target
XSS = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
TARGET_COLOUR = "rgb(213, 94, 0)"  # CHART_COLOURS["target"] = #D55E00
WAIT_MS = 60_000
VIEWPORT = {"width": 1366, "height": 1000}


def _need_browser() -> None:
    missing = None
    if not CHROMIUM.exists():
        missing = f"{CHROMIUM} not found (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            missing = "the playwright package is not installed"
    if missing:
        if os.environ.get("MITTARISTO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests required (MITTARISTO_REQUIRE_BROWSER=1): {missing}")
        pytest.skip(missing)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(demo_db, tmp_path_factory):
    """`streamlit run app.py` on a free local port over a copy of the demo database."""
    _need_browser()
    from mittaristo import edits
    from mittaristo.edits import Editor
    from mittaristo.edits.notes import review_period

    work = tmp_path_factory.mktemp("browser")
    db, edits_db = work / "demo.duckdb", work / "edits.duckdb"
    shutil.copy(demo_db, db)
    strategy = load_config(ROOT).strategies[TOWN]
    edits.add_note(
        TOWN, USE_ID, review_period(strategy, dt.date.today()), XSS,
        editor=Editor("Selaintesti", "cli"), path=edits_db,
    )  # fmt: skip

    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITTARISTO_")}
    env |= {"MITTARISTO_DB": str(db), "MITTARISTO_EDITS_DB": str(edits_db)}
    log_path = work / "streamlit.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "ui.serve", "run", "app.py",  # make run's command
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited ({proc.returncode}):\n{log_path.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer /_stcore/health:\n{log_path.read_text()}")
            time.sleep(0.3)
        yield base
    finally:
        stop_process(proc)


def warm_up(browser, base: str) -> None:
    """One visit to the main page first: Streamlit runs a server's very first session before it
    knows the browser's address (streamlit/streamlit#9992), which a user sees once after a
    restart; the tests are about every later visit."""
    page = browser.new_page()
    page.goto(base + "/")
    page.locator("h1").first.wait_for(timeout=WAIT_MS)
    page.close()


@pytest.fixture(scope="module")
def chromium(server):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    manager = sync_playwright().start()
    browser = manager.chromium.launch(
        executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
    )
    warm_up(browser, server)
    try:
        yield browser
    finally:
        browser.close()
        manager.stop()


class Session:
    """One browser tab with every request it makes recorded."""

    def __init__(self, browser, base: str) -> None:
        self.base = base
        self.context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
        self.urls: list[str] = []
        self.context.on("request", lambda request: self.urls.append(request.url))
        self.page = self.context.new_page()
        self.page.on("websocket", lambda ws: self.urls.append(ws.url))
        self.page.set_default_timeout(WAIT_MS)

    def open(self, path: str, title: str | None = None) -> None:
        self.page.goto(self.base + path)
        self.settle(title)

    def settle(self, title: str | None = None) -> None:
        """Wait for the page's heading and for the script run to finish."""
        if title:
            self.page.locator("h1", has_text=title).first.wait_for()
        else:
            self.page.locator("h1").first.wait_for()
        self.page.wait_for_function(
            "document.querySelector('[data-testid=stApp]')"
            "?.getAttribute('data-test-script-state') === 'notRunning'"
        )
        assert self.page.locator("[data-testid=stException]").count() == 0
        for lang in ("fi", "sv"):
            error = t("error_generic", lang, reason="").strip()
            assert self.page.get_by_text(error).count() == 0

    def shot(self, name: str) -> None:
        """The whole page: Streamlit scrolls inside its main area, so grow the window to fit."""
        time.sleep(0.3)  # data grids and plotly finish drawing after the run
        height = self.page.evaluate(
            "document.querySelector('[data-testid=stMain]')?.scrollHeight ?? 0"
        )
        height = min(max(height, VIEWPORT["height"]) + 20, 12_000)
        if height > VIEWPORT["height"] + 20:
            self.page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
            time.sleep(0.3)  # plotly redraws on resize
        self.page.screenshot(path=str(ARTIFACTS / name))
        self.page.set_viewport_size(VIEWPORT)

    def assert_local(self) -> None:
        assert self.urls, "no requests recorded"
        outside = [
            url
            for url in self.urls
            if urlsplit(url).scheme not in ("data", "blob", "about")
            and urlsplit(url).hostname not in LOCAL_HOSTS
        ]
        assert not outside, f"requests left the app's host: {outside}"

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def session(chromium, server):
    tab = Session(chromium, server)
    yield tab
    tab.close()


def _use_text(use_id: str) -> str:
    strategy = load_config(ROOT).strategies[TOWN]
    return next(use.text for _, _, use in strategy.indicator_uses() if use.id == use_id)


def test_overview_deep_link_and_language_switch(session):
    page = session.page
    session.open(f"/?kunta={TOWN}", t("overview_title", "fi", town="Kemi"))
    page.locator("table.mtr-table").first.wait_for()
    assert page.locator("table.mtr-table").count() >= 3
    assert page.get_by_text(t("demo_banner", "fi")).is_visible()
    session.shot("overview-fi.png")

    # a shared link on the root opens the indicator page with that mittari
    session.open(f"/?kunta={TOWN}&mittari={USE_ID}", _use_text(USE_ID))
    page.locator(".main-svg").first.wait_for()
    assert "/mittari" in page.url and f"mittari={USE_ID}" in page.url
    dashed = page.locator(".scatterlayer path.js-line").evaluate_all(
        """paths => paths.map(p => [p.style.stroke, p.style.strokeDasharray])"""
    )
    assert any(stroke == TARGET_COLOUR and dash not in ("", "none") for stroke, dash in dashed), (
        dashed
    )
    assert page.locator(".legendtext", has_text="Tavoitetaso").count() == 1
    assert page.get_by_text("Lähde:").first.is_visible()

    # switch the language in the sidebar: the same view in Swedish
    page.get_by_role("combobox", name=t("language", "fi")).click()
    page.get_by_role("option", name="Svenska").click()
    page.get_by_role("combobox", name=t("language", "sv")).wait_for()
    session.settle(_use_text(USE_ID))
    page.locator(".legendtext", has_text=t("trace_target", "sv")).wait_for()
    assert page.get_by_text(t("show_peers", "sv")).is_visible()
    page.wait_for_function("location.search.includes('lang=sv')")
    assert f"mittari={USE_ID}" in page.url and f"kunta={TOWN}" in page.url
    session.shot("indicator-sv-switched.png")
    session.assert_local()


PAGES = [  # (screenshot name, path, title key or None for the mittari's own text)
    ("overview", "", "overview_title"),
    ("indicator", "mittari", None),
    ("compare", "vertailu", "compare_title"),
    ("actions", "toimenpiteet", "actions_title"),
    ("review", "arviointi", "review_title"),
    ("data", "tiedot", "data_title"),
]


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_every_page_renders_in_the_browser(session, lang):
    text = _use_text(USE_ID)
    for name, path, key in PAGES:
        if (name, lang) == ("overview", "fi"):
            continue  # taken by test_overview_deep_link_and_language_switch
        query = f"kunta={TOWN}&lang={lang}"
        if path:
            query += f"&mittari={USE_ID}&sivu={path}"
        title = t(key, lang, town="Kemi", indicator=text) if key else text
        session.open(f"/{path}?{query}", title)
        if path in ("mittari", "vertailu"):
            session.page.locator(".main-svg").first.wait_for()
        assert session.page.locator("h1").count() == 1, name
        session.shot(f"{name}-{lang}.png")
    session.assert_local()


def test_a_note_with_script_is_shown_as_text(session):
    page = session.page
    session.open(
        f"/arviointi?kunta={TOWN}&mittari={USE_ID}&sivu=arviointi",
        t("review_title", "fi", town="Kemi"),
    )
    note = page.get_by_text(XSS, exact=False)
    note.first.wait_for()
    assert note.first.is_visible()
    assert page.evaluate("typeof window.__xss") == "undefined"
    session.assert_local()


def test_a_meeting_deck_is_downloaded_from_the_overview(session):
    """Issue 5: the pack for the agenda, prepared with a progress bar and downloaded."""
    from pptx import Presentation

    page = session.page
    session.open(f"/?kunta={TOWN}", t("overview_title", "fi", town="Kemi"))
    page.get_by_role("button", name=t("export_prepare", "fi")).click()
    download_button = page.get_by_role("button", name=re.compile(r"^Lataa kemi-.*\.pptx$"))
    download_button.wait_for(timeout=120_000)
    with page.expect_download(timeout=60_000) as info:
        download_button.click()
    path = ARTIFACTS / "kemi-deck.pptx"
    info.value.save_as(path)
    deck = Presentation(str(path))
    texts = " ".join(
        shape.text_frame.text
        for slide in deck.slides
        for shape in slide.shapes
        if shape.has_text_frame
    )
    strategy = load_config(ROOT).strategies[TOWN]
    assert all(goal.name.fi in texts for goal in strategy.goals)
    session.assert_local()
