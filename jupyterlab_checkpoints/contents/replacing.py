"""Replacing a user's document on disk: atomically and durably, in two steps a restore can separate.

`stage_document` writes the new content to a hidden temporary file beside the document and fsyncs it;
`StagedDocument.commit` renames it over the document and fsyncs the folder. A restore writes the
stage while it compares the file it replaces (store/restore.py), and commits only once that file's
content is kept. Until the commit the document is untouched; `discard` removes the temporary file.

A save landing between the restore's read and its commit (another process: `jupyter checkpoints
restore` beside a server; in the server, saves and restores of a path also take one lock, saving.py)
must not be lost: given what the restore read (`seen`, the file's identity and times), the commit
swaps the two files in one step (Linux `renameat2(RENAME_EXCHANGE)`), so whatever the document held at
that instant ends up in the temporary file, and when it is not what the restore read, the commit
returns it (`Landed`) for the restore to keep as a checkpoint, once it stops changing (jupyter_server
writes a save in place: it may still be writing to the file swapped out). Elsewhere it is a plain
rename.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import stat
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from ..store.atomic import move_into_place, write_all, write_temp
from ..store.restore import file_state


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Mode of a document that did not exist (a recovered deleted file), as open() would have made it.
NEW_FILE_MODE = 0o666 & ~_umask()


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _renameat2():
    if not sys.platform.startswith("linux"):
        return None
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library without it (glibc < 2.28, musl)
        return None
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    fn.restype = ctypes.c_int
    return fn


_RENAMEAT2 = _renameat2()


def exchange(a: str, b: Path) -> bool:
    """Swap the files at `a` and `b` in one step; False when this system cannot (or `b` is gone)."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOENT, errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EPERM):
        return False  # no file to swap with, or a file system without exchange: a rename then
    raise OSError(err, os.strerror(err), str(b))


@dataclass
class Landed:
    """What a save wrote while a restore ran: `data`, kept at `path` until the restore stored it."""

    path: str
    data: bytes

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


class StagedDocument:
    """A document's new content, on the disk but not in place yet."""

    def __init__(self, target: Path, tmp_name: str | None, raw):
        self.target = target
        self.tmp_name = tmp_name  # None: the document is written in place at the commit
        self.raw = raw if tmp_name is None else None

    def commit(self, held: list[int] | None = None, seen: tuple | None = None) -> Landed | None:
        """Put the new content in place. `held`: the replaced file stays open there (see `_hold`) until
        the caller passes it to `release`. `seen`: the `file_state` of the file the caller read (`()`:
        there was none); what replaced it meanwhile is returned (see the module's docstring)."""
        if self.tmp_name is None:
            _write_in_place(self.target, self.raw)
            return None
        replaced = None
        try:
            if seen is not None and exchange(self.tmp_name, self.target):
                return self._exchanged(held, seen)
            replaced = _hold(self.target) if held is not None else None
            move_into_place(self.tmp_name, self.target, True)
        except BaseException:
            release([replaced] if replaced is not None else [])
            self.discard()  # nothing once swapped: the temporary name then holds the replaced file
            raise
        self.tmp_name = None
        if replaced is not None:
            held.append(replaced)
        return None

    def _exchanged(self, held: list[int] | None, seen: tuple) -> Landed | None:
        """After `exchange`: the replaced file is at the temporary name."""
        old, self.tmp_name = self.tmp_name, None
        _fsync_folder(self.target.parent)
        fd = os.open(old, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            if file_state(os.fstat(fd)) != seen:  # not the file the restore read and kept
                _settle(fd)
                with os.fdopen(os.dup(fd), "rb") as f:
                    return Landed(old, f.read())
            os.unlink(old)
        except BaseException:
            os.close(fd)
            raise
        if held is not None:
            held.append(fd)  # freed in the background, as `_hold` does
        else:
            os.close(fd)
        return None

    def discard(self) -> None:
        if self.tmp_name is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.tmp_name)
            self.tmp_name = None


def stage_document(os_path: str, raw) -> StagedDocument:
    """Write `raw` (bytes, or a stored content's pieces: snapshot.Joined) beside the document, keeping
    its permissions. In a read-only folder a writable file is written in place at the commit, as
    jupyter_server's own saves do: nothing is written before."""
    # Through a symlink to the file it names, as jupyter_server's own saves do: the link stays a link.
    target = Path(os.path.realpath(os_path))
    if target.is_file() and not os.access(target.parent, os.W_OK) and os.access(target, os.W_OK):
        return StagedDocument(target, None, raw)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    # Hidden and named like jupyter_server's own atomic writes, should a crash leave it behind.
    return StagedDocument(target, write_temp(raw, target.parent, True, mode, prefix=f".~{target.name}."), None)


def replace_document(os_path: str, raw, held: list[int] | None = None, seen: tuple | None = None) -> Landed | None:
    """Replace (or create) a user's document, keeping its permissions: atomic (a same-folder temporary
    file renamed over it) where the folder is writable, in place in a read-only folder. `seen`: see
    `StagedDocument.commit`."""
    return stage_document(os_path, raw).commit(held, seen)


def _settle(fd: int, quiet: float = 0.05, longest: float = 2.0) -> None:
    """Wait until the swapped-out file stops changing: jupyter_server writes a save in place, so a
    save may still be writing to the file the swap took out (at most `longest` seconds)."""
    deadline = time.monotonic() + longest
    last = file_state(os.fstat(fd))
    while time.monotonic() < deadline:
        time.sleep(quiet)
        now = file_state(os.fstat(fd))
        if now == last:
            return
        last = now


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_in_place(target: Path, raw) -> None:
    with open(target, "r+b") as f:
        write_all(f, raw)
        f.truncate()
        f.flush()
        os.fsync(f.fileno())


def _hold(target: Path) -> int | None:
    """An open descriptor of the file about to be replaced (POSIX), so the rename does not free it.

    Renaming over a file frees its blocks and cached pages at once unless it is still open: for 50 MB on
    ext4 about 9 ms, a quarter of the copy a restore is measured against. Freed later, in the
    background, it must also come after the restore's own records: freeing joins the file system's
    journal, and the next fsync (the rollback record's) would wait for it instead. (Windows refuses to
    rename over an open file, hence POSIX only.)"""
    if os.name != "posix":
        return None
    try:
        return os.open(target, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None  # no file yet, or one that cannot be opened: the rename frees what there is


def release(held: list[int]) -> None:
    """Close the replaced files `held` for `StagedDocument.commit`, freeing them in the background."""
    fds, held[:] = list(held), []
    if fds:
        threading.Thread(target=lambda: [os.close(fd) for fd in fds], name="free-replaced", daemon=True).start()
