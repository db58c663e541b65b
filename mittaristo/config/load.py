"""Configuration files → typed model, with every problem located as `file:line path`.

`load_config` reads `indicators.yaml` and `strategies/*.yaml`, validates them with the pydantic
schema (mittaristo.config.model) and the cross-reference checks (mittaristo.config.checks), and
raises one `ConfigValidationError` listing *every* problem, each with a plain-language hint, so a
user fixes them in one pass before any network call.
"""

from __future__ import annotations

import datetime as dt
import types
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, TypeGuard, TypeVar, Union, cast, get_args, get_origin

import annotated_types
import yaml
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from mittaristo.config.checks import (
    DataPath,
    Finding,
    check_better,
    check_catalog,
    check_strategy,
    close_matches,
    format_path,
)
from mittaristo.config.model import ID_PATTERN, Catalog, Strategy, Text
from mittaristo.config.result import (
    CATALOG_FILE,
    STRATEGY_DIR,
    Config,
    ConfigIssue,
    ConfigValidationError,
    strategy_files,
)

# Far above any real file (the catalog is ~140 kB and ~7 000 values), low enough that a wrong or
# hostile file (a huge upload, an alias "bomb" of a few kB that expands to billions of values)
# is refused at once instead of hanging the validator and the app.
MAX_FILE_BYTES = 5_000_000
MAX_VALUES = 200_000

M = TypeVar("M", bound=BaseModel)
Municipalities = Collection[str] | Mapping[str, str]


@dataclass
class SourceFile:
    """A YAML file read into plain data plus the line of every key and list item."""

    rel: str
    data: object
    lines: dict[DataPath, int]
    bare_keys: frozenset[DataPath] = frozenset()  # `b` in `{fi: a, b}`: a key without a colon


def load_config(config_dir: Path | str, *, municipalities: Municipalities | None = None) -> Config:
    """Read and validate the whole configuration; raise ConfigValidationError with every issue.

    `municipalities` (codes such as KU111, or a mapping code → name for better hints) enables
    the check of the town and peer codes.
    """
    root = Path(config_dir)
    if not root.is_dir():
        raise ConfigValidationError(
            [
                ConfigIssue(
                    str(root),
                    None,
                    "",
                    "configuration folder not found",
                    "give --config-dir the folder that holds indicators.yaml and strategies/",
                )
            ]
        )
    issues: list[ConfigIssue] = []
    catalog = _load_catalog(root, issues)
    catalog_ids = {ind.id for ind in catalog.indicators} if catalog else None
    better = {ind.id: ind.better for ind in catalog.indicators} if catalog else None
    strategies = _load_strategies(root, catalog_ids, municipalities, issues, better)
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
    municipalities: Municipalities | None,
    issues: list[ConfigIssue],
    better: Mapping[str, str] | None = None,
) -> dict[str, Strategy]:
    files = strategy_files(root)
    if not files:
        issues.append(
            ConfigIssue(
                f"{STRATEGY_DIR}/",
                None,
                "",
                "no strategy files (*.yaml) found",
                "add one file per town, e.g. strategies/heinola.yaml",
            )
        )
    strategies: dict[str, Strategy] = {}
    for path in files:
        source = read_source(path, root, issues)
        strategy = validate_model(Strategy, source, issues) if source else None
        if strategy is None or source is None:
            continue
        findings = check_strategy(strategy, path.stem, catalog_ids, municipalities)
        findings += check_better(strategy, better)
        findings += _check_unique_town(strategy, strategies)
        issues.extend(locate_findings(source, findings))
        strategies[path.stem] = strategy
    return strategies


def _check_unique_town(strategy: Strategy, seen: dict[str, Strategy]) -> list[Finding]:
    others = [town for town, s in seen.items() if s.municipality == strategy.municipality]
    if others:
        other = f"{STRATEGY_DIR}/{others[0]}.yaml"
        msg = f"{strategy.municipality} already has a strategy file: {other}"
        hint = f"keep one file per municipality: merge this one into {other} or fix the code"
        return [Finding(("municipality",), msg, hint)]
    return []


# --------------------------------------------------------------------------- YAML with lines


