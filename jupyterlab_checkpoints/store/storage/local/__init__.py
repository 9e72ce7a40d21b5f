"""The store on a local (or mounted) disk: a folder per history, a file per record, flock locks.

Layout under the store's root (store.py's docstring has the whole of it): `tree/` (histories of
existing files), `trash/` (deleted files', trash.py), `folders/` (folder checkpoints', folders.py),
`objects/` (pieces), `tmp/` (files being written), `usage.json` and `live/` (figures: usage.py).

Locks: every change takes the store-wide `tree.lock` shared plus the history's own lock; moving whole
histories (rename, delete, undelete) takes `tree.lock` exclusively, so no write lands in a folder
being moved. Listing takes no lock: records appear atomically. `gc.lock` (shared by creates, from
their first piece to their record; exclusive by a collection) keeps collections and creates apart.
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path

from ... import paths as P
from ...location import ensure_gitignore
from ...locking import flock
from ...manifest import SUFFIX, Manifest, list_manifests, list_records, read_manifest, write_manifest
from ...objects import ObjectStore
from .cleaning import LocalCleaning
from .folders import LocalFolderArea
from .moves import LocalMoves
from .trash import LocalTrash
from .usage import Usage
from .whole import LocalWhole

TMP_MAX_AGE = 3600.0  # seconds; older files in tmp/ are debris of a crash


class LocalStorage:
    def __init__(self, root: Path, fsync: bool):
        self.root, self.fsync = root, fsync
        self.tree = root / "tree"
        self.trash_dir = root / "trash"
        self.tmp = root / "tmp"
        self.objects = ObjectStore(root / "objects", self.tmp, fsync)
        for d in (self.tree, self.trash_dir, self.tmp, self.objects.root):
            d.mkdir(parents=True, exist_ok=True)
        self.usage = Usage(root, self.tree, self.trash_dir, self.objects, self.tmp, self.exclusive)
        self.objects.on_write = self.usage.object_written
        self.moves = LocalMoves(self)
        self.folders = LocalFolderArea(root)
        self.trash = LocalTrash(self)
        self.whole = LocalWhole(self)
        self.cleaning = LocalCleaning(self)
        self.clean_tmp()

    # Composed parts: whole histories moving (moves.py) and the folder checkpoints' area (folders.py).
    reuse_needs_touch = LocalFolderArea.reuse_needs_touch

    def move_tree(self, old_path: str, new_path: str):
        return self.moves.move_tree(old_path, new_path)

    def merge(self, src: Path, dst: Path):
        return self.moves.merge(src, dst)

    def folder_history(self, path: str) -> Path:
        return self.folders.folder_history(path)

    def folder_locks(self, history: Path):
        return self.folders.folder_locks(history)

    def move_folders(self, old_path: str, new_path: str) -> None:
        self.folders.move_folders(old_path, new_path)

    def describe(self) -> str:
        return str(self.root)

    def close(self) -> None:
        self.usage.close()

    def clean_tmp(self) -> None:
        """Remove debris of crashed writes from tmp/. Ages are measured by the file system's clock (a
        probe file's time), not this process's: with a skewed or moved clock, a file a write in flight
        is about to rename would otherwise look old and vanish under it."""
        probe = self.tmp / f".now-{secrets.token_hex(6)}"
        try:
            probe.touch()
            cutoff = probe.stat().st_mtime - TMP_MAX_AGE
            probe.unlink()
        except OSError:
            return  # a store that cannot be written has no debris of its own to remove
        for f in self.tmp.iterdir():
            try:
                if f.stat().st_mtime < cutoff:
                    f.unlink()
            except OSError:
                pass

    # ------------------------------------------------------------------ records of one history
    def history(self, path: str, is_dir: bool = False) -> Path:
        return self.tree.joinpath(*P.history_parts(path, is_dir))

    def exists(self, history: Path) -> bool:
        return history.is_dir()

    def prepare(self, history: Path) -> None:
        history.mkdir(parents=True, exist_ok=True)
        ensure_gitignore(self.root, self.tmp)  # put back if someone removed it

    def list(self, history: Path) -> list[Manifest]:
        return list_manifests(history)

    def damaged(self, history: Path) -> list[str]:
        """Ids of the history's records that no longer parse (manifest.list_records)."""
        return list_records(history)[1]

    def read(self, history: Path, checkpoint_id: str) -> Manifest | None:
        return read_manifest(history / (checkpoint_id + SUFFIX))

    def write(self, history: Path, manifest: Manifest) -> None:
        write_manifest(history, manifest, self.tmp, self.fsync)

    def remove(self, history: Path, checkpoint_id: str) -> bool:
        try:
            (history / (checkpoint_id + SUFFIX)).unlink()
        except FileNotFoundError:
            return False
        return True

    # ------------------------------------------------------------------ coordination
    def locks(self, history: Path):
        """The store-wide tree lock (shared) and the history's own."""
        stack = contextlib.ExitStack()
        stack.enter_context(flock(self.root / "tree.lock", shared=True))
        stack.enter_context(flock(history / ".lock"))
        return stack

    def tree_locked(self):
        """The tree lock alone, exclusively: whole histories move under it."""
        return flock(self.root / "tree.lock")

    def move_locks(self, *histories: Path):
        return self.tree_locked()

    def pieces_guard(self):
        return flock(self.root / "gc.lock", shared=True)

    def scanning(self):
        """The tree lock shared: no history moves between tree/ and trash/ while the store is read."""
        return flock(self.root / "tree.lock", shared=True)

    def collecting_lock(self):
        """gc.lock exclusively: no create is between its first piece and its record (whole.py)."""
        return flock(self.root / "gc.lock")

    def exclusive(self):
        """tree.lock and gc.lock, both exclusive: nothing changes the store while they are held."""
        stack = contextlib.ExitStack()
        stack.enter_context(flock(self.root / "tree.lock"))
        stack.enter_context(flock(self.root / "gc.lock"))
        return stack
