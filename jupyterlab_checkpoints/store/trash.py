"""Histories of deleted files: kept aside for `deleted_retention_days`, listed, restored.

Deleting a file (or folder) moves its whole history into the storage's trash with a deletion record
saying what it was (storage/base.py `Trash`: a folder renamed on disk, indexes moved in a bucket).
What happens to them afterwards is decided here, the same on every backend. Part of
`CheckpointStore` (a mixin: it uses the store's paths and retention).
"""

from __future__ import annotations

import datetime as dt

from . import paths as P
from .errors import NotFound
from .storage.base import Storage


class DeletedFiles:
    """What `CheckpointStore` does with the histories of deleted files."""

    deleted_retention_days: float
    storage: Storage

    # Uses CheckpointStore's paths, records and retention (`_history`, `_find`, `_write`, `_enforce_retention`).

    def delete_all(self, path: str) -> None:
        """The file (or directory) was deleted: keep its checkpoints aside for recovery."""
        self.storage.trash.move_in(P.normalize_path(path), self.utcnow())
        self._purge_expired()

    def _expiry(self, origin: dict) -> dt.datetime:
        return dt.datetime.fromisoformat(origin["deleted"]) + dt.timedelta(days=self.deleted_retention_days)

    def _purge_expired(self) -> None:
        now = self.utcnow()
        trash = self.storage.trash
        expired = [entry for entry, origin in trash.entries() if self._expiry(origin) < now]
        if expired:
            self.removed_checkpoints(trash.purge(expired))

    def _deleted(self):
        """(entry, origin, path, history) of each file of every deletion, newest deletion first."""
        trash = self.storage.trash
        for entry, origin in trash.entries():
            for path, h in trash.files(entry, origin):
                yield entry, origin, path, h

    def list_deleted(self) -> list[dict]:
        self._purge_expired()
        out = []
        for _entry, origin, path, h in self._deleted():
            manifests = self.storage.list(h)
            if manifests:
                out.append(
                    {
                        "path": path,
                        "deleted": dt.datetime.fromisoformat(origin["deleted"]),
                        "expires": self._expiry(origin),
                        "checkpoints": [m.model() for m in manifests],
                        "bytes": self.storage.usage.history_figure(h)["bytes"],
                    }
                )
        return out

    def find_deleted(self, path: str, checkpoint_id: str):
        """The newest kept checkpoint `checkpoint_id` of deleted file `path`, and its history."""
        path = P.normalize_path(path)
        P.validate_id(checkpoint_id)
        for _entry, _origin, p, h in self._deleted():
            if p == path:
                m = self.storage.read(h, checkpoint_id)
                if m is not None:
                    return m, h
        raise NotFound(f"no kept checkpoint {checkpoint_id!r} of a deleted file {path!r}")

    def adopt_deleted(self, history, path: str) -> None:
        """Give a recovered file its old history back (merged into one it has meanwhile)."""
        for dst in self.storage.merge(history, self._history(P.normalize_path(path))):
            self._enforce_retention(dst)
