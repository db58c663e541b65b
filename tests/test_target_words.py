"""Target levels as the documents word them → target kinds; schedules → years; a mittari's
wording → a catalog series only where the match is clear. Table tests from the seeds' wording."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mittaristo.config.load import load_config
from mittaristo.template.fields import Bad, read_schedule_years, schedule_years
from mittaristo.template.matching import match_indicator, same_word
from mittaristo.template.targets import (
    Unreadable,
    every_months_of,
    format_target,
    interpret_mittari,
    interpret_target,
)

ROOT = Path(__file__).resolve().parents[1]
CATALOG = load_config(ROOT).catalog.indicators

WORDS = [
    # (the wording, better, kind, fields, year)
    ("≥ 80 %", None, "at_least", {"value": 80.0}, None),
    ("Suositteletko… ≥ 80 % vuoteen 2025 mennessä", None, "at_least", {"value": 80.0}, 2025),
    ("vähintään 80 % (2025)", None, "at_least", {"value": 80.0}, 2025),
    (
        "Vähintään puolet päiväkodeista auditoitu vuoden 2022 aikana.",
        None,
        "at_least",
        {"value": 50.0},
        2022,
    ),
    (
        "Kaikki koulut on auditoitu vuoden 2022 loppuun mennessä",
        None,
        "at_least",
        {"value": 100.0},
        2022,
    ),
    ("alle 5 %", None, "at_most", {"value": 5.0}, None),
    ("enintään 1 500 € / asukas", None, "at_most", {"value": 1500.0}, None),
    ("enintään 2000", None, "at_most", {"value": 2000.0}, None),
    ("≤ −0,5 %", None, "at_most", {"value": -0.5}, None),
    ("80 %", "higher", "at_least", {"value": 80.0}, None),
    ("12 %", "lower", "at_most", {"value": 12.0}, None),
    ("laskeva", None, "direction", {"direction": "decrease"}, None),
    ("yksikkökustannus laskeva", None, "direction", {"direction": "decrease"}, None),
    ("kasvaa", None, "direction", {"direction": "increase"}, None),
    ("Työttömyysasteen lasku", None, "direction", {"direction": "decrease"}, None),
    (
        "kasvihuonekaasupäästöjen vähentäminen 2030 mennessä",
        None,
        "direction",
        {"direction": "decrease"},
        2030,
    ),
    ("paranee", "lower", "direction", {"direction": "decrease"}, None),
    ("sama tai matalampi kuin verrokeilla", None, "vs_peers", {"relation": "at_most"}, None),
    ("Nettomenojen kasvu ≤ verrokkikuntien", None, "vs_peers", {"relation": "at_most"}, None),
    ("sama tai korkeampi kuin verrokkikunnissa", None, "vs_peers", {"relation": "at_least"}, None),
    ("parempi kuin verrokeilla", "higher", "vs_peers", {"relation": "at_least"}, None),
    ("valmis 2023", None, "milestone", {}, 2023),
    ("valmis suunnitelma 2022", None, "milestone", {}, 2022),
    ("laadittu ja hyväksytty 31.12.2024", None, "milestone", {}, dt.date(2024, 12, 31)),
    ("kaikkia mittareita seurataan 3–6 kk välein", None, "followed", {"every_months": 3}, None),
    ("seurataan vuosittain", None, "followed", {"every_months": 12}, None),
    ("raportoidaan puolivuosittain", None, "followed", {"every_months": 6}, None),
    ("tavoitetaso asetetaan talousarviossa", None, "followed", {}, None),
    ("x kpl", None, "followed", {}, None),
    # Swedish
    ("minst 80 %", None, "at_least", {"value": 80.0}, None),
    ("minskar", None, "direction", {"direction": "decrease"}, None),
]


@pytest.mark.parametrize(("text", "better", "kind", "fields", "year"), WORDS)
def test_wording_to_target_kind(text, better, kind, fields, year):
    found = interpret_target(text, better)
    assert (found.kind, found.fields, found.year) == (kind, fields, year)


@pytest.mark.parametrize(
    ("text", "better", "hint"),
    [
        ("hyvä", None, "sheet.hint_target_words"),
        ("80 %", None, "sheet.hint_bare_number"),  # which way? only the series' direction says
        ("parempi kuin verrokeilla", None, "sheet.hint_better_unknown"),
        ("kuten verrokeilla", None, "sheet.hint_peer_relation"),
        ("kasvaa tai laskee", None, "sheet.hint_both_directions"),
        ("paranee", None, "sheet.hint_better_unknown"),
    ],
)
def test_unreadable_wording_says_what_to_write(text, better, hint):
    with pytest.raises(Unreadable) as exc:
        interpret_target(text, better)
    assert exc.value.hint == hint


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("at_least", {"value": 80.0}), ("at_most", {"value": 0.5}), ("at_most", {"value": 2000.0}),
        ("at_least", {"value": -12.25}), ("direction", {"direction": "increase"}),
        ("direction", {"direction": "decrease"}), ("vs_peers", {"relation": "at_most"}),
        ("vs_peers", {"relation": "at_least"}), ("followed", {}), ("followed", {"every_months": 6}),
        ("milestone", {"description": "Strategia 2030 laadittu (vaihe 2)"}),
        ("milestone", {"description": "Kaavoitus valmis", "done_on": dt.date(2024, 3, 1)}),
    ],
)  # fmt: skip
def test_the_canonical_wording_reads_back_exactly(kind, fields):
    found = interpret_target(format_target(kind, fields))
    assert (found.kind, found.fields, found.year) == (kind, fields, None)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mallin hyväksyminen päätöksenteossa", "milestone"),
        ("etätyöohjeistus", "milestone"),
        ("Viestintästrategia", "milestone"),
        ("laadittu ja vahvistettu tiedonhallintapolitiikka", "milestone"),
        ("Some-kanavat uudistettu", "milestone"),
        ("Perustettujen yritysten määrä", "followed"),
        ("Yrittäjyyskasvatuksen ehjä polku", "followed"),  # kasvatus is not kasvu
        ("Suunnitelmien määrä", "followed"),  # a count, not a deliverable
        ("Hinku-laskenta", "followed"),  # laskenta is not lasku
        ("Työttömyysasteen lasku", "direction"),
    ],
)
def test_a_mittari_without_a_target_level_takes_its_own_words(text, kind):
    assert interpret_mittari(text).kind == kind


def test_follow_up_interval_in_words():
    assert [every_months_of(x) for x in ("Vuosittain", "Vuosittainen seuranta", "3–6 kk välein",
            "neljännesvuosittain", "Majoitustilasto", None)] == [12, 12, 3, 3, None, None]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("2024", (2024, 2024)), ("2022–2023", (2022, 2023)), ("2022-", (2022, None)),
        ("2022–", (2022, None)), ("2022 alkaen", (2022, None)), ("v.2021-2025", (2021, 2025)),
        ("vuoden 2022 aikana", (None, 2022)), ("Vuoden 2022 loppuun mennessä", (None, 2022)),
        ("kevät 2022", (2022, 2022)), ("Master plan Kemi -hanke 2021 - 2023", (2021, 2023)),
        ("jatkuva", (None, None)), ("Vuosittainen prosessi", (None, None)),
    ],
)  # fmt: skip
def test_schedule_years(text, years):
    assert schedule_years(text) == years


def test_schedule_years_cell():
    assert [read_schedule_years(x) for x in ("2022–2023", "2022–", "–2023", "2024")] == [
        (2022, 2023), (2022, None), (None, 2023), (2024, 2024)]  # fmt: skip
    with pytest.raises(Bad):
        read_schedule_years("pian")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [("yritysten", "yritykset", True), ("määrät", "määrä", True), ("tietopyyntöjen", "tietopyynnöt", True),
     ("työttömyysasteen", "työttömyysaste", True), ("työpaikat", "työpaikkaomavaraisuus", False),
     ("kasvu", "kasvatus", False)],
)  # fmt: skip
def test_same_word_up_to_inflection(a, b, same):
    assert same_word(a, b) is same


@pytest.mark.parametrize(
    ("text", "kind", "result"),
    [
        ("Väkiluku", "clear", "vakiluku"),
        ("Asukasmäärä", "clear", "vakiluku"),  # an alias
        ("Työttömyysasteen lasku", "clear", "tyottomyysaste"),
        ("alle 25-v. työttömien osuus", "clear", "nuorisotyottomyys"),
        ("tietopyyntöjen määrät", "clear", "tietopyynnot"),
        ("Perustettujen yritysten määrä", "clear", "aloittaneet_yritykset"),
        ("Työpaikkaomavaraisuus", "clear", "tyopaikkaomavaraisuus"),  # not tyopaikat
        ("Yöpymisten lukumäärä seutukunnittain", "unclear", ("yopymiset",)),  # a qualifier left
        ("Hiilidioksidi (CO2) päästöjen kehitys.", "unclear", ("co2_paastot",)),
        ("kilpailukykyinen palkkaus", "none", None),
    ],
)
def test_catalog_match_only_when_clear(text, kind, result):
    match = match_indicator(text, CATALOG)
    assert match.kind == kind
    if kind == "clear":
        assert match.indicator == result
    elif kind == "unclear":
        assert match.indicator is None and match.candidates[: len(result)] == result


# --------------------------------------------------------------------------- no invented facts
# A level may be read from words as well as digits; this table is the whole of that reading
# (the product's interpretation, shown as such next to the quote).
LEVEL_WORDS = {
    0.0: ("poistaminen", "poistettu"),
    1.0: ("yksi", "yhden"),
    3.0: ("kolme",),
    50.0: ("puolet",),
    100.0: ("kaikki", "jokainen", "joka ", "mukainen", "kaikkien", "käyttöön"),
}


def _numbers(text: str) -> set[float]:
    import re

    found = re.findall(r"\d+(?:[ \u00a0]\d{3})*(?:,\d+)?", text)
    return {float(x.replace(" ", "").replace("\u00a0", "").replace(",", ".")) for x in found}


def _years(text: str | None) -> set[int]:
    import re

    return {int(y) for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", text or "")}


def _schedule_texts(goal, sub) -> str:
    acts = (sub.actions if sub is not None else []) + goal.actions
    return (
        " ".join(a.schedule.text or "" for a in acts if a.schedule)
        + " "
        + " ".join(x for x in ((sub.description if sub else None), goal.description) if x)
    )


def _unfounded(strategy) -> list[str]:
    """Targets whose level or year is neither in the document's words nor marked assumed."""
    out = []
    for goal, sub, use in strategy.indicator_uses():
        target = use.target
        if target.assumed:
            continue
        words = " ".join(x for x in (target.text, use.text, use.schedule) if x)
        by = getattr(target, "by", None)
        if by is not None:
            year = by if isinstance(by, int) else by.year
            if year not in _years(words) | _years(_schedule_texts(goal, sub)):
                out.append(f"{strategy.town}/{use.id}: year {year} not in the document's words")
        value = getattr(target, "value", None)
        if value is not None:
            low = words.lower()
            named = any(w in low for w in LEVEL_WORDS.get(float(value), ()))
            if float(value) not in _numbers(words) and not named:
                out.append(f"{strategy.town}/{use.id}: level {value} not in the document's words")
    return out


@pytest.mark.parametrize("town", sorted(load_config(ROOT).strategies))
def test_every_level_and_year_is_quoted_or_marked_assumed(town):
    strategy = load_config(ROOT).strategies[town]
    assert _unfounded(strategy) == []


def test_target_counts_add_up_from_the_configuration():
    from mittaristo.presentation import target_counts

    strategy = load_config(ROOT).strategies["heinola"]
    counts = target_counts(strategy)
    uses = [u for _, _, u in strategy.indicator_uses()]
    assert counts["targets"] == len(uses)
    assert counts["quoted"] == len([u for u in uses if u.target.text])
    # the Suositteletko target quotes 80 % and has no year: quoted and interpreted, not assumed
    assert counts["assumed"] == 0 < counts["quoted"] <= counts["targets"]
    directions = [u for u in uses if u.target.kind == "direction"]
    assert len(directions) >= 7 and counts["interpreted"] >= len(directions) + 1
