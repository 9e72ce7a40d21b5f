"""Store maintenance: collecting content no checkpoint refers to, damaged records, and the store's figures.

A damaged checkpoint record (a record that no longer parses: manifest.list_records, s3/index.py) may
have referred to any piece, and nothing can tell which: while one is anywhere in the store, no piece is
collected (the collection logs why and `jupyter checkpoints gc` says so), until it is deleted. It is
listed as damaged (`damaged_ids`), can be deleted (`_remove_damaged`), and `verify` names it
(`damaged_records`). How each backend collects: `storage.whole.collect` (storage/local/whole.py,
storage/s3/).

Part of `CheckpointStore` (a mixin). See store.py for how collection and creates stay apart, storage/local/usage.py
for how the figures are kept without walking the store, cleanup.py for the clean-up users ask for.
"""

from __future__ import annotations

import logging
import threading

from . import paths as P
from .attached import attached_objects
from .errors import NotFound, StoreError
from .objects import DamagedRecord, ObjectStore
from .snapshot import referenced_objects
from .storage.base import Storage

TOTALS_NOT_COUNTED = (
    "not counted on object storage: the total needs a listing of the whole bucket, which opening the "
    "panel never makes; `jupyter checkpoints stats` counts it"
)


class Maintenance:
    """Garbage collection and figures of `CheckpointStore`."""

    objects: ObjectStore
    storage: Storage
    fallback: str | None
    gc_after_deletes: int
    gc_grace_seconds: float
    _deletes: int
    _gc_running: threading.Lock
    gc_suspended: str = ""  # why the last collection removed nothing (a damaged record), or ""
    log: logging.Logger

    def removed_checkpoints(self, count: int = 1) -> None:
        """`count` checkpoints went (here or in a part of the store, folder checkpoints included): a
        collection follows once enough have."""
        self._deletes += count
        self.maybe_collect()

    def maybe_collect(self) -> None:
        if self._deletes >= self.gc_after_deletes and self._gc_running.acquire(blocking=False):
            self._deletes = 0
            threading.Thread(target=self._gc_thread, daemon=True).start()

    def _gc_thread(self) -> None:
        try:
            self.gc()
        except Exception:  # a failed sweep only delays reclaiming space
            self.log.exception("checkpoint store garbage collection failed")
        finally:
            self._gc_running.release()

    def refs_of(self, m) -> list[str]:
        """Every piece a record refers to: its content's and what is kept with it (kernel variables)."""
        return [*referenced_objects(self.objects, m.content), *attached_objects(self.objects, m.extra)]

    def gc(self, grace_seconds: float | None = None) -> tuple[int, int]:
        """Delete content no checkpoint references. Returns (objects removed, bytes freed); nothing
        while a damaged record is in the store (`gc_suspended` then says which)."""
        grace = self.gc_grace_seconds if grace_seconds is None else grace_seconds
        whole = self.storage.whole
        found = whole.collect(grace, self.refs_of)
        self.gc_suspended = whole.suspended
        if self.gc_suspended:
            self.log.warning("jupyterlab_checkpoints: collection skipped: %s", self.gc_suspended)
        return found

    # ------------------------------------------------------------------ damaged records
    def damaged_records(self) -> list[tuple[str, str, str]]:
        """(area, path, id) of every damaged record in the store, for `jupyter checkpoints verify`: the
        area as store/inventory.py names it, the file's contents path where the history's name or a
        sound record of it says it."""
        out = []
        for area, history, path, manifests, damaged, _size in self.storage.whole.histories():
            where = path or (manifests[-1].path if manifests else str(history))
            out += [(area, where, checkpoint_id) for checkpoint_id in damaged]
        return out

    def damaged_ids(self, path: str) -> list[str]:
        """Ids of the damaged records of one file's history (listed as damaged, never restored)."""
        return self.storage.damaged(self._history(P.normalize_path(path)))

    def _missing(self, history, checkpoint_id: str) -> StoreError:
        """Why `checkpoint_id` cannot be read: its record is damaged (409, reason `damaged`), or it is not there."""
        if checkpoint_id in self.storage.damaged(history):
            return DamagedRecord(checkpoint_id)
        return NotFound(f"no checkpoint {checkpoint_id!r}")

    def _remove_damaged(self, history, checkpoint_id: str) -> bool:
        """Delete a damaged record (under the history's lock); False when `checkpoint_id` is not one."""
        if P.validate_id(checkpoint_id) not in self.storage.damaged(history):
            return False
        if self.storage.remove(history, checkpoint_id):
            self._deletes = max(self._deletes, self.gc_after_deletes)  # collection may resume now
        return True

    # ------------------------------------------------------------------ figures
    def info(self, path: str | None = None) -> dict:
        """The store's figures (usage.py; none on object storage, `totals` says why), where it is and
        why (location.py); with `path`, that file's."""
        totals = self.storage.usage.totals()
        out = {"root": self.storage.describe(), "fallback": self.fallback}
        if totals is None:
            out.update({"bytes": None, "files": None, "objects": None, "totals": TOTALS_NOT_COUNTED, "gitignore": True})
        else:
            out.update(
                {
                    "bytes": totals["object_bytes"] + totals["manifest_bytes"],
                    "files": totals["histories"],
                    **{k: totals[k] for k in ("objects", "object_bytes", "manifests", "manifest_bytes")},
                    "gitignore": totals.get("gitignore", True),
                }
            )
        if path is not None:
            path = P.normalize_path(path)
            out["file"] = {"path": path, **self.usage.history_figure(self._history(path))}
        return out
