"""The one settings object reads MITTARISTO_* as pydantic-settings did (issue 17 dropped that
library from the app's start): given values win over the environment, which wins over defaults;
any case, empty values ignored, values typed and validated, unknown variables ignored."""

import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from mittaristo.settings import PROJECT_DIR, Settings, load_settings

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def clean_env(monkeypatch):
    for name in list(__import__("os").environ):
        if name.upper().startswith("MITTARISTO_"):
            monkeypatch.delenv(name)
    return monkeypatch


def test_the_defaults_without_environment(clean_env):
    s = load_settings()
    assert s.db == PROJECT_DIR / "data" / "mittaristo.duckdb"
    assert s.cache_dir == PROJECT_DIR / "data" / "cache"
    assert (s.offline, s.debug, s.timeout, s.max_retries) == (False, False, 30.0, 4)


def test_environment_values_are_typed_and_given_values_win(clean_env, tmp_path):
    clean_env.setenv("MITTARISTO_DB", str(tmp_path / "a.duckdb"))
    clean_env.setenv("MITTARISTO_OFFLINE", "1")
    clean_env.setenv("mittaristo_timeout", "5")  # any case, as before
    clean_env.setenv("MITTARISTO_DEBUG", "")  # empty: ignored
    clean_env.setenv("MITTARISTO_NOT_A_SETTING", "x")
    clean_env.setenv("MITTARISTO_PXWEB_URL", "http://px.test/api/")
    s = load_settings()
    assert s.db == tmp_path / "a.duckdb"
    assert s.offline is True and s.debug is False and s.timeout == 5.0
    assert s.pxweb_url == "http://px.test/api"  # the validator still runs on environment values
    assert load_settings(db=tmp_path / "b.duckdb").db == tmp_path / "b.duckdb"
    assert Settings(timeout=9.0).timeout == 9.0 and Settings(timeout=9.0).offline is True
    changed = s.with_changes(max_retries=0)
    assert changed.max_retries == 0 and changed.timeout == 5.0


def test_a_bad_environment_value_is_refused(clean_env):
    clean_env.setenv("MITTARISTO_TIMEOUT", "-1")
    with pytest.raises(ValidationError):
        load_settings()
    clean_env.setenv("MITTARISTO_TIMEOUT", "soon")
    with pytest.raises(ValidationError):
        load_settings()


def test_settings_are_frozen(clean_env):
    with pytest.raises(ValidationError):
        load_settings().offline = True  # type: ignore[misc]


def test_the_app_settings_import_no_pydantic_settings():
    code = "import sys, mittaristo.settings as m; m.load_settings(); print('pydantic_settings' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True).stdout.strip()  # fmt: skip
    assert out == "False"


def test_the_docs_address_is_an_http_page_and_links_a_section(clean_env):
    assert load_settings().docs_url is None and load_settings().docs_link("a") is None
    clean_env.setenv("MITTARISTO_DOCS_URL", " https://git.example/m/README.md#old ")
    s = load_settings()
    assert (
        s.docs_link("sign-in-for-editors") == "https://git.example/m/README.md#sign-in-for-editors"
    )
    for bad in ("javascript:alert(1)", "README.md", "ftp://x/README"):
        with pytest.raises(ValidationError, match="MITTARISTO_DOCS_URL"):
            Settings(docs_url=bad)
