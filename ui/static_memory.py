"""Streamlit's own immutable static files (its JavaScript, style sheets and fonts) read into
memory when make run's server starts (ui.serve), and answered from there.

Streamlit's static handler (Starlette's StaticFiles) looks each file up, opens and reads it
through worker threads: 1.5–2 ms of the server's time for each of the overview's ~95 files, all
asked for in the first second, while the server also starts its warm-up and the page's first
run. These files are package content with hashed names, which Streamlit itself marks
`immutable`. At the start the server reads them once, with the answer Streamlit's handler
would give (the same headers, made by the same code), and a plain GET for one of them is then
answered from memory without touching the file system.

Everything else goes to Streamlit's handler, as before: index.html and the manifest (no-cache),
page URLs answered with index.html, HEAD, ranges, conditional requests, paths with a query, and
files too big to keep (the chart libraries: Plotly's 4.7 MB is read when a chart page opens).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

KEEP_FILE_BYTES = 256 * 1024  # bigger files are kept only if index.html names them
MAX_BYTES = 16 * 1024 * 1024  # all kept files together (~8 MB with Streamlit 1.67)
ASSET_FOLDERS = ("static/js", "static/css", "static/media")
# requests Streamlit's handler answers differently from a plain GET
_PASS_HEADERS = {b"range", b"if-none-match", b"if-modified-since", b"if-range"}


class StaticFromMemory:
    """An ASGI app: `files` (Streamlit's static handler for `directory`), with its immutable
    files answered from memory once `prefill()` has read them."""

    def __init__(self, files: Any, directory: Path, max_bytes: int = MAX_BYTES) -> None:
        self.files = files
        self.directory = directory
        self.max_bytes = max_bytes
        self.kept_bytes = 0
        self._answers: dict[str, tuple[list[tuple[bytes, bytes]], bytes]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kept = self._answers.get(self._key(scope) or "")
        if kept is None:
            await self.files(scope, receive, send)
            return
        headers, body = kept
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    @staticmethod
    def _key(scope: Scope) -> str | None:
        """The path under the static mount, for a plain GET that may be answered from memory."""
        if scope.get("type") != "http" or scope.get("method") != "GET":
            return None
        if scope.get("query_string"):
            return None
        if any(name.lower() in _PASS_HEADERS for name, _ in scope.get("headers", ())):
            return None
        path, root = scope.get("path", ""), scope.get("root_path", "")
        return path[len(root) :] if root and path.startswith(root) else path

    def prefill(self) -> int:
        """Read the immutable files: every one index.html names, and the others up to
        KEEP_FILE_BYTES, until MAX_BYTES; the number kept. Without Streamlit's cache rule (a
        Streamlit version that renames it) nothing is kept and every file goes to its handler."""
        apply_cache_headers = getattr(self.files, "_apply_cache_headers", None)
        if apply_cache_headers is None:
            return 0
        from starlette.responses import FileResponse

        named = named_in_index(self.directory)
        for relative in [*named, *self._small_files(exclude=set(named))]:
            path = self.directory / relative
            try:
                stat = path.stat()
                if self.kept_bytes + stat.st_size > self.max_bytes:
                    continue
                response = FileResponse(path, stat_result=stat)
                apply_cache_headers(response, relative)
                headers = list(response.raw_headers)
                cache_control = b",".join(v for n, v in headers if n == b"cache-control")
                if b"immutable" not in cache_control:
                    continue
                body = path.read_bytes()
            except OSError:
                continue
            if len(body) != stat.st_size:
                continue  # changed while read: Streamlit's handler answers it
            self._answers[f"/{relative}"] = (headers, body)
            self.kept_bytes += len(body)
        return len(self._answers)

    def _small_files(self, exclude: set[str]) -> list[str]:
        """The asset files up to KEEP_FILE_BYTES, as paths under the static directory."""
        found = []
        for folder in ASSET_FOLDERS:
            root = self.directory / folder
            entries = sorted(os.scandir(root), key=lambda e: e.name) if root.is_dir() else []
            for entry in entries:
                relative = f"{folder}/{entry.name}"
                if relative not in exclude and entry.is_file():
                    if entry.stat().st_size <= KEEP_FILE_BYTES:
                        found.append(relative)
        return found

    def prefill_in_background(self) -> threading.Thread:
        """prefill() in a daemon thread (a file asked for before it is read goes to Streamlit)."""
        thread = threading.Thread(target=self.prefill, name="mittaristo-static", daemon=True)
        thread.start()
        return thread


def named_in_index(directory: Path) -> list[str]:
    """The asset paths index.html asks for at once (script, style sheet, module preloads, fonts)."""
    import re

    try:
        index = (directory / "index.html").read_text(encoding="utf-8")
    except OSError:
        return []
    found = re.findall(r'(?:href|src)="\.?/?(static/[^"?#]+)"', index)
    return [path for path in dict.fromkeys(found) if path.startswith(ASSET_FOLDERS)]
