"""Manual values (surveys, internal records) entered by an editor from the dashboard.

The file goes through the same parser and store path as `python -m loaders import --format
manual-csv`; the edits database records who imported what (audit entity `manual_values`).
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

from loaders.base import ImportRejected
from loaders.importing import parse_file, store_result
from mittaristo.config.load import Config
from mittaristo.edits.audit import record
from mittaristo.edits.db import write_connection
from mittaristo.edits.rights import Editor, require_editor

MAX_UPLOAD_BYTES = 20_000_000


def import_manual_values(
    file: Path,
    config: Config,
    db_path: Path,
    *,
    editor: Editor | None,
    original_name: str | None = None,
    edits_path: Path | str,
    details: dict | None = None,
) -> str:
    """Validate and store a manual-values CSV/XLSX; refuses without an editor (nothing written).

    Raises loaders.base.ImportRejected with every problem (file:line) when the file is refused.
    """
    who = require_editor(editor)
    if file.stat().st_size > MAX_UPLOAD_BYTES:
        raise ImportRejected(
            f"{original_name or file.name}: over {MAX_UPLOAD_BYTES // 1_000_000} MB"
        )
    result = parse_file(file, "manual-csv", config, db_path)
    label = f"{original_name or file.name} ({who.name})"
    summary = store_result(result, file, config, db_path, source_label=label)
    rows = len(result.frame) if result.frame is not None else 0
    with write_connection(edits_path) as con:
        record(
            con,
            who,
            "manual_values",
            original_name or file.name,
            None,
            {"rows": rows, "summary": summary, **(details or {})},
        )
    return summary


def record_manual_value(
    config: Config,
    db_path: Path,
    *,
    editor: Editor | None,
    edits_path: Path | str,
    town: str,
    indicator_id: str,
    period: str,
    value: str | float,
    source_note: str = "",
) -> str:
    """One manual value typed on the indicator page (its Toteuma for a period), stored through
    the very path of an uploaded file: a one-row manual-values file, the same checks, the same
    load run and the same audit (entity `manual_values`, key `town:indicator:period`, with the
    value). Refuses without an editor; ImportRejected names what is wrong."""
    require_editor(editor)
    key = f"{town}:{indicator_id}:{period}"
    with tempfile.TemporaryDirectory(prefix="mittaristo-value-") as folder:
        path = Path(folder) / "arvo.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(["town", "indicator", "period", "value", "source_note"])
            writer.writerow([town, indicator_id, period, value, source_note.strip()])
        return import_manual_values(
            path, config, db_path, editor=editor, original_name=key, edits_path=edits_path,
            details={"town": town, "indicator": indicator_id, "period": period,
                     "value": str(value), "source_note": source_note.strip() or None},
        )  # fmt: skip
