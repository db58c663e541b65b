"""Every dashboard page in Streamlit's AppTest against the demo database of the shipped config.

Expected values are computed here from the database itself (plain duckdb SQL) and formatted with
the app's own formatting function, so a page that shows the wrong series, the wrong period or the
wrong status fails; chart assertions read the plotly figure the page sends to the browser.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import statistics
import time
from html.parser import HTMLParser
from pathlib import Path

import duckdb
import pytest
from apptest_helpers import app_environment, open_page
from streamlit.testing.v1 import AppTest

from mittaristo import store
from mittaristo.config.load import load_config
from mittaristo.formatting import format_indicator_value as format_value
from mittaristo.formatting import format_percent, format_period
from mittaristo.i18n import t
from mittaristo.presentation import STATUS_STYLES, status_label, target_text
from mittaristo.scorecard import build_scorecard, goal_rollups, regions_needed
from ui.auth import not_configured_text

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
CONFIG = load_config(ROOT)
TOWNS = sorted(CONFIG.strategies)
PAGES = (
    "pages/overview.py",
    "pages/indicator.py",
    "pages/compare.py",
    "pages/actions.py",
    "pages/review.py",
    "pages/data.py",
    "pages/method.py",
)
# Kemi's one mittari with a numeric target: accumulated deficit per resident, at least 0 €.
VALUE_TARGET = ("kemi", "ek-kv-kuntatalous-alijaama")
# Heinola's sickness index: a direction target (falls), one decimal, peers and country in the DB.
DIRECTION_TARGET = ("heinola", "hyvinvointi-indeksi")


# ---------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module", autouse=True)
def app_env(demo_db, tmp_path_factory):
    """The app reads the demo database; caches are shared in-process, so start and end clean."""
    with app_environment(demo_db, tmp_path_factory.mktemp("edits") / "edits.duckdb"):
        yield demo_db


def open_app(page: str | None = None, **params: str) -> AppTest:
    """Run the app with these query parameters; then switch to `page` if given."""
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    if page:
        at.switch_page(page).run()
        assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def figures(at: AppTest) -> dict[str, dict]:
    return {el.key: json.loads(el.proto.spec) for el in at.get("plotly_chart")}


def traces(fig: dict) -> dict[str, dict]:
    return {trace.get("name"): trace for trace in fig["data"]}


class _Tables(HTMLParser):
    """Rows of every <table> in an HTML fragment as lists of cell texts (th and td)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def table_rows(fragment: str) -> list[list[str]]:
    parser = _Tables()
    parser.feed(fragment)
    return parser.rows


def nospace(text: str) -> str:
    return "".join(text.split())


def plain(html: str) -> str:
    """The visible text of an HTML fragment (tags dropped, entities kept as typed)."""
    return re.sub(r"<[^>]+>", "", html)


def db_points(db: Path, indicator_id: str, region: str) -> list[tuple[str, float]]:
    """(period, value) of one single-dimension series straight from the database."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT period, value FROM indicator_observations "
            "WHERE indicator_id = ? AND region = ? AND value IS NOT NULL ORDER BY period",
            [indicator_id, region],
        ).fetchall()
    periods = [p for p, _ in rows]
    assert len(periods) == len(set(periods)), f"{indicator_id}/{region} has several dimensions"
    return rows


def multi_dimension_indicators(db: Path) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute(
            "SELECT indicator_id FROM indicator_observations GROUP BY indicator_id "
            "HAVING count(DISTINCT dimensions) > 1"
        ).fetchall()
    return {r[0] for r in rows}


def expected_scorecard(db: Path, town: str):
    strategy = CONFIG.strategies[town]
    ids = sorted({use.indicator for _, _, use in strategy.indicator_uses() if use.indicator})
    frame = store.series_for_indicators(db, ids, regions_needed(strategy))
    return build_scorecard(CONFIG, town, frame, dt.date.today())


def find_row(rows: list[list[str]], text: str) -> list[str]:
    hits = [r for r in rows if r and r[0].startswith(text)]
    assert hits, f"no scorecard row for {text!r}"
    return hits[0]


def walk(node):
    """Every element of an AppTest tree in document order."""
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for key in sorted(children):
        yield from walk(children[key])


_HTML_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)


def headings(at: AppTest) -> list[tuple[int, str]]:
    """Every heading of the page in document order, (level, text): Streamlit's title, header
    and subheader elements and the headings written in a markdown block's HTML (the
    overview's goals, ui.components.goal_section_html)."""
    levels = {"title": 1, "header": 2, "subheader": 3}
    found: list[tuple[int, str]] = []
    for el in walk(at.main):
        kind = getattr(el, "type", None)
        if kind in levels:
            found.append((levels[kind], el.value))
        elif kind == "markdown":
            found += [(int(n), html.unescape(text)) for n, text in _HTML_HEADING.findall(el.value)]
    return found


