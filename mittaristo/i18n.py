"""The one text catalog: every string a person reads, in Finnish, Swedish and English.

The texts are data, one file per language in `mittaristo/texts/` (`fi.toml`, `sv.toml`,
`en.toml`), shipped inside the package so an installed copy finds them. TOML, read by the
standard library's `tomllib`: it is strict (a stray quote is an error with a line number, not
a silently different text), it has none of YAML's coercions (`no`, `on`, `1.10` stay text,
which matters for a catalog of short Swedish and Finnish words) and it has comments for
translators. gettext `.po` was the other candidate; it keys texts by their English wording and
needs a compile step, while the code here names texts by stable keys.

`t(key, lang, **fields)` formats a text: top-level keys are plain (`t("app_title", "sv")`),
tables give dotted keys (`[sentence] no_data` is `sentence.no_data`), and a table of CLDR
plural forms (`{ one = …, other = … }`) is one plural text whose form the field `n` picks
(Finnish, Swedish and English all use *one* for exactly 1 and *other* for the rest). `n` is
always a count and is shown like every number (`1 234` in Finnish); other fields are filled in
as given, so numbers, dates and periods are formatted by the caller with mittaristo.formatting. An
unknown key, an unknown language or a missing field is an error, never a silent fallback:
the tests ask for every key in all three languages with the same placeholders. The files are
parsed once per process.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

LANGS = ("fi", "sv", "en")

# CLDR plural categories of each language (cardinals): one = integer 1, other = the rest.
PLURAL_FORMS: dict[str, tuple[str, ...]] = {lang: ("one", "other") for lang in LANGS}
_CLDR_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})
COUNT_FIELD = "n"  # the field that picks the plural form

STATUS_KEYS = (
    "achieved",
    "on_track",
    "too_slow",
    "off_track",
    "missed",
    "no_clear_change",
    "not_assessable",
    "not_reported",
    "no_data",
    "pending",
    "reported",
)

Text = str | Mapping[str, str]  # a text, or its plural forms by CLDR category


class CatalogError(ValueError):
    """A text file that breaks the catalog's rules (names the file and the key)."""


class UnknownTextError(KeyError):
    """`t()` was asked for a key that no catalog has: a bug, caught by the tests."""


def _flatten(table: Mapping[str, object], prefix: str, where: str) -> dict[str, Text]:
    """Nested TOML tables → dotted keys; a table with an `other` key is a plural text."""
    flat: dict[str, Text] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, str):
            flat[key] = value
        elif isinstance(value, dict) and "other" in value:
            if not set(value) <= _CLDR_CATEGORIES or not all(
                isinstance(v, str) for v in value.values()
            ):
                raise CatalogError(f"{where}: {key}: plural forms must be CLDR categories of text")
            flat[key] = MappingProxyType(dict(value))
        elif isinstance(value, dict):
            flat |= _flatten(value, f"{key}.", where)
        else:
            raise CatalogError(f"{where}: {key}: expected text, got {type(value).__name__}")
    return flat


@cache
def catalog(lang: str) -> Mapping[str, Text]:
    """Every text of `lang` by key (parsed once; read-only)."""
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}: expected fi, sv or en")
    source = resources.files("mittaristo") / "texts" / f"{lang}.toml"
    where = f"mittaristo/texts/{lang}.toml"
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{where}: {exc}") from exc
    return MappingProxyType(_flatten(data, "", where))


def plural_category(n: object, lang: str) -> str:
    """CLDR cardinal category of a count: `one` for exactly 1 in fi/sv/en, else `other`."""
    if isinstance(n, bool) or not isinstance(n, int | float):
        raise TypeError(f"the count {COUNT_FIELD}={n!r} must be a number")
    return "one" if n == 1 and float(n).is_integer() else "other"


def placeholders(text: str) -> set[str]:
    """The field names a text fills in: `"{n} riviä ({town})"` → {"n", "town"}."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def t(key: str, lang: str = "fi", **fields: object) -> str:
    """The text `key` in `lang` with `{fields}` filled in (`n` also picks the plural form)."""
    entry = catalog(lang).get(key)
    if entry is None:
        raise UnknownTextError(f"no text {key!r} in the catalog (mittaristo/texts/{lang}.toml)")
    if not isinstance(entry, str):
        if COUNT_FIELD not in fields:
            raise TypeError(f"text {key!r} is a plural: give the count as {COUNT_FIELD}=…")
        entry = entry[plural_category(fields[COUNT_FIELD], lang)]
    count = fields.get(COUNT_FIELD)
    if isinstance(count, int) and not isinstance(count, bool):
        # Imported here: mittaristo.formatting reads its month and period words from here.
        from mittaristo.formatting import format_number

        fields = {**fields, COUNT_FIELD: format_number(count, 0, lang)}  # 1 234 in fi/sv
    try:
        return entry.format_map(fields)
    except KeyError as exc:
        raise KeyError(f"text {key!r} needs the field {exc.args[0]!r}") from None


def normalize_lang(value: str | None) -> str:
    """A language code from a URL or a setting; anything unknown is Finnish (the default)."""
    return value if value in LANGS else "fi"


@cache
def _language_name(lang: str) -> str | None:
    """`language_name` as the file writes it, from that one line: the language selector names
    every language without parsing the other two catalogs (issue 17). The line is TOML, read by
    tomllib like the rest; None when it is not among the top-level keys."""
    source = resources.files("mittaristo") / "texts" / f"{lang}.toml"
    for line in source.read_text(encoding="utf-8").splitlines():
        stripped = line.lstrip()
        if stripped.startswith("["):  # the first table: top-level keys end here
            break
        if stripped.startswith("language_name") and "=" in stripped:
            name = tomllib.loads(stripped).get("language_name")
            return name if isinstance(name, str) else None
    return None


class _LangNames(Mapping[str, str]):
    """Each language's own name, as its file writes it (the language selector shows these)."""

    def __getitem__(self, lang: str) -> str:
        if lang not in LANGS:
            raise KeyError(lang)
        return _language_name(lang) or t("language_name", lang)

    def __iter__(self) -> Iterator[str]:
        return iter(LANGS)

    def __len__(self) -> int:
        return len(LANGS)


LANG_NAMES: Mapping[str, str] = _LangNames()
