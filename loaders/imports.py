"""`import FILE --format …`: downloaded files through the same parsers as a live refresh.

A municipal network without access to stat.fi or sotkanet.fi can still feed the dashboard with
files someone downloaded by hand. Such files are easily mixed up, so a file in the wrong format
is refused with a plain reason (and, where we can tell, the format it looks like) instead of
being half-read. Writing the rows is the store's job; this module only parses and checks.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from loaders import sotkanet
from loaders.base import ConfigError, ImportRejected, ParseError
from loaders.import_formats import FORMATS, ImportFormat
from loaders.manual import parse_manual_file

MAX_BYTES = 50_000_000
NEED_REGIONS = "import the Sotkanet regions list first (--format sotkanet-regions)"


@dataclass
class ImportResult:
    """Observation rows (or, for sotkanet-regions, the region list) and notes for the user."""

    fmt: str
    frame: pd.DataFrame | None = None  # OBS_COLUMNS
    regions: pd.DataFrame | None = None  # sotkanet.parse_regions columns
    warnings: list[str] = field(default_factory=list)
    source_notes: dict[tuple[str, str, str], str] = field(default_factory=dict)  # manual only
    cells: int | None = None  # cells read from the file (None: one per frame row)
    refused: dict[str, int] = field(default_factory=dict)  # reason → cells not stored

    def cells_read(self) -> int:
        """Every cell of the file: the rows to store plus the cells refused."""
        rows = len(self.frame) if self.frame is not None else 0
        return self.cells if self.cells is not None else rows + sum(self.refused.values())

    def accounting(self) -> str:
        """'read N cells: R rows to store, K refused (reason: n; …)' — the two sides add up."""
        rows = len(self.frame) if self.frame is not None else 0
        refused = sum(self.refused.values())
        why = "; ".join(f"{reason}: {n}" for reason, n in self.refused.items() if n)
        tail = f" ({why})" if why else ""
        return f"read {self.cells_read()} cells: {rows} rows stored, {refused} cells refused{tail}"


def _read_text(path: Path) -> str:
    """The file as text; refuses files over 50 MB before reading them."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ImportRejected(
            f"{path.name}: the file is {size / 1e6:.1f} MB, over the {MAX_BYTES / 1e6:g} MB import limit"
        )
    data = path.read_bytes()
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):  # Excel's "Unicode text", PxWeb's UTF-16 CSV
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportRejected(f"{path.name}: the file says UTF-16 but is not") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _guess(doc: object) -> str:
    """What a parsed JSON document looks like, for the rejection message."""
    if _is_jsonstat1(doc):
        return "a json-stat 1.0 dataset (download json-stat2 instead)"
    if isinstance(doc, dict) and doc.get("class") == "collection":
        return "a json-stat2 collection (import one dataset per file)"
    if isinstance(doc, dict):
        if doc.get("class") == "dataset":
            return "a json-stat2 dataset (--format jsonstat2)"
        if "queryObj" in doc or ("query" in doc and "response" in doc):
            return "a PxWeb saved query, i.e. a request without data"
        if {"columns", "data"} <= doc.keys():
            return "PxWeb's own 'json' answer (columns and data rows): download json-stat2"
    if isinstance(doc, list) and doc and isinstance(doc[0], dict):
        if {"category", "code"} <= doc[0].keys():
            return "a Sotkanet regions list (--format sotkanet-regions)"
        if "region" in doc[0]:
            return "Sotkanet data JSON (--format sotkanet-json)"
    return "an unknown JSON document"


MAX_DEPTH = 32  # json-stat2 needs 5 levels, Sotkanet 2: deeper is not a statistics file


