"""Property test: the status sentence never contradicts its numbers (issue 13, item 7).

Thousands of generated cases (yearly, quarterly and monthly series; noise, trends, blips,
gaps, withheld values; every numeric target kind; deadlines passed or not; peer medians with
holes) go through `assess`. In every language each number of the sentence must be one of the
verdict's facts as shown, every comparison word must agree with the numbers next to it
("riittää" only next to a projection that meets the target, "laskenut" only when the newest
value is below the baseline, "alle" only next to a smaller number…), periods are words, never
codes, and a withheld newest value is named.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mittaristo.config.model import DirectionTarget, PeerTarget, ValueTarget
from mittaristo.formatting import format_date, format_number, format_period, round_half_up
from mittaristo.i18n import t
from mittaristo.status import Assessment, Point, assess

LANGS = ("fi", "sv", "en")
UNITS = ("%", "", "€", "henkeä")
EXAMPLES = 2000

# ---------------------------------------------------------------- generated cases


@st.composite
def cases(draw) -> dict:
    frequency = draw(st.sampled_from(("yearly",) * 6 + ("quarterly", "monthly", "irregular")))
    per_year = {"yearly": 1, "irregular": 1, "quarterly": 4, "monthly": 12}[frequency]
    decimals = draw(st.integers(0, 2))
    start = draw(st.integers(2008, 2022))
    short = draw(st.sampled_from((False,) * 9 + (True,)))  # now and then too few values
    n = draw(
        st.integers(0, 3) if short else st.integers(4, 14) if per_year == 1 else st.integers(12, 60)
    )
    level = draw(st.floats(-500, 500, allow_nan=False))
    slope = draw(st.sampled_from((0.0, 0.0, 0.5, -0.5, 2.0, -2.0, 10.0, -10.0)))
    noise = draw(st.sampled_from((0.0, 0.04, 0.3, 1.0, 5.0, 40.0)))
    seed = draw(st.integers(0, 10_000))
    values = _values(n, level, slope / per_year, noise, seed, decimals + draw(st.integers(0, 1)))
    series = _series(values, start, per_year, draw(st.integers(0, 3)), seed)
    last_year = start + max(n - 1, 0) // per_year
    target, peer_median = _target(draw, level, slope, noise, last_year, series)
    today = date(last_year + 1, draw(st.integers(1, 12)), 1)
    if draw(st.sampled_from((False,) * 4 + (True,))):  # now and then the next value is overdue
        today = date(last_year + draw(st.integers(2, 4)), 6, 1)
    return {
        "target": target,
        "series": series,
        "better": "higher",
        "adoption": date(draw(st.integers(start, start + 3)), 12, 13),
        "period_end_year": last_year + draw(st.integers(-1, 3)),
        "today": today,
        "frequency": frequency,
        "lag_months": draw(st.sampled_from((2, 4, 6, 12, 24))),
        "decimals": decimals,
        "unit": draw(st.sampled_from(UNITS)),
        "peer_median": peer_median,
    }


def _values(n: int, level: float, slope: float, noise: float, seed: int, digits: int) -> list:
    """Deterministic pseudo-noise (a linear congruential walk), one blip now and then."""
    out, state = [], seed
    for i in range(n):
        state = (state * 1103515245 + 12345) % 2**31
        wobble = (state / 2**31 - 0.5) * 3.4 * noise
        if state % 23 == 0:
            wobble *= 6  # a blip
        out.append(round(level + slope * i + wobble, digits))
    return out


def _series(values: list, start: int, per_year: int, holes: int, seed: int) -> list[Point]:
    points = []
    for i, value in enumerate(values):
        year, index = start + i // per_year, i % per_year + 1
        period = (
            str(year)
            if per_year == 1
            else f"{year}{'Q' if per_year == 4 else 'M'}{index:0{1 if per_year == 4 else 2}d}"
        )
        missing = holes and (i * 7 + seed) % 11 < holes and i != 0
        withheld = holes == 3 and i == len(values) - 1
        if missing or withheld:
            points.append(Point(period, None, ".." if (withheld or i % 2) else None))
        else:
            points.append(Point(period, value))
    return points


def _target(draw, level, slope, noise, last_year, series):
    kind = draw(st.sampled_from(("at_least", "at_most", "direction", "vs_peers")))
    by = last_year + draw(st.integers(-2, 5))
    if kind == "direction":
        way = draw(st.sampled_from(("increase", "decrease")))
        return DirectionTarget(
            kind="direction", direction=way, by=by if draw(st.booleans()) else None
        ), None
    if kind == "vs_peers":
        relation = draw(st.sampled_from(("at_least", "at_most")))
        offset = draw(st.sampled_from((-2.0, -0.5, 0.0, 0.5, 2.0))) * (noise + 1)
        medians = {p.period: round(level + offset + 0.1 * i, 2) for i, p in enumerate(series)
                   if i % 5 != 3}  # fmt: skip
        return PeerTarget(
            kind="vs_peers", relation=relation, by=by if draw(st.booleans()) else None
        ), medians
    offset = draw(st.sampled_from((-3.0, -1.0, -0.2, 0.0, 0.2, 1.0, 3.0, 10.0))) * (noise + 1)
    value = round(level + slope * 3 + offset, draw(st.integers(0, 2)))
    return ValueTarget(kind=kind, value=value, by=max(1990, by)), None


# ---------------------------------------------------------------- reading a sentence back

NUMBER = {
    "fi": r"(?<![\d,.:])[−-]?\d+(?:\u00a0\d{3})*(?:,\d+)?(?![\d:])",
    "sv": r"(?<![\d,.:])[−-]?\d+(?:\u00a0\d{3})*(?:,\d+)?(?![\d:])",
    "en": r"(?<![\d.,:])[−-]?€?\d+(?:,\d{3})*(?:\.\d+)?(?![\d:])",
}
DATES = {
    "fi": r"\d{1,2}\.\d{1,2}\.\d{4}",
    "sv": r"\d{1,2}\.\d{1,2}\.\d{4}",
    "en": r"\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4}",
}
QUARTER = {"fi": r"\d\. neljännes", "sv": r"\d:[ae] kvartalet", "en": r"Q\d(?= \d{4})"}


def parse(text: str, lang: str) -> Decimal:
    """A number as the sentence shows it, back to a Decimal."""
    clean = text.replace("\u00a0", "").replace("−", "-").replace("€", "")
    clean = clean.replace(",", "") if lang == "en" else clean.replace(",", ".")
    return Decimal(clean)


def shown(value: float, decimals: int) -> Decimal:
    return round_half_up(value, decimals)


def fact_numbers(a: Assessment, options: dict) -> list[float]:
    """The verdict's numbers and the input values (the series is a fact too)."""
    f = a.facts
    values = [a.latest_value, a.baseline_value, a.target_value, a.peer_value]
    values += [p.value for p in options["series"]]
    values += [p["value"] for p in f.get("points") or ()]  # 12-month / 4-quarter means
    for key in ("latest", "latest_raw", "baseline", "target_year_value"):
        if f.get(key):
            values.append(f[key]["value"])
    for key in ("projection", "best_case"):
        values.append(f.get(key))
    if f.get("level"):
        values.append(f["level"]["value"])
    if f.get("peer") and f["peer"].get("town"):
        values.append(f["peer"]["town"]["value"])
    return [v for v in values if v is not None]


