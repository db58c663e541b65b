"""Writing a strategy file: readable YAML, checked exactly as `validate` checks it, swapped in
atomically, never over an existing file unless asked.

Used by `new-town` and `import-strategy`. The check runs the real loader (mittaristo.config.
load) on a scratch folder holding the catalog, the other strategy files and the new one, so a
file this module writes is one `validate` accepts — and a refused one is never written.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import textwrap
from collections.abc import Collection, Mapping
from pathlib import Path

import yaml

from mittaristo.config.load import CATALOG_FILE, STRATEGY_DIR, Config, load_config

FLOW_WIDTH = 100  # a mapping or list of plain values shorter than this stays on one line


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


class FileExists(Exception):
    """The town already has a strategy file and overwriting was not asked for."""


class _Dumper(yaml.SafeDumper):
    """Block style for the structure, flow style for short leaves ({fi: …, sv: …}, [KU…]);
    list items indented under their key, as the shipped files are written."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


def _is_leaf(value: object) -> bool:
    return value is None or isinstance(value, str | int | float | bool | dt.date)


def _represent_dict(dumper: yaml.SafeDumper, data: Mapping) -> yaml.Node:
    flow = all(_is_leaf(v) for v in data.values()) and len(str(data)) < FLOW_WIDTH
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=flow)


def _represent_list(dumper: yaml.SafeDumper, data: list) -> yaml.Node:
    flow = all(_is_leaf(v) for v in data) and len(str(data)) < FLOW_WIDTH
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(dict, _represent_dict)
_Dumper.add_representer(list, _represent_list)


def dump_strategy(data: Mapping, header: str = "") -> str:
    """The strategy as YAML text, keys in the given order, with `header` as # comments."""
    body = yaml.dump(
        dict(data), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=FLOW_WIDTH + 20
    )
    lines = [
        wrapped
        for line in header.splitlines()
        for wrapped in (textwrap.wrap(line, FLOW_WIDTH - 2, subsequent_indent="  ") or [""])
    ]
    comments = "".join(f"# {line}".rstrip() + "\n" for line in lines)
    return comments + body


def check_strategy_text(
    config_dir: Path,
    town: str,
    text: str,
    municipalities: Mapping[str, str] | Collection[str] | None,
) -> Config:
    """Validate the configuration as it would be with `text` as strategies/<town>.yaml
    (replacing that file if it exists); raises ConfigValidationError with every problem."""
    with tempfile.TemporaryDirectory(prefix="mittaristo-check-") as tmp:
        root = Path(tmp)
        (root / STRATEGY_DIR).mkdir()
        catalog = config_dir / CATALOG_FILE
        if catalog.exists():
            (root / CATALOG_FILE).symlink_to(catalog.resolve())
        for other in sorted((config_dir / STRATEGY_DIR).glob("*.yaml")):
            if other.stem != town:
                (root / STRATEGY_DIR / other.name).symlink_to(other.resolve())
        (root / STRATEGY_DIR / f"{town}.yaml").write_text(text, encoding="utf-8")
        return load_config(root, municipalities=municipalities)


def write_text_atomically(path: Path, text: str, *, force: bool) -> None:
    """Write `text` to `path` through a temporary file and os.replace (a reader never sees half
    a file); refuse an existing file unless `force`."""
    write_bytes_atomically(path, text.encode("utf-8"), force=force)


def write_bytes_atomically(path: Path, data: bytes, *, force: bool) -> None:
    """As write_text_atomically, for bytes (the workbook)."""
    if path.exists() and not force:
        raise FileExists(str(path))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes it private; a config file is not
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