def heading_levels(at: AppTest) -> list[int]:
    return [level for level, _ in headings(at)]


def section_headings(at: AppTest) -> list[str]:
    """The texts of the page's level-2 headings, in order."""
    return [text for level, text in headings(at) if level == 2]


_GOAL_SECTION = re.compile(r'<details class="mtr-goal"( open)?><summary>(.*?)</summary>', re.S)


def goal_sections(at: AppTest) -> list[tuple[str, bool]]:
    """The overview's goal disclosures: (summary text, open at start)."""
    return [
        (html.unescape(label), bool(opened))
        for opened, label in _GOAL_SECTION.findall(markdown(at))
    ]


# ---------------------------------------------------------------- Yleiskuva


@pytest.mark.parametrize("town", TOWNS)
def test_overview_shows_every_goal_mittari_value_and_status(town, demo_db):
    strategy = CONFIG.strategies[town]
    at = open_app(kunta=town)
    assert [x.value for x in at.title] == [t("overview_title", "fi", town=strategy.name.fi)]
    headers = section_headings(at)
    html = markdown(at)
    assert t("demo_banner", "fi") in html and 'role="alert"' in html
    expected = expected_scorecard(demo_db, town)
    if not expected:  # Lieksa: no mittarit on purpose; its action programme's progress instead
        assert headers[0] == t("overview_actions_title", "fi")
        rows = table_rows(html)
        with_actions = list(dict.fromkeys(g.name.fi for g, _, _ in strategy.actions()))
        assert [r[0] for r in rows[1:]] == with_actions, rows
        return
    assert headers[: len(strategy.goals)] == [g.name.fi for g in strategy.goals]

    rows = table_rows(html)
    for row in expected:  # every mittari's text is in a scorecard table
        find_row(rows, row.use.text)

    skip = multi_dimension_indicators(demo_db)
    checked = 0
    for row in expected:
        if row.kind != "automatic" or row.indicator.id in skip:
            continue
        points = db_points(demo_db, row.indicator.id, strategy.municipality)
        cells = find_row(rows, row.use.text)
        if not points:  # a State Treasury series of a town without a sourced Y-tunnus
            assert cells[1] == "–", (row.use.id, cells)  # no value shown, none invented
            continue
        period, value = points[-1]
        shown = format_value(value, row.indicator, "fi")
        assert cells[1] == shown, (row.use.id, cells)
        assert cells[2] == format_period(period, "fi"), (row.use.id, cells)
        if row.indicator.decimals:
            assert "," in shown and "." not in shown.split()[0]
        assert nospace(status_label(row.status, "fi")) in nospace(cells[5]), (row.use.id, cells)
        checked += 1
    assert checked >= 1

    # The roll-up per goal: one badge per status, "N × text", never an average; the followed
    # mittarit (reported or not) apart from the targets with a level.
    rollups = [m.value for m in at.markdown if 'class="mtr-rollup"' in m.value]
    counts = goal_rollups(expected)
    goals = [g for g in strategy.goals if g.id in counts]
    assert len(rollups) == len(goals)
    for goal, fragment in zip(goals, rollups, strict=True):
        targets, _, followed = fragment.partition('class="mtr-rollup-followed"')
        for part, group in (
            (targets, counts[goal.id].targets),
            (followed, counts[goal.id].followed),
        ):
            for status, n in group.items():
                if n:
                    label = t(STATUS_STYLES[status].text_key, "fi")
                    assert f"{n} × {label}" in part, (goal.id, status)


def test_overview_decimal_comma_and_status_symbol_and_text(demo_db):
    """A one-decimal value shows a decimal comma; status is symbol + text + colour."""
    at = open_app(kunta="kemi")
    html = markdown(at)
    row = next(
        r for r in expected_scorecard(demo_db, "kemi")
        if r.use.id == "ek-ev-yritysymparisto-tyottomyysaste"
    )  # fmt: skip
    cells = find_row(table_rows(html), row.use.text)
    _, value = db_points(demo_db, "tyottomyysaste", "KU240")[-1]
    assert cells[1].startswith(f"{value:.1f}".replace(".", ",")), cells
    for status in {r.status for r in expected_scorecard(demo_db, "kemi")}:
        style = STATUS_STYLES[status]
        symbol = f'aria-hidden="true" style="color:{style.colour}">{style.symbol}</span>'
        assert symbol in html and t(style.text_key, "fi") in html  # colour never alone