def fact_years(a: Assessment, options: dict) -> set[str]:
    years = {str(a.facts["target"]["year"]), str(options["period_end_year"])}
    for p in options["series"]:
        years.add(p.period[:4])
    return years


def strip_words(sentence: str, a: Assessment, options: dict, lang: str) -> str:
    """The sentence without its dates, period words, series phrases and source marks."""
    text = re.sub(DATES[lang], " ", sentence)
    text = re.sub(QUARTER[lang], " ", text)
    for key in ("month", "quarter"):
        text = text.replace(t(f"words.subject.{key}", lang), " ")
        text = text.replace(t(f"words.span.{key}", lang), " ")
        text = text.replace(t(f"words.subject.{key}", lang).capitalize(), " ")
    return text.replace("..", " ")


# (pattern, check) per language; NUM captures a shown number. `ctx` gives T, the relation,
# the decimals and the baseline.
N = r"(?P<{}>[−-]?€?[\d\u00a0.,]*\d)"
U = r"(?:%|\u00a0[^\s(,.;:]+)?"  # the unit after a number (none, %, or a no-break space and a word)


def _num(name: str) -> str:
    return N.format(name)


def meets(v: Decimal, target: Decimal, sign: int) -> bool:
    return sign * (v - target) >= 0


RULES = {
    "fi": [
        (rf"{_num('v')}{U} \([^)]*\) täyttää tavoitteen (?:vähintään|enintään) {_num('t')}", "meets v t"),
        (rf"{_num('v')}{U} \([^)]*\) on (?P<w>alle|yli) tavoitteen {_num('t')}", "side v t w"),
        (rf"nykyvauhdilla arvo on {_num('v')}{U} vuonna \d{{4}}, mikä (?P<neg>ei )?riitä", "projection"),
        (rf"{_num('v')}{U} täyttää (?:sen selvästi|yhä tavoitteen|tavoitteen selvästi)", "meets v T"),
        (rf"nykyvauhdilla arvo on {_num('v')}{U} vuonna \d{{4}}, mikä ei riitä", "fails v T"),
        (rf"taso ei täytä sitä: .*? on {_num('v')}", "fails v T"),
        (rf"{_num('v')}{U} \([^)]*\) täyttää yhä tavoitteen", "meets v T"),
        (rf"parhaassa tapauksessa \({_num('v')}", "fails v T"),
        (rf"(?P<verb>noussut|laskenut) lähtötasosta {_num('b')}{U} \([^)]*\) arvoon {_num('v')}", "moved"),
        (rf"{_num('v')}{U} \([^)]*\) on (?P<cmp>suurempi kuin|pienempi kuin|sama kuin) verrokkikuntien mediaani {_num('m')}", "peer"),
        (rf"saavutettiin: vuoden \d{{4}} (?:arvo|keskiarvo) oli {_num('v')}", "meets v T"),
        (rf"eikä tavoitetta \([^)]*\) saavutettu: vuoden \d{{4}} (?:arvo|keskiarvo) oli {_num('v')}", "fails v T"),
        (rf"(?:arvo|keskiarvo) {_num('v')}{U} oli (?P<w>alle|yli) tavoitteen", "side v T w"),
        (rf"arvo on heikentynyt: {_num('v')}", "weakened"),
        (r"täyttää tavoitteen .*?, ja niin täyttivät myös aiemmat arvot \((?P<v>[^)]*)\)", "all meet"),
    ],
    "sv": [
        (rf"{_num('v')}{U} \([^)]*\) uppfyller målet (?:minst|högst) {_num('t')}", "meets v t"),
        (rf"{_num('v')}{U} \([^)]*\) ligger (?P<w>under|över) målet {_num('t')}", "side v t w"),
        (rf"i nuvarande takt blir värdet {_num('v')}{U} år \d{{4}}, vilket (?P<neg>inte )?räcker", "projection"),
        (rf"{_num('v')}{U} uppfyller (?:det med god marginal|fortfarande målet|målet med god marginal)", "meets v T"),
        (rf"nu uppfyller [^,]*? {_num('v')}{U} det med god marginal", "meets v T"),
        (rf"uppfyller det inte: .*? är {_num('v')}", "fails v T"),
        (rf"{_num('v')}{U} \([^)]*\) uppfyller fortfarande målet", "meets v T"),
        (rf"ens i bästa fall med nuvarande utveckling \({_num('v')}", "fails v T"),
        (rf"(?:har|hade)(?: värdet)? (?P<verb>stigit|sjunkit) från utgångsläget {_num('b')}{U} \([^)]*\) till {_num('v')}", "moved"),
        (rf"{_num('v')}{U} \([^)]*\) är (?P<cmp>högre än|lägre än|lika med) jämförelsekommunernas median {_num('m')}", "peer"),
        (rf"^Målet \([^)]*\) nåddes: (?:värdet|medelvärdet) för \d{{4}} var {_num('v')}", "meets v T"),
        (rf"utan att målet \([^)]*\) nåddes: (?:värdet|medelvärdet) för \d{{4}} var {_num('v')}", "fails v T"),
        (rf"för \d{{4}} {_num('v')}{U} låg (?P<w>under|över) målet", "side v T w"),
        (rf"har värdet försämrats: {_num('v')}", "weakened"),
        (r"uppfyller målet .*?, och det gjorde också de tidigare värdena \((?P<v>[^)]*)\)", "all meet"),
    ],
    "en": [
        (rf"{_num('v')}{U} \([^)]*\) meets the target of (?:at least|at most) {_num('t')}", "meets v t"),
        (rf"{_num('v')}{U} \([^)]*\) is (?P<w>below|above) the target of {_num('t')}", "side v t w"),
        (rf"at the current pace the value is {_num('v')}{U} in \d{{4}}, which is (?P<neg>not )?enough", "projection"),
        (rf"so does [^,]*? {_num('v')}{U}, by more", "meets v T"),
        (rf"{_num('v')}{U} (?:still meets the target|meets the target by more|meets it by more)", "meets v T"),
        (rf"the level of recent years does not: .*? is {_num('v')}", "fails v T"),
        (rf"{_num('v')}{U} \([^)]*\) still meets it", "meets v T"),
        (rf"even at the best the current trend allows \({_num('v')}", "fails v T"),
        (rf"has (?:now )?(?P<verb>risen|fallen) from the baseline {_num('b')}{U} \([^)]*\) to {_num('v')}", "moved"),
        (rf"had (?P<verb>risen|fallen) from the baseline {_num('b')}{U} \([^)]*\) to {_num('v')}", "moved"),
        (rf"{_num('v')}{U} \([^)]*\) is (?P<cmp>above|below|equal to) the peer median of {_num('m')}", "peer"),
        (rf"was achieved: the (?:value|average) for \d{{4}} was {_num('v')}", "meets v T"),
        (rf"without reaching the target \([^)]*\): the (?:value|average) for \d{{4}} was {_num('v')}", "fails v T"),
        (rf"for \d{{4}} {_num('v')}{U} was (?P<w>below|above) the target", "side v T w"),
        (rf"the value has weakened: {_num('v')}", "weakened"),
        (r"meets the target of .*?, as did the earlier values \((?P<v>[^)]*)\)", "all meet"),
    ],
}  # fmt: skip
SIDE_WORDS = {"alle": -1, "yli": 1, "under": -1, "över": 1, "below": -1, "above": 1}
CMP_WORDS = {
    "suurempi kuin": 1, "pienempi kuin": -1, "sama kuin": 0, "högre än": 1, "lägre än": -1,
    "lika med": 0, "above": 1, "below": -1, "equal to": 0,
}  # fmt: skip
UP_WORDS = {"noussut", "stigit", "risen"}
# Words that claim a comparison: each occurrence must be explained by a rule above.
CLAIM_WORDS = {
    "fi": ("riitä", "täyttää", "noussut", "laskenut", "alle tavoitteen", "yli tavoitteen",
           "heikentynyt", "pienempi kuin", "suurempi kuin", "sama kuin"),
    "sv": ("räcker", "uppfyller", "stigit", "sjunkit", "under målet", "över målet", "försämrats",
           "högre än", "lägre än", "lika med"),
    "en": ("enough", "meets", "risen", "fallen", "below the target", "above the target",
           "weakened", "above the peer", "below the peer", "equal to the peer"),
}  # fmt: skip


