"""Meeting exports of a town's strategy: PPTX deck, PDF review report, XLSX workbook, PNG charts.

`build_report(town, fmt, lang, out, ...)` (reports.build) is shared by `python -m reports build`
and the pages' download buttons; nothing here imports streamlit.
"""

from reports.build import FORMATS, MIME_TYPES, atomic_output, build_report, chart_png, report_bytes
from reports.context import ReportError

__all__ = [
    "FORMATS",
    "MIME_TYPES",
    "ReportError",
    "atomic_output",
    "build_report",
    "chart_png",
    "report_bytes",
]
