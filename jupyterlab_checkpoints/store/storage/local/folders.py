"""The `folders` area on a local disk (store/folder_area.py): a folder of records per folder's
history, `folders/d.a/d.b/`, the server root's own in `folders/` itself, each with its own flock."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from ... import paths as P
from ...folder_area import FOLDERS
from ...locking import flock
from .moves import merge_folders


class LocalFolderArea:
    """The `folders` area of LocalStorage: folders, manifest files and flock."""

    def __init__(self, root: Path):
        self.root = root

    # A local collection spares only pieces touched within its grace period (store.py): a checkpoint
    # reusing the pieces of an earlier one refreshes their times.
    reuse_needs_touch = True

    def folder_history(self, path: str) -> Path:
        area = self.root / FOLDERS
        return area.joinpath(*P.history_parts(path, is_dir=True)) if path else area

    @contextlib.contextmanager
    def folder_locks(self, history: Path):
        # The folder's own lock only: file histories' tree.lock is not taken, so a rename of a file
        # never waits for a long folder checkpoint.
        history.mkdir(parents=True, exist_ok=True)
        with flock(history / ".lock"):
            yield

    def move_folders(self, old_path: str, new_path: str) -> None:
        """One `os.rename` of the folder's history, carrying those of the folders inside it along;
        merged into the histories already at `new_path` (every manifest has a unique id)."""
        src, dst = self.folder_history(old_path), self.folder_history(new_path)
        if src == dst or not src.is_dir():
            return
        with flock(src / ".lock"):
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.exists():
                merge_folders(src, dst)
            else:
                os.rename(src, dst)
