"""One value, one string: the chart's hover text, the table alternative's cell, the status
sentence and the PDF report's line show a value exactly alike (issue 10's acceptance).

The series are made here (a known latest value per mittari) and run through the real
scorecard, chart, table and PDF writer of the repository's configuration.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from mittaristo.charts import indicator_figure
from mittaristo.config.load import load_config
from mittaristo.i18n import t
from mittaristo.scorecard import build_scorecard
from mittaristo.tables import as_text, indicator_table
from reports.context import ReportContext
from reports.pdf_report import write_pdf

ROOT = Path(__file__).resolve().parents[1]
CONFIG = load_config(ROOT)
TODAY = dt.date(2026, 3, 1)
NBSP = "\u00a0"

# (town, mittari, latest value, its string per language)
CASES = [
    ("kemi", "ek-ev-yritysymparisto-tyottomyysaste", 7.9,
     {"fi": f"7,9{NBSP}%", "sv": f"7,9{NBSP}%", "en": "7.9%"}),
    ("heinola", "toimintakate", -12795.0,
     {"fi": f"\u221212{NBSP}795{NBSP}€/asukas", "sv": f"\u221212{NBSP}795{NBSP}€/invånare",
      "en": "\u2212€12,795/resident"}),
]  # fmt: skip


def _scorecard_row(town: str, use_id: str, latest: float):
    """The mittari's row, its series rising to `latest` in 2024 (2015–2024 yearly)."""
    strategy = CONFIG.strategies[town]
    use = next(u for _, _, u in strategy.indicator_uses() if u.id == use_id)
    values = [latest * (1 + 0.02 * (2024 - year)) for year in range(2015, 2024)] + [latest]
    frame = pd.DataFrame(
        {
            "indicator_id": use.indicator,
            "region": strategy.municipality,
            "period": [str(y) for y in range(2015, 2025)],
            "value": values,
        }
    )
    row = next(r for r in build_scorecard(CONFIG, town, frame, TODAY) if r.use.id == use_id)
    return strategy, row, frame


def _pdf_text(town: str, row, frame, lang: str, tmp_path: Path) -> str:
    """The review report of this one mittari (no chart), as pypdf reads it back."""
    from pypdf import PdfReader

    ctx = ReportContext(
        CONFIG, CONFIG.strategies[town], town, lang, TODAY, [row], frame, "live", {}, {}, set(),
        [], None, None,
    )  # fmt: skip
    out = tmp_path / f"report-{lang}.pdf"
    write_pdf(ctx, {}, out)
    return "\n".join(page.extract_text() for page in PdfReader(str(out)).pages)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
@pytest.mark.parametrize(("town", "use_id", "latest", "expected"), CASES)
def test_chart_table_sentence_and_pdf_show_the_same_string(
    town, use_id, latest, expected, lang, tmp_path
):
    strategy, row, frame = _scorecard_row(town, use_id, latest)
    want = expected[lang]
    town_name = strategy.name.get(lang)

    fig = indicator_figure(
        row, frame, town_name=town_name, peers=strategy.peers, start_year=2022, lang=lang
    )
    trace = next(tr for tr in fig.data if tr.name == town_name)
    hover = trace.customdata[-1]
    assert list(hover) == ["2024", want]
    assert "%{customdata[1]}" in trace.hovertemplate

    table = indicator_table(row, frame, town_name=town_name, peers=strategy.peers, lang=lang)
    cell = as_text(table, row.indicator, lang)[town_name].iloc[-1]
    assert cell == want

    sentence = row.assessment.explanation[lang]
    assert f"{want} (2024)" in sentence

    text = _pdf_text(town, row, frame, lang, tmp_path)
    line = f"{t('col_latest', lang)}: {want} (2024)"
    # pypdf gives the no-break space back as a plain space: compare the PDF's text that way
    assert line.replace(NBSP, " ") in text.replace(NBSP, " ")
    assert sentence.replace(NBSP, " ")[:40] in " ".join(text.replace(NBSP, " ").split())
