"""HttpClient against a real local HTTP server: retries, Retry-After, truncation, timeouts.

Waiting is injected (fake sleep + clock), so no test sleeps for real except the read timeout.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from loaders.base import SourceError
from loaders.http import USER_AGENT, HttpClient, HttpStatusError, RateLimiter, redact_url
from mittaristo.settings import Settings

Reply = tuple[int, dict[str, str], bytes]


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (timeout tests) are expected; no tracebacks on stderr."""

    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class LocalServer:
    """A threaded http.server on 127.0.0.1; `handler(method, path, body) -> (status, headers, body)`.

    Every request is recorded as (method, path, headers, body) in `requests`.
    """

    def __init__(self, handler: Callable[[str, str, bytes], Reply]) -> None:
        self.handler = handler
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                owner.requests.append((self.command, self.path, dict(self.headers), body))
                status, headers, payload = owner.handler(self.command, self.path, body)
                self.send_response(status)
                headers = {"Content-Length": str(len(payload)), **headers}
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = _serve

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = _QuietServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class FakeTime:
    """sleep() advances the clock instead of waiting; waits are recorded."""

    def __init__(self) -> None:
        self.now = 0.0
        self.waits: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds

    def clock(self) -> float:
        return self.now


def scripted(*replies: Reply) -> Callable[[str, str, bytes], Reply]:
    """Answers in order; the last reply repeats."""
    queue = list(replies)
    return lambda method, path, body: queue.pop(0) if len(queue) > 1 else queue[0]


@pytest.fixture
def serve():
    servers: list[LocalServer] = []

    def start(handler: Callable[[str, str, bytes], Reply]) -> LocalServer:
        servers.append(LocalServer(handler))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def make_client(**overrides: object) -> tuple[HttpClient, FakeTime]:
    fake = FakeTime()
    settings = Settings(**{"max_retries": 3, "timeout": 5.0, **overrides})
    return HttpClient(settings, sleep=fake.sleep, clock=fake.clock), fake


OK: Reply = (200, {"Content-Type": "application/json"}, b'{"ok": true}')


def test_get_sends_user_agent_and_counts(serve):
    server = serve(scripted(OK))
    client, _ = make_client()
    response = client.get(f"{server.url}/a", params={"x": "1"})
    assert response.json() == {"ok": True}
    assert server.requests[0][1] == "/a?x=1"
    assert server.requests[0][2]["User-Agent"] == USER_AGENT
    assert client.request_count == 1
    assert client.count_for(server.url) == 1


def test_post_json_sends_the_body(serve):
    server = serve(scripted(OK))
    client, _ = make_client()
    client.post_json(f"{server.url}/t.px", {"query": [], "response": {"format": "json-stat2"}})
    method, _, headers, body = server.requests[0]
    assert method == "POST" and headers["Content-Type"] == "application/json"
    assert json.loads(body)["response"]["format"] == "json-stat2"


def test_503_then_200_retries_with_backoff(serve):
    server = serve(scripted((503, {}, b"busy"), OK))
    client, fake = make_client()
    assert client.get(f"{server.url}/x").status_code == 200
    assert client.request_count == 2 and len(server.requests) == 2
    assert len(fake.waits) == 1 and 0 < fake.waits[0] <= 1.0


def test_429_waits_for_retry_after(serve):
    server = serve(scripted((429, {"Retry-After": "1"}, b"slow down"), OK))
    client, fake = make_client()
    client.get(f"{server.url}/x")
    assert fake.waits == [1.0]


def test_retry_after_as_http_date_is_honoured(serve):
    server = serve(scripted((503, {"Retry-After": "Thu, 01 Jan 2099 00:00:00 GMT"}, b""), OK))
    client, fake = make_client()
    with pytest.raises(SourceError, match="Retry-After"):
        client.get(f"{server.url}/x")
    assert fake.waits == [] and len(server.requests) == 1


def test_429_forever_gives_up_after_max_retries(serve):
    server = serve(scripted((429, {"Retry-After": "2"}, b"too many calls")))
    client, fake = make_client(max_retries=3)
    with pytest.raises(HttpStatusError) as info:
        client.get(f"{server.url}/StatFin/11re.px")
    assert len(server.requests) == 4 and fake.waits == [2.0, 2.0, 2.0]
    message = str(info.value)
    assert "GET" in message and "/StatFin/11re.px" in message and "429" in message
    assert "too many calls" in message and info.value.status == 429


def test_long_retry_after_gives_up_at_once(serve):
    server = serve(scripted((429, {"Retry-After": "3600"}, b"come back later")))
    client, fake = make_client()
    with pytest.raises(SourceError, match="3600"):
        client.get(f"{server.url}/x")
    assert len(server.requests) == 1 and fake.waits == []


def test_total_retry_time_is_bounded(serve):
    server = serve(scripted((503, {"Retry-After": "25"}, b"")))
    fake = FakeTime()
    settings = Settings(max_retries=10, max_retry_wait=30.0)
    client = HttpClient(settings, sleep=fake.sleep, clock=fake.clock, max_total_wait=60.0)
    with pytest.raises(SourceError, match="in total"):
        client.get(f"{server.url}/x")
    assert sum(fake.waits) <= 60.0 and len(server.requests) == 3


