"""PNG charts through kaleido, with one headless-browser server for many images.

Starting kaleido's browser costs seconds; with one sync server open, each image takes about a
second. The server is a process-wide singleton whose task queue is not safe for two threads at
once (the dashboard serves sessions in threads), so renders are serialised by a lock and the
server is reference-counted: the first `chart_server()` starts it, the last one out stops it.
MathJax stays off: it would be fetched from a CDN, and there is no internet.
"""

from __future__ import annotations

import hashlib
import json
import threading
import warnings
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import kaleido
import plotly.graph_objects as go
import plotly.io as pio

from mittaristo.charts import date_range, indicator_figure
from mittaristo.reference import area_name
from mittaristo.scorecard import ScoreRow
from reports import common
from reports.context import ReportContext
from reports.text import export_text

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
Progress = Callable[[int, int, str], None]

CACHE_SIZE = 64
_lock = threading.RLock()
_users = 0
_cache: OrderedDict[str, bytes] = OrderedDict()


@contextmanager
def chart_server() -> Iterator[None]:
    """Keep one kaleido server open for the block (nested blocks share it)."""
    global _users
    with _lock:
        if _users == 0:
            kaleido.start_sync_server(mathjax=False, silence_warnings=True)
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                kaleido.stop_sync_server(silence_warnings=True)


def _clean(value: object) -> object:
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return export_text(value)


def exportable_figure(fig: go.Figure) -> go.Figure:
    """The figure with every text by the export rule: plotly.js fails the whole image (kaleido
    error 525) on a NUL, a soft line break or U+FFFE in a mittari's or a town's name."""
    spec = json.loads(fig.to_json())
    cleaned = _clean(spec)
    return fig if cleaned == spec else pio.from_json(json.dumps(cleaned))


def render_png(fig: go.Figure, width: int = 1100, height: int = 560, scale: float = 2) -> bytes:
    """The figure as PNG bytes (uses the open server; without one kaleido starts its own).

    Identical figures are rendered once: the deck and the PDF share charts, and a page may
    offer the same download again.
    """
    fig = exportable_figure(fig)
    key = hashlib.sha1(f"{width}x{height}@{scale}:{fig.to_json()}".encode()).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="The kopts argument is ignored")
            png = fig.to_image(format="png", width=width, height=height, scale=scale)
        _cache[key] = png
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
        return png


def report_figure(
    ctx: ReportContext, row: ScoreRow, *, with_title: bool = False, font_size: int = 15
) -> go.Figure:
    """The dashboard's chart of a mittari, with print-sized text.

    Peers are drawn when the target is relative to them (the line the status is judged on);
    the slide or page heading carries the mittari's name, so the title is off by default. The
    x axis starts five years before the strategy period, which is what a review discusses.
    """
    row, frame = common.recent(row, ctx.frame, common.first_year(ctx))
    fig = indicator_figure(
        row, frame, town_name=area_name(ctx.strategy.municipality, ctx.lang),
        peers=ctx.strategy.peers, start_year=ctx.strategy.period.start, lang=ctx.lang,
        show_peers=row.use.target.kind == "vs_peers", show_country=False,
        source=common.chart_source(ctx, row),
    )  # fmt: skip
    fig.update_layout(
        font={"size": font_size, "color": "#1a1a1a"}, legend={"orientation": "h", "y": -0.12},
        margin={"l": 20, "r": 20, "t": 60 if with_title else 20, "b": fig.layout.margin.b or 20},
    )  # fmt: skip
    if not with_title:
        fig.update_layout(title=None)
    xs = [str(x) for trace in fig.data for x in (trace.x or ()) if x is not None]
    if xs:  # the years the review discusses, with a little air (a date axis, as on the page)
        fig.update_xaxes(range=date_range(xs, 146, 73))
    return fig


def render_charts(
    ctx: ReportContext,
    rows: Sequence[ScoreRow],
    *,
    width: int = 1100,
    height: int = 560,
    font_size: int = 15,
    progress: Progress | None = None,
) -> dict[str, bytes]:
    """use_id -> PNG of every row that has values, rendered on one server."""
    wanted = [r for r in rows if common.has_values(r)]
    out: dict[str, bytes] = {}
    with chart_server():
        for i, row in enumerate(wanted, start=1):
            fig = report_figure(ctx, row, font_size=font_size)
            out[row.use.id] = render_png(fig, width, height)
            if progress:
                progress(i, len(wanted), row.use.text)
    return out
