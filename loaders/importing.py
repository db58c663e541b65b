"""Importing a downloaded file: parse it against the configuration, store it as one run.

Shared by `python -m loaders import` and the dashboard's manual-values upload
(`loaders.manual_entry`), so both refuse and store exactly alike. Parsing happens before the
database is touched: a rejected file never opens a writer.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from loaders.import_formats import ImportFormat
from loaders.imports import ImportResult
from mittaristo.config.load import Config
from mittaristo.reference import municipalities


def parse_file(
    path: Path,
    fmt: str,
    config: Config,
    db_path: Path,
    *,
    dataset: str | None = None,
    allow_unknown_regions: bool = False,
    metadata: list[Path] | None = None,
) -> ImportResult:
    """Parse an import file against the configuration and the stored Sotkanet regions."""
    from loaders.imports import parse_import

    kuntatalous = _kuntatalous_context(config, db_path) if fmt == "kuntatalous-json" else None
    region_map = _stored_region_map(db_path) if fmt.startswith("sotkanet-") else None
    manual = fmt == "manual-csv"
    manual_ids = {i.id for i in config.catalog.indicators if i.source.kind == "manual"}
    return parse_import(
        path,
        cast(ImportFormat, fmt),
        region_map=region_map,
        towns=town_spellings(config) if manual else None,
        indicator_ids=manual_ids if manual else None,
        dataset=dataset,
        allow_unknown_regions=allow_unknown_regions,
        kuntatalous=kuntatalous,
        metadata=metadata,
        content_codes=pxweb_content_codes(config) if fmt == "pxweb-csv" else None,
    )


def pxweb_content_codes(config: Config) -> set[str]:
    """The PxWeb content codes the catalog names (M152, vaesto): a CSV cell holding one of
    them is a code already, in every language."""
    from mittaristo.config.model import PxWebSource

    pxweb = [i for i in config.catalog.indicators if i.source.kind == "pxweb"]
    return {i.source_as(PxWebSource).measure for i in pxweb}


def _kuntatalous_context(config: Config, db_path: Path):
    """The catalog's State Treasury indicators and the stored population they divide by."""
    from loaders.imports import KuntatalousContext
    from mittaristo.config.model import KuntatalousSource
    from mittaristo.store import StoreMissing, current_series

    indicators = [i for i in config.catalog.indicators if i.source.kind == "kuntatalous"]
    populations = {}
    for ind in indicators:
        wanted = ind.source_as(KuntatalousSource).population
        if wanted and wanted not in populations:
            try:
                populations[wanted] = current_series(db_path, wanted)
            except StoreMissing:
                continue
    return KuntatalousContext(indicators, populations)


def store_result(
    result: ImportResult,
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
            if result.fmt == "manual-csv":
                writer.write_notes(indicator_id, group, result.source_notes)
            c = stored.counts
            name = indicator_id or "(no catalog indicator)"
            lines.append(f"  {name}: {c.n_rows} rows, {c.n_new} new, {c.n_revised} revised")
        assert result.frame is not None  # a result without regions has its rows
        writer.record_cells(result.cells_read(), len(result.frame), result.refused)
        writer.finish(message=f"{len(result.frame)} rows from {path.name}")
    head = f"imported {path.name} into {db_path} (run {writer.run_id}): {result.accounting()}"
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
        spellings.setdefault(area.name_sv, code)
    for town, strategy in config.strategies.items():
        spellings[town] = strategy.municipality
        spellings[strategy.name.fi] = strategy.municipality
    return spellings
