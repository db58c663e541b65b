"""`python -m loaders.emulator [--port N] [--fault KIND[@TEXT] …] [-- COMMAND …]`

Prints the three `MITTARISTO_*_URL=…` lines first (flushed), then serves until SIGINT/SIGTERM.
Nothing else goes to stdout, and stdout is detached after those lines, so a reader that closes
the pipe early (`| head -n 3`) cannot break or block the server.

Note: `env $(python -m loaders.emulator | head -n 3) CMD` cannot work with any foreground
server, because `$(…)` waits for the server to exit. Either give the command after `--`
(the emulator runs it with the variables set and stops when it ends), or start the emulator in
the background with its stdout in a file and `env $(head -n 3 FILE) CMD`.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from loaders.emulator.faults import KINDS, NOT_A_SERVER_FAULT, parse_fault
from loaders.emulator.server import Emulator, start_emulator


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
    parser.add_argument("--catalog", type=Path, help="indicator catalog (default: indicators.yaml)")
    parser.add_argument("--max-cells", type=int, default=120_000, help="PxWeb cell limit per query")
    parser.add_argument("--first-year", type=int, default=1990)
    parser.add_argument("--last-year", type=int, default=2025)
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    return parser


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


def _serve(emu: Emulator) -> int:
    done = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: done.set())
    print(f"emulator serving on {emu.url} (Ctrl-C to stop)", file=sys.stderr, flush=True)
    while not done.wait(0.5):
        pass
    return 0


def _run(emu: Emulator, command: list[str]) -> int:
    """Run COMMAND with the emulator's variables; its exit code is ours."""
    sys.stdout.write("".join(f"{k}={v}\n" for k, v in emu.env().items()))
    sys.stdout.flush()
    proc = subprocess.Popen(command, env={**os.environ, **emu.env()})
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
    try:
        emu = start_emulator(
            port=args.port,
            faults=args.fault,
            latency=args.latency,
            catalog_path=args.catalog,
            max_cells=args.max_cells,
            first_year=args.first_year,
            last_year=args.last_year,
            verbose=args.verbose,
        )
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