def test_overview_in_swedish(demo_db):
    strategy = CONFIG.strategies["heinola"]
    at = open_app(kunta="heinola", lang="sv")
    assert at.title[0].value == t("overview_title", "sv", town=strategy.name.sv)
    headers = section_headings(at)
    assert headers[: len(strategy.goals)] == [g.name.sv for g in strategy.goals]
    html = markdown(at)
    assert t("demo_banner", "sv") in html and t("col_latest", "sv") in html
    statuses = {row.status for row in expected_scorecard(demo_db, "heinola")}
    for status in statuses:
        assert t(STATUS_STYLES[status].text_key, "sv") in html
        assert t(STATUS_STYLES[status].text_key, "fi") not in html
    # numbers the Swedish way too: decimal comma
    row = next(r for r in expected_scorecard(demo_db, "heinola") if r.use.id == DIRECTION_TARGET[1])
    period, value = db_points(demo_db, row.indicator.id, "KU111")[-1]
    assert format_value(value, row.indicator, "sv") in html
    assert f"{value:.1f}".replace(".", ",") in format_value(value, row.indicator, "sv")


# ---------------------------------------------------------------- Mittari


def test_deep_link_on_root_opens_the_indicator_with_value_target(demo_db):
    town, use_id = VALUE_TARGET
    strategy = CONFIG.strategies[town]
    row = next(r for r in expected_scorecard(demo_db, town) if r.use.id == use_id)
    at = open_app(kunta=town, mittari=use_id)  # the root URL: routed to the indicator page

    assert [x.value for x in at.title] == [row.use.text]
    assert at.selectbox(key="mittari").value == use_id
    assert at.query_params.get("mittari") == use_id and at.query_params.get("kunta") == town

    fig = figures(at)["indicator_chart"]
    by_name = traces(fig)
    points = db_points(demo_db, row.indicator.id, strategy.municipality)
    town_trace = by_name[strategy.name.fi]
    assert [y for y in town_trace["y"] if y is not None] == [v for _, v in points]
    assert town_trace["text"][-1] == points[-1][0]

    target = by_name["Tavoitetaso"]
    assert target["line"]["dash"] == "dash"
    assert row.use.target.value is not None
    assert target["y"] and all(y == row.use.target.value for y in target["y"])
    assert max(target["x"]) >= f"{row.use.target.by or strategy.period.end}-01-01"  # a date axis
    assert {t("trace_expected", "fi"), t("trace_baseline", "fi")} <= set(by_name)
    baseline = by_name[t("trace_baseline", "fi")]
    assert baseline["y"] == [row.assessment.baseline_value]
    # the newest value is of the target year: nothing left to project, no stub line
    assert (t("trace_projection", "fi") in by_name) == (
        int(row.assessment.latest_period[:4]) < (row.use.target.by or strategy.period.end)
    )

    # the status sentence: symbol + text, and the text summary of the chart
    html = markdown(at)
    assert nospace(status_label(row.status, "fi")) in nospace(plain(html))
    captions = [c.value for c in at.caption]
    assert any(c.startswith(t("chart_summary", "fi")) for c in captions)
    source = [c for c in captions if c.startswith("Lähde:")]
    assert source and row.indicator.license in source[0] and "Lisenssi" in source[0]
    assert "Julkaistu" in source[0] and "Haettu" in source[0]

    # table alternative = the chart's numbers; CSV download of it
    expander = next(e for e in at.expander if e.label == t("table_alternative", "fi"))
    table = expander.table[0].value
    shown = [format_value(v, row.indicator, "fi") for _, v in points]
    assert [c for c in table[strategy.name.fi] if c != "–"] == shown
    assert town_trace["customdata"][-1] == [format_period(points[-1][0], "fi"), shown[-1]]
    assert at.get("download_button")[0].label == t("download_csv", "fi")


