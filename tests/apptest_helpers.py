"""Opening the app in AppTest the way a browser would: the entry script first, then a page."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@contextmanager
def app_environment(db: Path, edits_db: Path) -> Iterator[pytest.MonkeyPatch]:
    """The app reads `db` and `edits_db` (no config override, no debug); Streamlit's caches are
    shared in-process, so they start and end clean."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MITTARISTO_DB", str(db))
        mp.setenv("MITTARISTO_EDITS_DB", str(edits_db))
        mp.delenv("MITTARISTO_CONFIG_DIR", raising=False)
        mp.delenv("MITTARISTO_DEBUG", raising=False)
        st.cache_data.clear()
        st.cache_resource.clear()
        try:
            yield mp
        finally:
            st.cache_data.clear()
            st.cache_resource.clear()


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
