"""The HTTP layer: one ThreadingHTTPServer on 127.0.0.1 serving PxWeb, Sotkanet, SYKE and the
State Treasury (kuntatalous).

`start_emulator()` runs it in a background thread for tests and the demo; the CLI
(`python -m loaders.emulator`) wraps the same object. Everything the loaders see goes through
`Emulator.dispatch`, so faults apply uniformly to every service.
"""

from __future__ import annotations

import socket
import sys
import threading
import traceback
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from loaders.emulator.description import load_description
from loaders.emulator.faults import Dropped, Faults
from loaders.emulator.kuntatalous import PREFIX as KUNTATALOUS_PREFIX
from loaders.emulator.kuntatalous import KuntatalousService
from loaders.emulator.pxweb import PREFIX as PXWEB_PREFIX
from loaders.emulator.pxweb import PxWebService
from loaders.emulator.reference import Geography
from loaders.emulator.response import Request, Response, json_response, not_found, text_response
from loaders.emulator.sotkanet import PREFIX as SOTKANET_PREFIX
from loaders.emulator.sotkanet import SotkanetService
from loaders.emulator.syke import PREFIX as SYKE_PREFIX
from loaders.emulator.syke import SykeService
from loaders.emulator.synthetic import Synth

HOST = "127.0.0.1"


def unused_port() -> int:
    """A local port nobody listens on (for connection-refused tests; racy but fine locally)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Emulator:
    """A running emulator: `.url`, `.env()`, `.requests`, `.stop()`; also a context manager."""

    def __init__(
        self,
        *,
        port: int = 0,
        faults: Sequence[str] = (),
        latency: float = 0.0,
        description: Path | None = None,
        max_cells: int = 120_000,
        rate_limit: tuple[int, float] | None = (30, 10.0),
        first_year: int = 1990,
        last_year: int = 2025,
        verbose: bool = False,
    ) -> None:
        self._stop = threading.Event()
        self.faults = Faults(list(faults), latency=latency, rate_limit=rate_limit, stop=self._stop)
        served = load_description(description)
        geo = Geography()
        synth = Synth(geo)
        years = (first_year, last_year)
        calls, window = rate_limit or (30, 10.0)
        self.limits = (calls, window)
        self.pxweb = PxWebService(
            served.tables,
            geo,
            synth,
            max_cells=max_cells,
            max_calls=calls,
            time_window=window,
            years=years,
        )
        self.sotkanet = SotkanetService(served.sotkanet, geo, synth, years)
        self.syke = SykeService(geo, synth, years)
        self.kuntatalous = KuntatalousService(synth, years)
        self.verbose = verbose
        self._log: list[tuple[str, str, int]] = []
        self._log_lock = threading.Lock()
        self._server = _Server((HOST, port), _Handler)
        self._server.emulator = self
        self._thread: threading.Thread | None = None
        self.kuntatalous.base = self.url

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def env(self) -> dict[str, str]:
        """The variables that point `mittaristo.settings.load_settings()` here, with this
        emulator's own call limit (the client keeps to the published StatFin limit otherwise, and
        a `?config` answer can only tighten it)."""
        calls, window = self.limits
        return {
            "MITTARISTO_PXWEB_URL": f"{self.url}/PxWeb/api/v1",
            "MITTARISTO_SOTKANET_URL": f"{self.url}/rest/1.1",
            "MITTARISTO_SYKE_URL": f"{self.url}/syke",
            "MITTARISTO_KUNTATALOUS_URL": f"{self.url}/kuntatalous/rest/v1/json",
            "MITTARISTO_PXWEB_MAX_CALLS": str(calls),
            "MITTARISTO_PXWEB_TIME_WINDOW": str(window),
        }

    @property
    def requests(self) -> list[tuple[str, str, int]]:
        """(method, path with query, status) of every answered request; status 0 = dropped."""
        with self._log_lock:
            return list(self._log)

    def record(self, method: str, target: str, status: int) -> None:
        with self._log_lock:
            self._log.append((method, target, status))
        if self.verbose:
            print(f"{method} {target} {status}", file=sys.stderr, flush=True)

    def start(self) -> Emulator:
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="emulator",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving; requests held by `timeout`/`latency` are released at once."""
        self._stop.set()
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> Emulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def dispatch(self, req: Request) -> Response:
        """Faults first, then the service the path names, then faults that spoil the answer."""
        req.active = lambda kind: self.faults.active(kind, req.target)
        resp = self.faults.before(req) or self._route(req)
        return self.faults.after(req, resp)

    def _route(self, req: Request) -> Response:
        path = req.path.lower()
        try:
            if path.startswith(PXWEB_PREFIX):
                return self.pxweb.handle(req)
            if req.method != "GET":
                return text_response("405 Method Not Allowed", 405)
            if path.startswith(SOTKANET_PREFIX):
                return self.sotkanet.handle(req)
            if path.startswith(SYKE_PREFIX):
                return self.syke.handle(req)
            if req.path.startswith(KUNTATALOUS_PREFIX):
                return self.kuntatalous.handle(req)
            if path == "/":
                return json_response({"services": self.env()})
            return not_found()
        except Exception:  # an emulator bug: say so loudly, answer like a broken server
            traceback.print_exc(file=sys.stderr)
            return text_response("500 Internal Server Error (emulator bug, see its stderr)", 500)


def start_emulator(
    *,
    port: int = 0,
    faults: Sequence[str] = (),
    latency: float = 0.0,
    description: Path | None = None,
    max_cells: int = 120_000,
    rate_limit: tuple[int, float] | None = (30, 10.0),
    first_year: int = 1990,
    last_year: int = 2025,
    verbose: bool = False,
) -> Emulator:
    """Start an emulator in a background thread (port 0 = any free port)."""
    return Emulator(
        port=port,
        faults=faults,
        latency=latency,
        description=description,
        max_cells=max_cells,
        rate_limit=rate_limit,
        first_year=first_year,
        last_year=last_year,
        verbose=verbose,
    ).start()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    emulator: Emulator


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Microsoft-IIS/10.0"  # what pxdata.stat.fi reports [U]
    timeout = 30  # idle keep-alive connections end instead of holding a thread forever
    # Headers and body go out in two writes; without TCP_NODELAY the client's delayed ACK
    # stalls every keep-alive answer by ~40 ms (300 SYKE files: 12 s instead of 0.3 s).
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._serve()

    def do_POST(self) -> None:  # noqa: N802
        self._serve()

    def version_string(self) -> str:
        return self.server_version

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Silent: the emulator logs finished requests itself (stderr only with --verbose)."""

    def _serve(self) -> None:
        emulator = self.server.emulator
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        req = Request(self.command, self.path, headers, body, self.client_address[0])
        try:
            resp = emulator.dispatch(req)
        except Dropped:
            self.close_connection = True
            emulator.record(req.method, req.target, 0)
            return
        emulator.record(
            req.method, req.target, resp.status
        )  # before writing: no race with the client
        try:
            self._write(resp)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def _write(self, resp: Response) -> None:
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        if resp.status != 304:
            self.send_header("Content-Length", str(len(resp.body)))
        for name, value in resp.headers.items():
            self.send_header(name, value)
        if resp.truncate:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if resp.status != 304:
            self.wfile.write(resp.body[: len(resp.body) // 2] if resp.truncate else resp.body)
        self.wfile.flush()