def test_indicator_toggles_add_peer_median_and_country(demo_db):
    town, use_id = DIRECTION_TARGET
    strategy = CONFIG.strategies[town]
    at = open_app("pages/indicator.py", kunta=town)
    at.selectbox(key="mittari").set_value(use_id).run()
    assert not at.exception
    fig = figures(at)["indicator_chart"]
    names = set(traces(fig))
    indicator = CONFIG.catalog.by_id()["sairastavuusindeksi"]
    points = db_points(demo_db, indicator.id, strategy.municipality)
    town_trace = traces(fig)[strategy.name.fi]
    assert [y for y in town_trace["y"] if y is not None] == [v for _, v in points]
    assert t("trace_peer_median", "fi") not in names and t("trace_country", "fi") not in names

    at.toggle(key="show_peers").set_value(True).run()
    assert not at.exception and at.query_params.get("verrokit") == "1"
    by_name = traces(figures(at)["indicator_chart"])
    median = by_name[t("trace_peer_median", "fi")]
    last = points[-1][0]
    peer_values = [
        dict(db_points(demo_db, indicator.id, peer)).get(last) for peer in strategy.peers
    ]
    expected = statistics.median(v for v in peer_values if v is not None)
    assert median["y"][-1] == pytest.approx(expected)
    assert t("trace_peer_band", "fi") in by_name

    at.toggle(key="show_country").set_value(True).run()
    assert not at.exception and at.query_params.get("maa") == "1"
    country = traces(figures(at)["indicator_chart"])[t("trace_country", "fi")]
    assert [y for y in country["y"] if y is not None] == [
        v for _, v in db_points(demo_db, indicator.id, "SSS")
    ]
    table = next(e for e in at.expander if e.label == t("table_alternative", "fi")).table[0].value
    assert {t("trace_peer_median", "fi"), t("trace_country", "fi")} <= set(table.columns)


def test_toggles_from_the_link_are_on(demo_db):
    town, use_id = DIRECTION_TARGET
    at = open_app(kunta=town, mittari=use_id, verrokit="1", maa="1")
    names = set(traces(figures(at)["indicator_chart"]))
    assert {t("trace_peer_median", "fi"), t("trace_country", "fi")} <= names
    assert at.toggle(key="show_peers").value and at.toggle(key="show_country").value


def test_unknown_town_or_mittari_in_the_link_is_a_warning(demo_db):
    at = open_app(kunta="xyz")
    assert any("kunta" in w.value for w in at.warning)
    assert at.title[0].value == t("overview_title", "fi", town=CONFIG.strategies[TOWNS[0]].name.fi)

    at = open_app(kunta="kemi", mittari="ei-tallaista")
    assert any("mittari" in w.value for w in at.warning)
    first = expected_scorecard(demo_db, "kemi")[0]
    assert at.title[0].value == first.use.text


def test_page_and_language_from_the_link_and_the_sidebar(demo_db):
    at = open_app(kunta="kemi", sivu="tiedot")  # ?sivu= on the root opens that page
    assert at.title[0].value == t("data_title", "fi")
    at = open_app(kunta="kemi", sivu="vertailu", mittari=VALUE_TARGET[1], vertailu="kaikki")
    row = next(r for r in expected_scorecard(demo_db, "kemi") if r.use.id == VALUE_TARGET[1])
    assert at.title[0].value == t("compare_title", "fi", indicator=row.use.text)
    assert at.radio(key="compare_scope").value == "all"

    at = open_app(kunta="kemi")
    at.sidebar.selectbox(key="lang").set_value("sv").run()
    assert not at.exception and at.query_params.get("lang") == "sv"
    assert at.title[0].value == t("overview_title", "sv", town="Kemi")
    at.sidebar.selectbox(key="kunta").set_value("pieksamaki").run()
    assert at.query_params.get("kunta") == "pieksamaki"
    assert at.title[0].value == t("overview_title", "sv", town="Pieksämäki")


# ---------------------------------------------------------------- Vertailu


