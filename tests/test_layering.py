"""Dependencies point one way: pages → ui → core (mittaristo, reports) ← loaders.

Two checks that can fail, and a proof that they do:
- a static one over the source of every module (function-level and `importlib` imports too):
  streamlit only in `ui/`, `pages/` and `app.py`, and no lower layer importing a higher one;
- a dynamic one: every module of `loaders/`, `mittaristo/` and `reports/` imports with streamlit
  unavailable (they run from cron).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("mittaristo", "loaders", "reports", "ui", "pages")
STREAMLIT_FREE = ("mittaristo", "loaders", "reports")

# What each layer may import from the project (its own package is always allowed).
ALLOWED: dict[str, frozenset[str]] = {
    "mittaristo": frozenset(),
    "loaders": frozenset({"mittaristo"}),
    "reports": frozenset({"mittaristo"}),
    "ui": frozenset({"mittaristo", "loaders", "reports", "streamlit"}),
    "pages": frozenset({"mittaristo", "ui", "streamlit"}),
    "app": frozenset({"mittaristo", "ui", "streamlit"}),
}
# Inside the core: modules that stay below others (module prefix → prefixes it must not import).
CORE_FORBIDDEN: dict[str, tuple[str, ...]] = {
    "mittaristo.observations": ("mittaristo.",),
    "mittaristo.settings": ("mittaristo.",),
    "mittaristo.status": (
        "mittaristo.store", "mittaristo.edits", "mittaristo.scorecard", "mittaristo.charts",
        "mittaristo.tables", "mittaristo.presentation",
    ),
    "mittaristo.store": (
        "mittaristo.status", "mittaristo.scorecard", "mittaristo.edits", "mittaristo.config",
        "mittaristo.charts",
    ),
    "mittaristo.config": ("mittaristo.store", "mittaristo.status", "mittaristo.edits",
                          "mittaristo.scorecard"),
}  # fmt: skip


@dataclass(frozen=True)
class Import:
    module: str  # the importing module
    target: str  # what it imports
    line: int


def module_name(root: Path, path: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(root: Path, path: Path) -> Iterator[Import]:
    """Every import in a file, at any depth: `import x`, `from x import y`, relative imports
    resolved, and `importlib.import_module("x")` / `__import__("x")` with a literal name."""
    module = module_name(root, path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            yield Import(module, base, node.lineno)
        elif isinstance(node, ast.Call) and _is_dynamic_import(node.func) and node.args:
            first = node.args[0]
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                yield Import(module, first.value, node.lineno)


def _is_dynamic_import(func: ast.expr) -> bool:
    name = getattr(func, "attr", None) or getattr(func, "id", None)
    return name in ("import_module", "__import__")


def layer_of(module: str) -> str:
    return module.split(".")[0]


def violations(root: Path) -> list[str]:
    """Every import that breaks a rule, as `file:line: module imports target (rule)`."""
    found: list[str] = []
    files = [p for pkg in PACKAGES for p in sorted((root / pkg).rglob("*.py"))]
    files += [root / "app.py"] if (root / "app.py").exists() else []
    for path in files:
        for imp in imports_of(root, path):
            rule = _broken_rule(imp)
            if rule:
                where = f"{path.relative_to(root)}:{imp.line}"
                found.append(f"{where}: {imp.module} imports {imp.target} ({rule})")
    return found


def _broken_rule(imp: Import) -> str | None:
    layer, target_top = layer_of(imp.module), layer_of(imp.target)
    if target_top == "streamlit" and layer in STREAMLIT_FREE:
        return f"{layer}/ runs from cron and never imports streamlit"
    project = {*PACKAGES, "app", "streamlit"}
    if target_top in project and target_top != layer and target_top not in ALLOWED[layer]:
        return f"{layer}/ may import only {sorted(ALLOWED[layer]) or 'itself'}"
    for prefix, forbidden in CORE_FORBIDDEN.items():
        if imp.module == prefix or imp.module.startswith(prefix + "."):
            if imp.target.startswith(prefix):
                continue
            if any(imp.target == f or imp.target.startswith(f) for f in forbidden):
                return f"{prefix} stays below {', '.join(forbidden)}"
    return None


def test_the_shipped_code_keeps_the_layers():
    assert violations(ROOT) == []


BREAKERS = {
    "loaders/cron_thing.py": "def run():\n    import streamlit as st\n    return st\n",
    "mittaristo/lazy.py": "import importlib\nst = importlib.import_module('streamlit')\n",
    "reports/pretty.py": "from streamlit import markdown\n",
    "mittaristo/upward.py": "from ui import queries\n",
    "loaders/reach.py": "from reports.build import build_report\n",
    "mittaristo/status/impure.py": "from mittaristo.store import read\n",
    "mittaristo/observations/__init__.py": "from mittaristo.config import model\n",
    "pages/raw.py": "from loaders.http import HttpClient\n",
    "mittaristo/config/relative.py": "from ..store import read\n",
}


@pytest.mark.parametrize("file", list(BREAKERS))
def test_a_module_that_breaks_a_rule_is_found(tmp_path, file):
    """The check is proven against modules that break each rule (written into a scratch tree)."""
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir()
    target = tmp_path / file
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(BREAKERS[file], encoding="utf-8")
    found = violations(tmp_path)
    assert len(found) == 1 and found[0].startswith(file + ":"), found


def test_allowed_imports_are_not_flagged(tmp_path):
    for pkg in PACKAGES:
        (tmp_path / pkg).mkdir()
    (tmp_path / "ui" / "ok.py").write_text("import streamlit\nfrom loaders import refresh\n")
    (tmp_path / "loaders" / "ok.py").write_text("from mittaristo.store import read\n")
    (tmp_path / "mittaristo" / "scorecard.py").write_text("from mittaristo.status import x\n")
    assert violations(tmp_path) == []


def all_modules(package: str) -> list[str]:
    return sorted(
        module_name(ROOT, path)
        for path in (ROOT / package).rglob("*.py")
        if path.name != "__main__.py"
    )


def test_every_core_and_loader_module_imports_with_streamlit_blocked():
    modules = [m for pkg in STREAMLIT_FREE for m in all_modules(pkg)]
    assert len(modules) > 60
    code = (
        "import sys, importlib; sys.modules['streamlit'] = None\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] == 'streamlit' and sys.modules[m]]\n"
        "assert not loaded, loaded\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
