"""Injected failures, so the loaders' error handling is exercised before the live APIs do it.

A fault is `KIND` or `KIND@TEXT`; with `@TEXT` it hits only requests whose path+query contains
TEXT (`500@/rest/1.1/json`, `truncated@11re`). Several may be given. Transport faults are decided
here (`before` / `after`); content faults (`renamed-codes`, `empty`, …) are asked for by the
services through `Request.active(kind)`.

`connection-refused` is not a server fault: point the client at a closed port instead
(`loaders.emulator.unused_port()`).
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass

from loaders.emulator.response import Request, Response, text_response

KINDS: dict[str, str] = {
    "latency": "every response waits --latency seconds (1.0 if not given)",
    "429": "the first 2 requests to each distinct method+path+query get 429 with Retry-After: 1",
    "429-forever": "every request gets 429 with Retry-After: 1",
    "500": "every request gets 500",
    "503": "every request gets 503 with Retry-After: 1",
    "timeout": "the response is held for 60 s (or until the emulator stops, then the connection closes)",
    "truncated": "full Content-Length, half of the body sent, then the connection closes",
    "invalid-json": "JSON answers are 200 with a broken body",
    "cell-mismatch": "json-stat2 `value` has one element fewer than product(size)",
    "renamed-codes": "PxWeb variables and content codes get other codes with the same texts",
    "missing-content": "the first half of a table's content codes (at least one) are absent from it",
    "unknown-region": "data include a region (PxWeb KU999, Sotkanet id 9999) that no list names",
    "empty": "Sotkanet /json answers [], PxWeb data have an empty time dimension",
    "cell-limit": "?config says maxValues 5000 and POSTs over 5000 cells get 403",
    "rate-limit": "more than maxCalls requests per timeWindow from one client get 429 + Retry-After",
}
TIMEOUT_HOLD = 60.0
NOT_A_SERVER_FAULT = (
    "connection-refused is not a server fault: point the client at a closed port "
    "(loaders.emulator.unused_port()) instead"
)


class Dropped(Exception):
    """The connection is to be closed without any answer (a held request at shutdown)."""


@dataclass(frozen=True)
class Fault:
    kind: str
    scope: str | None = None

    def hits(self, target: str) -> bool:
        return self.scope is None or self.scope in target


def parse_fault(spec: str) -> Fault:
    kind, _, scope = spec.strip().partition("@")
    if kind == "connection-refused":
        raise ValueError(NOT_A_SERVER_FAULT)
    if kind not in KINDS:
        raise ValueError(f"unknown fault {kind!r}; known: {', '.join(KINDS)}")
    return Fault(kind, scope or None)


class Faults:
    """The active faults of one emulator, with the counters some of them need (thread-safe)."""

    def __init__(
        self, specs: list[str] | tuple[str, ...], *, latency: float, rate_limit: tuple[int, float] | None,
        stop: threading.Event,
    ) -> None:  # fmt: skip
        self.faults = [parse_fault(s) for s in specs]
        self.latency = latency if latency > 0 else (1.0 if self._given("latency") else 0.0)
        self.rate_limit = rate_limit
        self.stop = stop
        self._lock = threading.Lock()
        self._seen: Counter[tuple[str, str]] = Counter()
        self._calls: dict[str, deque[float]] = {}

    def _given(self, kind: str) -> bool:
        return any(f.kind == kind for f in self.faults)

    def active(self, kind: str, target: str) -> bool:
        return any(f.kind == kind and f.hits(target) for f in self.faults)

    def before(self, req: Request) -> Response | None:
        """A fault's own answer, or None to let the service answer (after any delay)."""
        if self.active("rate-limit", req.target) and self.rate_limit:
            wait = self._rate_wait(req.client)
            if wait is not None:
                return text_response("429 Too Many Requests", 429, **{"Retry-After": str(wait)})
        explicit = self.latency > 0 and not self._given("latency")
        if self.latency > 0 and (explicit or self.active("latency", req.target)):
            self.stop.wait(self.latency)
        if self.active("timeout", req.target) and self.stop.wait(TIMEOUT_HOLD):
            raise Dropped
        return self._status_fault(req)

    def _status_fault(self, req: Request) -> Response | None:
        if self.active("429-forever", req.target):
            return text_response("429 Too Many Requests", 429, **{"Retry-After": "1"})
        if self.active("429", req.target):
            with self._lock:
                self._seen[(req.method, req.target)] += 1
                early = self._seen[(req.method, req.target)] <= 2
            if early:
                return text_response("429 Too Many Requests", 429, **{"Retry-After": "1"})
        if self.active("500", req.target):
            return text_response("500 Internal Server Error", 500)
        if self.active("503", req.target):
            return text_response("503 Service Unavailable", 503, **{"Retry-After": "1"})
        return None

    def _rate_wait(self, client: str) -> int | None:
        """Seconds until the client may call again, or None (and the call is counted)."""
        calls, window = self.rate_limit or (0, 0.0)
        now = time.monotonic()
        with self._lock:
            recent = self._calls.setdefault(client, deque())
            while recent and now - recent[0] >= window:
                recent.popleft()
            if len(recent) >= calls:
                return max(1, math.ceil(window - (now - recent[0])))
            recent.append(now)
        return None

    def after(self, req: Request, resp: Response) -> Response:
        """Spoil a finished answer (broken JSON, truncated body)."""
        if resp.status == 200 and resp.is_json and self.active("invalid-json", req.target):
            resp.body = resp.body[: max(1, len(resp.body) // 2)] + b',"broken'
        if len(resp.body) >= 2 and self.active("truncated", req.target):
            resp.truncate = True
        return resp
