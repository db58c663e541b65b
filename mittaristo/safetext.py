"""The one rule for text in exports (XLSX, PDF, PPTX, CSV): no control characters.

Kept in the core (not in reports/) because the dashboard's own CSV and XLSX downloads
(mittaristo.tables) and the strategy workbook need the same rule as the meeting packs.
"""

from __future__ import annotations

import re

# Control characters that no export format takes (XLSX and PPTX refuse them, PDF draws boxes,
# a CSV reader stops at a NUL): a vertical tab or form feed (Word's soft line break, a page
# break) and the other line and paragraph separators become a line break, the rest of C0 and C1
# (NUL, bell, escape, DEL, U+0080–U+009F …) and the two XML non-characters U+FFFE/U+FFFF are
# dropped. Only the exported copy changes: the databases keep the text as written.
_LINE_BREAKS = {0x0B: "\n", 0x0C: "\n", 0x1C: "\n", 0x1D: "\n", 0x1E: "\n", 0x85: "\n",
                0x2028: "\n", 0x2029: "\n"}  # fmt: skip
_DROPPED = (*range(0x00, 0x09), *range(0x0E, 0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF)
_EXPORT_TEXT: dict[int, str | None] = {c: None for c in _DROPPED} | _LINE_BREAKS
_EXPORT_TEXT[0x0D] = None  # \r\n → \n
# A lone surrogate (a broken "\ud800" escape in a JSON or YAML file) cannot be written as
# UTF-8 at all: it becomes U+FFFD, the visible replacement character.
_SURROGATE = re.compile("[\ud800-\udfff]")


def export_text(value: object) -> object:
    """A value as every export can write it: text without control characters (see above);
    anything else unchanged."""
    if not isinstance(value, str):
        return value
    return _SURROGATE.sub("\ufffd", value.translate(_EXPORT_TEXT))
