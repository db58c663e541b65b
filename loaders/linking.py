"""Which catalog indicator imported rows belong to.

A downloaded file names its series by (dataset, measure): a PxWeb table id and content code, a
Sotkanet indicator id, or for manual files the catalog id itself. A group is linked when it
matches exactly one catalog entry (content codes match also with the prefix the June 2026 PxWeb
change added, vaesto ~ vaerak-vaesto); otherwise it is stored without an indicator.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pandas as pd

from loaders.base import ImportRejected
from mittaristo.config.model import Catalog, CatalogIndicator

# A yearly Kuntien avainluvut edition (a file downloaded from `2025/kuntien_avainluvut_2025_
# aikasarja.px`) carries the same M-coded series as the stable table the catalog reads
# (`uusin/142h.px`), so it links to the same indicators.
KA_EDITION = re.compile(r"^kuntien_avainluvut_\d{4}(_aikasarja)?$")


def table_stem(table: str) -> str:
    """uusin/142h.px → 142h; 2025/kuntien_avainluvut_2025_aikasarja.px → the file name."""
    name = table.rsplit("/", 1)[-1]
    return name[:-3] if name.endswith(".px") else name


def same_code(a: str, b: str) -> bool:
    """Equal, or equal after a `prefix-` on either side (vaesto ~ vaerak-vaesto)."""
    return a == b or a.endswith("-" + b) or b.endswith("-" + a)


def matches(ind: CatalogIndicator, source: str, dataset: str, measure: str) -> bool:
    src = ind.source
    if src.kind == "pxweb" and source == "pxweb":
        stem = table_stem(src.table)
        same_table = dataset == stem or stem.endswith("_" + dataset) or dataset.endswith("_" + stem)
        edition = src.database.lower() == "kuntien_avainluvut" and bool(KA_EDITION.match(dataset))
        return (same_table or edition) and same_code(measure, src.measure)
    if src.kind == "sotkanet" and source == "sotkanet":
        return dataset == str(src.indicator)
    if src.kind == "kuntatalous" and source == "kuntatalous":
        from loaders.kuntatalous import measure_name

        return dataset == src.package and measure == measure_name(src)
    if src.kind == "manual" and source == "manual":
        return measure == ind.id
    return False


def link_groups(
    frame: pd.DataFrame, catalog: Catalog, indicator: str | None = None
) -> Iterator[tuple[str | None, pd.DataFrame]]:
    """(indicator id or None, rows) per (source, dataset, measure) group of an imported frame.

    With `indicator`, the groups matching it are linked to it; when none matches and the file
    holds a single series, that series is linked (the person importing knows the file).
    """
    groups = list(frame.groupby(["source", "dataset", "measure"], sort=True, dropna=False))
    chosen = catalog.by_id().get(indicator) if indicator else None
    if chosen is not None and len(groups) > 1 and not any(matches(chosen, *k) for k, _ in groups):
        raise ImportRejected(
            f"the file holds {len(groups)} series and none matches {indicator}; "
            "import without --indicator or give a file with one series"
        )
    for key, rows in groups:
        if chosen is not None:
            yield (indicator if len(groups) == 1 or matches(chosen, *key) else None), rows
            continue
        found = [ind.id for ind in catalog.indicators if matches(ind, *key)]
        yield (found[0] if len(found) == 1 else None), rows
