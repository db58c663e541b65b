"""Small python-pptx building blocks: styled text runs, text boxes, tables, slide chrome.

python-pptx works in EMU and raw XML for some things (alt text, cell margins); those details
stay here so the deck module reads as a list of slides.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from reports.text import export_text

FONT = "Arial"
INK = "1A1A1A"
NAVY = "1F2A44"
GREY = "5E5E5E"
ACCENT = "0072B2"
BAND = "F3F5F8"
GROUP = "E4E8EE"
DEMO_BORDER = "A35F00"
DEMO_FILL = "FFF4E0"
SLIDE_W, SLIDE_H = 13.333, 7.5
MARGIN = 0.5


@dataclass(frozen=True)
class Run:
    """A piece of text with its own look; `colour` is hex without '#'."""

    text: str
    size: float = 14
    bold: bool = False
    colour: str = INK
    italic: bool = False


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def style_run(run, spec: Run) -> None:
    run.text = export_text(spec.text)
    font = run.font
    font.name, font.size, font.bold, font.italic = FONT, Pt(spec.size), spec.bold, spec.italic
    font.color.rgb = rgb(spec.colour)


def fill_frame(frame, paragraphs: Sequence[Sequence[Run]], align=PP_ALIGN.LEFT, space=4) -> None:
    """Replace a text frame's content with paragraphs of runs (word-wrapped)."""
    frame.word_wrap = True
    frame.clear()
    for i, runs in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        para.space_after = Pt(space)
        for spec in runs:
            style_run(para.add_run(), spec)


def text_box(slide, x, y, w, h, paragraphs, *, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    box = slide.shapes.add_textbox(Inches(x), Inches(y), Inches(w), Inches(h))
    frame = box.text_frame
    frame.vertical_anchor = anchor
    frame.margin_left = frame.margin_right = Inches(0.05)
    fill_frame(frame, paragraphs, align)
    return box


def rectangle(slide, x, y, w, h, fill: str, line: str | None = None, width: float = 0, shape=None):
    shp = slide.shapes.add_shape(
        shape or MSO_SHAPE.RECTANGLE, Inches(x), Inches(y), Inches(w), Inches(h)
    )
    shp.fill.solid()
    shp.fill.fore_color.rgb = rgb(fill)
    if line:
        shp.line.color.rgb = rgb(line)
        shp.line.width = Pt(width)
    else:
        shp.line.fill.background()
    shp.shadow.inherit = False
    return shp


def set_title(slide, text: str, *, size: float = 28, kicker: str | None = None) -> None:
    """The slide's real title placeholder (screen readers and outlines use it), restyled."""
    title = slide.shapes.title
    title.left, title.top = Inches(MARGIN), Inches(0.45 if kicker else 0.3)
    title.width, title.height = Inches(SLIDE_W - 2 * MARGIN), Inches(0.85)
    frame = title.text_frame
    frame.vertical_anchor = MSO_ANCHOR.BOTTOM
    frame.margin_left = Inches(0.05)
    fill_frame(frame, [[Run(text, size, True, NAVY)]], space=0)
    if kicker:
        text_box(slide, MARGIN, 0.2, SLIDE_W - 2 * MARGIN, 0.35, [[Run(kicker, 12, True, GREY)]])
    rectangle(slide, MARGIN, 1.35, SLIDE_W - 2 * MARGIN, 0.04, ACCENT)


def footer(slide, left: str, number: int, demo: str | None) -> None:
    """Town and date left, slide number right, and a demo mark on every slide when not live."""
    y = SLIDE_H - 0.45
    text_box(slide, MARGIN, y, 6.5, 0.3, [[Run(left, 10, colour=GREY)]])
    text_box(
        slide,
        SLIDE_W - MARGIN - 1,
        y,
        1,
        0.3,
        [[Run(str(number), 10, colour=GREY)]],
        align=PP_ALIGN.RIGHT,
    )
    if demo:
        text_box(
            slide, 7.2, y, 4.6, 0.3, [[Run(demo, 10, True, DEMO_BORDER)]], align=PP_ALIGN.RIGHT
        )


def set_alt_text(shape, text: str) -> None:
    """The picture's description for screen readers (an XML attribute: the export rule too)."""
    shape._element.xpath("./*[1]/p:cNvPr")[0].set("descr", str(export_text(text)))


def style_cell(cell, paragraphs, fill: str, *, margin: float = 0.06, anchor=MSO_ANCHOR.MIDDLE):
    cell.fill.solid()
    cell.fill.fore_color.rgb = rgb(fill)
    cell.margin_left = cell.margin_right = Inches(0.08)
    cell.margin_top = cell.margin_bottom = Inches(margin)
    cell.vertical_anchor = anchor
    fill_frame(cell.text_frame, paragraphs, space=0)


def add_table(slide, x, y, widths: Sequence[float], n_rows: int, row_h: float = 0.4):
    shape = slide.shapes.add_table(
        n_rows, len(widths), Inches(x), Inches(y), Inches(sum(widths)), Inches(row_h * n_rows)
    )
    table = shape.table
    table.first_row = True
    table.horz_banding = False
    for col, width in zip(table.columns, widths, strict=True):
        col.width = Inches(width)
    for row in table.rows:
        row.height = Inches(row_h)
    return table


def header_row(table, labels: Sequence[str], size: float = 12) -> None:
    for cell, label in zip(table.rows[0].cells, labels, strict=True):
        style_cell(cell, [[Run(label, size, True, "FFFFFF")]], NAVY)


def lines_needed(text: str, width_in: float, size: float) -> int:
    """Rough wrapped line count (average glyph ≈ 0.5 em), for paginating tables."""
    per_line = max(8, int((width_in - 0.16) * 72 / (size * 0.5)))
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def paragraphs_height(
    paragraphs: Sequence[Sequence[Run]], width_in: float, space: float = 4
) -> float:
    """Rough height of word-wrapped paragraphs in a text box (frame margins included), each
    paragraph at its largest run's size; the same glyph estimate as `lines_needed`."""
    height = 0.1
    for runs in paragraphs:
        size = max((r.size for r in runs), default=12)
        text = "".join(r.text for r in runs)
        height += lines_needed(text, width_in - 0.1, size) * size * 1.2 / 72 + space / 72
    return height


def fit_paragraphs(
    paragraphs: Sequence[Sequence[Run]], width_in: float, height_in: float, min_size: float = 8
) -> list[list[Run]]:
    """Shrink every run in steps (never below `min_size`) until the paragraphs fit the box:
    a plain text box never shrinks on its own in PowerPoint, so a long editor's note or report
    would otherwise run off the slide under the footer."""
    scale = 1.0
    while True:
        fitted = [
            [replace(r, size=max(min_size, round(r.size * scale, 1))) for r in runs]
            for runs in paragraphs
        ]
        at_floor = all(r.size <= min_size for runs in fitted for r in runs)
        if at_floor or paragraphs_height(fitted, width_in) <= height_in:
            return fitted
        scale *= 0.92


def row_height(cells: Sequence[str], widths: Sequence[float], size: float) -> float:
    lines = max(lines_needed(c, w, size) for c, w in zip(cells, widths, strict=True))
    return lines * size * 1.2 / 72 + 0.14


def emu_in(value: Emu) -> float:
    return value / 914400