def check_rules(a: Assessment, options: dict, sentence: str, lang: str) -> None:
    decimals = options["decimals"]
    target = options["target"]
    relation = getattr(target, "kind", None)
    relation = getattr(target, "relation", relation)
    sign = 1 if relation in ("at_least", "increase") else -1
    want = getattr(target, "direction", None)
    t_shown = shown(a.target_value, decimals) if a.target_value is not None else None
    explained: list[tuple[int, int]] = []
    for pattern, rule in RULES[lang]:
        for m in re.finditer(pattern, sentence):
            explained.append(m.span())
            context = (rule, sentence)
            if rule == "all meet":  # "(2022: 74, 2023: 75)": every earlier value meets the target
                entries = [e.rsplit(": ", 1)[1] for e in m.group("v").split(", ")]
                values = [parse(re.findall(NUMBER[lang], e)[0], lang) for e in entries]
                assert values and t_shown is not None, context
                assert all(meets(x, t_shown, sign) for x in values), context
                continue
            v = parse(m.group("v"), lang)
            if rule == "meets v t":
                assert meets(v, parse(m.group("t"), lang), sign), context
            elif rule == "side v t w":
                assert (v > parse(m.group("t"), lang)) == (SIDE_WORDS[m.group("w")] > 0), context
                assert v != parse(m.group("t"), lang), context
            elif rule == "side v T w":
                assert t_shown is not None and (v - t_shown) * SIDE_WORDS[m.group("w")] > 0, context
            elif rule == "meets v T":
                assert t_shown is not None and meets(v, t_shown, sign), context
            elif rule == "fails v T":
                assert t_shown is not None and not meets(v, t_shown, sign), context
            elif rule == "projection":
                assert t_shown is not None and meets(v, t_shown, sign) == (
                    m.group("neg") is None
                ), context
            elif rule == "moved":
                up = m.group("verb") in UP_WORDS
                assert (v > parse(m.group("b"), lang)) if up else (v < parse(m.group("b"), lang)), (
                    context
                )
            elif rule == "peer":
                diff = v - parse(m.group("m"), lang)
                assert ((diff > 0) - (diff < 0)) == CMP_WORDS[m.group("cmp")], context
            elif rule == "weakened":
                if want is None:
                    assert t_shown is not None and not meets(v, t_shown, sign), context
                else:
                    base = shown(a.baseline_value, decimals)
                    assert (v - base) * (1 if want == "increase" else -1) <= 0, context
    for word in CLAIM_WORDS[lang]:
        for m in re.finditer(re.escape(word), sentence):
            covered = any(lo <= m.start() and m.end() <= hi for lo, hi in explained)
            assert covered, (f"unchecked comparison word {word!r}", sentence)


