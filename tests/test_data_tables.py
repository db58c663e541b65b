"""The Data page's tables read in the user's language (issue 15 point 3): no English run
messages, no raw codes, numbers and times by mittaristo.formatting, cells never cut."""

from __future__ import annotations

import pandas as pd

from mittaristo import loaderrors
from mittaristo.formatting import NBSP
from ui.data_tables import FRESHNESS_COLUMNS, RUN_COLUMNS, localized, run_message


def test_run_messages_in_the_readers_language():
    assert run_message("30/30 series loaded", "fi") == "30/30 sarjaa ladattu"
    assert run_message("30/30 series loaded", "sv") == "30/30 serier laddade"
    assert (
        run_message("28/30 series loaded; failed: vaesto, tyottomyysaste", "fi")
        == "28/30 sarjaa ladattu; epäonnistui: vaesto, tyottomyysaste"
    )
    assert (
        run_message("1234 rows from arvot.csv", "fi") == f"1{NBSP}234 riviä tiedostosta arvot.csv"
    )
    assert run_message("1 rows from a.xlsx", "sv") == "1 rad från filen a.xlsx"
    assert run_message("12 Sotkanet regions from alueet.json", "en") == (
        "12 Sotkanet regions from alueet.json"
    )
    assert run_message("something else", "fi") == "something else"


def test_codes_in_words_counts_grouped_and_long_errors_whole():
    error = loaderrors.stored(
        "HTTP 503 from https://pxdata.stat.fi/PxWeb/api/v1/fi/StatFin/tyokay/115b.px after 3 tries",
        loaderrors.HTTP_FAILED,
        {"where": "StatFin/tyokay/115b.px", "status": 503},
    )
    fresh = pd.DataFrame(
        {
            "indicator_id": ["tyottomyysaste", "tuntematon"], "source": ["pxweb", "demo"],
            "last_status": ["ok", "failed"], "n_rows": [142992, 5], "last_error": [None, error],
            "release_time": ["2026-04-21", None], "last_period": ["2025M12", "2025"],
        }
    )  # fmt: skip
    out = localized(fresh, FRESHNESS_COLUMNS, "fi", {"tyottomyysaste": "Työttömien osuus"})
    first, second = out.iloc[0].tolist(), out.iloc[1].tolist()
    assert first[0] == "Työttömien osuus (tyottomyysaste)" and second[0] == "tuntematon"
    assert first[1] == "Tilastokeskus" and second[1] == "Demoaineisto (emulaattori)"
    assert second[2] == "epäonnistui"
    assert f"142{NBSP}992" in first and "21.4.2026" in first and "joulukuu 2025" in first
    assert loaderrors.describe(error, "fi") in second  # in Finnish, whole, not cut
    assert (
        "Lähde vastasi virheellä (HTTP 503) haettaessa StatFin/tyokay/115b.px. Edelliset arvot "
        "ovat voimassa; päivitystä yritetään uudelleen."
    ) in second
    runs = pd.DataFrame(
        {"run_id": [2], "kind": ["refresh"], "status": ["partial"], "n_ok": [29], "n_failed": [1],
         "n_rows_new": [465827], "message": ["29/30 series loaded; failed: vaesto"]}
    )  # fmt: skip
    row = localized(runs, RUN_COLUMNS, "sv").iloc[0].tolist()
    assert row[1:3] == ["uppdatering", "delvis"] and f"465{NBSP}827" in row
    assert row[-1] == "29/30 serier laddade; misslyckades: vaesto"
