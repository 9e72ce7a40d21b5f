"""Histories that follow their files: one checkpoint given to another path, a renamed or moved file or
folder taking its whole history along (one `os.rename` of its folder). Part of `CheckpointStore`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

from . import paths as P
from .manifest import SUFFIX, Manifest
from .storage.base import Storage
from .usage import Usage


class HistoryMoves:
    # Provided by CheckpointStore.
    def _history(self, path: str, is_dir: bool = False) -> Path: ...  # pragma: no cover
    def _locks(self, history: Path, exclusive_tree: bool = False): ...  # pragma: no cover
    def _find(self, history: Path, checkpoint_id: str) -> Manifest: ...  # pragma: no cover
    def _write(self, history: Path, manifest: Manifest) -> None: ...  # pragma: no cover
    def _enforce_retention(self, history: Path, protected=()) -> list[Manifest]: ...  # pragma: no cover

    tree: Path
    usage: Usage
    storage: Storage

    def move_one(self, checkpoint_id: str, old_path: str, new_path: str) -> None:
        """Give one checkpoint of `old_path` to `new_path`."""
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        src, dst = self._history(old_path), self._history(new_path)
        if src == dst:
            return  # a rename onto itself: writing then unlinking the same manifest would lose it
        with self.storage.move_locks(src, dst), contextlib.ExitStack() as counted:
            counted.callback(self.usage.flush)
            m = self._find(src, checkpoint_id)
            m.path = new_path
            self.usage.touch(src)  # the removal below goes around `_remove`: count it (usage.py)
            self._write(dst, m)
            self.storage.remove(src, m.id)
            self._enforce_retention(dst)

    def _existing_history(self, path: str) -> Path | None:
        for is_dir in (False, True):
            h = self._history(path, is_dir)
            if h.is_dir():
                return h
        return None

    def rename_all(self, old_path: str, new_path: str) -> None:
        """Checkpoints follow a renamed or moved file or directory."""
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        if not self.storage.local:  # object storage moves history by history, each under its lease
            for h in self.storage.move_tree(old_path, new_path):
                self._enforce_retention(h)
            return
        with self._locks(self.tree, exclusive_tree=True):
            src = self._existing_history(old_path)
            if src is None:
                return
            dst = self._history(new_path, is_dir=src.name.lower().startswith("d."))
            if dst == src or (dst.exists() and dst.samefile(src)):
                return  # same path (or only its case on a case-insensitive disk): merging would delete it
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.exists():
                self._merge(src, dst)
            else:
                os.rename(src, dst)
            for h in self._histories_under(dst):
                self._enforce_retention(h)

    def _merge(self, src: Path, dst: Path) -> None:
        dst.mkdir(parents=True, exist_ok=True)
        for entry in src.iterdir():
            target = dst / entry.name
            if entry.is_dir():
                self._merge(entry, target)
            elif entry.name.endswith(SUFFIX):
                os.replace(entry, target)
        shutil.rmtree(src, ignore_errors=True)

    def _histories_under(self, folder: Path):
        """File-history folders at or below `folder`."""
        if not folder.is_dir():
            return
        if folder.name[:2].lower() == "f.":
            yield folder
            return
        for entry in folder.iterdir():
            if entry.is_dir():
                yield from self._histories_under(entry)
