"""File-level safety of the store: the writer lock, temp files, durable atomic swap.

DuckDB locks a file against every other process while a read-write connection is open (even
readers fail), so a writer never opens the live file: it writes a copy beside it and swaps the
copy in with `os.replace`. Whatever happens to the writer (exception, SIGKILL), the live file is
either the old one or the complete new one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import time
from pathlib import Path

from mittaristo.store.schema import RefreshLocked

STALE_TEMP_SECONDS = 3600


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def acquire_lock(db_path: Path) -> int:
    """Take `<db>.lock` (flock, released by the kernel even on SIGKILL); RefreshLocked if held."""
    path = lock_path(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode("ascii", "replace").strip() or "?"
        os.close(fd)
        raise RefreshLocked(
            f"another refresh (pid {holder}) is writing {db_path}; try again when it has finished"
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    return fd


def release_lock(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
    fcntl.flock(fd, fcntl.LOCK_UN)
    os.close(fd)


def temp_path_for(db_path: Path) -> Path:
    """`<name>.tmp-<pid>-<rand>` beside the database (same file system, so os.replace is atomic)."""
    return db_path.with_name(f"{db_path.name}.tmp-{os.getpid()}-{secrets.token_hex(4)}")


def remove_stale_temps(db_path: Path, *, max_age: float = STALE_TEMP_SECONDS) -> list[Path]:
    """Delete temp files (and their .wal / spill dirs) that a killed writer left behind."""
    removed = []
    now = time.time()
    for path in db_path.parent.glob(f"{db_path.name}.tmp-*"):
        try:
            if now - path.lstat().st_mtime < max_age:
                continue
            _remove(path)
            removed.append(path)
        except FileNotFoundError:
            continue
    return removed


def copy_database(db_path: Path, tmp_path: Path) -> None:
    """Copy the live file (and a WAL, should one exist) to the temp path the writer opens."""
    if not db_path.exists():
        return
    shutil.copyfile(db_path, tmp_path)
    wal = wal_path(db_path)
    if wal.exists():
        shutil.copyfile(wal, wal_path(tmp_path))


def wal_path(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def discard_temp(tmp_path: Path) -> None:
    for path in (tmp_path, wal_path(tmp_path), tmp_path.with_name(tmp_path.name + ".tmp")):
        with contextlib.suppress(FileNotFoundError):
            _remove(path)


def swap_in(tmp_path: Path, db_path: Path) -> None:
    """fsync the closed temp file, drop any stale WAL of the target, replace, fsync the dir."""
    _fsync_file(tmp_path)
    with contextlib.suppress(FileNotFoundError):
        wal_path(db_path).unlink()  # never let an old WAL be replayed onto the new file
    os.replace(tmp_path, db_path)
    _fsync_dir(db_path.parent)
    with contextlib.suppress(FileNotFoundError):
        wal_path(db_path).unlink()
    spill = tmp_path.with_name(tmp_path.name + ".tmp")
    if spill.exists():
        shutil.rmtree(spill, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink()


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
