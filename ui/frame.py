"""The frame around every page: language, town, deep-link state, first-run data load, errors.

View state (town, language, indicator, toggles) lives in the URL's query parameters so that a
copied link reproduces the view; session state only mirrors it while the user clicks around.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Collection

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from mittaristo import store
from mittaristo.i18n import LANG_NAMES, LANGS, normalize_lang, t
from mittaristo.reference import area_name
from ui import components, queries, serve

log = logging.getLogger("mittaristo.app")


def skip_bare_run_check() -> None:
    """Streamlit's first element of a process asks whether the script runs outside `streamlit
    run` (env_util.is_repl: inspect.stack() reads the source of every frame, ~60 ms of the first
    overview, issue 17). Under a running server the answer is known: mark the check as done."""
    from streamlit import delta_generator, runtime

    if runtime.exists() and hasattr(delta_generator, "_use_warning_has_been_displayed"):
        delta_generator._use_warning_has_been_displayed = True


skip_bare_run_check()  # once per server process, when the first session imports this module

# Query parameters that describe the view; everything else in the URL is ignored.
VIEW_PARAMS = (
    "kunta", "mittari", "lang", "verrokit", "maa", "vertailu", "sivu", "kuva", "tila", "sdg", "vastuu",
)  # fmt: skip


# What param() gives for a value too long to be any id: truthy and never a valid choice, so the
# page warns about it (like any unknown value) and shows its default.
INVALID_PARAM = "\x00invalid"
# Between the values of a list parameter (?tila=off_track|missed): department names hold commas.
LIST_SEPARATOR = "|"


def param(name: str) -> str | None:
    value = st.query_params.get(name)
    if not isinstance(value, str) or not value:
        return None
    return value if len(value) <= 80 else INVALID_PARAM


def sync_params(**values: str | None) -> None:
    """Write the view state into the URL (drops empty values)."""
    for name, value in values.items():
        if value in (None, "", "0", False):
            if name in st.query_params:
                del st.query_params[name]
        elif st.query_params.get(name) != value:
            st.query_params[name] = value


def lang() -> str:
    return st.session_state.get("lang", "fi")


def town() -> str:
    return st.session_state["kunta"]


def adopt_url(key: str, name: str, valid: Collection[str], default: str) -> None:
    """The widget state `key` follows the URL parameter `name` unless the user just changed the
    widget (its on_change marks that). Checked on every run: Streamlit can run a server's first
    session, and send a stale widget value, before the browser's URL is known."""
    wanted = param(name)
    user_changed = st.session_state.pop(f"_changed_{key}", False)
    if key not in st.session_state:
        st.session_state[key] = wanted if wanted in valid else default
        if wanted and wanted not in valid:
            st.session_state.bad_param = name
    elif wanted in valid and wanted != st.session_state[key] and not user_changed:
        st.session_state[key] = wanted


def adopt_url_list(
    key: str, name: str, valid: Collection[object], parse: Callable[[str], object] = str
) -> bool:
    """A multiselect's state `key` follows the URL parameter `name` (values joined by "|"), as
    adopt_url does for one value, so a shared link opens with the same filters. Values the page
    does not offer are dropped; returns False when there were such values (the page warns)."""
    raw = st.query_params.get(name)
    user_changed = st.session_state.pop(f"_changed_{key}", False)
    if not isinstance(raw, str) or not raw:
        if key in st.session_state and not user_changed and st.session_state[key]:
            st.session_state[key] = []  # the link has no filter: neither has the page
        return True
    chosen: list[object] = []
    understood = True
    for part in raw[:2000].split(LIST_SEPARATOR):
        try:
            value = parse(part.strip())
        except ValueError:
            understood = False
            continue
        if value in valid and value not in chosen:
            chosen.append(value)
        elif value not in valid:
            understood = False
    if key not in st.session_state or not user_changed:
        st.session_state[key] = chosen
    return understood


def list_param(values: Collection[object]) -> str | None:
    """The URL value of a multiselect's choices (None: no parameter)."""
    return LIST_SEPARATOR.join(str(v) for v in values) or None


def mark_changed(key: str) -> None:
    st.session_state[f"_changed_{key}"] = True


# View parameters that name one town's things (its SDG tags, its departments): another town's
# page would not understand them, so choosing a town drops them.
TOWN_PARAMS = ("sdg", "vastuu")


def _town_changed() -> None:
    mark_changed("kunta")
    for name in TOWN_PARAMS:
        if name in st.query_params:
            del st.query_params[name]


def _init_state(towns: list[str]) -> None:
    adopt_url("lang", "lang", LANGS, normalize_lang(param("lang")))
    adopt_url("kunta", "kunta", towns, towns[0])


def sidebar(towns: list[str]) -> None:
    """Town and language selectors; their values go to the URL."""
    _init_state(towns)
    config = queries.get_config()
    with st.sidebar:
        st.selectbox(
            t("town", lang()),
            towns,
            key="kunta",
            format_func=lambda code: config.strategies[code].name.get(lang()),
            on_change=_town_changed,
        )
        st.selectbox(
            t("language", lang()), LANGS, key="lang", format_func=LANG_NAMES.get,
            on_change=mark_changed, args=("lang",),
        )  # fmt: skip
    sync_params(kunta=town(), lang=lang() if lang() != "fi" else None)
    bad = st.session_state.pop("bad_param", None)
    if bad:
        st.warning(t("error_unknown_param", lang(), param=bad))


def ensure_database() -> None:
    """Build the database on first run (live if reachable, else demo), with progress named by
    the indicators' own names; the box and the bar go once the database is there."""
    path = queries.db_path()
    if path.exists():
        return
    from loaders import firstrun  # imported only when needed: pulls in the HTTP stack

    config = queries.get_config()
    box = st.empty()
    with box.container():
        st.info(t("db_missing", lang()))
        bar = st.progress(0.0)
        note = st.empty()

    names = {indicator.id: indicator.name.get(lang()) for indicator in config.catalog.indicators}
    seen = {"done": 0}

    def show(done: int, total: int, item: str) -> None:
        seen["done"] = done
        bar.progress(min(done / max(total, 1), 1.0))
        note.text(t("db_building", lang(), done=done, total=total, item=names.get(item, item)))

    def announce(mode: str) -> None:  # said before the build starts, not after it
        note.text(t("db_building_live" if mode == "live" else "db_source_demo", lang()))

    mode = firstrun.build_database(
        path, config, queries.settings(), progress=show, announce=announce
    )
    st.cache_data.clear()
    key = "db_ready" if mode == "live" else "db_ready_demo"
    box.success(t(key, lang(), n=seen["done"]))


def page_language() -> None:
    """`<html lang>` and Streamlit's own English strings in the chosen language: Streamlit
    writes `lang="en"` and these labels itself, so a small script in the page sets them (and
    again whenever Streamlit draws a heading link or its page-not-found dialog: title, sentence
    and close button)."""
    words = {
        "lang": lang(),
        "skip": t("skip_to_main", lang()),
        "heading": t("heading_link", lang()),
        "notFound": t("page_not_found", lang()),
        "notFoundText": t("page_not_found_text", lang()),
        "close": t("dialog_close", lang()),
    }
    st.html(
        "<script>(() => {"
        f"window.__mtrWords = {json.dumps(words, ensure_ascii=False)};"
        """
const fix = () => {
  const w = window.__mtrWords, d = document;
  if (d.documentElement.lang !== w.lang) d.documentElement.lang = w.lang;
  const skip = d.querySelector('[data-testid=stSkipToContent]');
  if (skip && skip.textContent !== w.skip) skip.textContent = w.skip;
  d.querySelectorAll('a[aria-label="Link to heading"]').forEach(a => {
    a.setAttribute('aria-label', w.heading); });
  d.querySelectorAll('h1, h2, h3, [role=alert], [data-testid=stToast] *').forEach(n => {
    if (n.childElementCount === 0 && n.textContent.trim() === 'Page not found') {
      n.textContent = w.notFound; } });
  // Streamlit's page-not-found dialog: its sentence (either wording) and its close button
  d.querySelectorAll('[role=dialog]').forEach(box => {
    box.querySelectorAll('div').forEach(n => {
      const text = n.textContent.trim();
      if (n.childElementCount === 0 && text.endsWith("Running the app's main page.")
          && /^(You have requested page|The page that you have requested)/.test(text)) {
        n.textContent = w.notFoundText; } });
    box.querySelectorAll('button[aria-label=Close]').forEach(b => {
      b.setAttribute('aria-label', w.close); });
  });
};
fix();
if (!window.__mtrLangObserver) {
  window.__mtrLangObserver = new MutationObserver(fix);
  window.__mtrLangObserver.observe(document.body, {childList: true, subtree: true});
}
})();</script>""",
        unsafe_allow_javascript=True,
    )


def demo_banner() -> None:
    if queries.data_mode(queries.data_version()) != "live":
        st.markdown(components.demo_banner_html(lang()), unsafe_allow_html=True)


def render_page(navigation: StreamlitPage) -> None:
    """The banner and the page, all reading ONE database file: a refresh that swaps the file
    meanwhile is seen on the next rerun, never as half old, half new figures on one page."""
    with store.snapshot(queries.db_path()):
        demo_banner()
        navigation.run()
    serve.page_drawn()  # make run's warm-up may now prepare the charts (ui.serve)


def run_guarded(body: Callable[[], None]) -> None:
    """One friendly error boundary: the user sees a sentence, the log gets the traceback."""
    try:
        body()
    except store.StoreMissing:
        st.error(t("no_series", lang()))
    except Exception as exc:  # noqa: BLE001 - the boundary of the whole page
        log.exception("page failed")
        reason = str(exc) if queries.settings().debug else type(exc).__name__
        st.error(t("error_generic", lang(), reason=reason))


def town_name(code_or_town: str) -> str:
    strategies = queries.get_config().strategies
    if code_or_town in strategies:
        return strategies[code_or_town].name.get(lang())
    return area_name(code_or_town, lang())
