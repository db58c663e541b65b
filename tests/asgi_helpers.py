"""One HTTP request through an ASGI app, without a server: for the static-file handlers."""

from __future__ import annotations

import asyncio


def asgi_request(app, path, *, method="GET", headers=(), query=b"", root_path="", observe=None):
    """(status, headers as a list of byte pairs, body) of one request through `app`;
    `observe(message)` is called as each message is sent."""
    messages, asked = [], []

    async def receive():  # the request once, then a client that stays connected
        if asked:
            await asyncio.Event().wait()
        asked.append(1)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        if observe is not None:
            observe(message)
        messages.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(),
             "root_path": root_path, "query_string": query, "scheme": "http",
             "server": ("127.0.0.1", 80), "headers": list(headers)}  # fmt: skip
    asyncio.run(app(scope, receive, send))
    start = next(m for m in messages if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    return start["status"], [(bytes(k), bytes(v)) for k, v in start["headers"]], body
