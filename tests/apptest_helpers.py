"""Opening the app in AppTest the way a browser would: the entry script first, then a page."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def open_page(page: str, secrets: dict | None = None, params: dict | None = None) -> AppTest:
    """Run app.py with these secrets and query parameters, then switch to `page`."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def page_html(at: AppTest) -> str:
    """Every markdown block of the page, joined: what the reader sees as text."""
    return "\n".join(m.value for m in at.markdown)