def read_source(path: Path, root: Path, issues: list[ConfigIssue]) -> SourceFile | None:
    """Parse one YAML file; append syntax, duplicate-key and shape problems to `issues`."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            limit = f"{size / 1e6:.1f} MB, over the {MAX_FILE_BYTES / 1e6:g} MB limit"
            hint = (
                "a catalog or strategy file is well under 1 MB: check that this is the right file"
            )
            issues.append(ConfigIssue(rel, None, "", f"the file is {limit}", hint))
            return None
        node = compose_yaml(path.read_text(encoding="utf-8"))
    except RecursionError:
        issues.append(_too_deep(rel))
        return None
    except FileNotFoundError:
        hint = f"create {rel}" if rel == CATALOG_FILE else "check the file name"
        issues.append(ConfigIssue(rel, None, "", "file not found", hint))
        return None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        issues.append(_yaml_issue(rel, exc))
        return None
    if node is None:
        hint = "write the configuration into it, or delete the file"
        issues.append(ConfigIssue(rel, 1, "", "the file is empty", hint))
        return None
    builder = _Builder(rel)
    try:
        data = builder.build(node, ())
    except RecursionError:
        issues.append(_too_deep(rel))
        return None
    except yaml.YAMLError as exc:
        issues.append(_yaml_issue(rel, exc))
        return None
    issues.extend(builder.issues)
    if not isinstance(data, dict):
        hint = "the file starts with top-level keys (key: value), not a list or a single value"
        issues.append(
            ConfigIssue(rel, node.start_mark.line + 1, "", "expected a mapping of keys", hint)
        )
        return None
    return SourceFile(rel, data, builder.lines, frozenset(builder.bare_keys))


MAX_DEPTH = 32  # the catalog and strategies nest about 8 levels


def _too_deep(rel: str) -> ConfigIssue:
    """A deeply nested document used to end in a RecursionError traceback."""
    hint = "the catalog and strategy files nest a few levels: check that this is the right file"
    return ConfigIssue(rel, None, "", f"the YAML is nested more than {MAX_DEPTH} levels deep", hint)


# libyaml's parser (PyYAML's C loader) is ~20× faster: with 300 towns configured the whole
# configuration loads in a second instead of ten. Its node tree and marks are the same; only its
# error wording differs, so a file that does not parse is parsed again by the Python loader,
# whose messages the hints below are written for.
_FAST_LOADER = getattr(yaml, "CSafeLoader", None)


def compose_yaml(text: str) -> yaml.Node | None:
    """The YAML node tree of `text` (with line marks); errors as the Python loader words them."""
    if _FAST_LOADER is not None:
        try:
            return yaml.compose(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _yaml_issue(rel: str, exc: Exception) -> ConfigIssue:
    if isinstance(exc, UnicodeDecodeError):
        return ConfigIssue(rel, None, "", f"not UTF-8 text: {exc.reason}", "save the file as UTF-8")
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    text = f"YAML syntax: {context}, {problem}" if context else f"YAML syntax: {problem}"
    return ConfigIssue(rel, line, "", text, _yaml_hint(f"{context or ''} {problem}"))


def _yaml_hint(problem: str) -> str:
    """What to check for the usual YAML mistakes, by PyYAML's wording."""
    if "expands to more than" in problem:
        return "a configuration holds a few thousand values at most: remove the *references that repeat each other"
    if "'\\t'" in problem or "\t" in problem:
        return "indent with spaces, not tabs (YAML does not allow tab characters for indentation)"
    if "recursive" in problem:
        return "an alias (*name) must not refer to the item that contains it"
    if "mapping values are not allowed" in problem:
        return (
            "check the indentation of this line and the one above; a value that contains "
            "': ' must be in quotes"
        )
    if "could not find expected ':'" in problem or "simple key" in problem:
        return "check for a missing colon after a key, or an unclosed quote on the line above"
    if "flow sequence" in problem or "flow mapping" in problem:
        return "close each [ with ] and each { with }, or put text with commas in quotes"
    if "quoted scalar" in problem:
        return "close the quote that starts here (' or \")"
    if "block" in problem or "indentation" in problem:
        return "check the indentation: items at the same level start in the same column"
    if "alias" in problem or "anchor" in problem:
        return "define the anchor (&name) before using the alias (*name)"
    return (
        "check the indentation (spaces), the colon after each key, and matching quotes and brackets"
    )


