"""Configuration files → typed model, with every problem located as `file:line path`.

`load_config` reads `indicators.yaml` and `strategies/*.yaml`, validates them with the pydantic
schema (mittaristo.config.model) and the cross-reference checks (mittaristo.config.checks), and
raises one `ConfigValidationError` listing *every* problem, so a user fixes them in one pass
before any network call.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from mittaristo.config.checks import Finding, check_catalog, check_strategy, format_path
from mittaristo.config.model import Catalog, Strategy

CATALOG_FILE = "indicators.yaml"
STRATEGY_DIR = "strategies"

DataPath = tuple[str | int, ...]
M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, order=True)
class ConfigIssue:
    """One problem: file relative to the config dir, 1-based line (None if unknown), data path."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class ConfigValidationError(Exception):
    """The configuration is invalid; `issues` holds every problem found, in file order."""

    def __init__(self, issues: list[ConfigIssue]):
        self.issues = sorted(issues, key=lambda i: (i.file, i.line or 0, i.path))
        head = f"{len(self.issues)} problem(s) in the configuration"
        super().__init__("\n".join([head, *map(str, self.issues)]))


@dataclass(frozen=True)
class Config:
    """The validated catalog and the strategies keyed by town id (file name stem)."""

    config_dir: Path
    catalog: Catalog
    strategies: dict[str, Strategy]

    def strategy(self, town: str) -> Strategy:
        return self.strategies[town]


@dataclass
class SourceFile:
    """A YAML file read into plain data plus the line of every key and list item."""

    rel: str
    data: object
    lines: dict[DataPath, int]


def load_config(config_dir: Path | str, *, municipalities: Collection[str] | None = None) -> Config:
    """Read and validate the whole configuration; raise ConfigValidationError with every issue.

    `municipalities` (codes such as KU111) enables the check of the town and peer codes.
    """
    root = Path(config_dir)
    if not root.is_dir():
        raise ConfigValidationError(
            [ConfigIssue(str(root), None, "", "configuration folder not found")]
        )
    issues: list[ConfigIssue] = []
    catalog = _load_catalog(root, issues)
    catalog_ids = {ind.id for ind in catalog.indicators} if catalog else None
    strategies = _load_strategies(root, catalog_ids, municipalities, issues)
    if issues or catalog is None:
        raise ConfigValidationError(issues)
    return Config(config_dir=root, catalog=catalog, strategies=strategies)


def _load_catalog(root: Path, issues: list[ConfigIssue]) -> Catalog | None:
    source = read_source(root / CATALOG_FILE, root, issues)
    if source is None:
        return None
    catalog = validate_model(Catalog, source, issues)
    if catalog is not None:
        issues.extend(locate_findings(source, check_catalog(catalog)))
    return catalog


def _load_strategies(
    root: Path,
    catalog_ids: set[str] | None,
    municipalities: Collection[str] | None,
    issues: list[ConfigIssue],
) -> dict[str, Strategy]:
    files = sorted((root / STRATEGY_DIR).glob("*.yaml"))
    if not files:
        issues.append(ConfigIssue(f"{STRATEGY_DIR}/", None, "", "no strategy files (*.yaml) found"))
    strategies: dict[str, Strategy] = {}
    for path in files:
        source = read_source(path, root, issues)
        strategy = validate_model(Strategy, source, issues) if source else None
        if strategy is None:
            continue
        findings = check_strategy(strategy, path.stem, catalog_ids, municipalities)
        findings += _check_unique_town(strategy, strategies)
        issues.extend(locate_findings(source, findings))
        strategies[path.stem] = strategy
    return strategies


def _check_unique_town(strategy: Strategy, seen: dict[str, Strategy]) -> list[Finding]:
    others = [town for town, s in seen.items() if s.municipality == strategy.municipality]
    if others:
        msg = (
            f"{strategy.municipality} already has a strategy file: {STRATEGY_DIR}/{others[0]}.yaml"
        )
        return [(("municipality",), msg)]
    return []


# --------------------------------------------------------------------------- YAML with lines


