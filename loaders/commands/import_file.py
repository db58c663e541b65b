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
from mittaristo.config.load import Config
from mittaristo.reference import municipalities

FORMATS = (
    "jsonstat2",
    "pxweb-csv",
    "sotkanet-json",
    "sotkanet-csv",
    "sotkanet-regions",
    "manual-csv",
)


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
    return parse_file(
        args.file, args.format, config, db_path,
        dataset=args.dataset, allow_unknown_regions=args.allow_unknown_regions,
    )  # fmt: skip


def _store(result, args: argparse.Namespace, config: Config, db_path: Path) -> str:
    return store_result(result, args.file, config, db_path, indicator=args.indicator)


def parse_file(
    path: Path,
    fmt: str,
    config: Config,
    db_path: Path,
    *,
    dataset: str | None = None,
    allow_unknown_regions: bool = False,
):
    """Parse an import file against the configuration and the stored Sotkanet regions."""
    from loaders.imports import parse_import

    region_map = _stored_region_map(db_path) if fmt.startswith("sotkanet-") else None
    manual = fmt == "manual-csv"
    manual_ids = {i.id for i in config.catalog.indicators if i.source.kind == "manual"}
    return parse_import(
        path,
        fmt,
        region_map=region_map,
        towns=town_spellings(config) if manual else None,
        indicator_ids=manual_ids if manual else None,
        dataset=dataset,
        allow_unknown_regions=allow_unknown_regions,
    )


def store_result(
    result,
    path: Path,
    config: Config,
    db_path: Path,
    *,
    indicator: str | None = None,
    source_label: str | None = None,
) -> str:
    """Write a parsed import as one load run (new file + swap); returns a summary."""
    from loaders.base import ImportRejected
    from loaders.linking import link_groups
    from mittaristo.store import RefreshWriter

    label = source_label or path.name
    with RefreshWriter(db_path, kind="import", source_label=label) as writer:
        if result.regions is not None:
            count = writer.write_regions(result.regions)
            writer.finish(message=f"{count} Sotkanet regions from {path.name}")
            return f"stored {count} Sotkanet regions in {db_path} (run {writer.run_id})"
        lines = []
        for indicator_id, group in link_groups(result.frame, config.catalog, indicator):
            stored = writer.write_series(
                group,
                indicator_id=indicator_id,
                source_kind=str(group["source"].iloc[0]),
                url=str(path.resolve()),
            )
            if stored.status != "ok":
                raise ImportRejected(stored.error or "could not store the rows")
            c = stored.counts
            name = indicator_id or "(no catalog indicator)"
            lines.append(f"  {name}: {c.n_rows} rows, {c.n_new} new, {c.n_revised} revised")
        writer.finish(message=f"{len(result.frame)} rows from {path.name}")
    head = (
        f"imported {len(result.frame)} rows from {path.name} into {db_path} (run {writer.run_id})"
    )
    return "\n".join([head, *lines])


def _stored_region_map(db_path: Path):
    """Sotkanet id → region code from the database (empty when it has none yet)."""
    from loaders.sotkanet import region_map
    from mittaristo.store import StoreMissing, sotkanet_regions

    try:
        frame = sotkanet_regions(db_path)
    except StoreMissing:
        return None
    return region_map(frame) if not frame.empty else None


def town_spellings(config: Config) -> dict[str, str]:
    """Every accepted spelling of a municipality in a manual file → its KU code."""
    spellings: dict[str, str] = {}
    for code, area in municipalities().items():
        spellings[code] = code
        spellings[area.name_fi] = code
    for town, strategy in config.strategies.items():
        spellings[town] = strategy.municipality
        spellings[strategy.name.fi] = strategy.municipality
    return spellings