class _Builder:
    """Node tree → plain data, recording the line of each key and item, flagging duplicate keys
    (PyYAML would silently keep the last one)."""

    def __init__(self, rel: str):
        self.rel = rel
        self.lines: dict[DataPath, int] = {}
        self.issues: list[ConfigIssue] = []
        self.bare_keys: set[DataPath] = set()
        self._scalars = yaml.constructor.SafeConstructor()
        self._stack: set[int] = set()
        self._count = 0

    def build(self, node: yaml.Node, path: DataPath) -> object:
        self._count += 1
        if self._count > MAX_VALUES:  # *references multiply: a few lines can expand to billions
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the document expands to more than {MAX_VALUES} values",
                node.start_mark,
            )
        if len(path) > MAX_DEPTH:
            raise RecursionError  # reported as "nested too deep" by read_source
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if id(node) in self._stack:
            raise yaml.constructor.ConstructorError(None, None, "recursive alias", node.start_mark)
        self._stack.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._build_mapping(cast(yaml.MappingNode, node), path)
        finally:
            self._stack.discard(id(node))

    def _build_mapping(self, node: yaml.MappingNode, path: DataPath) -> dict:
        self._flag_duplicates(node, path)
        self._scalars.flatten_mapping(node)  # resolves `<<: *anchor` merge keys
        out: dict = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            if not isinstance(key, str | int | float | bool):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be a plain value", key_node.start_mark
                )
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            if node.flow_style and _is_bare(key_node, value_node):
                self.bare_keys.add((*path, key))
            out[key] = self.build(value_node, (*path, key))
        return out

    def _scalar(self, node: yaml.ScalarNode, path: DataPath) -> object:
        """The value of a scalar. One PyYAML cannot build (2022-13-45 looks like a date but is
        none) stays text: the schema then says where a date was expected, instead of a crash."""
        try:
            return self._scalars.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            return node.value

    def _flag_duplicates(self, node: yaml.MappingNode, path: DataPath) -> None:
        first: dict[str, int] = {}
        for key_node, _ in node.value:
            if (
                not isinstance(key_node, yaml.ScalarNode)
                or key_node.tag == "tag:yaml.org,2002:merge"
            ):
                continue
            line = key_node.start_mark.line + 1
            key = key_node.value
            if key in first:
                msg = f"duplicate key '{key}' (first at line {first[key]})"
                hint = f"keep one '{key}:' in this mapping (YAML would silently use the last one)"
                self.issues.append(
                    ConfigIssue(self.rel, line, format_path((*path, key)), msg, hint)
                )
            first.setdefault(key, line)


def _is_bare(key_node: yaml.Node, value_node: yaml.Node) -> bool:
    """A flow-mapping entry written without `: value` (PyYAML gives it an empty value that
    starts where the key ends)."""
    return (
        isinstance(value_node, yaml.ScalarNode)
        and value_node.tag == "tag:yaml.org,2002:null"
        and value_node.value == ""
        and value_node.start_mark.index == key_node.end_mark.index
    )


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
    out = []
    for finding in findings:
        path, message, hint, ref = Finding(*finding)
        if ref is not None:
            hint = hint.replace("{line}", str(line_of(source, ref) or "?"))
        out.append(ConfigIssue(source.rel, line_of(source, path), format_path(path), message, hint))
    return out


def validate_model(model: type[M], source: SourceFile, issues: list[ConfigIssue]) -> M | None:
    """Validate with pydantic; on failure turn each error into an issue with a hint (union
    alternatives at the same place are merged into one). A number or true/false written as text
    (`decimals: "1"`) is an error too, although pydantic's lax mode would convert it."""
    result: M | None = None
    errors: list[Any] = []
    try:
        result = model.model_validate(source.data)
    except ValidationError as exc:
        errors = list(exc.errors())
    errors += _text_for_numbers(model, source.data, {tuple(e["loc"]) for e in errors})
    if not errors:
        return result
    merged: dict[DataPath, tuple[list[str], list[str]]] = {}
    for err in errors:
        path = resolve_path(source.data, err["loc"])
        if err["type"] == "union_tag_invalid" and _has_key(source.data, path, "kind"):
            path = (*path, "kind")
        message, hint = describe_error(err, _FieldAt.find(model, source.data, err["loc"]))
        if err["type"] == "extra_forbidden" and path in source.bare_keys:
            hint = BARE_KEY_HINT
        messages, hints = merged.setdefault(path, ([], []))
        if message not in messages:
            messages.append(message)
        if hint and hint not in hints:
            hints.append(hint)
    found = [
        Finding(path, "; or ".join(msgs), "; or ".join(hints))
        for path, (msgs, hints) in merged.items()
    ]
    issues.extend(locate_findings(source, found))
    return None