def test_compare_rank_sentence_and_highlighted_bar(demo_db):
    strategy = CONFIG.strategies["kemi"]
    use_id = "ek-ev-yritysymparisto-tyottomyysaste"
    indicator = CONFIG.catalog.by_id()["tyottomyysaste"]
    at = open_app("pages/compare.py", kunta="kemi")
    at.selectbox(key="compare_use").set_value(use_id).run()
    assert not at.exception

    # independent ranking: the town's latest period, municipalities (KU…) with a value
    with duckdb.connect(str(demo_db), read_only=True) as con:
        period = con.execute(
            "SELECT max(period) FROM indicator_observations "
            "WHERE indicator_id = ? AND region = ? AND value IS NOT NULL",
            [indicator.id, strategy.municipality],
        ).fetchone()[0]
        values = dict(
            con.execute(
                "SELECT region, value FROM indicator_observations WHERE indicator_id = ? "
                "AND period = ? AND region LIKE 'KU%' AND value IS NOT NULL",
                [indicator.id, period],
            ).fetchall()
        )
    from mittaristo.reference import municipality_codes

    today = set(municipality_codes())  # 308 today; a merged code is not ranked
    values = {code: v for code, v in values.items() if code in today}
    assert 0 < len(values) <= 308
    mine = values[strategy.municipality]
    sign = 1 if indicator.better == "lower" else -1
    rank = 1 + sum(1 for v in values.values() if sign * v < sign * mine)
    worse = sum(1 for v in values.values() if sign * v > sign * mine)
    pct = format_percent(100 * worse / len(values), 0, "fi")
    year = format_period(period, "fi")
    sentence = t("rank_sentence", "fi", town="Kemi", rank=rank, n=len(values), year=year, pct=pct)
    assert sentence in markdown(at)

    bar = figures(at)["ranking_chart"]["data"][0]
    colours = bar["marker"]["color"]
    highlight = [name for name, c in zip(bar["y"], colours, strict=True) if c == "#D55E00"]
    assert highlight == ["Kemi"], list(zip(bar["y"], colours, strict=True))
    assert len(bar["y"]) <= 1 + len(strategy.peers)  # the peer group by default

    at.radio(key="compare_scope").set_value("all").run()
    assert not at.exception and at.query_params.get("vertailu") == "kaikki"
    bar = figures(at)["ranking_chart"]["data"][0]
    assert len(bar["y"]) == len(values)
    at_kemi = bar["y"].index("Kemi")
    assert bar["x"][at_kemi] == mine
    assert sum(1 for x in bar["x"] if sign * x < sign * mine) == rank - 1

    lines = traces(figures(at)["towns_chart"])
    assert lines["Kemi"]["line"]["width"] > max(
        tr["line"]["width"] for name, tr in lines.items() if name != "Kemi"
    )
    assert [y for y in lines["Kemi"]["y"] if y is not None] == [
        v for _, v in db_points(demo_db, indicator.id, strategy.municipality)
    ]
    towns = figures(at)["towns_chart"]
    assert towns["layout"]["xaxis"]["type"] == "date"
    assert lines["Kemi"]["x"] == sorted(lines["Kemi"]["x"])
    for key in ("ranking_chart", "towns_chart"):
        notes = [a["text"] for a in figures(at)[key]["layout"]["annotations"]]
        assert any(indicator.name.get("fi") in n and "DEMO" in n for n in notes), (key, notes)


# ---------------------------------------------------------------- Tiedot


def test_data_page_freshness_load_log_and_refresh_button(demo_db):
    at = open_app("pages/data.py", kunta="kemi")
    assert at.title[0].value == t("data_title", "fi")
    headers = [h.value for h in at.header]
    assert t("freshness", "fi") in headers and t("load_log", "fi") in headers
    with duckdb.connect(str(demo_db), read_only=True) as con:
        n_series = con.execute(
            "SELECT count(DISTINCT indicator_id) FROM series_load WHERE indicator_id IS NOT NULL"
        ).fetchone()[0]
        n_runs = con.execute("SELECT count(*) FROM load_run").fetchone()[0]
    frames = [d.value for d in at.table]
    freshness = next(f for f in frames if t("data_col_fetched", "fi") in f.columns)
    assert len(freshness) == n_series
    assert t("data_col_release", "fi") in freshness.columns  # headers in the user's language
    assert any(len(f) == n_runs and t("data_col_run", "fi") in f.columns for f in frames)
    # the demo build (a refresh, run 1) shows its cell accounting in the load log, not "–"
    log = next(f for f in frames if t("data_col_run", "fi") in f.columns)
    build = log.loc[log[t("data_col_run", "fi")] == "1", t("data_col_cells", "fi")].iloc[0]
    assert build.startswith("luettu ") and " + yhdistetty tallennettuihin " in build, build
    # a viewer (no sign-in configured): no refresh button, one sentence on how to enable it
    assert not any(b.label == t("refresh_button", "fi") for b in at.button)
    assert not at.get("file_uploader")
    assert not_configured_text("fi", None) in [c.value for c in at.sidebar.caption]
    assert t("demo_banner", "fi") in markdown(at)


