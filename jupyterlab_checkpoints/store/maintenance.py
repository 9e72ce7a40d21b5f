"""Store maintenance: collecting content no checkpoint refers to, damaged records, and the store's figures.

A damaged checkpoint record (a record that no longer parses: manifest.list_records, s3/index.py) may
have referred to any piece, and nothing can tell which: while one is anywhere in the store, no piece is
collected (the collection logs why and `jupyter checkpoints gc` says so), until it is deleted. It is
listed as damaged (`damaged_ids`), can be deleted (`remove_damaged`), and `verify` names it
(`damaged_records`). How each backend collects: `storage.whole.collect` (storage/local/whole.py,
storage/s3/).

The store's `maintenance` part (core.py). See store.py for how collection and creates stay apart,
storage/local/usage.py for how the figures are kept without walking the store, cleanup.py for the
clean-up users ask for.
"""

from __future__ import annotations

import threading

from . import paths as P
from .attached import attached_objects
from .core import StoreCore
from .errors import NotFound, StoreError
from .objects import DamagedRecord
from .snapshot import referenced_objects

TOTALS_NOT_COUNTED = (
    "not counted on object storage: the total needs a listing of the whole bucket, which opening the "
    "panel never makes; `jupyter checkpoints stats` counts it"
)


class Maintenance:
    """Collection, damaged records and figures of the store: `store.maintenance`. Uses the store's
    storage, pieces, history names, settings (`gc_after_deletes`, `gc_grace_seconds`) and log (core.py)."""

    def __init__(self, store: StoreCore):
        self.store = store
        # Why the last collection removed nothing (a damaged record, another server collecting), or "".
        self.gc_suspended = ""
        self._deletes = 0  # checkpoints removed since the last collection began
        self._gc_running = threading.Lock()

    def count_removed(self, count: int = 1) -> None:
        """`count` checkpoints went, under a history's lock: `maybe_collect`, once the lock is released,
        starts a collection when enough have."""
        self._deletes += count

    def removed_checkpoints(self, count: int = 1) -> None:
        """`count` checkpoints went (here or in a part of the store, folder checkpoints included): a
        collection follows once enough have."""
        self.count_removed(count)
        self.maybe_collect()

    def maybe_collect(self) -> None:
        if self._deletes >= self.store.gc_after_deletes and self._gc_running.acquire(blocking=False):
            self._deletes = 0
            threading.Thread(target=self._gc_thread, daemon=True).start()

    def _gc_thread(self) -> None:
        try:
            self._collect(None)
        except Exception:  # a failed sweep only delays reclaiming space
            self.store.log.exception("checkpoint store garbage collection failed")
        finally:
            self._gc_running.release()

    def refs_of(self, m) -> list[str]:
        """Every piece a record refers to: its content's and what is kept with it (kernel variables)."""
        objects = self.store.objects
        return [*referenced_objects(objects, m.content), *attached_objects(objects, m.extra)]

    def gc(self, grace_seconds: float | None = None) -> tuple[int, int]:
        """Delete content no checkpoint references. Returns (objects removed, bytes freed); nothing
        while a damaged record is in the store (`gc_suspended` then says which). Waits for a background
        collection of this store to end first: on object storage a collection that finds another one
        running returns at once, and its answer (and `gc_suspended`) would be the previous one's."""
        with self._gc_running:
            return self._collect(grace_seconds)

    def _collect(self, grace_seconds: float | None) -> tuple[int, int]:
        """`gc`, holding `_gc_running` (the background thread holds it already)."""
        grace = self.store.gc_grace_seconds if grace_seconds is None else grace_seconds
        whole = self.store.storage.whole
        found = whole.collect(grace, self.refs_of)
        self.gc_suspended = whole.suspended
        if self.gc_suspended:
            self.store.log.warning("jupyterlab_checkpoints: collection skipped: %s", self.gc_suspended)
        return found

    # ------------------------------------------------------------------ damaged records
    def damaged_records(self) -> list[tuple[str, str, str]]:
        """(area, path, id) of every damaged record in the store, for `jupyter checkpoints verify`: the
        area as store/inventory.py names it, the file's contents path where the history's name or a
        sound record of it says it."""
        out = []
        for area, history, path, manifests, damaged, _size in self.store.storage.whole.histories():
            where = path or (manifests[-1].path if manifests else str(history))
            out += [(area, where, checkpoint_id) for checkpoint_id in damaged]
        return out

    def damaged_ids(self, path: str) -> list[str]:
        """Ids of the damaged records of one file's history (listed as damaged, never restored)."""
        return self.store.storage.damaged(self.store.history_of(P.normalize_path(path)))

    def missing(self, history, checkpoint_id: str) -> StoreError:
        """Why `checkpoint_id` cannot be read: its record is damaged (409, reason `damaged`), or it is not there."""
        if checkpoint_id in self.store.storage.damaged(history):
            return DamagedRecord(checkpoint_id)
        return NotFound(f"no checkpoint {checkpoint_id!r}")

    def remove_damaged(self, history, checkpoint_id: str) -> bool:
        """Delete a damaged record (under the history's lock); False when `checkpoint_id` is not one."""
        storage = self.store.storage
        if P.validate_id(checkpoint_id) not in storage.damaged(history):
            return False
        if storage.remove(history, checkpoint_id):
            self._deletes = max(self._deletes, self.store.gc_after_deletes)  # collection may resume now
        return True

    # ------------------------------------------------------------------ figures
    def info(self, path: str | None = None) -> dict:
        """The store's figures (usage.py; none on object storage, `totals` says why), where it is and
        why (location.py); with `path`, that file's."""
        store = self.store
        totals = store.storage.usage.totals()
        out = {"root": store.storage.describe(), "fallback": store.fallback}
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
            out["file"] = {"path": path, **store.storage.usage.history_figure(store.history_of(path))}
        return out
