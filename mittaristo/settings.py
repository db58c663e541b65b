"""The one settings object: where the configuration, the databases and the services are.

This module is the only reader of the environment (`MITTARISTO_*` variables). Entry points (the
CLI, the app, `python -m reports`, cron) call `load_settings()` once and pass the result down;
everything below them receives a `Settings` and never looks at `os.environ` itself, so a test or
the demo points the whole data path elsewhere by building one object.

| variable | field | default |
|---|---|---|
| `MITTARISTO_CONFIG_DIR` | `config_dir` | the project folder (indicators.yaml, strategies/) |
| `MITTARISTO_DB` | `db` | `data/mittaristo.duckdb` |
| `MITTARISTO_EDITS_DB` | `edits_db` | `data/mittaristo-edits.duckdb` |
| `MITTARISTO_CACHE_DIR` | `cache_dir` | `data/cache` (the app's validated configuration) |
| `MITTARISTO_PXWEB_URL` | `pxweb_url` | Statistics Finland's PxWeb v1 |
| `MITTARISTO_SOTKANET_URL` | `sotkanet_url` | THL's Sotkanet REST 1.1 |
| `MITTARISTO_SYKE_URL` | `syke_url` | SYKE's emission download files |
| `MITTARISTO_KUNTATALOUS_URL` | `kuntatalous_url` | the State Treasury's municipal-economy REST service |
| `MITTARISTO_OFFLINE=1` | `offline` | off: the first start tries the live services |
| `MITTARISTO_DEBUG=1` | `debug` | off: pages show a sentence, not the exception text |
| `MITTARISTO_DOCS_URL` | `docs_url` | none: the pages name `README.md` and its section instead of linking |

`.streamlit/secrets.toml` (editor sign-in) is read by Streamlit itself (`st.secrets`, see
`ui/auth.py`); `secrets_file` only names where this project expects it.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


def _project_dir() -> Path:
    """The checkout this code runs from (indicators.yaml beside the packages); for an installed
    copy (`pip install .`), the current folder, where a town keeps its configuration."""
    checkout = Path(__file__).resolve().parents[1]
    return checkout if (checkout / "indicators.yaml").is_file() else Path.cwd()


PROJECT_DIR = _project_dir()
ENV_PREFIX = "MITTARISTO_"

DEFAULT_PXWEB_URL = "https://pxdata.stat.fi/PxWeb/api/v1"
DEFAULT_SOTKANET_URL = "https://sotkanet.fi/rest/1.1"
DEFAULT_SYKE_URL = "https://paastot.hiilineutraalisuomi.fi"
DEFAULT_KUNTATALOUS_URL = "https://prodkuntarest.westeurope.cloudapp.azure.com/rest/v1/json"


def _from_environment(fields: Collection[str]) -> dict[str, str]:
    """`MITTARISTO_<FIELD>` values (any case; empty ones ignored), as pydantic-settings read
    them; this one loop replaced that library at the app's start (~0.1 s of imports, issue 17)."""
    size = len(ENV_PREFIX)
    found: dict[str, str] = {}
    for name, value in os.environ.items():
        field = name[size:].lower()
        if value and name[:size].upper() == ENV_PREFIX and field in fields:
            found[field] = value
    return found


class Settings(BaseModel):
    """Every setting of a run, typed and frozen (copy with `with_changes`). Given values win
    over the environment's `MITTARISTO_*`, which win over the defaults."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    config_dir: Path = PROJECT_DIR
    db: Path = PROJECT_DIR / "data" / "mittaristo.duckdb"
    edits_db: Path = PROJECT_DIR / "data" / "mittaristo-edits.duckdb"
    secrets_file: Path = PROJECT_DIR / ".streamlit" / "secrets.toml"
    cache_dir: Path = PROJECT_DIR / "data" / "cache"

    pxweb_url: str = DEFAULT_PXWEB_URL
    sotkanet_url: str = DEFAULT_SOTKANET_URL
    syke_url: str = DEFAULT_SYKE_URL
    kuntatalous_url: str = DEFAULT_KUNTATALOUS_URL
    lang: str = Field(default="fi", pattern="^(fi|sv|en)$", description="PxWeb answer language")
    offline: bool = False
    debug: bool = False
    # Where this install's README is readable (e.g. its page on the town's Git server); the
    # sign-in hint links its sections. The repository names no public home, so no default.
    docs_url: str | None = None

    timeout: float = Field(default=30.0, gt=0, description="read timeout per request, seconds")
    max_retries: int = Field(default=4, ge=0)
    max_retry_wait: float = Field(default=30.0, ge=0, description="longer Retry-After gives up")
    # Statistics Finland's published limits (`?config`, recorded Aug 2026: 40 calls / 60 s,
    # 120 000 cells); a server's `?config` answer can only tighten them (loaders.pxweb).
    pxweb_max_calls: int = Field(default=40, ge=1)
    pxweb_time_window: float = Field(default=60.0, gt=0)
    pxweb_max_cells: int = Field(default=120_000, ge=1)

    @model_validator(mode="before")
    @classmethod
    def _environment(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        return {**_from_environment(cls.model_fields), **data}

    @field_validator("pxweb_url", "sotkanet_url", "syke_url", "kuntatalous_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        return value.rstrip("/")

    @field_validator("docs_url")
    @classmethod
    def _docs_page(cls, value: str | None) -> str | None:
        """An http(s) page without its fragment: the pages add the section's anchor."""
        if value is None:
            return None
        page = value.strip().split("#", 1)[0]
        if not page.lower().startswith(("http://", "https://")):
            raise ValueError("MITTARISTO_DOCS_URL must be an http:// or https:// address")
        return page

    def docs_link(self, anchor: str) -> str | None:
        """The address of one README section (`anchor` without '#'), or None without docs_url."""
        return f"{self.docs_url}#{anchor}" if self.docs_url else None

    def with_changes(self, **changes: object) -> Settings:
        """A copy with some fields changed, validated like the original."""
        return type(self).model_validate({**self.model_dump(), **changes})

    def service_urls(self) -> dict[str, str]:
        """The service addresses as environment variables (for a child process)."""
        return {
            f"{ENV_PREFIX}PXWEB_URL": self.pxweb_url,
            f"{ENV_PREFIX}SOTKANET_URL": self.sotkanet_url,
            f"{ENV_PREFIX}SYKE_URL": self.syke_url,
            f"{ENV_PREFIX}KUNTATALOUS_URL": self.kuntatalous_url,
        }


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment; `overrides` (e.g. a `--db` given on the command line) win."""
    given = {name: value for name, value in overrides.items() if value is not None}
    return Settings(**given)


def child_environment(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child process: this one's, with `extra` on top."""
    return {**os.environ, **(extra or {})}
