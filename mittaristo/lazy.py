"""Import a heavy library on first use, not at import time.

pandas (with NumPy and Arrow, which pandas 3 imports eagerly) is about 80 MB of a server's
resident memory; a server that only shows overviews never needs it. A module writes

    if TYPE_CHECKING:
        import pandas as pd
    else:
        pd = lazy_module("pandas")

and `pd.DataFrame(...)` imports pandas the first time it runs. Thread-safe: the import itself
goes through `importlib.import_module` (the import lock).
"""

from __future__ import annotations

import importlib
import types
from typing import Any


class _LazyModule(types.ModuleType):
    def __getattr__(self, attr: str) -> Any:
        module = importlib.import_module(self.__name__)
        self.__dict__.update(module.__dict__)  # later lookups find the names directly
        return getattr(module, attr)


def lazy_module(name: str) -> Any:
    """A stand-in for `import name` that imports on the first attribute access."""
    return _LazyModule(name)
