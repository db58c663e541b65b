"""One entry point for every export, shared by the CLI and the pages' download buttons.

`build_report` checks everything first (ReportError before any file exists), renders the charts
the format needs on one kaleido server, writes into a temporary file beside the target and
renames it into place, so a failure or a kill never leaves half a file under the real name.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from mittaristo.config.load import Config
from mittaristo.i18n import t
from reports import common
from reports.context import EXIT_USAGE, ReportContext, ReportError, gather

FORMATS = ("pptx", "pdf", "xlsx", "png")
Progress = Callable[[int, int, str], None]


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary path beside `out`; renamed over `out` only when the block succeeds."""
    if not out.parent.is_dir():
        raise ReportError("report_bad_output", EXIT_USAGE, reason=f"{out.parent} is not a folder")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as exc:
        raise ReportError("report_bad_output", EXIT_USAGE, reason=str(exc)) from exc
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is an ordinary file
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


# Pixel size and font of the charts: text prints at about 9 pt in the PDF and 11 pt on a
# slide; one size for both lets the deck reuse the PDF's images (see images.render_png).
CHART_SIZE = (960, 500, 17)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _chart_rows(ctx: ReportContext, fmt: str) -> list:
    """Only what the format shows: the deck's attention slides, every mittari in the PDF."""
    if fmt == "pptx":
        return ctx.attention_rows()
    if fmt == "pdf":
        return ctx.rows
    return []


def _write(ctx: ReportContext, fmt: str, charts: dict[str, bytes], path: Path) -> None:
    if fmt == "pptx":
        from reports.pptx_deck import write_deck

        write_deck(ctx, charts, path)
    elif fmt == "pdf":
        from reports.pdf_report import write_pdf

        write_pdf(ctx, charts, path)
    else:
        from reports.xlsx_book import write_book

        write_book(ctx, path)


def _render(ctx: ReportContext, rows: list, step: Callable[[int, str], None]) -> dict[str, bytes]:
    """PNG per mittari on one kaleido server; `step(done, text)` after each."""
    if not rows:
        return {}
    from reports import images  # kaleido and plotly only when a chart is drawn

    width, height, font = CHART_SIZE
    return images.render_charts(
        ctx, rows, width=width, height=height, font_size=font,
        progress=lambda done, _n, name: step(done, t("report_step_chart", ctx.lang, name=name)),
    )  # fmt: skip


def build_report(
    town: str,
    fmt: str,
    lang: str,
    out: Path | str,
    *,
    config: Config,
    db_path: Path | str,
    edits_path: Path | str,
    since_snapshot: int | str | None = None,
    progress: Progress | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write the town's pptx / pdf / xlsx report to `out` and return its path.

    `progress(done, total, text)` is called after each step (data, every chart, the file).
    """
    if fmt not in ("pptx", "pdf", "xlsx"):
        raise ValueError(f"format must be pptx, pdf or xlsx, got {fmt!r}")
    out = Path(out)
    report = progress or (lambda done, total, text: None)
    ctx = gather(
        town, lang, config=config, db_path=db_path, edits_path=edits_path,
        since_snapshot=since_snapshot, today=today,
    )  # fmt: skip
    wanted = [r for r in _chart_rows(ctx, fmt) if common.has_values(r)]
    total = len(wanted) + 2
    report(1, total, t("report_step_data", lang))
    charts = _render(ctx, wanted, lambda done, name: report(1 + done, total, name))
    with atomic_output(out) as tmp:
        _write(ctx, fmt, charts, tmp)
    report(total, total, t("report_step_write", lang))
    return out


def chart_png(
    town: str,
    use_id: str,
    lang: str,
    *,
    config: Config,
    db_path: Path | str,
    edits_path: Path | str,
    width: int = 1100,
    height: int = 560,
) -> bytes:
    """One mittari's chart as PNG (with its title, for use outside a slide or page)."""
    from reports import images

    ctx = gather(town, lang, config=config, db_path=db_path, edits_path=edits_path)
    row = ctx.row_by_use(use_id)
    if row is None:
        raise ReportError("report_unknown_mittari", EXIT_USAGE, town=town, mittari=use_id)
    with images.chart_server():
        return images.render_png(images.report_figure(ctx, row, with_title=True), width, height)


MIME_TYPES = {
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
}


def report_bytes(town: str, fmt: str, lang: str, **kwargs) -> tuple[str, bytes, str]:
    """(file name, content, MIME type) for a download button: built in a temporary folder.

    Takes the keyword arguments of `build_report` (db_path, edits_path, since_snapshot,
    progress, config, today).
    """
    today = kwargs.get("today") or dt.date.today()
    name = f"{town}-{today.isoformat()}-{lang}.{fmt}"
    with tempfile.TemporaryDirectory(prefix="mittaristo-report-") as folder:
        path = build_report(town, fmt, lang, Path(folder) / name, **kwargs)
        return name, path.read_bytes(), MIME_TYPES[fmt]