ADMIN_WORD = {"fi": "Ylläpitäjä ottaa sen käyttöön", "sv": "En administratör aktiverar den"}


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_without_sign_in_the_sidebar_says_how_to_enable_it_and_links_the_readme(lang, monkeypatch):
    assert "\n### Sign-in for editors\n" in (ROOT / "README.md").read_text(encoding="utf-8")
    # without MITTARISTO_DOCS_URL: the sentence names the README's section, no dead link
    monkeypatch.delenv("MITTARISTO_DOCS_URL", raising=False)
    at = open_app("pages/actions.py", kunta="kemi", lang=lang)
    hint = [c.value for c in at.sidebar.caption if ADMIN_WORD[lang] in c.value]
    named = f"{t('login_docs', lang)} (`README.md#sign-in-for-editors`)"
    assert hint == [t("login_not_configured", lang, docs=named)]
    assert ".streamlit/secrets.toml" in hint[0] and "](" not in hint[0]
    # with it: the section's label links base + '#sign-in-for-editors' (a given fragment dropped)
    monkeypatch.setenv("MITTARISTO_DOCS_URL", "https://git.kemi.example/mittaristo/README.md#x")
    at = open_app("pages/review.py", kunta="kemi", lang=lang)
    hint = [c.value for c in at.sidebar.caption if ADMIN_WORD[lang] in c.value]
    url = "https://git.kemi.example/mittaristo/README.md#sign-in-for-editors"
    assert hint == [t("login_not_configured", lang, docs=f"[{t('login_docs', lang)}]({url})")]


def test_only_a_signed_in_editor_gets_the_refresh_button(demo_db):
    from mittaristo import edits

    password, salt = "toimittajan salasana", "c0ffee"
    editors = {"password_sha256": edits.hash_password(password, salt), "salt": salt}
    at = open_page("pages/data.py", secrets={"editors": editors}, params={"kunta": "kemi"})
    assert not any(b.label == t("refresh_button", "fi") for b in at.button)
    assert t("refresh_editors_only", "fi") in [c.value for c in at.caption]
    at.text_input(key="editor_login_name").input("Anna Virtanen")
    at.text_input(key="editor_login_password").input(password)
    next(b for b in at.button if b.label == t("login_button", "fi")).click().run()
    assert not at.exception, at.exception
    assert any(b.label == t("refresh_button", "fi") for b in at.button)
    assert at.get("file_uploader")


# ---------------------------------------------------------------- every page, every town


@pytest.mark.parametrize("town", TOWNS)
def test_every_page_renders_with_headings_in_order(town):
    for page in PAGES:
        at = open_app(page, kunta=town)
        levels = heading_levels(at)
        assert levels and levels[0] == 1 and levels.count(1) == 1, (page, levels)
        for before, after in zip(levels, levels[1:], strict=False):
            assert after <= before + 1, (page, levels)  # no skipped level


def test_multi_dimension_series_is_summed(demo_db):
    """Työikäisten nettomuutto lists ten age groups that must be summed per region and year."""
    with duckdb.connect(str(demo_db), read_only=True) as con:
        period, total, rows, dims = con.execute(
            "SELECT period, sum(value), count(*), any_value(dimensions) FROM indicator_observations "
            "WHERE indicator_id = 'tyoikaisten_nettomuutto' AND region = 'KU111' "
            "GROUP BY period ORDER BY period DESC LIMIT 1"
        ).fetchone()
    # keyed by the age variable's code (the emulator's 11a2), never its label 'Ikä'
    assert rows == 1 and dims.startswith("ikaryhma_") and "=15-19+20-24+" in dims
    assert dims.count("+") == 9 and "Ikä" not in dims
    row = next(
        r for r in expected_scorecard(demo_db, "heinola") if r.use.id == "tyoikaisten-nettomuutto"
    )
    assert (
        row.assessment.latest_value == pytest.approx(total)
        and row.assessment.latest_period == period
    )


# ---------------------------------------------------------------- warm rerun times


def test_warm_rerun_times(capsys):
    """Printed, not asserted: the overview of Kemi (143 mittarit) and the indicator page."""
    at = open_app(kunta="kemi")
    assert len(table_rows(markdown(at))) > 143

    def timed(n: int = 5) -> float:
        times = []
        for _ in range(n):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
            assert not at.exception
        return statistics.median(times)

    overview = timed()
    at.switch_page("pages/indicator.py").run()
    at.selectbox(key="mittari").set_value(VALUE_TARGET[1]).run()
    indicator = timed()
    with capsys.disabled():
        print(
            f"\n[timing] warm rerun (AppTest, median of 5): overview Kemi {overview * 1000:.0f} ms, "
            f"indicator {indicator * 1000:.0f} ms"
        )


# ---------------------------------------------------------------- the status method page


