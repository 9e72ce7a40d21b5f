"""Histories that follow their files: one checkpoint given to another path, a renamed or moved file or
folder taking its whole history along (storage/base.py `move_tree`: one `os.rename` on disk, history by
history under each lease in a bucket). `store.moves` (core.py).
"""

from __future__ import annotations

import contextlib

from . import paths as P
from .core import StoreCore


class HistoryMoves:
    """Uses the store's storage, history names, records (`find`, `write`) and retention."""

    def __init__(self, store: StoreCore):
        self.store = store

    def move_one(self, checkpoint_id: str, old_path: str, new_path: str) -> None:
        """Give one checkpoint of `old_path` to `new_path`."""
        store = self.store
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        src, dst = store.history_of(old_path), store.history_of(new_path)
        if src == dst:
            return  # a rename onto itself: writing then unlinking the same manifest would lose it
        storage = store.storage
        with storage.move_locks(src, dst), contextlib.ExitStack() as counted:
            counted.callback(storage.usage.flush)
            m = store.find(src, checkpoint_id)
            m.path = new_path
            storage.usage.touch(src)  # the removal below goes around `store.remove`: count it (storage/local/usage.py)
            store.write(dst, m)
            storage.remove(src, m.id)
            store.enforce_retention(dst)

    def rename_all(self, old_path: str, new_path: str) -> None:
        """Checkpoints follow a renamed or moved file or directory."""
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        for h in self.store.storage.move_tree(old_path, new_path):
            self.store.enforce_retention(h)
