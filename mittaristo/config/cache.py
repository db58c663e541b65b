"""The validated configuration kept on disk between server starts (issue 17).

Validating indicators.yaml and the strategies (YAML with line marks, the pydantic schema, the
cross-reference checks, and importing all of that) is about 0.4 s of every server's first
overview. The result is pickled under `settings.cache_dir`, in a file named by a SHA-256 of
everything the validation reads: the bytes of indicators.yaml and of each strategies/*.yaml (by
name, so an added or removed town counts), the municipality list the codes are checked against,
the reference CSVs, the source of the validating code (this package and mittaristo/reference.py)
and the Python and pydantic versions. Contents are hashed, not dates: an edit that keeps the size
and the modification time is still a new key, so a cached configuration is never stale.

Only a configuration that passed is stored; an invalid one is validated (and reported) on every
load. A cache file that cannot be read is ignored and rewritten; a cache folder that cannot be
written only costs the saving. The cache is a speed-up of the app's start: `loaders validate` and
the reports always validate.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Collection, Mapping
from pathlib import Path

from mittaristo.config.result import CATALOG_FILE, Config, strategy_files

FORMAT = 1  # bump when the pickled shape changes in a way the code hash would not show
PREFIX = "config-"
SUFFIX = ".pickle"
KEEP = 4  # newest cache files kept (several config folders may share one cache folder)

_PACKAGE_DIR = Path(__file__).resolve().parent


def _code_and_reference_files() -> list[Path]:
    """The validating code and the reference lists it reads (mergers, municipalities…)."""
    from mittaristo.reference import REFERENCE_DIR

    reference_module = _PACKAGE_DIR.parent / "reference.py"
    return [
        *sorted(_PACKAGE_DIR.glob("*.py")),
        reference_module,
        *sorted(REFERENCE_DIR.glob("*.csv")),
    ]


def config_key(
    config_dir: Path, municipalities: Collection[str] | Mapping[str, str] | None
) -> str | None:
    """The cache key of a load of `config_dir`; None when a file cannot be read (no caching)."""
    from pydantic.version import VERSION as pydantic_version

    root = Path(config_dir).resolve()
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}\0{sys.version}\0{pydantic_version}\0{root}\0".encode())
    if municipalities is None:
        digest.update(b"no municipality list\0")
    elif isinstance(municipalities, Mapping):
        digest.update(repr(sorted(municipalities.items())).encode() + b"\0")
    else:
        digest.update(repr(sorted(municipalities)).encode() + b"\0")
    try:
        for path in [root / CATALOG_FILE, *strategy_files(root), *_code_and_reference_files()]:
            data = path.read_bytes()
            digest.update(f"{path}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError:
        return None
    return digest.hexdigest()


def _read(path: Path, root: Path) -> Config | None:
    try:
        with path.open("rb") as handle:
            config = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # noqa: BLE001 - a torn, foreign or outdated file is rebuilt, never shown
        return None
    if not isinstance(config, Config):
        return None
    return dataclasses.replace(config, config_dir=root)


def _write(cache_dir: Path, path: Path, config: Config) -> None:
    """Atomically (a temp file + os.replace: a parallel server never reads half a file); keep the
    newest KEEP files."""
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=SUFFIX, dir=cache_dir)
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(config, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        old = sorted(
            cache_dir.glob(f"{PREFIX}*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for stale in old[KEEP:]:
            with contextlib.suppress(OSError):
                stale.unlink()
    except OSError:
        return  # a read-only or full disk: the app works, only the next start is slower


def cached_config(
    config_dir: Path,
    municipalities: Collection[str] | Mapping[str, str] | None,
    cache_dir: Path,
    load: Callable[[], Config],
) -> Config:
    """`load()` (which validates `config_dir` against `municipalities`), or the result of an
    earlier `load()` of exactly the same inputs. ConfigValidationError passes through uncached."""
    root = Path(config_dir)
    key = config_key(root, municipalities)
    if key is None:
        return load()
    path = Path(cache_dir) / f"{PREFIX}{key}{SUFFIX}"
    config = _read(path, root)
    if config is None:
        config = load()
        _write(Path(cache_dir), path, config)
    return config
