"""The user's clean-up on a local disk: how store/cleanup.py reads and changes the folders. What goes
and what stays is decided there, by the same rules on both backends (storage/s3/cleanup.py is the
bucket's side).

Reading (`reading`): gc.lock is taken exclusively for an instant, so every create that began before
has its record on disk (`started` = that instant); then tree.lock is held shared until the clean-up
ends: the histories it reads and removes cannot move, and creates go on, touching every piece they
write or reuse (objects.py), so its time is after `started`.
Freeing (`freeing`): pieces are deleted in batches, each under gc.lock exclusively (no create is
between its first piece and its record meanwhile), and only those whose time is still before the
cutoff: a piece touched since is spared, and its bytes are not reported freed. Creates wait for one
batch at most; renames and deletes wait for the whole clean-up (tree.lock).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

import orjson

from ...locking import flock
from ...manifest import SUFFIX

_BATCH = 256  # pieces removed per hold of gc.lock


def _prune_empty(folder: Path, stop: Path) -> None:
    """Remove the folders a removed history leaves empty inside a deleted folder's entry."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty: the rest of the deleted folder stays
        folder = folder.parent


def _raw_records(folder: Path, names) -> tuple[list, int]:
    """(each record as stored, None for one that does not parse; their bytes) of one history folder."""
    raw, size = [], 0
    for name in names:
        try:
            data = (folder / name).read_bytes()
        except FileNotFoundError:
            continue
        size += len(data)
        try:
            raw.append(orjson.loads(data))
        except orjson.JSONDecodeError:
            raw.append(None)
    return raw, size


class LocalCleaning:
    def __init__(self, storage):
        self.storage = storage

    @contextlib.contextmanager
    def reading(self):
        with flock(self.storage.root / "gc.lock"):
            started = time.time()
        with self.storage.scanning():
            try:
                yield started
            finally:
                self.storage.usage.flush()  # before the tree lock goes (usage.py)

    @contextlib.contextmanager
    def freeing(self, started: float, grace_seconds: float):
        """Yields the cutoff: pieces touched at or after it stay (less a second: a file's time comes
        from a clock that may lag the one `started` was read from)."""
        yield min(time.time() - grace_seconds, started - 1.0)

    def records(self, only: set | None = None) -> tuple[list[tuple[Path, list, int, None]], dict[Path, int]]:
        """([(history, its records as stored, their bytes, no version)], {trash entry: its deletion
        record's bytes}): every folder of tree/, trash/ and folders/ holding records."""
        histories, deletions = [], {}
        for _area, _base, folder, names, deletion in self.storage.whole.walk():
            if deletion:  # origin.json
                deletions[folder] = _raw_records(folder, names)[1]
            elif only is None or folder in only:
                raw, size = _raw_records(folder, names)
                histories.append((folder, raw, size, None))
        return histories, deletions

    def versions(self) -> dict:
        return {}  # nothing read changes meanwhile but by touching pieces, which the cutoff spares

    def entry_of(self, history: Path) -> Path | None:
        return self.storage.trash.entry_of(history)

    def remove_history(self, history: Path, keep) -> int | None:
        """Remove a deleted file's history unless `keep` (its records as stored) says it stays; the
        records' bytes freed, or None when it stayed."""
        names = [e.name for e in os.scandir(history) if e.name.endswith(SUFFIX)] if history.is_dir() else []
        raw, _size = _raw_records(history, names)
        if not raw:
            return 0
        if keep(raw):
            return None
        usage = self.storage.usage
        before = usage.measure(history)
        shutil.rmtree(history, ignore_errors=True)
        usage.removed(before, history)
        entry = self.entry_of(history)
        if entry is not None:
            _prune_empty(history.parent, entry)
        return before["manifest_bytes"]

    def remove_record(self, entry: Path) -> None:
        """Remove a deletion whose entry holds no history any more (its record and empty folders)."""
        usage = self.storage.usage
        before = usage.measure(entry)
        shutil.rmtree(entry, ignore_errors=True)
        usage.removed(before, entry)

    def delete_pieces(self, sizes: dict[str, int], cutoff: float) -> tuple[int, int]:
        storage = self.storage
        removed = freed = 0
        digests = sorted(sizes)
        for start in range(0, len(digests), _BATCH):
            with storage.collecting_lock():
                for digest in digests[start : start + _BATCH]:
                    target = storage.objects.path(digest)
                    try:
                        st = target.stat()
                        if st.st_mtime >= cutoff:
                            continue  # a create reused it since the plan was made: it stays
                        target.unlink()
                    except FileNotFoundError:
                        continue
                    removed += 1
                    freed += st.st_size
                    storage.usage.add(objects=-1, object_bytes=-st.st_size)
                storage.usage.flush()
        return removed, freed
