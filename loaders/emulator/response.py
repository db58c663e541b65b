"""Request and response values passed between the HTTP layer, the services and the faults.

Services are plain functions `Request -> Response` so they can be tested and faulted without a
socket; only `server.py` touches the wire.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

JSON_TYPE = "application/json; charset=utf-8"
TEXT_TYPE = "text/plain; charset=utf-8"
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass
class Request:
    method: str
    target: str  # path with the query string, as sent: /rest/1.1/json?indicator=127&years=2009
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes = b""
    client: str = "127.0.0.1"
    active: Callable[[str], bool] = lambda kind: False  # is fault `kind` on for this request?

    @property
    def path(self) -> str:
        return urlsplit(self.target).path

    @property
    def query(self) -> dict[str, list[str]]:
        return parse_qs(urlsplit(self.target).query, keep_blank_values=True)

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class Response:
    status: int
    body: bytes = b""
    content_type: str = TEXT_TYPE
    headers: dict[str, str] = field(default_factory=dict)
    truncate: bool = False  # send the full Content-Length but only half of the body, then close

    @property
    def is_json(self) -> bool:
        return self.content_type.startswith("application/json")


def json_response(data: object, status: int = 200) -> Response:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Response(status, body, JSON_TYPE)


def text_response(
    text: str, status: int, content_type: str = TEXT_TYPE, **headers: str
) -> Response:
    return Response(status, text.encode("utf-8"), content_type, dict(headers))


def not_found(what: str = "") -> Response:
    return text_response(f"404 Not Found{': ' + what if what else ''}", 404)