BARE_KEY_HINT = (
    "this looks like the rest of a text cut at a comma: inside { } or [ ] a comma ends the "
    'value, so put the whole text in quotes: {fi: "…, …"}'
)
TEXT_FOR_NUMBER = frozenset({"int_type", "float_type", "bool_type"})


def _text_for_numbers(model: type[BaseModel], data: object, seen: set[tuple]) -> list[Any]:
    """Strict-mode errors of a text where a number or a boolean is expected, at keys of a single
    type (`by: date | int` accepts the text '2025-06-30' as a date) not already reported."""
    try:
        model.model_validate(data, strict=True)
    except ValidationError as exc:
        return [
            err
            for err in exc.errors()
            if err["type"] in TEXT_FOR_NUMBER
            and isinstance(err.get("input"), str)
            and tuple(err["loc"]) not in seen
            and len(_members(_FieldAt.find(model, data, err["loc"]).annotation)) == 1
        ]
    return []


def _has_key(data: object, path: DataPath, key: str) -> bool:
    for part in path:
        try:
            data = data[part]  # type: ignore[index]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(data, dict) and key in data


# --------------------------------------------------------------------------- hints


@dataclass
class _FieldAt:
    """The schema at a pydantic error location: the model that holds the last key, the key,
    its field info (None when the key is unknown) and the data of the holder."""

    holder: type[BaseModel] | None = None
    name: str | int | None = None
    field: FieldInfo | None = None
    annotation: object = None

    @classmethod
    def find(cls, model: type[BaseModel], data: object, loc: tuple) -> _FieldAt:
        found = cls()
        tp: object = model
        for part in loc:
            tp = _narrow(tp, data)
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                if isinstance(part, str) and part in tp.model_fields:
                    info = tp.model_fields[part]
                    found = cls(tp, part, info, info.annotation)
                    tp = info.annotation
                    data = data.get(part) if isinstance(data, dict) else None
                elif isinstance(data, dict) and data.get("kind") == part:
                    continue
                else:
                    return cls(tp, part, None, None)
            elif get_origin(tp) is list and isinstance(part, int):
                tp = get_args(tp)[0]
                data = data[part] if isinstance(data, list) and 0 <= part < len(data) else None
            elif get_origin(tp) is dict:
                tp = get_args(tp)[1]
                data = data.get(part) if isinstance(data, dict) else None
            # else: a union member name pydantic inserts ('int', 'date'): stay where we are
        return found


def _is_model(tp: object) -> TypeGuard[type[BaseModel]]:
    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _members(tp: object) -> list[object]:
    """Union members (None left out); `[tp]` for anything else; Annotated unwrapped."""
    while get_origin(tp) is Annotated:
        tp = get_args(tp)[0]
    if get_origin(tp) in (Union, types.UnionType):
        return [m for a in get_args(tp) if a is not type(None) for m in _members(a)]
    return [tp]


def _kinds(tp: object) -> list[str]:
    """The `kind` values of a discriminated union's members."""
    out: list[str] = []
    for member in _members(tp):
        if _is_model(member) and "kind" in member.model_fields:
            out += [str(v) for v in get_args(member.model_fields["kind"].annotation)]
    return out


def _narrow(tp: object, data: object) -> object:
    """A union → the member the data selects (by `kind`), or its only model / only member."""
    members = _members(tp)
    if len(members) == 1:
        return members[0]
    models = [m for m in members if _is_model(m)]
    if isinstance(data, dict):
        for model in models:
            kind = model.model_fields.get("kind")
            if kind is not None and data.get("kind") in get_args(kind.annotation):
                return model
        if len(models) == 1:
            return models[0]
    return tp


