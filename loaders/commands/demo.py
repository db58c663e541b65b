"""`python -m loaders demo [--db PATH] [--config-dir DIR]`: a demo database from the emulator.

The real loaders run unchanged against the in-process emulator (synthetic series shaped like
the real ones), and every row is stored with source `demo` so the app shows a "not official"
banner. Exit codes as for refresh (0 only when every series loaded, 3 when locked).
"""

from __future__ import annotations

import argparse

from loaders.commands._shared import (
    EXIT_FAILED,
    add_config_argument,
    add_db_argument,
    command_settings,
    load_valid_config,
)
from loaders.commands.refresh import run_refresh


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_db_argument(parser)
    add_config_argument(parser)


def run(args: argparse.Namespace) -> int:
    base = command_settings(args)
    config = load_valid_config(base)
    if config is None:
        return EXIT_FAILED
    from loaders.demo import NOTICE, UnthrottledClient, emulator_settings
    from loaders.emulator import start_emulator

    print(NOTICE)
    with start_emulator() as emulator:
        settings = emulator_settings(base, emulator.env())
        with UnthrottledClient(settings) as client:
            code = run_refresh(
                config,
                base.db,
                settings,
                kind="demo",
                source_label="demo",
                client=client,
            )
    print(NOTICE)
    return code