@pytest.mark.parametrize(
    ("lang", "section"),
    [("fi", "Kynnysarvot ja miksi"), ("en", "Thresholds and why"), ("sv", "Thresholds and why")],
)
def test_the_method_page_shows_the_readers_part_and_the_overview_links_to_it(lang, section):
    overview = open_app(kunta="heinola", lang=lang)
    assert f'href="./menetelma?lang={lang}&amp;sivu=menetelma"' in markdown(overview)
    assert t("method_link", lang) in markdown(overview)
    at = open_app("pages/method.py", kunta="heinola", lang=lang)
    assert [x.value for x in at.title] == [t("page_method", lang)]
    text = markdown(at)
    assert f"## {section}" in text and "Open SDG" in text and "Cascade" in text
    other = "In English" if lang == "fi" else "Suomeksi"
    assert other not in text  # one language's part


def test_compare_and_indicator_tables_are_finnish_with_csv_and_xlsx_downloads(demo_db):
    """Table alternatives read '12,3 %' (no '101.9000'); every table has CSV and XLSX."""
    at = open_app("pages/compare.py", kunta="kemi")
    at.selectbox(key="compare_use").set_value("ek-ev-yritysymparisto-tyottomyysaste").run()
    assert not at.exception
    cells = [str(v) for tb in at.table for v in tb.value.to_numpy().ravel()]
    numbers = [c for c in cells if re.search(r"\d", c) and not re.fullmatch(r"\d+", c)]
    assert numbers and all(not re.search(r"\d\.\d", c) for c in numbers), numbers[:10]
    assert any(re.search(r"\d,\d", c) for c in numbers), numbers[:10]
    keys = {b.key for b in at.get("download_button")}
    assert {"ranking_csv", "ranking_xlsx", "towns_csv", "towns_xlsx"} <= keys, keys
    at = open_app("pages/indicator.py", kunta="kemi")
    keys = {b.key for b in at.get("download_button")}
    assert {"download_csv", "download_xlsx"} <= keys, keys


def test_milestone_and_qualitative_mittarit_draw_no_empty_chart_and_offer_no_downloads(demo_db):
    """A mittari without values (a milestone, a qualitative one) gets a sentence, no chart."""
    found = []
    for town in TOWNS:
        for row in expected_scorecard(demo_db, town):
            if not row.has_values and (row.use.target.kind == "milestone" or row.indicator is None):
                found.append((town, row))
                break
    assert found, "the shipped strategies have milestones or qualitative mittarit"
    for town, row in found[:2]:
        at = open_app(kunta=town, mittari=row.use.id)  # the root link opens the indicator page
        assert at.selectbox(key="mittari").value == row.use.id
        assert "indicator_chart" not in figures(at)
        assert not at.get("download_button"), [b.label for b in at.get("download_button")]
        key = "no_chart_reported" if row.indicator is None else "no_series"
        assert t(key, "fi") in [i.value for i in at.info]


def test_the_indicator_page_quotes_the_documents_words_and_invents_no_year(demo_db):
    """Heinola's "Suositteletko…": the Resurssiohjelma gives 80 % and no year — the page quotes
    the words with their source, marks the interpretation and shows no deadline year."""
    use = next(u for _, _, u in CONFIG.strategies["heinola"].indicator_uses()
               if u.id == "suosittelu-tyopaikkana")  # fmt: skip
    at = open_app(kunta="heinola", mittari=use.id)
    text = markdown(at)
    assert use.target.text and f"“{use.target.text}”" in text
    assert "Resurssiohjelma 2019" in text
    assert f"{t('layer_interpretation', 'fi')}:</strong> {t('target_kind_at_least', 'fi')}" in text
    shown = target_text(use, CONFIG.catalog.by_id()[use.indicator], "fi")
    assert shown.startswith("vähintään 80") and "2025" not in shown and shown in text
    assert t("verdict_no_year", "fi", year=2025) in text


def test_overview_status_filter_and_collapsed_goals_on_a_long_page(demo_db):
    """Kemi's long overview: goals start closed; 'Näytä vain: Ei raportoitu / Väärään suuntaan'
    leaves only those mittarit (every shown badge has one of the statuses)."""
    rows = expected_scorecard(demo_db, "kemi")
    at = open_app(kunta="kemi")
    goals = [opened for label, opened in goal_sections(at) if label.startswith("Mittari")]
    assert len(rows) > 12 and goals[0]  # the first goal open
    assert len(goals) > 1 and not any(goals[1:])  # the rest closed
    wanted = ["off_track", "not_reported"]
    at.multiselect(key="overview_status").set_value(wanted).run()
    assert not at.exception
    expected = [r for r in rows if r.status.value in wanted]
    caption = t("overview_shown", "fi", shown=len(expected), total=len(rows))
    assert caption in [c.value for c in at.caption]
    html = markdown(at)
    shown = re.findall(r"<tr><th scope=\"row\"><a [^>]*>([^<]*)</a>", html)
    assert sorted(shown) == sorted(components_esc(r.use.text) for r in expected)
    opened = [opened for label, opened in goal_sections(at) if label.startswith("Mittari")]
    assert opened and all(opened)


