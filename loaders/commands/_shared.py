"""Arguments and steps shared by the data commands (refresh, import, status, demo)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.commands.validate import (
    MUNICIPALITIES_CSV,
    read_municipality_codes,
    report_invalid,
    resolve_config_dir,
)
from mittaristo.config.load import Config, ConfigValidationError, load_config

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_LOCKED = 0, 1, 2, 3


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="database file (default: $MITTARISTO_DB or data/mittaristo.duckdb)",
    )


def add_config_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config-dir",
        type=Path,
        default=None,
        help="folder with indicators.yaml and strategies/ (default: $MITTARISTO_CONFIG_DIR or the project)",
    )


def resolve_db(given: Path | None) -> Path:
    from mittaristo.store import default_db_path  # duckdb only when a command runs

    return given if given is not None else default_db_path()


def load_valid_config(config_dir: Path | None) -> Config | None:
    """The validated configuration, or None after printing every problem (nothing is fetched)."""
    try:
        return load_config(
            resolve_config_dir(config_dir),
            municipalities=read_municipality_codes(MUNICIPALITIES_CSV),
        )
    except ConfigValidationError as exc:
        report_invalid(exc, "text")
        return None


def error(message: str) -> None:
    print(message, file=sys.stderr)
