"""Every UI text exists in Finnish, Swedish and English, and every status has a label."""

import re

import pytest

from mittaristo.i18n import LANGS, STATUS_KEYS, TEXTS, normalize_lang, t
from mittaristo.presentation import STATUS_STYLES
from mittaristo.status import Status


@pytest.mark.parametrize("key", sorted(TEXTS))
def test_every_text_has_all_three_languages(key):
    entry = TEXTS[key]
    assert set(entry) == set(LANGS), key
    assert all(entry[lang].strip() for lang in LANGS)
    fields = {lang: set(re.findall(r"{(\w+)}", entry[lang])) for lang in LANGS}
    assert fields["fi"] == fields["sv"] == fields["en"], f"{key}: placeholders differ {fields}"


def test_every_status_has_label_symbol_and_colour():
    assert {s.value for s in Status} == set(STATUS_KEYS)
    for status in Status:
        style = STATUS_STYLES[status]
        assert style.symbol and style.colour.startswith("#")
        assert t(style.text_key, "fi") != t(style.text_key, "sv")
    assert len({style.symbol for style in STATUS_STYLES.values()}) == len(Status)


def test_text_formatting_and_language_fallback():
    assert t("strategy_period", "sv", start=2022, end=2025) == "Strategiperiod 2022–2025"
    assert normalize_lang("de") == "fi" and normalize_lang("sv") == "sv"


def _relative_luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("status", list(Status))
def test_status_colours_have_enough_contrast_on_white(status):
    """WCAG 2.1 1.4.11: graphical objects need 3:1 against the background."""
    ratio = 1.05 / (_relative_luminance(STATUS_STYLES[status].colour) + 0.05)
    assert ratio >= 3.0, f"{status}: {ratio:.2f}"
