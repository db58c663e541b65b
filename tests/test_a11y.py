"""WCAG 2.1 A/AA in a real browser: axe-core over every page of the four towns in fi and sv.

axe-core is vendored (tests/vendor/axe-core, MPL-2.0) and injected from that file, so the page
never fetches it. One streamlit server and one chromium for the module (fixtures of
test_browser.py); the pages are visited in one loop. Also here: the `<html lang>` of each page,
and that a signed-out viewer finds no refresh, upload or edit control anywhere.
"""

from __future__ import annotations

import json

import pytest
from test_browser import ROOT, Session, chromium, server  # noqa: F401 - fixtures

from mittaristo.config.load import load_config
from mittaristo.i18n import t

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGES = {  # name -> url path
    "overview": "",
    "indicator": "mittari",
    "compare": "vertailu",
    "actions": "toimenpiteet",
    "review": "arviointi",
    "data": "tiedot",
    "method": "menetelma",
}
TOWNS = sorted(load_config(ROOT).strategies)


def _first_use(town: str) -> str:
    uses = [use for _, _, use in load_config(ROOT).strategies[town].indicator_uses()]
    with_series = [use for use in uses if use.indicator]
    return (with_series or uses)[0].id if uses else ""


def _url(town: str, lang: str, path: str) -> str:
    query = f"kunta={town}&lang={lang}"
    use_id = _first_use(town)
    if path:
        query += (f"&mittari={use_id}" if use_id else "") + f"&sivu={path}"
    return f"/{path}?{query}"


def _every_page():
    for town in TOWNS:
        for lang in ("fi", "sv"):
            for name, path in PAGES.items():
                yield town, lang, name, _url(town, lang, path)


@pytest.fixture
def tab(chromium, server):  # noqa: F811 - the imported fixtures
    session = Session(chromium, server)
    yield session
    session.close()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: "
        "['violations']})",
        WCAG_TAGS,
    )
    return result["violations"]


def test_every_page_has_no_wcag_a_or_aa_violation(tab):
    found: list[str] = []
    for town, lang, name, url in _every_page():
        try:
            tab.open(url)
        except Exception as exc:  # noqa: BLE001 - name the page that did not render
            raise AssertionError(f"{town}/{lang}/{name} ({url}) did not render: {exc}") from exc
        tab.page.wait_for_timeout(300)  # plotly and the data grids draw after the run
        for violation in _axe(tab.page):
            nodes = [
                {"target": node["target"], "html": node["html"][:160]}
                for node in violation["nodes"][:3]
            ]
            found.append(
                f"{town}/{lang}/{name}: {violation['id']} ({violation['impact']}) "
                f"{len(violation['nodes'])} × {json.dumps(nodes, ensure_ascii=False)}"
            )
    tab.assert_local()
    assert not found, "\n".join(found)


def test_html_lang_follows_the_chosen_language(tab):
    """WCAG 3.1.1: `<html lang>` is the chosen language, and Streamlit's own skip link and
    heading-link labels are in it too."""
    for lang in ("fi", "sv", "en"):
        for path in ("", "mittari", "tiedot"):
            tab.open(_url("kemi", lang, path))
            page = tab.page
            page.wait_for_function(f"document.documentElement.lang === '{lang}'")
            skip = page.locator("[data-testid=stSkipToContent]")
            assert skip.count() == 1 and skip.text_content() == t("skip_to_main", lang)
            labels = page.locator("h2 a[aria-label], h3 a[aria-label]").evaluate_all(
                "links => links.map(a => a.getAttribute('aria-label'))"
            )
            assert set(labels) <= {t("heading_link", lang)}, (lang, path, labels)
            if not path:  # the overview's goal headings carry Streamlit's anchor links
                assert labels, lang


@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_an_unknown_page_says_page_not_found_in_the_chosen_language(tab, lang):
    """Streamlit answers an unknown path with its own English dialog and runs the main page;
    the dialog's title, sentence and close button are in the page's language instead."""
    tab.page.goto(f"{tab.base}/ei-tallaista-sivua?kunta=kemi&lang={lang}")
    dialog = tab.page.get_by_role("dialog")
    dialog.get_by_role("heading", name=t("page_not_found", lang)).wait_for()
    dialog.get_by_text(t("page_not_found_text", lang), exact=True).wait_for()
    assert dialog.get_by_role("button", name=t("dialog_close", lang)).count() == 1
    text = dialog.inner_text()
    assert "Page not found" not in text and "main page" not in text and "Close" not in text
    tab.settle(t("overview_title", lang, town="Kemi"))  # and the main page runs, in lang
    assert tab.page.evaluate("document.documentElement.lang") == lang


def test_a_signed_out_viewer_finds_no_write_control(tab):
    """No refresh button, no file upload, no editable field or save button on any page."""
    write_words = [t("refresh_button", lang) for lang in ("fi", "sv")]
    found: list[str] = []
    for town, lang, name, url in _every_page():
        if lang == "sv" and town != "kemi":
            continue  # the controls do not depend on the language; one town in sv is enough
        tab.open(url)
        page = tab.page
        main = page.locator("[data-testid=stMain]")
        counts = {
            "file upload": main.locator("[data-testid=stFileUploader]").count(),
            "refresh": sum(main.get_by_role("button", name=w).count() for w in write_words),
            "text input": main.locator(
                "[data-testid=stTextInput] input, [data-testid=stTextArea] textarea, "
                "[data-testid=stNumberInput] input, [data-testid=stDateInput] input"
            ).count(),
            "form submit": main.locator("[data-testid=stFormSubmitButton]").count(),
        }
        found += [f"{town}/{lang}/{name}: {what} × {n}" for what, n in counts.items() if n]
    assert not found, "\n".join(found)
