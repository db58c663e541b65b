"""Who is an editor: OIDC sign-in (`st.login`) or, for small installs, a shared password.

Configuration lives in `.streamlit/secrets.toml` (never in the repository):

    [auth]                      # OIDC, see Streamlit's st.login documentation
    redirect_uri = "https://mittari.example.fi/oauth2callback"
    cookie_secret = "…"
    client_id = "…"
    client_secret = "…"
    server_metadata_url = "https://login.example.fi/.well-known/openid-configuration"

    [editors]
    allowed_emails = ["anna.virtanen@kemi.fi"]   # optional: only these OIDC users may edit
    password_sha256 = "…"   # optional shared password: PBKDF2-HMAC-SHA256(password, salt) in hex
    salt = "…"              #   both produced by `python -m mittaristo.edits hash-password`

No secrets at all → nobody is an editor: the pages show no edit controls, and the core's write
functions refuse anyway; the sidebar says how an administrator enables sign-in and links the
README's section (MITTARISTO_DOCS_URL; without it the section is named, not linked). The
password and its hash are never logged or shown.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from mittaristo.edits import Editor, password_matches
from mittaristo.i18n import t
from ui import queries

log = logging.getLogger("mittaristo.auth")
_SESSION_KEY = "_mtr_editor_name"
_MAX_NAME = 80
DOCS_ANCHOR = "sign-in-for-editors"  # README.md's "### Sign-in for editors"


def _secrets() -> dict[str, Any]:
    """The secrets as a plain dict; {} when there is no secrets file (st.secrets raises then)."""
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except Exception:  # noqa: BLE001 - FileNotFoundError, parse errors: no secrets = no editors
        return {}


def _section(name: str) -> Mapping[str, Any]:
    value = _secrets().get(name)
    return value if isinstance(value, Mapping) else {}


def oidc_configured() -> bool:
    return bool(_section("auth"))


def password_configured() -> bool:
    return bool(str(_section("editors").get("password_sha256", "")).strip())


def auth_configured() -> bool:
    return oidc_configured() or password_configured()


def _oidc_editor() -> Editor | None:
    try:
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or "")
        name = str(st.user.get("name") or email)
    except Exception:  # noqa: BLE001 - st.user without a configured provider
        return None
    allowed = _section("editors").get("allowed_emails")
    if allowed and email.lower() not in {str(a).lower() for a in allowed}:
        return None
    return Editor(email or name, "oidc")


def current_editor() -> Editor | None:
    """The signed-in editor of this session, or None (then no edit controls are shown)."""
    if oidc_configured():
        editor = _oidc_editor()
        if editor is not None:
            return editor
    if password_configured() and st.session_state.get(_SESSION_KEY):
        return Editor(st.session_state[_SESSION_KEY], "password")
    return None


def sidebar_login(lang: str) -> Editor | None:
    """The sign-in controls in the sidebar (call once per page run); returns the editor."""
    if not auth_configured():
        with st.sidebar:
            st.caption(not_configured_text(lang, queries.settings().docs_link(DOCS_ANCHOR)))
        return None
    editor = current_editor()
    with st.sidebar:
        st.subheader(t("login_title", lang))
        if editor is not None:
            st.caption(t("logged_in_as", lang, name=editor.name))
            if st.button(t("logout_button", lang), key="editor_logout"):
                _logout(editor)
            return editor
        if oidc_configured():
            _oidc_button(lang)
        if password_configured():
            return _password_form(lang)
    return None


def not_configured_text(lang: str, docs_link: str | None) -> str:
    """The one sentence for a read-only install (markdown): how to enable sign-in and where the
    README explains it; a link only where the install says where its README is readable, as the
    dashboard itself does not serve README.md."""
    label = t("login_docs", lang)
    docs = f"[{label}]({docs_link})" if docs_link else f"{label} (`README.md#{DOCS_ANCHOR}`)"
    return t("login_not_configured", lang, docs=docs)


def _logout(editor: Editor) -> None:
    st.session_state.pop(_SESSION_KEY, None)
    if editor.method == "oidc":
        st.logout()
    st.rerun()


def _oidc_button(lang: str) -> None:
    try:
        if st.user.is_logged_in:  # signed in, but not on the editors' list
            st.caption(t("oidc_not_editor", lang, name=st.user.get("email") or "?"))
            return
    except Exception:  # noqa: BLE001
        pass
    if st.button(t("login_button", lang), key="editor_oidc_login"):
        try:
            provider = _provider_name()
            st.login(provider) if provider else st.login()
        except Exception:  # noqa: BLE001 - Authlib missing or incomplete [auth]
            log.warning("OIDC sign-in is not available", exc_info=True)
            st.error(t("oidc_unavailable", lang))


def _provider_name() -> str | None:
    """`[auth.<provider>]` sub-sections name the provider; a flat `[auth]` has none."""
    auth = _section("auth")
    if "client_id" in auth:
        return None
    return next((k for k, v in auth.items() if isinstance(v, Mapping)), None)


def _password_form(lang: str) -> Editor | None:
    with st.form("editor_login", clear_on_submit=True):
        name = st.text_input(t("login_name", lang), max_chars=_MAX_NAME, key="editor_login_name")
        password = st.text_input(
            t("login_password", lang), type="password", key="editor_login_password"
        )
        submitted = st.form_submit_button(t("login_button", lang))
    if not submitted:
        return None
    editors = _section("editors")
    ok = password_matches(
        password, str(editors.get("salt", "")), str(editors.get("password_sha256", ""))
    )
    if not ok or not name.strip():
        time.sleep(0.5)  # slows guessing down a little; says nothing about which part was wrong
        st.error(t("login_failed", lang))
        return None
    st.session_state[_SESSION_KEY] = name.strip()[:_MAX_NAME]
    st.rerun()
    return None
