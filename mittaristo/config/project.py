"""The project's configuration as every entry point reads it: checked the same way everywhere.

The app, the CLI (`python -m loaders …`) and `python -m reports` all call
`load_project_config(settings)`, so a report can never be built from a configuration that
`validate` would refuse (the town and peer codes are checked against the municipality list).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mittaristo.config.cache import cached_config
from mittaristo.reference import municipalities
from mittaristo.settings import Settings

if TYPE_CHECKING:
    from mittaristo.config.result import Config


def municipality_names() -> dict[str, str] | None:
    """Code → Finnish name of every municipality (the reference list, data/reference/), so the
    town and peer codes are checked and the hints can name the towns; None when it is absent."""
    try:
        return {code: area.name_fi for code, area in municipalities().items()}
    except FileNotFoundError:
        return None


def load_project_config(settings: Settings) -> Config:
    """The validated configuration of `settings.config_dir` (raises ConfigValidationError)."""
    from mittaristo.config.load import load_config

    return load_config(settings.config_dir, municipalities=municipality_names())


def cached_project_config(settings: Settings) -> Config:
    """`load_project_config`, read from `settings.cache_dir` when nothing it reads has changed
    since it last passed (mittaristo.config.cache): the app's start skips the validator."""
    names = municipality_names()

    def load() -> Config:
        from mittaristo.config.load import load_config

        return load_config(settings.config_dir, municipalities=names)

    return cached_config(settings.config_dir, names, settings.cache_dir, load)
