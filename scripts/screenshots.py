"""Screenshots of every page of every town in Finnish and Swedish, for a person to look at.

    .venv/bin/python scripts/screenshots.py [--out build/screenshots] [--towns kemi,lieksa]
        [--langs fi,sv] [--pages overview,indicator] [--points DIR]

Builds a demo database with the project's own command (`python -m loaders demo`), starts
`streamlit run app.py` on a free local port over it, drives /usr/bin/chromium with Playwright and
writes `<town>-<lang>-<page>.png` (whole page) into the git-ignored `build/screenshots/`.
`--points DIR` instead writes one small viewport PNG per point of issue 15 (`NN-name.png`) — the
before/after pictures in docs/screenshots/issue-15/. Stops the server and the browser at the end.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mittaristo.config.load import load_config  # noqa: E402

CHROMIUM = Path(os.environ.get("MITTARISTO_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
VIEWPORT = {"width": 1366, "height": 1000}
PAGES = {  # name -> url path ("" = the main page)
    "overview": "",
    "indicator": "mittari",
    "compare": "vertailu",
    "actions": "toimenpiteet",
    "review": "arviointi",
    "data": "tiedot",
    "method": "menetelma",
}
WAIT_MS = 90_000


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build_demo(db: Path) -> None:
    """The demo database the way a user builds it (README: `make demo`)."""
    subprocess.run([sys.executable, "-m", "loaders", "demo", "--db", str(db)], cwd=ROOT, check=True)


@contextmanager
def streamlit_server(
    db: Path, edits_db: Path, log: Path, *, offline: bool = False
) -> Iterator[str]:
    """`streamlit run app.py` on a free port; stopped (only this process) on exit."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MITTARISTO_")}
    env |= {"MITTARISTO_DB": str(db), "MITTARISTO_EDITS_DB": str(edits_db)}
    if offline:
        env["MITTARISTO_OFFLINE"] = "1"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                raise SystemExit(f"streamlit exited ({proc.returncode}):\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"streamlit did not answer:\n{log.read_text()}")
            time.sleep(0.3)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def settle(page) -> None:
    """The page's heading is there and the script run has finished."""
    page.locator("h1").first.wait_for(timeout=WAIT_MS)
    page.wait_for_function(
        "document.querySelector('[data-testid=stApp]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=WAIT_MS,
    )
    time.sleep(0.6)  # data grids and plotly finish drawing after the run


def open_page(page, base: str, town: str, lang: str, name: str, use_id: str) -> None:
    path = PAGES[name]
    query = f"kunta={town}&lang={lang}"
    if path:
        query += (f"&mittari={use_id}" if use_id else "") + f"&sivu={path}"
    page.goto(f"{base}/{path}?{query}")
    settle(page)


def full_shot(page, target: Path) -> None:
    """The whole page: Streamlit scrolls inside its main area, so grow the window to fit."""
    height = page.evaluate("document.querySelector('[data-testid=stMain]')?.scrollHeight ?? 0")
    height = min(max(height, VIEWPORT["height"]) + 20, 16_000)
    if height > VIEWPORT["height"] + 20:
        page.set_viewport_size({"width": VIEWPORT["width"], "height": height})
        time.sleep(0.5)  # plotly redraws on resize
    page.screenshot(path=str(target))
    page.set_viewport_size(VIEWPORT)


def first_use(town: str) -> str:
    """The town's first mittari with a statistics series (the indicator page's example)."""
    strategy = load_config(ROOT).strategies[town]
    uses = [use for _, _, use in strategy.indicator_uses()]
    with_series = [use for use in uses if getattr(use, "indicator", None)]
    return (with_series or uses)[0].id if uses else ""


def scroll_to_text(page, text: str) -> None:
    """Bring the first element showing `text` to the top of the window (if it is there)."""
    node = page.get_by_text(text, exact=False).first
    try:
        node.scroll_into_view_if_needed(timeout=5_000)
        node.evaluate("n => n.scrollIntoView({block: 'start'})")
        time.sleep(0.4)
    except Exception:  # noqa: BLE001 - a missing text leaves the window at the top
        pass


# Issue 15's points: file name -> where the problem (or its fix) shows. Keys: town, lang, page,
# use (mittari id; default the town's first with a series), text (scroll it to the top),
# click (a label to click first), lang_overlay (print <html lang> into the picture).
POINTS: dict[str, dict] = {
    "01-compare-time-axis.png": {"town": "kemi", "page": "compare", "text": "Lähde"},
    "02-country-and-peers-axis.png": {
        "town": "kemi", "page": "indicator", "use": "ek-kv-yritysymparisto-yritykset",
        "click": "Näytä koko maa", "text": "Lähde",
    },
    "03-data-page-cells.png": {"town": "kemi", "page": "data", "text": "Sarjat"},
    "04-viewer-refresh-control.png": {"town": "kemi", "page": "data", "text": "Latausloki"},
    "05-sign-in-dead-end.png": {"town": "kemi", "page": "actions"},
    "06-upload-messages.png": {"town": "kemi", "page": "data", "text": "Tuo"},
    "07-numbers-format.png": {"town": "kemi", "page": "compare", "text": "Taulukko"},
    "08-downloaded-png.png": {"town": "kemi", "page": "indicator", "text": "Lataa"},
    "09-html-lang.png": {"town": "kemi", "lang": "sv", "page": "overview", "lang_overlay": True},
    "10-long-overview.png": {"town": "lieksa", "page": "overview"},
    "11-indicator-milestones.png": {
        "town": "kemi", "page": "indicator", "use": "ek-ymp-kaupunkiymparisto-suunnitelmat",
    },
    "13-wcag-contrast-and-pills.png": {"town": "kemi", "page": "overview", "text": "Mittarit"},
}  # fmt: skip
FIRST_RUN = "12-first-run.png"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "screenshots")
    parser.add_argument("--towns", default=",".join(sorted(load_config(ROOT).strategies)))
    parser.add_argument("--langs", default="fi,sv")
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--points", type=Path, help="write issue 15's point pictures here")
    parser.add_argument("--only", default="", help="with --points: file names starting so")
    parser.add_argument("--db", type=Path, help="an existing demo database (else built)")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="mittaristo-shots-"))
    try:
        db = work / "demo.duckdb"
        if args.db:
            shutil.copy(args.db, db)
        else:
            build_demo(db)
        with (
            streamlit_server(db, work / "edits.duckdb", work / "streamlit.log") as base,
            sync_playwright() as manager,
        ):
            browser = manager.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            try:
                context = browser.new_context(viewport=VIEWPORT)
                page = context.new_page()
                page.goto(base + "/")  # Streamlit's very first session (streamlit#9992)
                settle(page)
                if args.points:
                    shoot_points(page, base, args.points, args.only)
                    if FIRST_RUN.startswith(args.only):
                        shoot_first_run(browser, args.points)
                else:
                    args.out.mkdir(parents=True, exist_ok=True)
                    for town in args.towns.split(","):
                        use_id = first_use(town)
                        for lang in args.langs.split(","):
                            for name in args.pages.split(","):
                                open_page(page, base, town, lang, name, use_id)
                                target = args.out / f"{town}-{lang}-{name}.png"
                                full_shot(page, target)
                                print(
                                    target.relative_to(ROOT)
                                    if target.is_relative_to(ROOT)
                                    else target
                                )
            finally:
                browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def shrink(path: Path) -> None:
    """256 colours: a screenshot of text stays readable and a few tens of KB in git."""
    from PIL import Image

    Image.open(path).convert("RGB").quantize(256).save(path, optimize=True)


