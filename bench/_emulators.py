"""Helper process for the refresh figure: serve emulators outside the measured process.

    python -m bench._emulators '<json list of {"name", "faults", "latency", "rate_limit", "max_cells"}>'

Prints one JSON line {name: base url}, serves until stdin closes, then prints one JSON line
{name: [[method, target, status], ...]} (every request each emulator answered) and exits.
Running the servers in their own process keeps their work off the refresh's GIL, as a remote
service would be.
"""

from __future__ import annotations

import json
import sys


def main() -> int:
    from loaders.emulator import start_emulator

    specs = json.loads(sys.argv[1])
    emulators = {}
    try:
        for spec in specs:
            limit = spec.get("rate_limit")
            emulators[spec["name"]] = start_emulator(
                faults=tuple(spec.get("faults", ())),
                latency=float(spec.get("latency", 0.0)),
                rate_limit=tuple(limit) if limit else None,
                max_cells=int(spec.get("max_cells", 120_000)),
            )
        print(json.dumps({name: emu.url for name, emu in emulators.items()}), flush=True)
        sys.stdin.read()  # until the parent closes our stdin
        log = {name: [list(r) for r in emu.requests] for name, emu in emulators.items()}
        print(json.dumps(log), flush=True)
    finally:
        for emu in emulators.values():
            emu.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
