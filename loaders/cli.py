"""Command line of the data path; cron-friendly (exit 0 only when everything worked).

Each subcommand lives in loaders/commands/<name>.py with `add_arguments(parser)` and
`run(args) -> int`; this module only wires them up.
"""

from __future__ import annotations

import argparse
import importlib

COMMANDS = {
    "validate": "check the configuration (indicators.yaml, strategies/*.yaml); --coverage reports mapping",
    "refresh": "fetch every configured series into the database",
    "import": "import a downloaded file (json-stat2, PxWeb CSV, Sotkanet JSON/CSV, manual CSV/XLSX)",
    "status": "freshness per series and the last errors",
    "check-live": "ask every source whether each catalog table and code still exists (metadata only)",
    "demo": "build a demo database by running the real loaders against the local emulator",
    "new-town": "write a starter strategies/<town>.yaml for any current municipality (peers by similarity)",
    "strategy-template": "write the strategy spreadsheet template (blank, or a configured town filled in)",
    "import-strategy": "turn a filled strategy spreadsheet (XLSX) into strategies/<town>.yaml",
}


# `import` is a Python keyword and a module name has no hyphen, so these modules have other names.
MODULES = {
    "import": "loaders.commands.import_file",
    "new-town": "loaders.commands.new_town",
    "strategy-template": "loaders.commands.strategy_template",
    "import-strategy": "loaders.commands.import_strategy",
    "check-live": "loaders.commands.check_live",
}


def build_parser(prog: str = "python -m loaders") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog=prog, description="Mittaristo data loaders")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, help_text in COMMANDS.items():
        try:
            module = importlib.import_module(MODULES.get(name, f"loaders.commands.{name}"))
        except ModuleNotFoundError as exc:  # a command whose module is not installed
            if not exc.name or not exc.name.startswith("loaders.commands"):
                raise
            continue
        cmd = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(cmd)
        cmd.set_defaults(_module=module)
    return parser


def main(argv: list[str] | None = None, *, prog: str = "python -m loaders") -> int:
    args = build_parser(prog).parse_args(argv)
    try:
        return int(args._module.run(args))
    except KeyboardInterrupt:
        print("keskeytetty / interrupted")
        return 130


def console_main() -> int:
    """The installed `mittaristo` command (`mittaristo refresh …` = `python -m loaders refresh …`)."""
    return main(prog="mittaristo")
