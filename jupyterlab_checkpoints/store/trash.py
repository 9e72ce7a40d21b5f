"""Histories of deleted files: kept aside for `deleted_retention_days`, listed, restored.

Deleting a file (or folder) moves its whole history into the storage's trash with a deletion record
saying what it was (storage/base.py `Trash`: a folder renamed on disk, indexes moved in a bucket).
What happens to them afterwards is decided here, the same on every backend: `store.deleted` (core.py).
"""

from __future__ import annotations

import datetime as dt

from . import paths as P
from .core import StoreCore
from .errors import NotFound
from .maintenance import Maintenance


class DeletedFiles:
    """What the store does with the histories of deleted files. Uses the store's storage, clock,
    history names, retention and `deleted_retention_days`; expired ones count towards a collection
    (`maintenance`)."""

    def __init__(self, store: StoreCore, maintenance: Maintenance):
        self.store = store
        self.maintenance = maintenance

    def add(self, path: str) -> None:
        """The file (or directory) `path` was deleted: keep its checkpoints aside for recovery."""
        self.store.storage.trash.move_in(P.normalize_path(path), self.store.utcnow())
        self.purge_expired()

    def _expiry(self, origin: dict) -> dt.datetime:
        return dt.datetime.fromisoformat(origin["deleted"]) + dt.timedelta(days=self.store.deleted_retention_days)

    def purge_expired(self) -> None:
        """Remove the histories kept longer than `deleted_retention_days`."""
        now = self.store.utcnow()
        trash = self.store.storage.trash
        expired = [entry for entry, origin in trash.entries() if self._expiry(origin) < now]
        if expired:
            self.maintenance.removed_checkpoints(trash.purge(expired))

    def _deleted(self):
        """(entry, origin, path, history) of each file of every deletion, newest deletion first."""
        trash = self.store.storage.trash
        for entry, origin in trash.entries():
            for path, h in trash.files(entry, origin):
                yield entry, origin, path, h

    def list(self) -> list[dict]:
        """Every deleted file with kept checkpoints, newest deletion first (expired ones go first)."""
        self.purge_expired()
        storage = self.store.storage
        out = []
        for _entry, origin, path, h in self._deleted():
            manifests = storage.list(h)
            if manifests:
                out.append(
                    {
                        "path": path,
                        "deleted": dt.datetime.fromisoformat(origin["deleted"]),
                        "expires": self._expiry(origin),
                        "checkpoints": [m.model() for m in manifests],
                        "bytes": storage.usage.history_figure(h)["bytes"],
                    }
                )
        return out

    def find(self, path: str, checkpoint_id: str):
        """The newest kept checkpoint `checkpoint_id` of deleted file `path`, and its history."""
        path = P.normalize_path(path)
        P.validate_id(checkpoint_id)
        for _entry, _origin, p, h in self._deleted():
            if p == path:
                m = self.store.storage.read(h, checkpoint_id)
                if m is not None:
                    return m, h
        raise NotFound(f"no kept checkpoint {checkpoint_id!r} of a deleted file {path!r}")

    def adopt(self, history, path: str) -> None:
        """Give a recovered file its old history back (merged into one it has meanwhile)."""
        store = self.store
        for dst in store.storage.merge(history, store.history_of(P.normalize_path(path))):
            store.enforce_retention(dst)
