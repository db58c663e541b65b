"""`python -m loaders strategy-template [--town SLUG] [--out FILE.xlsx] [--lang fi|sv|en]`.

The strategy workbook: blank (the template a town fills from its own tables), or a configured
town's strategy filled in (import it back with import-strategy and you get the same strategy).
An existing output file is not replaced without --force. Exit 0 written, 1 refused.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from loaders.commands._shared import (
    EXIT_FAILED,
    EXIT_OK,
    add_config_argument,
    command_settings,
    error,
    load_valid_config,
)
from mittaristo.i18n import LANGS, t


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--town", help="a configured town (default: the blank template)")
    parser.add_argument(
        "--out", type=Path, help="output file (default: strategiapohja.xlsx or TOWN-strategia.xlsx)"
    )
    parser.add_argument(
        "--lang", choices=LANGS, default="fi", help="language of the headers and instructions"
    )
    parser.add_argument("--force", action="store_true", help="replace an existing output file")
    add_config_argument(parser)  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from mittaristo.config.write import FileExists, write_bytes_atomically
    from mittaristo.template.export import build_workbook

    out = args.out or Path(f"{args.town}-strategia.xlsx" if args.town else "strategiapohja.xlsx")
    if out.exists() and not args.force:  # before the configuration is read: fail fast
        error(t("sheet.cli.exists", args.lang, path=out))
        return EXIT_FAILED
    config = load_valid_config(command_settings(args))
    if config is None:
        return EXIT_FAILED
    strategy = None
    if args.town:
        if args.town not in config.strategies:
            known = ", ".join(sorted(config.strategies))
            error(t("sheet.cli.unknown_town", args.lang, town=args.town, known=known))
            return EXIT_FAILED
        strategy = config.strategies[args.town]
    try:
        write_bytes_atomically(
            out, build_workbook(strategy, config.catalog, args.lang), force=args.force
        )
    except FileExists:
        error(t("sheet.cli.exists", args.lang, path=out))
        return EXIT_FAILED
    what = (
        t("sheet.cli.template_town", args.lang, town=strategy.name.get(args.lang))
        if strategy
        else t("sheet.cli.template_blank", args.lang)
    )
    print(t("sheet.cli.template_written", args.lang, path=out, what=what))
    return EXIT_OK