def test_404_fails_at_once_and_names_the_request(serve):
    server = serve(scripted((404, {}, b"<html>" + b"not found " * 50 + b"</html>")))
    client, _ = make_client()
    with pytest.raises(HttpStatusError) as info:
        client.get(f"{server.url}/fi/StatFin/nope.px", params={"apikey": "s3cret"})
    message = str(info.value)
    assert len(server.requests) == 1 and info.value.status == 404
    assert "/fi/StatFin/nope.px" in message and "404" in message and "not found" in message
    assert "s3cret" not in message
    assert len(message) < 400  # the body is cut to 200 characters


def test_truncated_body_is_a_source_error(serve):
    server = serve(scripted((200, {"Content-Length": "1000"}, b'{"partial": ')))
    client, _ = make_client(max_retries=1)
    with pytest.raises(SourceError, match="truncated") as info:
        client.get(f"{server.url}/big.json")
    assert f"{server.url}/big.json" in str(info.value)
    assert len(server.requests) == 2


def test_read_timeout_is_a_source_error(serve):
    release = threading.Event()

    def slow(method: str, path: str, body: bytes) -> Reply:
        release.wait(5)
        return OK

    server = serve(slow)
    client, _ = make_client(timeout=0.2, max_retries=0)
    try:
        with pytest.raises(SourceError, match="read timeout") as info:
            client.get(f"{server.url}/slow")
    finally:
        release.set()
    assert f"{server.url}/slow" in str(info.value)


def test_connection_refused_is_a_source_error():
    client, fake = make_client(max_retries=2)
    with pytest.raises(SourceError, match="connection failed"):
        client.get("http://127.0.0.1:9/closed")
    assert client.request_count == 3 and len(fake.waits) == 2


def test_rate_limiter_sliding_window():
    fake = FakeTime()
    limiter = RateLimiter(3, 10.0, sleep=fake.sleep, clock=fake.clock)
    assert [limiter.acquire() for _ in range(3)] == [0.0, 0.0, 0.0]
    fake.now = 4.0
    assert limiter.acquire() == pytest.approx(6.0)  # waits until the first call leaves the window
    assert fake.now == pytest.approx(10.0)
    fake.now = 30.0
    assert limiter.acquire() == 0.0


def test_client_rate_limits_the_pxweb_host(serve):
    server = serve(scripted(OK))
    client, fake = make_client(
        pxweb_url=f"{server.url}/PxWeb/api/v1", pxweb_max_calls=2, pxweb_time_window=10.0
    )
    for _ in range(5):
        client.get(f"{server.url}/PxWeb/api/v1/fi/?config")
    assert fake.waits == [10.0, 10.0]  # calls 1-2 at t=0, 3-4 at t=10, 5 at t=20
    assert client.count_for(server.url) == 5


def test_redact_url_hides_credentials_and_secrets():
    shown = redact_url("https://user:pw@host.fi/api?token=abc&year=2024", {"api_key": "k"})
    assert "pw" not in shown and "abc" not in shown and "=k" not in shown
    assert "year=2024" in shown and shown.startswith("https://host.fi/api?")
    assert (
        redact_url("https://h.fi/PxWeb/api/v1/fi/?config") == "https://h.fi/PxWeb/api/v1/fi/?config"
    )


def test_a_service_that_never_answers_fails_the_rest_at_once():
    """After 3 attempts in a row without any answer the host counts as down: the next requests
    fail immediately (a dead service must not make a refresh take hours)."""
    import socket

    from loaders.base import SourceError
    from loaders.http import HttpClient
    from mittaristo.settings import Settings

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # closed once the block ends: connections are refused
    client = HttpClient(Settings(max_retries=1), sleep=lambda _: None)
    url = f"http://127.0.0.1:{port}/rest/1.1/regions"
    for _ in range(2):
        with pytest.raises(SourceError, match="connection failed"):
            client.get(url)
    made = client.request_count
    assert made == 3  # two attempts, then the third attempt reached the limit
    with pytest.raises(SourceError, match=r"not tried — the service did not answer 3 requests"):
        client.get(url + "?again=1")
    assert client.request_count == made


@pytest.mark.parametrize("service", ["sotkanet_url", "syke_url", "kuntatalous_url"])
def test_every_other_service_gets_the_polite_limit(serve, service):
    """Sotkanet, SYKE and the State Treasury publish no limit: each host gets at most 5
    requests a second (the State Treasury had none, so its documents went out in a burst)."""
    server = serve(scripted(OK))
    client, fake = make_client(**{service: f"{server.url}/api"})
    for _ in range(11):
        client.get(f"{server.url}/api/x")
    assert len(fake.waits) == 2 and sum(fake.waits) == pytest.approx(2.0)  # 5 at 0, 5 at 1, 1 at 2