def _no_repeats(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object with a key twice would silently keep the last: refuse it instead."""
    out: dict = {}
    for key, value in pairs:
        if key in out:
            raise _Repeated(key)
        out[key] = value
    return out


class _Repeated(ValueError):
    pass


def _too_deep(doc: object) -> bool:
    """Whether containers nest deeper than MAX_DEPTH (checked without recursion)."""
    level: list[Any] = [doc]
    for _ in range(MAX_DEPTH):
        level = [
            child
            for node in level
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
        if not level:
            return False
    return True


def _deep(path: Path) -> ImportRejected:
    return ImportRejected(
        f"{path.name}: the JSON is nested more than {MAX_DEPTH} levels deep — not a "
        "statistics file (json-stat2 needs 5)"
    )


def _load_json(path: Path, fmt: str) -> object:
    text = _read_text(path)
    try:
        doc = json.loads(text, object_pairs_hook=_no_repeats)
    except RecursionError:
        raise _deep(path) from None
    except _Repeated as exc:
        raise ImportRejected(
            f"{path.name}: the key {exc.args[0]!r} appears twice in one JSON object — which one "
            "is meant cannot be told; download the file again"
        ) from None
    except ValueError as exc:
        raise ImportRejected(
            f"{path.name}: --format {fmt} expects JSON, but {_not_json(text, exc)}"
        ) from None
    if isinstance(doc, dict | list) and _too_deep(doc):
        raise _deep(path)
    return doc


def _not_json(text: str, exc: ValueError) -> str:
    """Why a text is not JSON, in words: empty, a CSV, or JSON broken at a line and column."""
    start = text.lstrip()[:1]
    if not start:
        return "the file is empty"
    if start not in "{[":
        csv_like = any(sep in text[:500] for sep in ";,\t")
        return "the file is CSV" if csv_like else "the file is not JSON"
    if isinstance(exc, json.JSONDecodeError):
        return f"the file is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
    if "digits" in str(exc):  # Python's limit on the digits of one integer
        return "the file holds a number of thousands of digits (not a statistic)"
    return f"the file is not valid JSON ({str(exc)[:120]})"


def _wrong(path: Path, expected: str, doc: object) -> ImportRejected:
    return ImportRejected(f"{path.name}: not {expected} — the file looks like {_guess(doc)}")


def _unwrap_jsonstat(path: Path, doc: object) -> object:
    """A json-stat2 collection holding one dataset (some PxWeb saves) → that dataset; a
    collection of several, or a json-stat 1.0 file, is refused by name."""
    if isinstance(doc, dict) and doc.get("class") == "collection":
        items = (doc.get("link") or {}).get("item") or []
        datasets = [i for i in items if isinstance(i, dict) and i.get("class") == "dataset"]
        if len(datasets) == 1:
            return datasets[0]
        raise ImportRejected(
            f"{path.name}: a json-stat2 collection of {len(datasets)} datasets (links to "
            f"{len(items) - len(datasets)} more) — import one dataset per file"
        )
    if _is_jsonstat1(doc):
        raise ImportRejected(
            f"{path.name}: json-stat 1.0 dataset: download json-stat2 instead (in PxWeb: "
            "'JSON-stat2' as the file format)"
        )
    return doc


def _is_jsonstat1(doc: object) -> bool:
    """json-stat 1.0: {"name": {"dimension": {"id": …, "size": …}, "value": …}} or a 1.x
    dataset whose dimension holds its own id/size."""
    if not isinstance(doc, dict) or doc.get("class") not in (None, "dataset", "bundle"):
        return False
    if doc.get("class") == "dataset":
        dims = doc.get("dimension")
        return "id" not in doc and isinstance(dims, dict) and "id" in dims
    bodies = [v for v in doc.values() if isinstance(v, dict)]
    return bool(bodies) and all(
        isinstance(b.get("dimension"), dict) and "value" in b for b in bodies
    )


def _import_jsonstat2(path: Path, dataset: str | None) -> ImportResult:
    from loaders.jsonstat import parse_jsonstat2

    doc = _unwrap_jsonstat(path, _load_json(path, "jsonstat2"))
    if isinstance(doc, dict) and ("queryObj" in doc or "query" in doc):
        raise ImportRejected(
            f"{path.name}: this is a PxWeb saved query (a request, not data) — run the query in "
            "the PxWeb web page and save the result as 'JSON-stat2', then import that file"
        )
    if not isinstance(doc, dict) or doc.get("class") != "dataset":
        raise _wrong(path, "a json-stat2 dataset", doc)
    try:
        frame = parse_jsonstat2(doc, dataset=dataset, require_finland=True)
    except ParseError as exc:
        raise ImportRejected(f"{path.name}: not a usable json-stat2 dataset ({exc})") from exc
    refused = dict(frame.attrs.get("refused") or {})
    return ImportResult("jsonstat2", frame=frame, refused=refused)


def _read_metadata(paths: list[Path]) -> list[Any]:
    """The table's metadata files (PxWeb GET answers on the table, one per language)."""
    from loaders.pxweb import parse_metadata

    metas = []
    for meta_path in paths:
        meta_path = Path(meta_path)
        if not meta_path.is_file():
            raise ImportRejected(f"{meta_path}: no such metadata file")
        try:
            metas.append(parse_metadata(_load_json(meta_path, "metadata"), meta_path.name))
        except ParseError as exc:
            raise ImportRejected(
                f"{meta_path.name}: not a PxWeb table's metadata (the answer to a GET on the "
                f"table, with 'variables'): {exc}"
            ) from exc
    return metas


def _import_pxweb_csv(
    path: Path, dataset: str | None, metadata: list[Path], content_codes: set[str]
) -> ImportResult:
    from loaders.pxweb import parse_pxweb_csv
    from loaders.pxweb_csv import HEADINGS, NO_CODE_HINT

    text = _read_text(path)
    if text.lstrip()[:1] in ("{", "["):
        raise ImportRejected(
            f"{path.name}: this is JSON, not a PxWeb CSV — try --format jsonstat2 or sotkanet-json"
        )
    if text.lower().startswith("indicator;region;year"):
        raise ImportRejected(f"{path.name}: this is a Sotkanet CSV — use --format sotkanet-csv")
    metas = _read_metadata(metadata)
    try:
        frame = parse_pxweb_csv(
            text, dataset=dataset or path.stem, metadata=metas, content_codes=content_codes
        )
        result = ImportResult("pxweb-csv", frame=frame)
        label_keyed = frame.attrs.get("label_keyed") or []
        if label_keyed:
            columns = ", ".join(
                "the value columns' headings" if c == HEADINGS else repr(c) for c in label_keyed
            )
            result.warnings.append(
                f"{path.name}: stored by the file's labels ({columns}), not codes: {NO_CODE_HINT}"
            )
        return result
    except ParseError as exc:
        raise ImportRejected(f"{path.name}: not a usable PxWeb CSV ({exc})") from exc


MAX_STALE_REGION_SHARE = 0.02  # unknown ids ≤ 2 % of the file's known regions: a stale list


def _check_sotkanet(
    path: Path, parsed: sotkanet.ParsedSotkanet, allow_unknown: bool, result: ImportResult
) -> ImportResult:
    """Unknown region ids: a few (regions abolished by municipal mergers since the list was
    taken, e.g. the 2009 data against the 2016 list) are skipped with a warning; a file whose
    regions do not match the list is refused unless told to skip those rows."""
    ids = ", ".join(map(str, parsed.unknown_regions))
    known = parsed.frame["region"].nunique() if not parsed.frame.empty else 0
    if len(parsed.unknown_regions) <= MAX_STALE_REGION_SHARE * known:
        allow_unknown = True
    if parsed.unknown_regions and not allow_unknown:
        raise ImportRejected(
            f"{path.name}: Sotkanet region ids not in the regions list: {ids} — import a current "
            "regions list (--format sotkanet-regions), or skip those rows (--allow-unknown-regions)"
        )
    if parsed.unknown_regions:
        result.warnings.append(f"rows of unknown Sotkanet region ids skipped: {ids}")
    skipped = parsed.cells - len(parsed.frame) - parsed.empty
    result.refused = {
        reason: n
        for reason, n in (
            ("Sotkanet region outside the municipalities, regions and whole country", skipped),
            ("row without a value", parsed.empty),
        )
        if n
    }
    if parsed.frame.empty:
        why = "; ".join(f"{reason}: {n}" for reason, n in result.refused.items())
        raise ImportRejected(
            f"{path.name}: nothing to store — read {parsed.cells} cells, every one refused "
            f"({why or 'no rows'})"
        )
    result.frame = parsed.frame
    return result


def _import_sotkanet(path: Path, fmt: str, region_map, allow_unknown: bool) -> ImportResult:
    if not region_map:
        raise ImportRejected(f"{path.name}: {NEED_REGIONS}")
    try:
        if fmt == "sotkanet-csv":
            text = _read_text(path)
            if text.lstrip()[:1] in ("{", "["):
                raise ImportRejected(
                    f"{path.name}: this is JSON, not a Sotkanet CSV — try --format sotkanet-json"
                )
            parsed = sotkanet.parse_csv(text, region_map)
        else:
            doc = _load_json(path, fmt)
            if not (
                isinstance(doc, list) and all(isinstance(r, dict) and "region" in r for r in doc)
            ):
                raise _wrong(path, "Sotkanet data JSON", doc)
            parsed = sotkanet.parse_json(doc, region_map)
    except ParseError as exc:
        raise ImportRejected(f"{path.name}: {exc}") from exc
    return _check_sotkanet(path, parsed, allow_unknown, ImportResult(fmt))


def _import_regions(path: Path) -> ImportResult:
    doc = _load_json(path, "sotkanet-regions")
    if not (
        isinstance(doc, list) and doc and all(isinstance(r, dict) and "category" in r for r in doc)
    ):
        raise _wrong(path, "a Sotkanet regions list", doc)
    try:
        return ImportResult("sotkanet-regions", regions=sotkanet.parse_regions(doc))
    except ParseError as exc:
        raise ImportRejected(f"{path.name}: {exc}") from exc


def _import_manual(path: Path, towns, indicator_ids) -> ImportResult:
    if towns is None or indicator_ids is None:
        raise ConfigError("manual import needs the configured towns and indicator ids")
    manual = parse_manual_file(path, towns=dict(towns), indicator_ids=set(indicator_ids))
    return ImportResult(
        "manual-csv", frame=manual.frame, warnings=manual.warnings, source_notes=manual.notes
    )


@dataclass
class KuntatalousContext:
    """What a State Treasury document needs to become catalog rows: the catalog's kuntatalous
    indicators and the stored population series they divide by (catalog id → frame)."""

    indicators: list[Any]  # CatalogIndicator
    populations: dict[str, pd.DataFrame] = field(default_factory=dict)


def _import_kuntatalous(path: Path, ctx: KuntatalousContext | None) -> ImportResult:
    from loaders import kuntatalous

    if ctx is None or not ctx.indicators:
        raise ImportRejected(f"{path}: the catalog has no kind: kuntatalous indicator to fill")
    try:
        frame, warnings, cells = kuntatalous.parse_download(
            _read_text(path), ctx.indicators, ctx.populations, name=str(path)
        )
    except ParseError as exc:
        raise ImportRejected(str(exc)) from exc
    if frame.empty:
        reasons = "; ".join(warnings) or "no document of a package the catalog uses"
        raise ImportRejected(f"{path}: no catalog figure could be computed ({reasons})")
    return ImportResult("kuntatalous-json", frame=frame, warnings=warnings, cells=cells)


def parse_import(
    path: Path,
    fmt: ImportFormat,
    *,
    region_map: Mapping[int, str] | None = None,
    towns: Mapping[str, str] | None = None,
    indicator_ids: set[str] | None = None,
    dataset: str | None = None,
    allow_unknown_regions: bool = False,
    kuntatalous: KuntatalousContext | None = None,
    metadata: list[Path] | None = None,
    content_codes: set[str] | None = None,
) -> ImportResult:
    """Parse one downloaded file; ImportRejected says in plain words why a file is refused.

    `region_map` should come from `sotkanet.region_map(<stored regions frame>)` so that ids of
    ignored categories (SEUTUKUNTA …) are known; `dataset` names the PxWeb table (default: the
    table id inside json-stat2, or the CSV file's stem). A PxWeb CSV's labels are read as
    codes through `metadata` (the table's GET answers, in the file's language) and
    `content_codes` (the catalog's PxWeb content codes).
    """
    path = Path(path)
    if not path.is_file():
        raise ImportRejected(f"{path}: no such file")
    if fmt == "jsonstat2":
        return _import_jsonstat2(path, dataset)
    if fmt == "pxweb-csv":
        return _import_pxweb_csv(path, dataset, list(metadata or []), set(content_codes or ()))
    if fmt in ("sotkanet-json", "sotkanet-csv"):
        return _import_sotkanet(path, fmt, region_map, allow_unknown_regions)
    if fmt == "sotkanet-regions":
        return _import_regions(path)
    if fmt == "manual-csv":
        return _import_manual(path, towns, indicator_ids)
    if fmt == "kuntatalous-json":
        return _import_kuntatalous(path, kuntatalous)
    raise ImportRejected(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