def read_source(path: Path, root: Path, issues: list[ConfigIssue]) -> SourceFile | None:
    """Parse one YAML file; append syntax, duplicate-key and shape problems to `issues`."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        node = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except FileNotFoundError:
        issues.append(ConfigIssue(rel, None, "", "file not found"))
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        issues.append(_yaml_issue(rel, exc))
        return None
    if node is None:
        issues.append(ConfigIssue(rel, 1, "", "the file is empty"))
        return None
    builder = _Builder(rel)
    try:
        data = builder.build(node, ())
    except yaml.YAMLError as exc:
        issues.append(_yaml_issue(rel, exc))
        return None
    issues.extend(builder.issues)
    if not isinstance(data, dict):
        issues.append(ConfigIssue(rel, node.start_mark.line + 1, "", "expected a mapping of keys"))
        return None
    return SourceFile(rel=rel, data=data, lines=builder.lines)


def _yaml_issue(rel: str, exc: Exception) -> ConfigIssue:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"YAML syntax: {context}, {problem}" if context else f"YAML syntax: {problem}"
    return ConfigIssue(rel, line, "", text)


class _Builder:
    """Node tree → plain data, recording the line of each key and item, flagging duplicate keys
    (PyYAML would silently keep the last one)."""

    def __init__(self, rel: str):
        self.rel = rel
        self.lines: dict[DataPath, int] = {}
        self.issues: list[ConfigIssue] = []
        self._scalars = yaml.constructor.SafeConstructor()
        self._stack: set[int] = set()

    def build(self, node: yaml.Node, path: DataPath) -> object:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalars.construct_object(node, deep=True)
        if id(node) in self._stack:
            raise yaml.constructor.ConstructorError(None, None, "recursive alias", node.start_mark)
        self._stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._build_mapping(node, path)
        finally:
            self._stack.discard(id(node))

    def _build_mapping(self, node: yaml.MappingNode, path: DataPath) -> dict:
        self._flag_duplicates(node, path)
        self._scalars.flatten_mapping(node)  # resolves `<<: *anchor` merge keys
        out: dict = {}
        for key_node, value_node in node.value:
            key = self._scalars.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value", key_node.start_mark
                )
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = self.build(value_node, (*path, key))
        return out

    def _flag_duplicates(self, node: yaml.MappingNode, path: DataPath) -> None:
        first: dict[str, int] = {}
        for key_node, _ in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                continue
            line = key_node.start_mark.line + 1
            if key_node.value in first:
                msg = f"duplicate key '{key_node.value}' (first at line {first[key_node.value]})"
                self.issues.append(
                    ConfigIssue(self.rel, line, format_path((*path, key_node.value)), msg)
                )
            first.setdefault(key_node.value, line)


# --------------------------------------------------------------------------- locating errors


def resolve_path(data: object, loc: tuple) -> DataPath:
    """Map a pydantic error location onto the data: drop union tags ('pxweb') and member types
    ('int', 'list[str]') that pydantic inserts, keep a missing key as the last element."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(data, dict):
            if part in data:
                out.append(part)
                data = data[part]
            elif data.get("kind") == part:
                continue
            else:
                out.append(part)
                break
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            out.append(part)
            data = data[part]
        else:
            break
    return tuple(out)


def line_of(source: SourceFile, path: DataPath) -> int | None:
    """Line of the deepest part of `path` present in the file (a missing key → its parent)."""
    for end in range(len(path), -1, -1):
        if path[:end] in source.lines:
            return source.lines[path[:end]]
    return None


def locate_findings(source: SourceFile, findings: list[Finding]) -> list[ConfigIssue]:
    return [
        ConfigIssue(source.rel, line_of(source, path), format_path(path), message)
        for path, message in findings
    ]


def validate_model(model: type[M], source: SourceFile, issues: list[ConfigIssue]) -> M | None:
    """Validate with pydantic; on failure turn each error into an issue (union alternatives at
    the same place are merged into one message)."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        merged: dict[DataPath, list[str]] = {}
        for err in exc.errors():
            path = resolve_path(source.data, err["loc"])
            message = describe_error(err)
            if message not in merged.setdefault(path, []):
                merged[path].append(message)
        found = {path: "; or ".join(msgs) for path, msgs in merged.items()}
        issues.extend(locate_findings(source, list(found.items())))
        return None


def describe_error(err: dict) -> str:
    """A pydantic error as a sentence a config author can act on."""
    kind, value = err["type"], err.get("input")
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind == "union_tag_not_found":
        return "the key 'kind' is missing (it says which sort of entry this is)"
    message = str(err["msg"]).removeprefix("Value error, ")
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{message} (got {value!r}; write it in quotes: '{value}')"
    if kind != "value_error" and isinstance(value, str | int | float | bool):
        return f"{message} (got {str(value)[:60]!r})"
    return message
