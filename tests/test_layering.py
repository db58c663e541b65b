"""Loaders and the core run from cron: they must import with streamlit unavailable."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE_MODULES = [
    "loaders", "loaders.cli", "loaders.base", "loaders.http", "loaders.jsonstat", "loaders.pxweb",
    "loaders.sotkanet", "loaders.syke", "loaders.manual", "loaders.imports", "loaders.refresh",
    "loaders.emulator", "mittaristo.config.load", "mittaristo.store", "mittaristo.status",
    "mittaristo.scorecard", "mittaristo.charts", "mittaristo.presentation", "mittaristo.i18n",
]  # fmt: skip


def test_core_and_loaders_import_with_streamlit_blocked():
    code = (
        "import sys, importlib; sys.modules['streamlit'] = None\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "assert 'streamlit' not in [m for m in sys.modules if sys.modules[m] is not None]\n"
        "print('ok')"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
