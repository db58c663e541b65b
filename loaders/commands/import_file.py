"""`python -m loaders import FILE --format FMT [--db PATH] [--indicator ID]`.

The file goes through the same parsers as a live refresh and is written as one load run of
kind `import`. Rows are linked to a catalog indicator when --indicator names it or when the
file's (dataset, measure) matches exactly one catalog entry; unmatched rows are stored without
an indicator and still appear in the `observations` view. A rejected file changes nothing.
Exit 0 stored, 1 rejected (or invalid configuration), 2 unknown --indicator, 3 locked.
"""

from __future__ import annotations

import argparse
from pathlib import Path

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
from loaders.import_formats import FORMATS
from mittaristo.config.load import Config


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the downloaded file")
    parser.add_argument("--format", required=True, choices=FORMATS, help="what the file is")
    add_db_argument(parser)
    parser.add_argument("--indicator", metavar="ID", help="catalog id the rows belong to")
    parser.add_argument("--dataset", help="PxWeb table id when the file does not name it")
    parser.add_argument(
        "--allow-unknown-regions",
        action="store_true",
        help="skip Sotkanet rows of region ids missing from the stored regions list",
    )
    parser.add_argument(
        "--metadata",
        type=Path,
        action="append",
        metavar="FILE",
        help="PxWeb CSV: the table's metadata (the JSON a GET on the table answers, in the "
        "file's language; repeat for more languages), so labels are stored as codes",
    )
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    settings = command_settings(args)
    config = load_valid_config(settings)
    if config is None:
        return EXIT_FAILED
    if args.indicator and args.indicator not in config.catalog.by_id():
        error(
            f"unknown indicator id: {args.indicator}\nknown ids: {', '.join(sorted(config.catalog.by_id()))}"
        )
        return EXIT_USAGE
    from loaders.base import ImportRejected
    from mittaristo.store import RefreshLocked, StoreError

    db_path = settings.db
    try:
        result = _parse(args, config, db_path)
        message = _store(result, args, config, db_path)
    except ImportRejected as exc:
        error(f"rejected: {exc}\nthe database was not changed")
        return EXIT_FAILED
    except RefreshLocked as exc:
        error(str(exc))
        return EXIT_LOCKED
    except StoreError as exc:
        error(f"database error: {exc}\nthe database was not changed")
        return EXIT_FAILED
    for warning in result.warnings:
        print(f"warning: {warning}")
    print(message)
    return EXIT_OK


def _parse(args: argparse.Namespace, config: Config, db_path: Path):
    """Parse before the database is touched: a rejected file never opens a writer."""
    from loaders.importing import parse_file  # pandas/DuckDB only when a file is imported

    return parse_file(
        args.file, args.format, config, db_path,
        dataset=args.dataset, allow_unknown_regions=args.allow_unknown_regions,
        metadata=args.metadata,
    )  # fmt: skip


def _store(result, args: argparse.Namespace, config: Config, db_path: Path) -> str:
    from loaders.importing import store_result

    return store_result(result, args.file, config, db_path, indicator=args.indicator)
