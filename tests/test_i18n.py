"""The text catalog: every text in Finnish, Swedish and English with the same placeholders,
complete plural forms, errors for unknown keys, and no catalog left in the code."""

import ast
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from mittaristo.i18n import (
    LANG_NAMES,
    LANGS,
    PLURAL_FORMS,
    STATUS_KEYS,
    CatalogError,
    UnknownTextError,
    _flatten,
    catalog,
    normalize_lang,
    placeholders,
    t,
)
from mittaristo.presentation import STATUS_STYLES
from mittaristo.status import Status

ROOT = Path(__file__).resolve().parents[1]
ALL_KEYS = sorted(set().union(*(catalog(lang) for lang in LANGS)))


def _fields(entry) -> set[str]:
    """A text's placeholders; for a plural, those of its `other` form (the full set)."""
    return placeholders(entry if isinstance(entry, str) else entry["other"])


def test_the_three_languages_have_the_same_keys():
    keys = {lang: set(catalog(lang)) for lang in LANGS}
    for lang in LANGS:
        assert keys[lang] == keys["fi"], (
            f"{lang}: missing {keys['fi'] - keys[lang]}, extra {keys[lang] - keys['fi']}"
        )
    assert len(keys["fi"]) > 300


@pytest.mark.parametrize("key", ALL_KEYS)
def test_every_text_has_all_three_languages_with_the_same_placeholders(key):
    entries = {lang: catalog(lang)[key] for lang in LANGS}
    for lang, entry in entries.items():
        forms = [entry] if isinstance(entry, str) else list(entry.values())
        assert all(form.strip() for form in forms), f"{key} [{lang}] is empty"
    fields = {lang: _fields(entry) for lang, entry in entries.items()}
    assert fields["fi"] == fields["sv"] == fields["en"], f"{key}: placeholders differ {fields}"


@pytest.mark.parametrize("key", [k for k in ALL_KEYS if not isinstance(catalog("fi")[k], str)])
def test_plural_texts_have_every_form_of_each_language(key):
    for lang in LANGS:
        forms = catalog(lang)[key]
        assert not isinstance(forms, str), f"{key} is a plural in fi but not in {lang}"
        assert set(forms) == set(PLURAL_FORMS[lang]), f"{key} [{lang}]: forms {set(forms)}"
        full = placeholders(forms["other"])
        assert "n" in full, f"{key} [{lang}]: the `other` form must show the count"
        assert all(placeholders(form) <= full for form in forms.values())


def test_plural_form_follows_the_count():
    assert t("validate_invalid", "fi", n=1) == "Konfiguraatiossa on 1 virhe"
    assert t("validate_invalid", "fi", n=3) == "Konfiguraatiossa on 3 virhettä"
    assert t("validate_invalid", "en", n=1) == "1 problem in the configuration"
    assert t("validate_invalid", "en", n=0) == "0 problems in the configuration"
    assert t("validate_indicators", "sv", n=1) == "1 indikator"
    assert t("validate_indicators", "sv", n=12) == "12 indikatorer"


def test_plural_needs_its_count():
    with pytest.raises(TypeError, match="n="):
        t("validate_invalid", "fi")
    with pytest.raises(TypeError):
        t("validate_invalid", "fi", n="3")


def test_unknown_key_language_or_field_is_an_error():
    with pytest.raises(UnknownTextError, match="no_such_text"):
        t("no_such_text", "fi")
    with pytest.raises(ValueError, match="de"):
        t("app_title", "de")
    with pytest.raises(KeyError, match="reason"):
        t("error_generic", "fi")


def test_fields_are_filled_in():
    assert t("strategy_period", "sv", start=2022, end=2025) == "Strategiperiod 2022–2025"
    assert t("sentence.no_data", "en") == "There are no values for this indicator yet."
    assert t("source.pxweb", "fi") == "Tilastokeskus"
    assert normalize_lang("de") == "fi" and normalize_lang("sv") == "sv"
    assert LANG_NAMES == {"fi": "Suomi", "sv": "Svenska", "en": "English"}


def test_a_malformed_catalog_is_refused():
    with pytest.raises(CatalogError, match="plural"):
        _flatten({"x": {"one": "a", "other": "b", "sometimes": "c"}}, "", "test.toml")
    with pytest.raises(CatalogError, match="expected text"):
        _flatten({"x": 3}, "", "test.toml")
    assert _flatten({"a": {"b": "c"}}, "", "test.toml") == {"a.b": "c"}


