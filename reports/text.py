"""The one rule for text in exports (XLSX, PDF, PPTX): no control characters."""

from __future__ import annotations

# Control characters that no export format takes (XLSX refuses them, PDF and PPTX draw boxes):
# a vertical tab or form feed (Word's soft line break, a page break) becomes a line break, the
# rest (NUL, bell, escape …) is dropped. Only the exported copy changes: the databases keep the
# text as written.
_LINE_BREAKS = {0x0B: "\n", 0x0C: "\n", 0x1C: "\n", 0x1D: "\n", 0x1E: "\n", 0x85: "\n",
                0x2028: "\n", 0x2029: "\n"}  # fmt: skip
_EXPORT_TEXT = {c: None for c in (*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F)} | _LINE_BREAKS
_EXPORT_TEXT[0x0D] = None  # \r\n → \n


def export_text(value: object) -> object:
    """A value as every export can write it: text without control characters (see above)."""
    return value.translate(_EXPORT_TEXT) if isinstance(value, str) else value
