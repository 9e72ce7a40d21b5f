"""Histories that follow their files: one checkpoint given to another path, a renamed or moved file or
folder taking its whole history along (storage/base.py `move_tree`: one `os.rename` on disk, history by
history under each lease in a bucket). Part of `CheckpointStore`.
"""

from __future__ import annotations

import contextlib

from . import paths as P
from .storage.base import Storage


class HistoryMoves:
    storage: Storage

    # Uses CheckpointStore's paths, records and retention (`_history`, `_find`, `_write`, `_enforce_retention`).

    def move_one(self, checkpoint_id: str, old_path: str, new_path: str) -> None:
        """Give one checkpoint of `old_path` to `new_path`."""
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        src, dst = self._history(old_path), self._history(new_path)
        if src == dst:
            return  # a rename onto itself: writing then unlinking the same manifest would lose it
        usage = self.storage.usage
        with self.storage.move_locks(src, dst), contextlib.ExitStack() as counted:
            counted.callback(usage.flush)
            m = self._find(src, checkpoint_id)
            m.path = new_path
            usage.touch(src)  # the removal below goes around `_remove`: count it (storage/local/usage.py)
            self._write(dst, m)
            self.storage.remove(src, m.id)
            self._enforce_retention(dst)

    def rename_all(self, old_path: str, new_path: str) -> None:
        """Checkpoints follow a renamed or moved file or directory."""
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        for h in self.storage.move_tree(old_path, new_path):
            self._enforce_retention(h)