# Examples for keys whose meaning the type alone does not show (`key: example`).
EXAMPLES: dict[str, str] = {
    "version": "version: 1",
    "id": "id: tyottomyysaste (lowercase a–z, digits, _ and -)",
    "name": "name: {fi: Työttömyysaste}",
    "unit": 'unit: {fi: "%"}',
    "fi": "fi: Työttömyysaste",
    "decimals": "decimals: 1",
    "frequency": "frequency: yearly",
    "lag_months": "lag_months: 12",
    "license": "license: CC BY 4.0",
    "source": "source: {kind: sotkanet, indicator: 181, confirmed: true}",
    "database": "database: StatFin",
    "table": "table: 11re.px (the table path under the database)",
    "measure": "measure: M162 (the content code)",
    "confirmed": "confirmed: true (false if the code is not verified)",
    "indicator": "indicator: 181",
    "entered_by": "entered_by: henkilöstöpalvelut",
    "reason": "reason: henkilöstökysely, no open series",
    "op": "op: ratio_pct",
    "of": "of: tyottomyysaste (a catalog id)",
    "denominator": "denominator: vaesto (a catalog id)",
    "per_resident": "per_resident: true",
    "kind": "kind: at_least",
    "value": "value: 80",
    "by": "by: 2025",
    "direction": "direction: decrease",
    "relation": "relation: at_most",
    "description": "description: Suunnitelma valmis",
    "text": "text: Työttömyysaste laskee",
    "target": "target: {kind: direction, direction: decrease}",
    "period": "period: {start: 2022, end: 2025}",
    "start": "start: 2022",
    "end": "end: 2025",
    "adoption": "adoption: 2022-01-31",
    "changed_on": "changed_on: 2023-06-12",
    "previous": "previous: 75 %",
    "body": "body: Kaupunginvaltuusto",
    "status": "status: in_progress",
    "town": "town: heinola (same as the file name)",
    "municipality": "municipality: KU111",
    "documents": "documents: [{title: Kaupunkistrategia 2022–2025}]",
    "title": "title: Kaupunkistrategia 2022–2025",
    "reviews": "reviews: {adoption: 2022-01-31, end: 2025-12-31}",
    "goals": "goals: (a list of goals, each with id: and name:)",
    "indicators": "indicators: (a list, each item starting with '- id:')",
}

# Missing keys that must not be guessed get their own words.
MISSING_HINTS: dict[str, str] = {
    "better": "add better: higher or better: lower — there is no default",
    "confirmed": "add confirmed: true if the code is verified, confirmed: false if not — there is no default",
}


def _example(at: _FieldAt) -> str:
    name = at.name if isinstance(at.name, str) else ""
    if name in EXAMPLES:
        return EXAMPLES[name]
    members = _members(at.annotation)
    first = members[0] if members else None
    if get_origin(first) is Literal:
        return f"{name}: {get_args(first)[0]}"
    if first is Text:
        return f"{name}: {{fi: …}}"
    if first is dt.date:
        return f"{name}: 2025-12-31"
    if first is int:
        return f"{name}: 2025" if name in {"start", "end", "by"} else f"{name}: 1"
    if first is bool:
        return f"{name}: true"
    if first is str:
        return f"{name}: …"
    return f"{name}: …"


def _allowed(tp: object) -> str:
    values = get_args(_members(tp)[0]) if _members(tp) else ()
    return ", ".join(str(v) for v in values)


def _bounds(field: FieldInfo | None) -> tuple[object, object]:
    low = high = None
    for meta in field.metadata if field else ():
        if isinstance(meta, annotated_types.Ge | annotated_types.Gt):
            low = getattr(meta, "ge", None) or getattr(meta, "gt", None)
        if isinstance(meta, annotated_types.Le | annotated_types.Lt):
            high = getattr(meta, "le", None) or getattr(meta, "lt", None)
    return low, high


