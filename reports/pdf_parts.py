"""The PDF page frame (fonts, running header and footer) and the small drawing pieces.

fpdf2's core fonts are latin-1 only; the statuses' symbols, the minus sign U+2212 and the
no-break spaces of Finnish numbers need a Unicode TTF, so DejaVu is embedded (subset).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF, FontFace
from fpdf.enums import TableCellFillMode

from reports.text import export_text

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {
    ("DejaVu", ""): "DejaVuSans.ttf",
    ("DejaVu", "B"): "DejaVuSans-Bold.ttf",
    ("DejaVu", "I"): "DejaVuSans-Oblique.ttf",
    ("DejaVuCond", ""): "DejaVuSansCondensed.ttf",
    ("DejaVuCond", "B"): "DejaVuSansCondensed-Bold.ttf",
    ("DejaVuCond", "I"): "DejaVuSansCondensed-Oblique.ttf",
}
INK = (26, 26, 26)
NAVY = (31, 42, 68)
GREY = (94, 94, 94)
ACCENT = (0, 114, 178)
BAND = (243, 245, 248)
GROUP = (228, 232, 238)
DEMO_BORDER = (163, 95, 0)
DEMO_FILL = (255, 244, 224)


def hex_rgb(colour: str) -> tuple[int, int, int]:
    c = colour.lstrip("#")
    return int(c[0:2], 16), int(c[2:4], 16), int(c[4:6], 16)


class ReportPDF(FPDF):
    """A4 portrait with a running header (town, demo mark) and a footer (date, page x/y)."""

    def __init__(self, header_text: str, footer_text: str, page_text: str, demo: str | None):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.header_text, self.footer_text, self.page_text = header_text, footer_text, page_text
        self.demo = demo
        self.set_margins(18, 20, 18)
        self.set_auto_page_break(True, margin=18)
        for (family, style), name in FONTS.items():
            self.add_font(family, style, str(FONT_DIR / name))
        self.set_font("DejaVu", size=10)

    def normalize_text(self, text: str) -> str:
        """Every text the PDF draws passes here: control characters handled (reports.common)."""
        return super().normalize_text(str(export_text(text)))

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_xy(self.l_margin, 8)
        self.set_font("DejaVu", size=8)
        self.set_text_color(*GREY)
        self.cell(self.epw / 2, 5, self.header_text)
        if self.demo:
            self.set_font("DejaVu", "B", 8)
            self.set_text_color(*DEMO_BORDER)
            self.cell(self.epw / 2, 5, self.demo, align="R")
        self.set_draw_color(*ACCENT)
        self.set_line_width(0.4)
        self.line(self.l_margin, 14, self.w - self.r_margin, 14)
        self.set_y(self.t_margin)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("DejaVu", size=8)
        self.set_text_color(*GREY)
        self.cell(self.epw / 2, 5, self.footer_text)
        page = self.page_text.format(page=self.page_no(), pages="{nb}")
        self.cell(self.epw / 2, 5, page, align="R")

    # ------------------------------------------------------------------ text

    def text_block(
        self, text: str, size: float = 10, style: str = "", colour=INK, gap: float = 1.5
    ) -> None:
        self.set_font("DejaVu", style, size)
        self.set_text_color(*colour)
        self.multi_cell(0, size * 0.5, text, align="L", new_x="LMARGIN", new_y="NEXT")
        self.ln(gap)

    def heading(self, text: str, level: int, keep: float = 30) -> None:
        """A heading that is also a PDF bookmark (the reader's outline shows the structure);
        it starts a new page unless `keep` mm of what follows fit under it."""
        size = (18, 13)[level]
        if self.will_page_break(size * 1.6 + keep):
            self.add_page()
        self.start_section(text, level=level, strict=False)
        self.text_block(text, size, "B", NAVY, gap=2 if level else 1)
        if level == 0:
            self.set_draw_color(*ACCENT)
            self.set_line_width(0.6)
            self.line(self.l_margin, self.get_y(), self.l_margin + 40, self.get_y())
            self.ln(4)

    def label_value(self, label: str, value: str, size: float = 10) -> None:
        self.set_text_color(*INK)
        self.set_font("DejaVu", "B", size)
        self.write(size * 0.5, f"{label}: ")
        self.set_font("DejaVu", "", size)
        self.write(size * 0.5, value)
        self.ln(size * 0.5 + 1.5)

    def badge(self, symbol: str, text: str, colour: str, extra: str = "") -> None:
        """Status as symbol + text inside a border of the status colour."""
        rgb = hex_rgb(colour)
        self.set_font("DejaVu", "B", 11)
        width = self.get_string_width(f"{symbol}  {text}") + 8
        x, y = self.l_margin, self.get_y()
        self.set_draw_color(*rgb)
        self.set_line_width(0.7)
        self.rect(x, y, width, 8, style="D", round_corners=True, corner_radius=2)
        self.set_xy(x + 3, y + 1)
        self.set_text_color(*rgb)
        self.cell(self.get_string_width(symbol + " "), 6, symbol + " ")
        self.set_text_color(*INK)
        self.cell(self.get_string_width(text) + 2, 6, text)
        if extra:
            self.set_xy(x + width + 3, y + 1)
            self.set_font("DejaVu", "I", 9)
            self.set_text_color(*GREY)
            self.cell(0, 6, extra)
        self.set_xy(self.l_margin, y + 11)

    def boxed(self, text: str, fill=DEMO_FILL, border=DEMO_BORDER, size: float = 11) -> None:
        self.set_fill_color(*fill)
        self.set_draw_color(*border)
        self.set_line_width(0.8)
        self.set_font("DejaVu", "B", size)
        self.set_text_color(*INK)
        self.multi_cell(
            0, size * 0.55, text, border=1, fill=True, padding=3, align="L",
            new_x="LMARGIN", new_y="NEXT",
        )  # fmt: skip
        self.ln(3)

    # ------------------------------------------------------------------ tables

    def grid(self, headers: Sequence[str], widths: Sequence[float], size: float = 8.5):
        """A table with a navy heading row repeated on every page, zebra rows, no verticals."""
        self.set_font("DejaVuCond", size=size)
        self.set_text_color(*INK)
        self.set_draw_color(200, 205, 212)
        self.set_fill_color(255, 255, 255)  # odd rows: fpdf2 uses the current fill colour
        self.set_line_width(0.2)
        heading = FontFace(
            family="DejaVuCond", emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY
        )
        table = self.table(
            col_widths=tuple(widths), headings_style=heading, line_height=size * 0.5,
            text_align="LEFT", borders_layout="HORIZONTAL_LINES", cell_fill_color=BAND,
            cell_fill_mode=TableCellFillMode.EVEN_ROWS, padding=(1.6, 1.5), v_align="MIDDLE",
        )  # fmt: skip
        return table, headers


def start_table(pdf: ReportPDF, headers: Sequence[str], widths: Sequence[float], size: float = 8.5):
    """Context manager of a grid whose heading row is already filled."""
    ctx, labels = pdf.grid(headers, widths, size)
    table = ctx.__enter__()
    row = table.row()
    for label in labels:
        row.cell(label)
    return ctx, table
