"""`python -m loaders validate [--coverage] [--format json]`: check the configuration offline.

Exit 0 when indicators.yaml and strategies/*.yaml are valid, 1 when not (every problem printed
as `file:line path: message — hint: …`, on stderr in text form, then a summary line in
Finnish and English), so cron and CI can stop before a refresh.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mittaristo.config.coverage import (
    assess_coverage,
    coverage_as_dict,
    format_coverage,
    list_unused_indicators,
)
from mittaristo.config.load import Config, ConfigValidationError
from mittaristo.config.project import load_project_config
from mittaristo.i18n import t
from mittaristo.settings import load_settings

SUMMARY_LANGS = ("fi", "en")  # cron mail readers: Finnish first, English for the rest


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
    settings = load_settings(config_dir=args.config_dir)
    try:
        config = load_project_config(settings)
    except ConfigValidationError as exc:
        return report_invalid(exc, args.format)
    report_valid(config, coverage=args.coverage, output=args.format)
    return 0


def report_invalid(exc: ConfigValidationError, output: str) -> int:
    if output == "json":
        issues = [
            {"file": i.file, "line": i.line, "path": i.path, "message": i.message, "hint": i.hint}
            for i in exc.issues
        ]
        print(json.dumps({"ok": False, "issues": issues}, ensure_ascii=False, indent=2))
        return 1
    for issue in exc.issues:
        print(issue, file=sys.stderr)
    print(invalid_summary(len(exc.issues)), file=sys.stderr)
    return 1


def invalid_summary(count: int) -> str:
    """The closing line in Finnish and English: `Konfiguraatiossa on 2 virhettä / …`."""
    return " / ".join(t("validate_invalid", lang, n=count) for lang in SUMMARY_LANGS)


def valid_summary(indicators: int, towns: list[str]) -> str:
    """`OK: 12 indikaattoria, 2 strategiaa / 12 indicators, 2 strategies (heinola, kemi)`."""
    parts = [
        t("validate_valid", lang, indicators=t("validate_indicators", lang, n=indicators),
          strategies=t("validate_strategies", lang, n=len(towns)))
        for lang in SUMMARY_LANGS
    ]  # fmt: skip
    return f"OK: {' / '.join(parts)} ({', '.join(towns)})"


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
    print(valid_summary(len(config.catalog.indicators), sorted(config.strategies)))
    if coverage:
        print()
        print(format_coverage(coverages, unused))
