"""One HTTP session for every source: timeouts, bounded retries, Retry-After, rate limits.

Statistics Finland allows 40 calls / 60 s per client (its `?config`, 2026) and answers 429
beyond that; THL and SYKE publish no limit, so we stay polite (≤ 5 requests/s). Every failure becomes a `SourceError` that
names the request (method, URL without secrets, status, the start of the body) so a municipal IT
person can reproduce it with curl.
"""

from __future__ import annotations

import email.utils
import random
import re
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import requests

from loaders.base import SourceError
from mittaristo.settings import Settings

USER_AGENT = (
    "Mittaristo/0.1 (municipal strategy dashboard; +https://github.com/mittaristo/mittaristo)"
)
CONNECT_TIMEOUT = 10.0  # seconds; the read timeout is settings.timeout
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
RETRY_AFTER_STATUSES = frozenset({429, 503})
HOST_SILENCE_LIMIT = 3  # attempts in a row without any answer before a host counts as down
BACKOFF_BASE = 0.5  # seconds; attempt n waits base * 2**n plus up to `base` of jitter
POLITE_CALLS, POLITE_WINDOW = 5, 1.0  # Sotkanet, SYKE, State Treasury: ≤ 5 requests / s
# Added to the window a server announces (PxWeb ?config): the server counts a request when it
# arrives, and one that arrives a little sooner after the call `maxCalls` earlier than it left
# would get a 429 (9 of 349 requests did against the emulator with 50 ms latency).
SERVER_WINDOW_MARGIN = 0.25
SECRET_PARAMS = ("key", "token", "secret", "password", "passwd", "signature", "sig", "auth")
# In free text (exception messages quote the request line): `name=value` of a secret-looking
# query parameter, and the `user:password@` of a URL.
_SECRET_IN_TEXT = re.compile(
    r"(?i)\b([\w.-]*(?:" + "|".join(SECRET_PARAMS) + r")[\w.-]*=)[^&\s'\")]+"
)
_USERINFO_IN_TEXT = re.compile(r"(?i)(\b[a-z][a-z0-9+.-]*://)[^/@\s'\"]+@")

Sleep = Callable[[float], None]
Clock = Callable[[], float]


class HttpStatusError(SourceError):
    """The server answered with an error status; `status` lets callers react (PxWeb 403/413)."""

    def __init__(self, message: str, *, status: int, url: str) -> None:
        super().__init__(message)
        self.status = status
        self.url = url


class RateLimiter:
    """Sliding window: at most `max_calls` starts within any `window` seconds."""

    def __init__(
        self,
        max_calls: int,
        window: float,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
    ) -> None:
        if max_calls < 1 or window <= 0:
            raise ValueError(
                f"rate limit needs max_calls ≥ 1 and window > 0, got {max_calls}/{window}"
            )
        self.max_calls, self.window = max_calls, window
        self._sleep, self._clock = sleep, clock
        self._starts: deque[float] = deque()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Block until a call may start; returns the seconds waited (0.0 when none)."""
        waited = 0.0
        with self._lock:
            while True:
                now = self._clock()
                while self._starts and self._starts[0] <= now - self.window:
                    self._starts.popleft()
                if len(self._starts) < self.max_calls:
                    self._starts.append(now)
                    return waited
                pause = self._starts[0] + self.window - now
                self._sleep(pause)
                waited += pause


def redact_url(url: str, params: Mapping[str, object] | None = None) -> str:
    """The URL as shown in messages: no user:password, secret-looking query values masked."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    extra = [  # a list value is sent as repeated keys (years=2023&years=2024), so show it so
        (k, str(item))
        for k, v in (params or {}).items()
        for item in (v if isinstance(v, list | tuple) else [v])
    ]
    secret = any(any(s in k.lower() for s in SECRET_PARAMS) for k, _ in query + extra)
    text = parts.query  # kept verbatim unless it must change ("?config" stays "?config")
    if secret or extra:
        masked = [
            (k, "***" if any(s in k.lower() for s in SECRET_PARAMS) else v)
            for k, v in query + extra
        ]
        text = urlencode(masked, safe="*,:/")
    netloc = (parts.hostname or "") + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, text, ""))


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse a Retry-After header: delta seconds or an HTTP date (RFC 9110 §10.2.3)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def host_of(url: str) -> str:
    return (urlsplit(url).netloc or url).lower()


