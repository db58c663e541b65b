"""Manual values (surveys, internal records) entered by an editor from the dashboard.

The file goes through the same parser and store path as `python -m loaders import --format
manual-csv`; the edits database records who imported what (audit entity `manual_values`).
"""

from __future__ import annotations

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
            {"rows": rows, "summary": summary},
        )
    return summary
