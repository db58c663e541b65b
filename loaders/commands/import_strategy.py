"""`python -m loaders import-strategy FILE.xlsx --town SLUG [--dry-run] [--out PATH] [--force]`.

A filled strategy workbook (the template, or a town's own tables pasted into it) becomes
strategies/<town>.yaml. Every row that cannot be read is reported with its sheet, row, column
and a hint, and then NOTHING is written; the result must also pass `validate`. Fields the
workbook leaves empty keep the values of the town's existing file (e.g. one made by new-town).
Mittarit whose catalog series is unclear are listed for a person to confirm.
Exit 0 written (or checked with --dry-run), 1 refused, 2 bad arguments.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from pathlib import Path

from loaders.commands._shared import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_config_argument,
    command_settings,
    error,
    load_valid_config,
)
from mittaristo.config.model import ID_PATTERN
from mittaristo.i18n import LANGS, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="the filled workbook (.xlsx)")
    parser.add_argument("--town", required=True, help="town id: strategies/<town>.yaml")
    parser.add_argument("--out", type=Path, help="write here instead of strategies/<town>.yaml")
    parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
    parser.add_argument("--force", action="store_true", help="replace an existing strategy file")
    parser.add_argument(
        "--lang", choices=LANGS, default="fi", help="language of the messages (default fi)"
    )
    add_config_argument(parser)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from mittaristo.template.importing import import_workbook

    lang = args.lang
    if not re.match(ID_PATTERN, args.town):
        error(t("sheet.cli.bad_town_id", lang, town=args.town))
        return EXIT_USAGE
    settings = command_settings(args)
    path = args.out or settings.config_dir / "strategies" / f"{args.town}.yaml"
    if path.exists() and not (args.force or args.dry_run):  # fail fast, before any reading
        error(t("sheet.cli.exists", lang, path=path))
        return EXIT_FAILED
    config = load_valid_config(settings)
    if config is None:
        return EXIT_FAILED
    existing = config.strategies.get(args.town)
    old = existing.model_dump(exclude_none=True, exclude_defaults=True) if existing else None
    result = import_workbook(args.file, args.town, config.catalog.by_id(), old)
    if not result.report.ok:
        _print_problems(result.report.problems, lang)
        return EXIT_FAILED
    return _write(args, result, path, settings.config_dir)


def _write(args: argparse.Namespace, result, path: Path, config_dir: Path) -> int:
    """Check the strategy exactly as `validate` would, then write it (with --dry-run: not)."""
    from mittaristo.config.load import ConfigValidationError
    from mittaristo.config.project import municipality_names
    from mittaristo.config.write import (
        FileExists,
        check_strategy_text,
        dump_strategy,
        write_text_atomically,
    )

    lang = args.lang
    header = t("sheet.cli.header", lang, file=args.file.name, date=dt.date.today().isoformat())
    text = dump_strategy(result.data, header)
    try:
        check_strategy_text(config_dir, args.town, text, municipality_names())
    except ConfigValidationError as exc:
        error(t("sheet.cli.invalid", lang))
        for issue in exc.issues:
            error(f"  {issue}")
        return EXIT_FAILED
    counts = _counts(result.data)
    if args.dry_run:
        print(t("sheet.cli.dry_run", lang, **counts))
    else:
        try:
            write_text_atomically(path, text, force=args.force)
        except FileExists:
            error(t("sheet.cli.exists", lang, path=path))
            return EXIT_FAILED
        print(t("sheet.cli.written", lang, path=path, **counts))
    _print_report(result, counts, lang)
    return EXIT_OK


def _print_problems(problems, lang: str) -> None:
    error(t("sheet.cli.refused", lang, n=len(problems)))
    for problem in sorted(problems, key=lambda p: (p.sheet, p.row, p.column)):
        error(f"  {problem.format(lang)}")


def _counts(data: dict) -> dict[str, int]:
    goals = data.get("goals", [])
    boxes = [*goals, *(s for g in goals for s in g.get("subgoals", []))]
    uses = [u for b in boxes for u in b.get("indicators", [])]
    return {
        "goals": len(goals),
        "mittarit": len(uses),
        "actions": sum(len(b.get("actions", [])) for b in boxes),
        "matched": sum(1 for u in uses if u.get("indicator")),
    }


def _print_report(result, counts: dict[str, int], lang: str) -> None:
    report = result.report
    print(
        t(
            "sheet.cli.matched",
            lang,
            matched=counts["matched"],
            total=counts["mittarit"],
            unclear=len(report.confirm),
        )
    )
    if report.confirm:
        print(t("sheet.cli.confirm_title", lang))
        for item in report.confirm:
            print(f"  {item.format(lang)}")
    if report.notes:
        print(t("sheet.cli.notes_title", lang))
        for item in report.notes:
            print(f"  {item.format(lang)}")
