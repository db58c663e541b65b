"""`python -m loaders.emulator [--port N] [--fault KIND[@TEXT] …] [-- COMMAND …]`

Prints the three `MITTARISTO_*_URL=…` lines first (flushed), then serves until SIGINT/SIGTERM.
Nothing else goes to stdout, and stdout is detached after those lines, so a reader that closes
the pipe early (`| head -n 4`) cannot break or block the server.

`env $(python -m loaders.emulator --port 8765 | head -n 4) CMD` works: when stdout is a pipe
(`--detach auto`, the default) the emulator prints the lines and moves to the background, so
`$(…)` ends; the background server stops after `--idle-timeout` seconds without requests (or on
SIGTERM to the pid it prints on stderr). Alternatives: give the command after `--` (the emulator
runs it with the variables set and stops when it ends), or run it in the background with stdout
in a file and `env $(head -n 4 FILE) CMD`.
"""

from __future__ import annotations

import argparse
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from loaders.emulator.faults import KINDS, NOT_A_SERVER_FAULT, parse_fault
from loaders.emulator.server import Emulator, start_emulator
from mittaristo.settings import child_environment


def build_parser() -> argparse.ArgumentParser:
    faults = "\n".join(f"  {kind:16} {text}" for kind, text in KINDS.items())
    parser = argparse.ArgumentParser(
        prog="python -m loaders.emulator",
        description="Local PxWeb v1 + Sotkanet 1.1 + SYKE emulator for tests and the demo.",
        epilog=f"fault kinds (KIND or KIND@TEXT: only requests whose path+query contain TEXT):\n{faults}\n"
        f"  {NOT_A_SERVER_FAULT}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--port", type=int, default=8765, help="0 = any free port (default 8765)")
    parser.add_argument("--fault", action="append", default=[], metavar="KIND[@TEXT]")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds added to responses")
    parser.add_argument(
        "--description", type=Path,
        help="what to serve (default: loaders/emulator/description.yaml; never the catalog)",
    )  # fmt: skip
    parser.add_argument("--max-cells", type=int, default=120_000, help="PxWeb cell limit per query")
    parser.add_argument("--first-year", type=int, default=1990)
    parser.add_argument("--last-year", type=int, default=2025)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--detach", choices=("auto", "always", "never"), default="auto",
        help="serve in the background after printing the settings (auto: when stdout is a pipe)",
    )  # fmt: skip
    parser.add_argument(
        "--idle-timeout", type=float, default=900.0,
        help="a detached emulator stops after this many seconds without requests (default 900)",
    )  # fmt: skip
    return parser


def _stdout_is_pipe() -> bool:
    try:
        return stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode)
    except (OSError, ValueError):
        return False


def _detach(start: Callable[[], Emulator], idle_timeout: float) -> int:
    """Fork: the child serves in its own session, the parent prints the settings and exits.

    The child's stdout is pointed at /dev/null before the parent exits, so a `$(… | head -n 4)`
    reader sees end-of-file and the shell does not wait for the server.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        with os.fdopen(read_end) as ready:
            lines = ready.read()
        if not lines:
            print("emulator: the background server did not start", file=sys.stderr)
            return 2
        sys.stdout.write(lines)
        sys.stdout.flush()
        print(f"emulator running in the background (pid {pid}); stop it with: kill {pid}",
              file=sys.stderr, flush=True)  # fmt: skip
        return 0
    os.close(read_end)
    os.setsid()
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(devnull, fd)
    try:
        emu = start()
    except OSError:
        os._exit(2)
    os.write(write_end, "".join(f"{k}={v}\n" for k, v in emu.env().items()).encode())
    os.close(write_end)
    os.dup2(devnull, 2)
    try:
        _serve(emu, idle_timeout=idle_timeout, announce=False)
    finally:
        emu.stop()
        os._exit(0)


def _print_env(emu: Emulator) -> None:
    """The three lines, then stdout goes to /dev/null so later writes can never hit a closed pipe."""
    try:
        sys.stdout.write("".join(f"{k}={v}\n" for k, v in emu.env().items()))
        sys.stdout.flush()
    except BrokenPipeError:
        pass
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _serve(emu: Emulator, *, idle_timeout: float | None = None, announce: bool = True) -> int:
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    if announce:
        print(f"emulator serving on {emu.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    seen, last_activity = 0, time.monotonic()
    while not done.wait(0.5):
        if idle_timeout is None:
            continue
        if len(emu.requests) != seen:
            seen, last_activity = len(emu.requests), time.monotonic()
        elif time.monotonic() - last_activity > idle_timeout:
            break
    return 0


def _run(emu: Emulator, command: list[str]) -> int:
    """Run COMMAND with the emulator's variables; its exit code is ours."""
    sys.stdout.write("".join(f"{k}={v}\n" for k, v in emu.env().items()))
    sys.stdout.flush()
    proc = subprocess.Popen(command, env=child_environment(emu.env()))
    signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    try:
        return proc.wait()
    except KeyboardInterrupt:
        return proc.wait()


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    command = argv[argv.index("--") + 1 :] if "--" in argv else []
    parser = build_parser()
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    for spec in args.fault:
        try:
            parse_fault(spec)
        except ValueError as exc:
            parser.error(str(exc))

    def start() -> Emulator:
        return start_emulator(
            port=args.port,
            faults=args.fault,
            latency=args.latency,
            description=args.description,
            max_cells=args.max_cells,
            first_year=args.first_year,
            last_year=args.last_year,
            verbose=args.verbose,
        )

    detach = args.detach == "always" or (args.detach == "auto" and _stdout_is_pipe())
    if detach and not command:
        return _detach(start, args.idle_timeout)
    try:
        emu = start()
    except OSError as exc:
        print(f"emulator: cannot listen on 127.0.0.1:{args.port}: {exc}", file=sys.stderr)
        return 2
    try:
        if command:
            return _run(emu, command)
        _print_env(emu)
        return _serve(emu)
    finally:
        emu.stop()


if __name__ == "__main__":
    sys.exit(main())