def check_numbers(a: Assessment, options: dict, sentence: str, lang: str) -> None:
    decimals = options["decimals"]
    allowed = {format_number(v, decimals, lang) for v in fact_numbers(a, options)}
    years = fact_years(a, options)
    for date_text in re.findall(DATES[lang], sentence):
        assert date_text in fact_dates(a, options, lang), (date_text, sentence)
    text = strip_words(sentence, a, options, lang)
    for token in re.findall(NUMBER[lang], text):
        plain = token.replace("€", "")
        assert plain in allowed or token in years or plain in {"12"}, (
            token,
            sorted(allowed),
            sentence,
        )


def fact_dates(a: Assessment, options: dict, lang: str) -> set[str]:
    out = set()
    for key in ("due",):
        if a.facts.get(key):
            out.add(format_date(date.fromisoformat(a.facts[key]), lang))
    return out


def check_periods(a: Assessment, options: dict, sentence: str, lang: str) -> None:
    assert not re.search(r"\d{4}[MQ]\d", sentence), sentence  # periods in words, never codes
    withheld = a.facts.get("withheld")
    if withheld and a.facts.get("latest_raw"):
        assert format_period(withheld["period"], lang) in sentence, sentence
        if withheld["symbol"]:
            assert withheld["symbol"] in sentence, sentence


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])  # fmt: skip
@given(cases())
def test_every_number_and_comparison_word_agrees_with_the_facts(options: dict) -> None:
    a = assess(**options)
    for lang in LANGS:
        sentence = a.explanation[lang]
        check_periods(a, options, sentence, lang)
        check_numbers(a, options, sentence, lang)
        check_rules(a, options, sentence, lang)


def test_the_checker_catches_a_contradiction() -> None:
    """The checks above can fail: a sentence saying 'enough' below the target is refused."""
    options = {
        "target": ValueTarget(kind="at_least", value=60, by=2025), "better": "higher",
        "series": [Point(str(2016 + i), v) for i, v in enumerate(
            (55, 55.4, 55.1, 55.8, 56.2, 56.9, 57.4, 58.0, 58.6))],
        "adoption": date(2021, 12, 13), "period_end_year": 2025, "today": date(2025, 6, 1),
        "frequency": "yearly", "lag_months": 4, "decimals": 1, "unit": "%",
    }  # fmt: skip
    a = assess(**options)
    good = a.explanation["fi"]
    check_rules(a, options, good, "fi")
    bad = good.replace("mikä ei riitä", "mikä riitä")
    assert bad != good
    try:
        check_rules(a, options, bad, "fi")
    except AssertionError:
        pass
    else:
        raise AssertionError("a contradiction went unnoticed")
    bad_number = good.replace("59,1", "59,7")
    try:
        check_numbers(a, options, bad_number, "fi")
    except AssertionError:
        return
    raise AssertionError("a number that is no fact went unnoticed")