def test_catalog_files_are_package_data():
    """Inside the package, read through importlib.resources: found after `pip install .`."""
    for lang in LANGS:
        assert (resources.files("mittaristo") / "texts" / f"{lang}.toml").is_file()


def test_every_status_has_label_symbol_and_colour():
    assert {s.value for s in Status} == set(STATUS_KEYS)
    for status in Status:
        style = STATUS_STYLES[status]
        assert style.symbol and style.colour.startswith("#")
        assert t(style.text_key, "fi") != t(style.text_key, "sv")
    assert len({style.symbol for style in STATUS_STYLES.values()}) == len(Status)


# ------------------------------------------------------------------ no catalog in code

CODE_DIRS = ("mittaristo", "loaders", "reports", "ui", "pages")
# The emulator imitates the official APIs' own (language-dependent) answers: not our texts.
NOT_OURS = ("loaders/emulator/",)


def _has_words(node: ast.AST) -> bool:
    """A literal with letters in it somewhere (a text, not a mark such as "," or a name)."""
    return any(
        isinstance(n, ast.Constant)
        and isinstance(n.value, str)
        and any(c.isalpha() for c in n.value)
        for n in ast.walk(node)
    )


def find_catalog_dicts(source: str) -> list[int]:
    """Lines of dict literals keyed by two or more language codes with texts as values."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Dict):
            langs = [
                v for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value in LANGS
            ]  # fmt: skip
            if len(langs) >= 2 and any(_has_words(v) for v in langs):
                found.append(node.lineno)
    return found


def test_the_catalog_check_finds_a_catalog_in_code():
    assert find_catalog_dicts('X = {"ok": {"fi": "Valmis", "sv": "Klar", "en": "Done"}}') == [1]
    assert find_catalog_dicts('X = {"fi": ("vähintään",), "sv": ("minst",)}') == [1]
    assert find_catalog_dicts('X = {"fi": (",", NBSP), "sv": (",", NBSP), "other": 1}') == []
    assert find_catalog_dicts('X = {"sv": area.name_sv, "en": area.name_en}') == []


def test_no_text_catalog_remains_in_code():
    files = [p for d in CODE_DIRS for p in (ROOT / d).rglob("*.py")] + [ROOT / "app.py"]
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in files
        if not str(path.relative_to(ROOT)).startswith(NOT_OURS)
        for line in find_catalog_dicts(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], f"texts belong in mittaristo/texts/*.toml: {offenders}"


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("status", list(Status))
def test_status_colours_have_enough_contrast_on_white(status):
    """WCAG 2.1 1.4.11: graphical objects need 3:1 against the background."""
    ratio = 1.05 / (_relative_luminance(STATUS_STYLES[status].colour) + 0.05)
    assert ratio >= 3.0, f"{status}: {ratio:.2f}"


def test_the_language_names_come_from_the_catalogs_without_parsing_the_other_two():
    """The selector names all three languages; a Finnish page parses only fi.toml (issue 17)."""
    code = (
        "from mittaristo.i18n import LANG_NAMES, catalog, t; t('app_title', 'fi');"
        "names = dict(LANG_NAMES); print(catalog.cache_info().currsize, sorted(names.items()))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=True).stdout.strip()  # fmt: skip
    assert out == "1 [('en', 'English'), ('fi', 'Suomi'), ('sv', 'Svenska')]"
    assert {lang: t("language_name", lang) for lang in LANGS} == dict(LANG_NAMES)
    with pytest.raises(KeyError):
        LANG_NAMES["de"]


def test_a_language_name_is_read_from_its_one_line(monkeypatch):
    """Not from every top-level key before the first table (most of a file: it parsed ~50 kB
    of sv.toml and en.toml each for three words, issue 17)."""
    import mittaristo.i18n as i18n

    parsed: list[str] = []
    real = i18n.tomllib.loads
    monkeypatch.setattr(i18n.tomllib, "loads", lambda text: parsed.append(text) or real(text))
    i18n._language_name.cache_clear()
    try:
        names = {lang: i18n._language_name(lang) for lang in LANGS}
    finally:
        i18n._language_name.cache_clear()
    assert names == {"fi": "Suomi", "sv": "Svenska", "en": "English"}
    assert parsed == [
        'language_name = "Suomi"',
        'language_name = "Svenska"',
        'language_name = "English"',
    ]
