"""`python -m loaders validate [--coverage] [--format json]`: check the configuration offline.

Exit 0 when indicators.yaml and strategies/*.yaml are valid, 1 when not (every problem printed
as `file:line path: message`, on stderr in text form), so cron and CI can stop before a refresh.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from pathlib import Path

from mittaristo.config.coverage import (
    assess_coverage,
    coverage_as_dict,
    format_coverage,
    list_unused_indicators,
)
from mittaristo.config.load import Config, ConfigValidationError, load_config

PROJECT_DIR = Path(__file__).resolve().parents[2]
MUNICIPALITIES_CSV = PROJECT_DIR / "data" / "reference" / "municipalities.csv"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--config-dir",
        type=Path,
        default=None,
        help="folder with indicators.yaml and strategies/ (default: $MITTARISTO_CONFIG_DIR or the project folder)",
    )
    parser.add_argument(
        "--coverage", action="store_true", help="report per town how each mittari is measured"
    )
    parser.add_argument(
        "--format", choices=["text", "json"], default="text", help="output format (default: text)"
    )


def run(args: argparse.Namespace) -> int:
    config_dir = resolve_config_dir(args.config_dir)
    try:
        config = load_config(config_dir, municipalities=read_municipality_codes(MUNICIPALITIES_CSV))
    except ConfigValidationError as exc:
        return report_invalid(exc, args.format)
    report_valid(config, coverage=args.coverage, output=args.format)
    return 0


def resolve_config_dir(given: Path | None) -> Path:
    """--config-dir, else $MITTARISTO_CONFIG_DIR, else the project folder (where indicators.yaml lives)."""
    if given is not None:
        return given
    return Path(os.environ.get("MITTARISTO_CONFIG_DIR") or PROJECT_DIR)


def read_municipality_codes(path: Path) -> set[str] | None:
    """Codes (KU111) of the reference list; None (check skipped) when the file is absent."""
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["code"] for row in csv.DictReader(handle)}


def report_invalid(exc: ConfigValidationError, output: str) -> int:
    if output == "json":
        issues = [
            {"file": i.file, "line": i.line, "path": i.path, "message": i.message}
            for i in exc.issues
        ]
        print(json.dumps({"ok": False, "issues": issues}, ensure_ascii=False, indent=2))
        return 1
    for issue in exc.issues:
        print(issue, file=sys.stderr)
    count = len(exc.issues)
    print(
        f"Konfiguraatiossa {count} virhettä / {count} problem(s) in the configuration",
        file=sys.stderr,
    )
    return 1


def report_valid(config: Config, *, coverage: bool, output: str) -> None:
    coverages = assess_coverage(config) if coverage else []
    unused = list_unused_indicators(config) if coverage else []
    if output == "json":
        payload: dict = {
            "ok": True,
            "indicators": len(config.catalog.indicators),
            "towns": sorted(config.strategies),
        }
        if coverage:
            payload["coverage"] = coverage_as_dict(coverages, unused)
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    towns = ", ".join(sorted(config.strategies))
    print(
        f"OK: {len(config.catalog.indicators)} indicators, {len(config.strategies)} strategies ({towns})"
    )
    if coverage:
        print()
        print(format_coverage(coverages, unused))
