"""The file formats `import` reads: a leaf module, so building the CLI parser (and `validate`)
needs no pandas or DuckDB."""

from __future__ import annotations

from typing import Literal, get_args

ImportFormat = Literal[
    "jsonstat2",
    "pxweb-csv",
    "sotkanet-json",
    "sotkanet-csv",
    "sotkanet-regions",
    "manual-csv",
    "kuntatalous-json",
]
FORMATS: tuple[str, ...] = get_args(ImportFormat)