class HttpClient:
    """The one requests.Session of a refresh, with retries and per-host rate limits.

    `sleep` and `clock` are injectable so tests never wait for real.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Sleep = time.sleep,
        clock: Clock = time.monotonic,
        max_total_wait: float | None = None,
    ) -> None:
        self.settings = settings
        self._sleep, self._clock = sleep, clock
        # No call keeps retrying for longer than this (seconds, request time included).
        self.max_total_wait = max_total_wait or max(60.0, 4 * settings.max_retry_wait)
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.request_count = 0
        self.host_counts: Counter[str] = Counter()
        self._limiters: dict[str, RateLimiter] = {}
        self._count_lock = threading.Lock()  # a refresh may call two hosts from two threads
        # Consecutive attempts per host that got no answer at all (timeout, refused): a dead
        # service fails the rest of its requests at once instead of timing each one out.
        self._silent: dict[str, tuple[int, str]] = {}
        self.set_rate_limit(
            settings.pxweb_url, settings.pxweb_max_calls, settings.pxweb_time_window
        )
        for url in (settings.sotkanet_url, settings.syke_url, settings.kuntatalous_url):
            if host_of(url) != host_of(settings.pxweb_url):
                self.set_rate_limit(url, POLITE_CALLS, POLITE_WINDOW)

    def set_rate_limit(self, url_or_host: str, max_calls: int, window: float) -> None:
        """Limit calls to the host of `url_or_host` (PxWeb: from its ?config answer); the calls
        already made to the host still count against the new limit."""
        host = host_of(url_or_host)
        limiter = RateLimiter(max_calls, window, self._sleep, self._clock)
        previous = self._limiters.get(host)
        if previous is not None:
            limiter._starts.extend(previous._starts)
        self._limiters[host] = limiter

    def count_for(self, url_or_host: str) -> int:
        return self.host_counts[host_of(url_or_host)]

    def get(
        self,
        url: str,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> requests.Response:
        return self._request("GET", url, params=params, headers=headers)

    def post_json(self, url: str, body: object) -> requests.Response:
        return self._request("POST", url, json=body)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, url: str, **kwargs: object) -> requests.Response:
        shown = f"{method} {redact_url(url, kwargs.get('params'))}"  # type: ignore[arg-type]
        host = host_of(url)
        silent, last = self._silent.get(host, (0, ""))
        if silent >= HOST_SILENCE_LIMIT:
            raise SourceError(
                f"{shown}: not tried — the service did not answer {silent} requests in a row "
                f"(last: {last})"
            )
        started = self._clock()
        attempts = self.settings.max_retries + 1
        for attempt in range(1, attempts + 1):
            response, failure = self._attempt(method, url, kwargs, shown)
            if response is not None and response.status_code < 400:
                return response
            if response is None and self._silent.get(host, (0, ""))[0] >= HOST_SILENCE_LIMIT:
                raise _error(f"{failure}; the service is not answering", None, shown, attempt)
            delay, give_up = self._plan_retry(response, failure, attempt - 1, shown)
            if give_up is None and attempt < attempts:
                if self._clock() - started + delay <= self.max_total_wait:
                    self._sleep(delay)
                    continue
                give_up = f"{failure or _status_text(response, shown)}; gave up: retrying would take over {self.max_total_wait:g} s in total"
            raise _error(give_up or failure, response, shown, attempt)
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(
        self, method: str, url: str, kwargs: dict, shown: str
    ) -> tuple[requests.Response | None, str | None]:
        """One real HTTP exchange; the body is read fully here so truncation is caught."""
        limiter = self._limiters.get(host_of(url))
        if limiter is not None:
            limiter.acquire()
        with self._count_lock:
            self.request_count += 1
            self.host_counts[host_of(url)] += 1
        timeout = (CONNECT_TIMEOUT, self.settings.timeout)
        try:
            response = self.session.request(method, url, timeout=timeout, **kwargs)
        except requests.exceptions.RequestException as exc:
            failure = self._describe(exc, shown)
            if not isinstance(exc, requests.exceptions.ChunkedEncodingError):
                with self._count_lock:
                    count = self._silent.get(host_of(url), (0, ""))[0] + 1
                    self._silent[host_of(url)] = (count, failure)
            return None, failure
        with self._count_lock:
            self._silent.pop(host_of(url), None)
        return response, None

    def _describe(self, exc: requests.exceptions.RequestException, shown: str) -> str:
        """The failure in words (the request named, secrets scrubbed)."""
        exceptions = requests.exceptions
        if isinstance(exc, exceptions.ConnectTimeout):
            return f"{shown}: connect timeout after {CONNECT_TIMEOUT:.0f} s"
        if isinstance(exc, exceptions.ReadTimeout):
            return f"{shown}: read timeout after {self.settings.timeout:g} s"
        if isinstance(exc, exceptions.ChunkedEncodingError):
            return f"{shown}: truncated response body ({_short(exc)})"
        if isinstance(exc, exceptions.ConnectionError):
            if "timed out" in str(exc).lower():
                return f"{shown}: read timeout after {self.settings.timeout:g} s"
            return f"{shown}: connection failed ({_short(exc)})"
        return f"{shown}: request failed ({_short(exc)})"

    def _plan_retry(
        self, response: requests.Response | None, failure: str | None, attempt: int, shown: str
    ) -> tuple[float, str | None]:
        """(seconds to wait, reason to give up now or None)."""
        backoff = min(self.settings.max_retry_wait, BACKOFF_BASE * 2**attempt) + random.uniform(
            0, BACKOFF_BASE
        )
        if response is None:
            return backoff, None
        status = response.status_code
        if status not in RETRY_STATUSES:
            return 0.0, _status_text(response, shown)
        wait = (
            retry_after_seconds(response.headers.get("Retry-After"))
            if status in RETRY_AFTER_STATUSES
            else None
        )
        if wait is not None and wait > self.settings.max_retry_wait:
            reason = f"Retry-After {wait:.0f} s is longer than max_retry_wait {self.settings.max_retry_wait:g} s"
            return 0.0, f"{_status_text(response, shown)}; gave up: {reason}"
        return (backoff if wait is None else wait), None


def scrub_secrets(text: str) -> str:
    """Free text (an exception message that quotes the URL) without secrets or credentials."""
    return _USERINFO_IN_TEXT.sub(r"\1", _SECRET_IN_TEXT.sub(r"\1***", text))


def _short(exc: BaseException) -> str:
    return scrub_secrets(f"{type(exc).__name__}: {exc}")[:200]


def _status_text(response: requests.Response | None, shown: str) -> str:
    if response is None:
        return shown
    head = response.content[:800].decode(response.encoding or "utf-8", errors="replace")
    head = scrub_secrets(" ".join(head.split()))[:200]
    return f"{shown} → HTTP {response.status_code} {response.reason or ''}".rstrip() + f": {head}"


def _error(
    reason: str | None, response: requests.Response | None, shown: str, tries: int
) -> SourceError:
    message = reason or _status_text(response, shown)
    if tries > 1:
        message += f" (after {tries} attempts)"
    if response is not None and response.status_code >= 400:
        return HttpStatusError(message, status=response.status_code, url=shown.split(" ", 1)[1])
    return SourceError(message)
