"""`python -m loaders refresh [--db PATH] [--only ID ...] [--config-dir DIR]` (cron-friendly).

Exit 0 only when every series loaded; 1 when any failed (or the configuration is invalid, in
which case nothing is fetched); 2 for an unknown --only id; 3 when another refresh holds the lock.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from loaders.commands._shared import (
    EXIT_FAILED,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_USAGE,
    add_config_argument,
    add_db_argument,
    command_settings,
    error,
    load_valid_config,
)

if TYPE_CHECKING:
    from loaders.http import HttpClient
    from mittaristo.config.load import Config
    from mittaristo.settings import Settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    parser.add_argument(
        "--only", nargs="+", metavar="ID", default=None, help="load only these catalog ids"
    )
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    config = load_valid_config(settings)
    if config is None:
        return EXIT_FAILED
    return run_refresh(config, settings.db, settings, only=args.only)


def run_refresh(
    config: Config,
    db_path: Path,
    settings: Settings,
    *,
    only: Sequence[str] | None = None,
    kind: str = "refresh",
    source_label: str | None = None,
    client: HttpClient | None = None,
) -> int:
    """Refresh with a progress display and a summary; maps the outcome to the exit code."""
    from loaders.progress import ProgressPrinter, format_summary
    from loaders.refresh import UnknownIndicators, refresh
    from mittaristo.store import RefreshLocked, StoreError

    printer = ProgressPrinter()
    try:
        report = refresh(
            config,
            db_path,
            settings,
            only=only,
            kind=kind,
            source_label=source_label,
            progress=printer,
            client=client,
        )
    except UnknownIndicators as exc:
        error(f"{exc}\nknown ids: {', '.join(exc.known)}")
        return EXIT_USAGE
    except RefreshLocked as exc:
        error(str(exc))
        return EXIT_LOCKED
    except StoreError as exc:
        error(f"database error: {exc}")
        return EXIT_FAILED
    finally:
        printer.close()
    print(format_summary(report))
    return EXIT_OK if report.n_failed == 0 else EXIT_FAILED
