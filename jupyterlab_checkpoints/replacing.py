"""Replacing a user's document on disk: atomically and durably, in two steps a restore can separate.

`stage_document` writes the new content to a hidden temporary file beside the document and fsyncs it;
`StagedDocument.commit` renames it over the document and fsyncs the folder. A restore writes the
stage while it compares the file it replaces (store/restore.py), and commits only once that file's
content is kept. Until the commit the document is untouched; `discard` removes the temporary file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import threading
from pathlib import Path

from .store.atomic import move_into_place, write_all, write_temp


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Mode of a document that did not exist (a recovered deleted file), as open() would have made it.
NEW_FILE_MODE = 0o666 & ~_umask()


class StagedDocument:
    """A document's new content, on the disk but not in place yet."""

    def __init__(self, target: Path, tmp_name: str | None, raw):
        self.target = target
        self.tmp_name = tmp_name  # None: the document is written in place at the commit
        self.raw = raw if tmp_name is None else None

    def commit(self, held: list[int] | None = None) -> None:
        """Put the new content in place. `held`: the replaced file stays open there (see `_hold`) until
        the caller passes it to `release`."""
        if self.tmp_name is None:
            _write_in_place(self.target, self.raw)
            return
        replaced = _hold(self.target) if held is not None else None
        try:
            move_into_place(self.tmp_name, self.target, True)
        except BaseException:
            release([replaced] if replaced is not None else [])
            self.discard()
            raise
        self.tmp_name = None
        if replaced is not None:
            held.append(replaced)

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


def replace_document(os_path: str, raw, held: list[int] | None = None) -> None:
    """Replace (or create) a user's document, keeping its permissions: atomic (a same-folder temporary
    file renamed over it) where the folder is writable, in place in a read-only folder."""
    stage_document(os_path, raw).commit(held)


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