def shoot_points(page, base: str, out: Path, only: str = "") -> None:
    """One viewport picture per issue point (kept small: one window, not the whole page)."""
    out.mkdir(parents=True, exist_ok=True)
    for file_name, where in POINTS.items():
        if not file_name.startswith(only):
            continue
        town = where["town"]
        open_page(page, base, town, where.get("lang", "fi"), where["page"],
                  where.get("use") or first_use(town))  # fmt: skip
        if where.get("click"):
            try:
                page.get_by_text(where["click"], exact=False).first.click(timeout=5_000)
                settle(page)
            except Exception:  # noqa: BLE001 - the control may be gone after a fix
                pass
        if where.get("text"):
            scroll_to_text(page, where["text"])
        if where.get("lang_overlay"):
            page.evaluate(
                """() => { const d = document.createElement('div');
                const skip = document.querySelector('[data-testid=stSkipToContent]');
                d.textContent = '<html lang="' + document.documentElement.lang + '">  skip link: "' +
                  (skip ? skip.textContent : '') + '"';
                d.style = 'position:fixed;top:60px;right:20px;z-index:99999;background:#fff;' +
                  'color:#000;border:3px solid #000;padding:8px;font:20px monospace';
                document.body.appendChild(d); }"""
            )
        page.screenshot(path=str(out / file_name))
        shrink(out / file_name)
        print(out / file_name)


def shoot_first_run(browser, out: Path) -> None:
    """The first start on an empty database (offline: the demo build), caught mid-progress."""
    work = Path(tempfile.mkdtemp(prefix="mittaristo-first-"))
    try:
        with streamlit_server(
            work / "new.duckdb", work / "edits.duckdb", work / "log", offline=True
        ) as base:
            page = browser.new_context(viewport={"width": 1100, "height": 700}).new_page()
            page.goto(base + "/?kunta=kemi")
            page.locator("[data-testid=stProgress]").first.wait_for(timeout=WAIT_MS)
            time.sleep(4)
            page.screenshot(path=str(out / FIRST_RUN))
            shrink(out / FIRST_RUN)
            print(out / FIRST_RUN)
            page.wait_for_function(
                "document.querySelector('[data-testid=stApp]')"
                "?.getAttribute('data-test-script-state') === 'notRunning'",
                timeout=180_000,
            )
            time.sleep(1)
            page.screenshot(path=str(out / FIRST_RUN.replace(".png", "-done.png")))
            shrink(out / FIRST_RUN.replace(".png", "-done.png"))
            print(out / FIRST_RUN.replace(".png", "-done.png"))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
