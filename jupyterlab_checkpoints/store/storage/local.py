"""The store on a local (or mounted) disk: a folder per history, a file per manifest, flock locks.

See store.py's docstring for the layout and the locking.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from .. import paths as P
from ..folder_area import LocalFolderArea
from ..locking import flock
from ..manifest import SUFFIX, Manifest, list_manifests, list_records, read_manifest, write_manifest
from ..objects import ObjectStore


class LocalStorage(LocalFolderArea):
    local = True

    def __init__(self, root: Path, fsync: bool):
        self.root, self.fsync = root, fsync
        self.tree = root / "tree"
        self.tmp = root / "tmp"
        self.objects = ObjectStore(root / "objects", self.tmp, fsync)

    def describe(self) -> str:
        return str(self.root)

    def history(self, path: str, is_dir: bool = False) -> Path:
        return self.tree.joinpath(*P.history_parts(path, is_dir))

    def exists(self, history: Path) -> bool:
        return history.is_dir()

    def prepare(self, history: Path) -> None:
        history.mkdir(parents=True, exist_ok=True)

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

    def locks(self, history: Path, exclusive_tree: bool = False):
        """The store-wide tree lock (shared) and the history's own; or the tree lock alone, exclusively
        (whole histories move under it)."""
        stack = contextlib.ExitStack()
        stack.enter_context(flock(self.root / "tree.lock", shared=not exclusive_tree))
        if not exclusive_tree:
            stack.enter_context(flock(history / ".lock"))
        return stack

    def move_locks(self, *histories: Path):
        return self.locks(self.tree, exclusive_tree=True)

    def pieces_guard(self):
        return flock(self.root / "gc.lock", shared=True)
