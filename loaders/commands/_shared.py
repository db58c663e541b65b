"""Arguments and steps shared by the data commands (refresh, import, status, demo)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from loaders.commands.validate import report_invalid
from mittaristo.config.load import Config, ConfigValidationError
from mittaristo.config.project import load_project_config
from mittaristo.settings import Settings, load_settings

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


def command_settings(args: argparse.Namespace) -> Settings:
    """The settings of this command: the environment, with --db / --config-dir on top."""
    return load_settings(
        db=getattr(args, "db", None),
        config_dir=getattr(args, "config_dir", None),
        edits_db=getattr(args, "edits_db", None),
    )


def load_valid_config(settings: Settings) -> Config | None:
    """The validated configuration, or None after printing every problem (nothing is fetched)."""
    try:
        return load_project_config(settings)
    except ConfigValidationError as exc:
        report_invalid(exc, "text")
        return None


def error(message: str) -> None:
    print(message, file=sys.stderr)
