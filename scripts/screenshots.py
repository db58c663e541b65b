"""Screenshots of every page of every town in Finnish and Swedish, for a person to look at.

    .venv/bin/python scripts/screenshots.py [--out build/screenshots] [--towns kemi,lieksa]
        [--langs fi,sv] [--pages overview,indicator] [--points DIR]

Builds a demo database with the project's own command (`python -m loaders demo`), starts make
run's command on a free local port over it (bench._browser.running_app, as the benchmarks do), drives /usr/bin/chromium with Playwright and
writes `<town>-<lang>-<page>.png` (whole page) into the git-ignored `build/screenshots/`.
`--points DIR` instead writes one small viewport PNG per point of issue 15 (`NN-name.png`) — the
before/after pictures in docs/screenshots/issue-15/. Stops the server and the browser at the end.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench import CHROMIUM, CHROMIUM_ARGS  # noqa: E402
from bench._browser import running_app  # noqa: E402
from mittaristo.config.load import load_config  # noqa: E402

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


def build_demo(db: Path) -> None:
    """The demo database the way a user builds it (README: `make demo`)."""
    subprocess.run([sys.executable, "-m", "loaders", "demo", "--db", str(db)], cwd=ROOT, check=True)


@contextmanager
def streamlit_server(
    db: Path, edits_db: Path, log: Path, *, offline: bool = False
) -> Iterator[str]:
    """make run's command on a free port, started exactly as the benchmarks start it
    (bench._browser.running_app); yields its address."""
    with running_app(db, log, edits=edits_db, offline="1" if offline else None) as app:
        yield app.url


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
    # 06: shoot_upload (an editor's UTF-16 CSV on its own signed-in server)
    "07-numbers-format.png": {"town": "kemi", "page": "compare", "text": "Taulukko"},
    "08-downloaded-png.png": {  # the PNG file itself, as downloaded
        "town": "kemi", "page": "indicator", "use": "ek-kv-yritysymparisto-yritykset",
        "download": "Lataa kuva (PNG)",
    },
    "09-html-lang.png": {"town": "kemi", "lang": "sv", "page": "overview", "lang_overlay": True},
    "10-long-overview.png": {"town": "lieksa", "page": "overview"},
    "11-indicator-milestones.png": {
        "town": "kemi", "page": "indicator", "use": "ek-ymp-kaupunkiymparisto-suunnitelmat",
    },
    "13-wcag-contrast-and-pills.png": {"town": "kemi", "page": "overview", "text": "Mittarit"},
}  # fmt: skip
FIRST_RUN = "12-first-run.png"
UPLOAD = "06-upload-messages.png"
EDITOR_PASSWORD = "kuvakaappaus"  # a throwaway password for the screenshot server only
# Heinola's manual mittari, saved as UTF-16 with its BOM under a user's own file name (the
# message names that file, reads the encoding, shows no server path).
UPLOAD_FILE = ("heinolan-henkilöstökysely.csv", "town;indicator;period;value;source_note\n"
               "heinola;suosittelu_tyopaikkana;2025;82,5;henkilöstökysely\n")  # fmt: skip


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
                context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
                page = context.new_page()
                page.goto(base + "/")  # Streamlit's very first session (streamlit#9992)
                settle(page)
                if args.points:
                    shoot_points(page, base, args.points, args.only)
                    if UPLOAD.startswith(args.only):
                        shoot_upload(browser, db, args.points)
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
        if where.get("download"):
            with page.expect_download(timeout=WAIT_MS) as download:
                page.get_by_role("button", name=where["download"]).click()
            download.value.save_as(out / file_name)
            shrink(out / file_name)
            print(out / file_name)
            continue
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


def shoot_upload(browser, db: Path, out: Path) -> None:
    """An editor signs in (a password in a throwaway secrets file given to this server only)
    and imports a file on Heinola's Data page; the picture shows the message under it."""
    from mittaristo import edits
    from mittaristo.i18n import t

    work = Path(tempfile.mkdtemp(prefix="mittaristo-upload-"))
    try:
        salt = "5c2eenshot"
        secrets = work / "secrets.toml"
        secrets.write_text(
            f'[editors]\npassword_sha256 = "{edits.hash_password(EDITOR_PASSWORD, salt)}"\n'
            f'salt = "{salt}"\n', encoding="utf-8",
        )  # fmt: skip
        name, text = UPLOAD_FILE
        upload = work / name
        upload.write_bytes(text.encode("utf-16"))
        copy = work / "demo.duckdb"
        shutil.copy(db, copy)
        with running_app(copy, work / "log", edits=work / "edits.duckdb", secrets=secrets) as app:
            page = browser.new_context(viewport=VIEWPORT).new_page()
            page.goto(app.url + "/")  # Streamlit's very first session (streamlit#9992)
            settle(page)
            page.goto(f"{app.url}/tiedot?kunta=heinola&lang=fi&sivu=tiedot")
            settle(page)
            sidebar = page.locator("[data-testid=stSidebar]")
            sidebar.get_by_label(t("login_name", "fi")).fill("Anna Virtanen")
            sidebar.get_by_label(t("login_password", "fi")).fill(EDITOR_PASSWORD)
            sidebar.get_by_role("button", name=t("login_button", "fi")).click()
            page.locator("[data-testid=stFileUploader]").wait_for(timeout=WAIT_MS)
            settle(page)
            page.locator("[data-testid=stFileUploader] input[type=file]").set_input_files(upload)
            page.get_by_role("button", name=t("manual_import", "fi")).click()
            done = t("upload.done", "fi", file=name, new=1, revised=0).split(":")[0]
            page.get_by_text(done).first.wait_for(timeout=WAIT_MS)
            settle(page)
            scroll_to_text(page, t("manual_title", "fi"))
            page.screenshot(path=str(out / UPLOAD))
            shrink(out / UPLOAD)
            print(out / UPLOAD)
    finally:
        shutil.rmtree(work, ignore_errors=True)


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
