"""`python -m mittaristo.edits hash-password`: the secrets lines for a shared editor password.

The password is read without echo and never printed; the output is a `[editors]` section for
`.streamlit/secrets.toml` with a random salt and PBKDF2-HMAC-SHA256(password, salt) in hex:

    [editors]
    password_sha256 = "9f86d08…"
    salt = "4c1a…"
"""

from __future__ import annotations

import argparse
import getpass
import sys

from mittaristo.edits.rights import hash_password, new_salt

MIN_LENGTH = 10


def _read_password(stdin: bool) -> str | None:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("Editor password: ")
    if first != getpass.getpass("Again: "):
        print("The passwords differ; nothing was produced.", file=sys.stderr)
        return None
    return first


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mittaristo.edits")
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("hash-password", help="print the [editors] secrets for a password")
    cmd.add_argument("--stdin", action="store_true", help="read the password from stdin")
    args = parser.parse_args(argv)
    password = _read_password(args.stdin)
    if password is None:
        return 1
    if len(password) < MIN_LENGTH:
        print(f"Use at least {MIN_LENGTH} characters; nothing was produced.", file=sys.stderr)
        return 1
    salt = new_salt()
    print("# .streamlit/secrets.toml — editors of Mittaristo (shared password)")
    print("[editors]")
    print(f'password_sha256 = "{hash_password(password, salt)}"')
    print(f'salt = "{salt}"')
    return 0


if __name__ == "__main__":
    sys.exit(main())
