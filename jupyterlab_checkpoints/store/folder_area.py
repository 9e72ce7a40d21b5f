"""Where folder checkpoints live in the store: the `folders` area, beside `tree/`.

A folder's checkpoints form one history, named like a directory's in paths.py (`d.a/d.b`), in the
`folders` area: on a local disk a folder `folders/d.a/d.b/` of manifests (the server root's own are in
`folders/` itself); on object storage one index object `folders/d.a/d.b/index.json` (storage/s3/
folders.py). Their content is one index object listing the folder's files (folders/index.py), so
collection and clean-up read this area too: every piece a folder checkpoint refers to stays.

Each backend gives the folder code (folders/) the same four things: `folder_history(path)`,
`folder_locks(history)`, `move_folders(old, new)` and `reuse_needs_touch`; listing, reading, writing
and removing manifests are the storage's own `list/read/write/remove`.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from . import paths as P
from .locking import flock
from .manifest import SUFFIX

FOLDERS = "folders"


def _merge(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        target = dst / entry.name
        if entry.is_dir():
            _merge(entry, target)
        elif entry.name.endswith(SUFFIX) and not target.exists():
            os.rename(entry, target)


class LocalFolderArea:
    """The `folders` area of LocalStorage: folders, manifest files and flock."""

    root: Path

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
                _merge(src, dst)
            else:
                os.rename(src, dst)
