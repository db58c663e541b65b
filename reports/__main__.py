"""`python -m reports build --town ID --format pptx|pdf|xlsx|png --lang fi|sv [--out FILE]`.

For scheduled meeting packs (cron): exit 0 when the file was written, 2 for a wrong argument
(unknown town, snapshot or mittari, unwritable folder), 1 when the data or configuration does
not allow the report. Nothing is written unless the whole file is ready.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import sys
import time
from pathlib import Path

from mittaristo.formatting import format_number
from mittaristo.i18n import t
from mittaristo.settings import Settings, load_settings

EXIT_FAILED = 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m reports", description="Mittaristo exports")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    cmd = sub.add_parser("build", help="write a deck, review report, workbook or chart PNG")
    cmd.add_argument("--town", required=True, help="town id, e.g. heinola")
    cmd.add_argument("--format", required=True, choices=("pptx", "pdf", "xlsx", "png"))
    cmd.add_argument("--lang", default="fi", choices=("fi", "sv", "en"))
    cmd.add_argument(
        "--out",
        type=Path,
        default=None,
        help="file to write (default: TOWN[-MITTARI]-YYYY-MM-DD.FORMAT in the current folder)",
    )
    cmd.add_argument(
        "--db",
        type=Path,
        default=None,
        help="statistics database (default: $MITTARISTO_DB or data/mittaristo.duckdb)",
    )
    cmd.add_argument(
        "--edits-db",
        type=Path,
        default=None,
        help="edits database (default: $MITTARISTO_EDITS_DB or data/mittaristo-edits.duckdb)",
    )
    cmd.add_argument(
        "--since-snapshot", default=None, help="add a 'what changed' section since this snapshot id"
    )
    cmd.add_argument(
        "--mittari", default=None, help="with --format png: the mittari (use id) to draw"
    )
    cmd.add_argument(
        "--config-dir", type=Path, default=None, help="folder with indicators.yaml and strategies/"
    )
    cmd.add_argument("--quiet", action="store_true", help="print only errors")
    return parser


def _progress(quiet: bool):
    def show(done: int, total: int, text: str) -> None:
        if not quiet:
            print(f"[{done}/{total}] {text}", flush=True)

    return show


def default_out(town: str, fmt: str, mittari: str | None, today: dt.date) -> Path:
    """A meeting pack needs no path to be typed: `kemi-2026-12-02.xlsx` in the current folder."""
    parts = [town, *([mittari] if fmt == "png" and mittari else []), today.isoformat()]
    return Path("-".join(parts) + "." + fmt)


def run_build(args: argparse.Namespace) -> int:
    started = time.monotonic()
    if args.out is None:
        args.out = default_out(args.town, args.format, args.mittari, dt.date.today())
    with _charts_early(args.format):
        return _build(args, started)


def _charts_early(fmt: str):
    """Start the chart browser before the configuration and data are read: its start-up
    (seconds) then overlaps with theirs."""
    if fmt == "xlsx":
        return contextlib.nullcontext()
    from reports.images import chart_server

    return chart_server()


def command_settings(args: argparse.Namespace) -> Settings:
    """The environment's settings with --db, --edits-db and --config-dir on top."""
    return load_settings(db=args.db, edits_db=args.edits_db, config_dir=args.config_dir)


def _build(args: argparse.Namespace, started: float) -> int:
    from reports.build import atomic_output, build_report, chart_png
    from reports.context import EXIT_USAGE, ReportError, read_config

    settings = command_settings(args)
    try:
        config = read_config(settings)
        if args.format == "png":
            if not args.mittari:
                print("--format png needs --mittari USE_ID", file=sys.stderr)
                return EXIT_USAGE
            png = chart_png(
                args.town, args.mittari, args.lang, config=config, db_path=settings.db,
                edits_path=settings.edits_db,
            )  # fmt: skip
            with atomic_output(args.out) as tmp:
                tmp.write_bytes(png)
        else:
            build_report(
                args.town, args.format, args.lang, args.out, db_path=settings.db,
                edits_path=settings.edits_db, since_snapshot=args.since_snapshot,
                progress=_progress(args.quiet), config=config,
            )  # fmt: skip
    except ReportError as exc:
        print(exc.message(args.lang), file=sys.stderr)
        return exc.exit_code
    size = format_number(max(1, args.out.stat().st_size / 1024), 0, args.lang)
    if not args.quiet:
        seconds = format_number(time.monotonic() - started, 1, args.lang)
        print(t("report_written", args.lang, path=args.out, size=size, seconds=seconds))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return run_build(args)
    except KeyboardInterrupt:
        print("keskeytetty / interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the boundary of the command
        if load_settings().debug:
            logging.exception("report failed")
        print(t("report_failed", args.lang, reason=f"{type(exc).__name__}: {exc}"), file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
