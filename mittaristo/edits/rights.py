"""Who may edit: the Editor record every write requires, and the shared-password check.

The write functions take `editor=` as a keyword and refuse `None` (or anything that is not an
Editor) before opening the database, so a viewer's click can never write, whatever the UI shows.
The password of a small install is never stored: only PBKDF2-HMAC-SHA256(password, salt) in hex goes to
`.streamlit/secrets.toml` (produce it with `python -m mittaristo.edits hash-password`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal

from mittaristo.edits.db import EditsError

EditMethod = Literal["oidc", "password", "cli"]
MAX_NAME = 120


@dataclass(frozen=True)
class Editor:
    """A person allowed to edit, and how they proved it (recorded in every audit row)."""

    name: str
    method: EditMethod


class EditNotAllowed(EditsError):
    """A write without an editor: nothing was written."""


class InvalidEdit(EditsError, ValueError):
    """The edit itself is wrong (empty note, unknown status, unknown town): nothing written."""


def require_editor(editor: object) -> Editor:
    """The editor, or EditNotAllowed — called first in every write function."""
    if not isinstance(editor, Editor) or not editor.name.strip():
        raise EditNotAllowed("editing needs a signed-in editor; nothing was written")
    if editor.method not in ("oidc", "password", "cli"):
        raise EditNotAllowed(f"unknown sign-in method {editor.method!r}; nothing was written")
    return Editor(editor.name.strip()[:MAX_NAME], editor.method)


def new_salt() -> str:
    return secrets.token_hex(16)


PBKDF2_ROUNDS = 200_000  # slow enough to make guessing a leaked hash expensive


def hash_password(password: str, salt: str = "") -> str:
    """Hex PBKDF2-HMAC-SHA256 of the password with the salt (`password_sha256` in secrets)."""
    digest = hashlib.pbkdf2_hmac(
        "sha256", password.encode("utf-8"), salt.encode("utf-8"), PBKDF2_ROUNDS
    )
    return digest.hex()


def password_matches(password: str, salt: str, expected_hex: str) -> bool:
    """Constant-time comparison, so the answer time does not leak how much matched."""
    if not password or not expected_hex:
        return False
    actual = hash_password(password, salt)
    return hmac.compare_digest(actual.encode("ascii"), expected_hex.strip().lower().encode("ascii"))