def components_esc(text: str) -> str:
    from ui.components import esc

    return esc(text)


def test_lieksa_overview_shows_its_action_programme_progress(demo_db):
    """Lieksa has no mittarit: the overview counts its actions by status per goal."""
    from mittaristo.edits import action_rows

    strategy = CONFIG.strategies["lieksa"]
    actions = action_rows(strategy, {}, dt.date.today())
    assert actions
    at = open_app(kunta="lieksa")
    assert t("overview_actions_title", "fi") in [h.value for h in at.header]
    rows = table_rows(markdown(at))
    head = rows[0]
    assert head[0] == t("col_goal", "fi") and head[-1] == t("actions_total", "fi")
    body = {r[0]: r for r in rows[1:] if len(r) == len(head)}
    for goal in strategy.goals:
        mine = [a for a in actions if a.goal.id == goal.id]
        if not mine:
            continue
        row = body[goal.name.fi]
        assert row[-1] == str(len(mine))
        done = sum(1 for a in mine if a.status == "done")
        assert row[head.index(t("action_done", "fi"))] == str(done)
    assert t("overview_no_reports", "fi") in [c.value for c in at.caption]


def test_a_stand_in_series_says_how_it_differs_next_to_the_chart_and_in_the_scorecard(demo_db):
    use = next(u for _, _, u in CONFIG.strategies["kemi"].indicator_uses()
               if u.id == "ha-ev-terveys-rakennetyottomyys")  # fmt: skip
    assert use.note and "osuus" in use.note
    at = open_app(kunta="kemi", mittari=use.id)
    text = markdown(at)
    assert f"{t('caveat_label', 'fi')}:</strong> {use.note}" in text and "<svg" in text
    overview = markdown(open_app("pages/overview.py", kunta="kemi"))
    assert t("caveat_short", "fi") in overview and use.note in overview


def test_the_indicator_page_shows_owner_follow_up_and_sdg_tags(demo_db):
    from mittaristo.presentation import use_facts

    kemi = CONFIG.strategies["kemi"]
    use = next(u for _, _, u in kemi.indicator_uses() if dict(use_facts(u, kemi, "fi")).get("SDG"))
    facts = dict(use_facts(use, kemi, "fi"))
    text = markdown(open_app(kunta="kemi", mittari=use.id))
    assert f"SDG:</strong> {facts['SDG']}" in text
    assert f"{t('meta_owner', 'fi')}:</strong> {facts[t('meta_owner', 'fi')]}" in text
    pieks = CONFIG.strategies["pieksamaki"]
    use = next(u for _, _, u in pieks.indicator_uses() if u.follow_up)
    text = markdown(open_app(kunta="pieksamaki", mittari=use.id))
    assert f"{t('meta_follow_up', 'fi')}:</strong> {use.follow_up}" in text


def test_kemi_overview_names_each_sub_goal_and_the_selector_never_repeats_a_label(demo_db):
    """Kemi's goal × department tables repeat mittari texts: a header row per sub-goal in the
    scorecard and 'goal – sub-goal – mittari' in the selectors, so no two entries read the same."""
    from mittaristo.presentation import subgoal_name, use_label

    strategy = CONFIG.strategies["kemi"]
    uses = list(strategy.indicator_uses())
    texts = [u.text for _, _, u in uses]
    assert len(set(texts)) < len(texts), "Kemi repeats mittari texts (the case this test is for)"
    html = markdown(open_app(kunta="kemi", lang="fi"))
    with_mittarit = [s for g in strategy.goals for s in g.subgoals if s.indicators]
    for sub in with_mittarit:
        assert f'<th scope="colgroup" colspan="7">{subgoal_name(sub, "fi")}</th>' in html, sub.id
    labels = [use_label(g, s, u, "fi") for g, s, u in uses]
    assert len(set(labels)) == len(labels), [x for x in labels if labels.count(x) > 1][:3]
    at = open_app("pages/indicator.py", kunta="kemi")
    options = at.selectbox(key="mittari").options
    assert len(options) == len(uses) and len(set(options)) == len(options)
