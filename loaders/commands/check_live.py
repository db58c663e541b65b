"""`python -m loaders check-live [--config-dir DIR]`: is every catalog table and code still there?

Asks each source for its metadata only (no data). Exit 0 only when every automatic indicator
resolves; 1 when one does not (its row says table gone / code missing / failed / not checked);
2 for an invalid configuration. Point it at the emulator with `python -m loaders.emulator -- …`.
"""

from __future__ import annotations

import argparse

from loaders.commands._shared import (
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_config_argument,
    command_settings,
    load_valid_config,
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    from loaders.check_live import check_live, format_checks
    from loaders.http import HttpClient

    settings = command_settings(args)
    config = load_valid_config(settings)
    if config is None:
        return EXIT_USAGE
    with HttpClient(settings) as client:
        checks = check_live(client, settings, list(config.catalog.indicators))
    print(format_checks(checks))
    return EXIT_OK if all(c.resolves for c in checks) else EXIT_FAILED
