"""Where the server's memory goes: resident set added by each import group, in a fresh
interpreter, in the order the app meets them; and which native libraries the server mapped.

`python -m bench.breakdown` prints the table; figure 5 (memory) puts it in its details.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bench import PYTHON, ROOT, child_env

# (label, statements) in the order a server meets them; plotly's graph_objects is lazy, so a
# figure is built to load it for real.
GROUPS: list[tuple[str, str]] = [
    ("streamlit", "import streamlit"),
    ("numpy", "import numpy"),
    ("pyarrow", "import pyarrow, pyarrow.compute"),
    ("pandas", "import pandas"),
    ("duckdb (module)", "import duckdb"),
    ("duckdb (first connection)", "duckdb.connect(':memory:').execute('SELECT 1').fetchall()"),
    ("pydantic + config model", "import mittaristo.config.project"),
    ("app modules (store, scorecard, ui)",
     "import mittaristo.store, mittaristo.scorecard, ui.queries, ui.frame, ui.components"),
    ("requests", "import requests"),
    ("plotly (a figure)", "import plotly.graph_objects as go; go.Figure()"),
    ("kaleido", "import kaleido"),
    ("fpdf2 (PDF)", "import fpdf"),
    ("python-pptx", "import pptx"),
    ("openpyxl", "import openpyxl"),
]  # fmt: skip

_CHILD = r"""
import json, sys
def rss():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
out, prev = [], rss()
out.append(['interpreter', round(prev, 1)])
for label, code in json.loads(sys.argv[1]):
    try:
        exec(code, globals())
    except Exception as exc:
        out.append([label, None, type(exc).__name__])
        continue
    now = rss()
    out.append([label, round(now - prev, 1)])
    prev = now
print(json.dumps(out))
"""


def import_breakdown() -> list[tuple[str, float | None]]:
    """[(group, MB added)], measured in a fresh interpreter."""
    proc = subprocess.run(
        [PYTHON, "-c", _CHILD, json.dumps(GROUPS)],
        cwd=ROOT, env=child_env(), capture_output=True, text=True, timeout=300, check=True,
    )  # fmt: skip
    return [(row[0], row[1]) for row in json.loads(proc.stdout.strip().splitlines()[-1])]


def mapped_libraries(pid: int) -> list[str]:
    """The site-packages distributions whose native code the process has mapped (/proc maps)."""
    found = set()
    try:
        text = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return []
    for match in re.finditer(r"site-packages/([A-Za-z0-9_]+)", text):
        name = match.group(1)
        found.add(name[1:] if name.startswith("_") else name)  # _duckdb.cpython-… → duckdb
    return sorted(n for n in found if not n.endswith("libs"))


def rss_parts(pid: int) -> dict[str, float]:
    """VmRSS, VmHWM, RssAnon, RssFile of a process, in MB."""
    parts: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key = line.split(":", 1)[0]
            if key in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
                parts[key] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return parts


def format_breakdown(rows: list[tuple[str, float | None]]) -> str:
    total = 0.0
    lines = []
    for label, mb in rows:
        total += mb or 0.0
        shown = "failed" if mb is None else f"{mb:+7.1f} MB"
        lines.append(f"  {label:38s} {shown}   (total {total:6.1f} MB)")
    return "\n".join(lines)


if __name__ == "__main__":
    print(format_breakdown(import_breakdown()))
    sys.exit(0)
