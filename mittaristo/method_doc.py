"""The status method as the dashboard shows it: docs/STATUS_METHOD.md, one language's part.

The document is the one place the method is written for people (Finnish and English); the
dashboard's method page shows the reader's part of it (Swedish readers get the English one)
with its headings one level up under the page's own title.
"""

from __future__ import annotations

from pathlib import Path

from mittaristo.settings import PROJECT_DIR

DOC = PROJECT_DIR / "docs" / "STATUS_METHOD.md"
# The document's two parts, by their headings (the Finnish part first).
FINNISH, ENGLISH = "## Suomeksi", "## In English"


def method_text(lang: str, path: Path = DOC) -> str | None:
    """The part of the method document for `lang` (sv → en); None when the file is absent
    (an installed copy without the docs folder)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    start = FINNISH if lang == "fi" else ENGLISH
    if start not in text:
        return None
    body = text.split(start, 1)[1]
    for other in (FINNISH, ENGLISH):
        body = body.split("\n" + other, 1)[0]
    body = body.split("\n---\n", 1)[0].strip()
    return "\n".join(line[1:] if line.startswith("###") else line for line in body.splitlines())
