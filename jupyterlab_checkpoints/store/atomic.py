"""Write-then-rename: a reader sees the old file or the complete new one, never a partial one."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_all(f, data) -> None:
    """Write bytes, or a stored content piece by piece (snapshot.Joined: no joined copy)."""
    chunks = getattr(data, "chunks", None)
    if chunks is None:
        f.write(data)
    else:
        f.writelines(chunks())


def write_atomic(
    target: Path,
    data: bytes | memoryview,
    tmp_dir: Path,
    fsync: bool,
    mode: int | None = None,
    prefix: str = "w-",
) -> None:
    # The temporary file lives in the store's own tmp folder (same file system), so a crash leaves
    # debris only there, where it is never listed and is cleaned later. mkstemp makes it 0600; `mode`
    # gives a user's document its own permissions back.
    tmp_name = write_temp(data, tmp_dir, fsync, mode, prefix)
    try:
        move_into_place(tmp_name, target, fsync)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def write_temp(data, tmp_dir: Path, fsync: bool, mode: int | None = None, prefix: str = "w-") -> str:
    """The first half of `write_atomic`: `data` in a new temporary file of `tmp_dir` (on the disk when
    `fsync`); returns its name. Nothing is left behind when it fails."""
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir, prefix=prefix)
    try:
        with os.fdopen(fd, "wb") as f:
            if mode is not None:
                os.fchmod(f.fileno(), mode)
            write_all(f, data)
            if fsync:
                f.flush()
                os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return tmp_name


def move_into_place(tmp_name: str, target: Path, fsync: bool) -> None:
    """The second half of `write_atomic`: rename the written file over `target`."""
    os.replace(tmp_name, target)
    if fsync:
        # The rename itself must reach the disk before anything that refers to the new file.
        dir_fd = os.open(os.path.dirname(os.path.abspath(target)), os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