def describe_error(err: dict, at: _FieldAt | None = None) -> tuple[str, str]:
    """A pydantic error as (a sentence a config author understands, a hint how to fix it)."""
    at = at or _FieldAt()
    kind, value, ctx = err["type"], err.get("input"), err.get("ctx") or {}
    if kind == "missing":
        name = str(err["loc"][-1])
        return "required key is missing", MISSING_HINTS.get(name, f"add {_example(at)}")
    if kind == "extra_forbidden":
        return "unknown key", _unknown_key_hint(at)
    if kind == "union_tag_not_found":
        kinds = ", ".join(_kinds(at.annotation))
        hint = f"add kind: one of {kinds}" if kinds else "add kind:"
        return "the key 'kind' is missing (it says which sort of entry this is)", hint
    message = str(err["msg"]).removeprefix("Value error, ")
    if kind in TEXT_FOR_NUMBER and isinstance(value, str):
        expected = "true or false" if kind == "bool_type" else "a number"
        return (
            f"expected {expected}, got the text {value!r}",
            f"write it without quotes, e.g. {_example(at)}",
        )
    if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
        return (
            f"{message} (got {value!r}; write it in quotes: '{value}')",
            "put the value in quotes",
        )
    if kind != "value_error" and isinstance(value, str | int | float | bool):
        message = f"{message} (got {str(value)[:60]!r})"
    return message, _type_hint(kind, value, ctx, at, message)


def _unknown_key_hint(at: _FieldAt) -> str:
    if at.holder is None:
        return "remove it or check its spelling"
    allowed = list(at.holder.model_fields)
    close = close_matches(str(at.name), allowed, n=1)
    head = f"did you mean '{close[0]}'? " if close else "remove it or check its spelling; "
    return f"{head}allowed keys here: {', '.join(allowed)}"


def _type_hint(kind: str, value: object, ctx: dict, at: _FieldAt, message: str) -> str:
    example = _example(at)
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return f"write a whole number without quotes, e.g. {example}"
    if kind in {"float_type", "float_parsing", "finite_number"}:
        return f"write a number without quotes (a decimal point, not a comma), e.g. {example}"
    if kind in {"bool_type", "bool_parsing"}:
        return "write true or false (without quotes)"
    if kind == "string_type":
        return f"write a text, e.g. {example}"
    if kind.startswith(("date_", "datetime_")):
        return "write the date as YYYY-MM-DD without quotes, e.g. 2025-12-31"
    if kind == "literal_error":
        allowed = _allowed(at.annotation) or ctx.get("expected", "")
        close = close_matches(str(value), [a.strip() for a in allowed.split(",")], n=1)
        head = f"did you mean '{close[0]}'? " if close and close[0] != str(value) else ""
        return f"{head}use one of: {allowed}"
    if kind == "union_tag_invalid":
        kinds = _kinds(at.annotation) or [
            t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(",")
        ]
        return did_you_mean_kind(ctx.get("tag", value), kinds)
    if kind in {"list_type", "tuple_type", "set_type"}:
        return f"write a list: [a, b] or one '- item' per line, e.g. {example}"
    if kind in {"model_type", "model_attributes_type", "dict_type", "mapping_type"}:
        return f"write a mapping of keys (key: value, indented under this key), e.g. {example}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == ID_PATTERN:
            return "use lowercase letters a–z, digits, _ and - (no spaces, ä or ö), e.g. tyottomyysaste"
        return "use a municipality code like KU111 (see data/reference/municipalities.csv)"
    if kind in {"too_short", "string_too_short"}:
        if isinstance(value, list | dict):
            return "add at least one item"
        return f"write a non-empty text, e.g. {example}"
    if kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        low, high = _bounds(at.field)
        if low is not None and high is not None:
            return f"use a value from {low} to {high}"
        return "use a value within the limit above"
    if kind == "value_error":
        return _value_error_hint(message)
    return f"see what the key expects, e.g. {example}"


def did_you_mean_kind(tag: object, kinds: list[str]) -> str:
    close = close_matches(str(tag), kinds, n=1)
    head = f"did you mean kind: {close[0]}? " if close else ""
    return f"{head}kind is one of: {', '.join(kinds)}"


def _value_error_hint(message: str) -> str:
    """Hints for the model validators' own messages."""
    if "denominator" in message:
        return "add denominator: <catalog id of the divisor>, e.g. denominator: vaesto"
    if "qualitative_reason" in message:
        return "add qualitative_reason: why no series measures it, or give indicator: <catalog id>"
    if "SDG" in message:
        return "use the numbers 1–17 of the UN Sustainable Development Goals"
    if "before it starts" in message:
        return "end is the same year as start or later: swap the years or fix the wrong one"
    return "fix the value as the message says"
