"""Why a series failed, in the page's language (issue 15: loader errors were English on the
Data page): the real PxWeb loader against a local server gives each failure class its code,
the store keeps it with the English reason, and the Data page's table and the refresh panel
read it in Finnish and Swedish; the CLI keeps the English sentence."""

from __future__ import annotations

import pandas as pd
import pytest
from test_pxweb import NEW_11RE, MiniPxWeb, indicator, pxweb  # noqa: F401 - the fixture

from loaders.pxweb import fetch_indicators
from mittaristo import loaderrors, store
from mittaristo.loaderrors import describe, english, parse
from mittaristo.store import RefreshWriter
from ui.data_tables import FRESHNESS_COLUMNS, localized, problems_table


class FaultyPxWeb(MiniPxWeb):
    """11re as usual; `broken.px` answers 500, `garbled.px` answers with a non-JSON page."""

    def __call__(self, method: str, path: str, body: bytes):
        if path.endswith("/StatFin/broken.px"):
            return 500, {}, b"Internal Server Error"
        if path.endswith("/StatFin/garbled.px"):
            return 200, {}, b"<html>maintenance break</html>"
        return super().__call__(method, path, body)


EXPECTED = {  # indicator -> (code, fi, sv)
    "http": (
        loaderrors.HTTP_FAILED,
        "Lähde vastasi virheellä (HTTP 500) haettaessa StatFin/broken.px. Edelliset arvot ovat "
        "voimassa; päivitystä yritetään uudelleen.",
        "Källan svarade med ett fel (HTTP 500) när StatFin/broken.px hämtades. De tidigare "
        "värdena gäller; uppdateringen görs på nytt.",
    ),
    "gone": (
        loaderrors.TABLE_GONE,
        "Lähteessä ei ole enää taulukkoa tai tiedostoa StatFin/nope.px (HTTP 404). Mittarin "
        "lähde on päivitettävä tiedostoon indicators.yaml.",
        "Tabellen eller filen StatFin/nope.px finns inte längre i källan (HTTP 404). Mätarens "
        "källa ska uppdateras i indicators.yaml.",
    ),
    "typo": (
        loaderrors.CODE_MISSING,
        "Taulukossa StatFin/11re.px ei ole enää koodia vaestoo. Mittarin koodi on tarkistettava "
        "tiedostossa indicators.yaml.",
        "Tabellen StatFin/11re.px har inte längre koden vaestoo. Mätarens kod ska kontrolleras "
        "i indicators.yaml.",
    ),
    "garbled": (
        loaderrors.PARSE_ERROR,
        "Lähteen vastaus (StatFin/garbled.px) ei ollut odotetussa muodossa, joten arvoja ei "
        "tallennettu.",
        "Källans svar (StatFin/garbled.px) hade inte den väntade formen, så inga värden sparades.",
    ),
}


@pytest.fixture
def failed(pxweb, tmp_path):  # noqa: F811 - the imported fixture
    """The four failures as the real loader reports them and the store keeps them."""
    client, settings, _ = pxweb(FaultyPxWeb({"StatFin/11re.px": NEW_11RE}))
    inds = [
        indicator("http", "broken.px", "vaesto"),
        indicator("gone", "nope.px", "vaesto"),
        indicator("typo", "11re.px", "vaestoo"),
        indicator("garbled", "garbled.px", "vaesto"),
        indicator("ok", "11re.px", "vaesto"),
    ]
    outcomes = {o.indicator_id: o for o in fetch_indicators(client, settings, inds)}
    db = tmp_path / "stats.duckdb"
    with RefreshWriter(db, kind="refresh") as writer:
        results = {i: writer.write_outcome(o, "pxweb") for i, o in outcomes.items()}
        writer.finish()
    return outcomes, results, store.series_freshness(db)


def test_each_failure_class_has_its_code_and_the_english_reason(failed):
    outcomes, results, _ = failed
    assert outcomes["ok"].ok and outcomes["ok"].error_code is None
    for ind, (code, _, _) in EXPECTED.items():
        outcome = outcomes[ind]
        assert outcome.error_code == code, (ind, outcome.error)
        problem, text = parse(results[ind].error)
        assert problem is not None and problem.code == code
        assert text == outcome.error  # the English sentence is kept whole for the log
    assert "500" in outcomes["http"].error and "404" in outcomes["gone"].error
    assert "vaerak-vaesto" in outcomes["typo"].error  # what the table offers instead


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_data_pages_error_cells_read_in_the_pages_language(failed, lang):
    _, _, freshness = failed
    errors = freshness[freshness["last_error"].notna()]
    table = localized(
        errors, {"indicator_id": "data_col_indicator", "last_error": "data_col_error"}, lang
    )
    shown = dict(zip(table.iloc[:, 0], table.iloc[:, 1], strict=True))
    want = {ind: fi if lang == "fi" else sv for ind, (_, fi, sv) in EXPECTED.items()}
    assert shown == want
    full = localized(freshness, FRESHNESS_COLUMNS, lang)
    assert not any("HTTP 500 " in cell or "not JSON" in cell for cell in full.to_numpy().ravel())


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_the_refresh_panels_failures_read_in_the_pages_language(failed, lang):
    _, results, _ = failed
    problems = {i: r.error for i, r in results.items() if r.status != "ok"}
    table = problems_table(problems, {"gone": "Väestö"}, lang)
    rows = table.to_numpy().tolist()
    assert rows[1] == ["Väestö (gone)", EXPECTED["gone"][1 if lang == "fi" else 2]]
    assert [r[1] for r in rows] == [describe(problems[i], lang) for i in problems]


def test_the_cli_and_old_databases():
    text = loaderrors.stored(
        "StatFin/x.px: gone", loaderrors.TABLE_GONE, {"where": "x", "status": 404}
    )
    assert english(text) == "StatFin/x.px: gone"
    # a reason stored before the codes (or without a class) reads as the generic sentence
    assert describe("HTTP 503 from somewhere", "sv") == (
        "Serien kunde inte laddas. Den tekniska orsaken finns nedan."
    )
    assert english("HTTP 503 from somewhere") == "HTTP 503 from somewhere"
    with pytest.raises(ValueError, match="missing parameters"):
        loaderrors.stored("x", loaderrors.CODE_MISSING, {"where": "t"})


def test_the_status_command_prints_the_english_sentence():
    from loaders.commands.status import format_table

    frame = pd.DataFrame(
        {
            "last_error": [
                loaderrors.stored(
                    "t.px: HTTP 404", loaderrors.TABLE_GONE, {"where": "t", "status": 404}
                )
            ]
        }
    )
    out = format_table(frame, [("last_error", "last error")])
    assert "t.px: HTTP 404" in out and "@@" not in out
