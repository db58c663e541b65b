"""Per town: how many targets quote the document, how many are assumed, how many rest on an
interpretation (python scripts/target_counts.py; the closing note of issue 14 pastes this)."""

from __future__ import annotations

from pathlib import Path

from mittaristo.config.load import load_config
from mittaristo.presentation import target_counts


def main() -> None:
    config = load_config(Path(__file__).resolve().parents[1])
    print("| town | targets | quoted | assumed | interpreted |\n|---|---|---|---|---|")
    for town, strategy in sorted(config.strategies.items()):
        c = target_counts(strategy)
        print(f"| {town} | {c['targets']} | {c['quoted']} | {c['assumed']} | {c['interpreted']} |")


if __name__ == "__main__":
    main()
