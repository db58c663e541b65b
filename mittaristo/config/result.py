"""What loading the configuration gives: the validated `Config`, or every `ConfigIssue` in one
`ConfigValidationError`. Apart from mittaristo.config.load (YAML, the schema, the checks) so that
a server reading its cached configuration (mittaristo.config.cache) never imports the validator.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mittaristo.config.model import Catalog, Strategy

CATALOG_FILE = "indicators.yaml"
STRATEGY_DIR = "strategies"


def strategy_files(root: Path) -> list[Path]:
    """The strategy files a load reads, in order (one rule for the loader and the cache key)."""
    return sorted((root / STRATEGY_DIR).glob("*.yaml"))


@dataclass(frozen=True, order=True)
class ConfigIssue:
    """One problem: file relative to the config dir, 1-based line (None if unknown), data path,
    what is wrong, and a hint on how to fix it."""

    file: str
    line: int | None
    path: str
    message: str
    hint: str = ""

    @property
    def headline(self) -> str:
        """`file:line path: message` without the hint."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def __str__(self) -> str:
        return f"{self.headline} — hint: {self.hint}" if self.hint else self.headline


class ConfigValidationError(Exception):
    """The configuration is invalid; `issues` holds every problem found, in file order."""

    def __init__(self, issues: list[ConfigIssue]):
        self.issues = sorted(issues, key=lambda i: (i.file, i.line or 0, i.path))
        head = f"{len(self.issues)} problem(s) in the configuration"
        super().__init__("\n".join([head, *map(str, self.issues)]))


@dataclass(frozen=True)
class Config:
    """The validated catalog and the strategies keyed by town id (file name stem)."""

    config_dir: Path
    catalog: Catalog
    strategies: dict[str, Strategy]

    def strategy(self, town: str) -> Strategy:
        return self.strategies[town]
