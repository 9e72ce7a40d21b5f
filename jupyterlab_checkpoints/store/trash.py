"""Histories of deleted files: kept aside in `trash/` for `deleted_retention_days`, listed, restored.

Deleting a file (or folder) moves its whole history under `trash/<when>-<rand>/h` with an
`origin.json` saying what it was; nothing is copied. Part of `CheckpointStore` (a mixin: it uses the
store's locks, paths and retention).
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import shutil
from pathlib import Path

import orjson

from . import paths as P
from .errors import NotFound
from .locking import flock
from .manifest import Manifest, list_manifests
from .storage.base import Storage
from .usage import Usage


class DeletedFiles:
    """What `CheckpointStore` does with the histories of deleted files."""

    root: Path
    trash: Path
    deleted_retention_days: float
    usage: Usage
    storage: Storage
    _deletes: int

    # Provided by CheckpointStore.
    def _locks(self, history: Path, exclusive_tree: bool = False): ...  # pragma: no cover
    def _history(self, path: str, is_dir: bool = False) -> Path: ...  # pragma: no cover
    def _existing_history(self, path: str) -> Path | None: ...  # pragma: no cover
    def _histories_under(self, folder: Path): ...  # pragma: no cover
    def _merge(self, src: Path, dst: Path) -> None: ...  # pragma: no cover
    def _enforce_retention(self, history: Path, protected=()) -> list[Manifest]: ...  # pragma: no cover
    def utcnow(self) -> dt.datetime: ...  # pragma: no cover

    def delete_all(self, path: str) -> None:
        """The file (or directory) was deleted: keep its checkpoints aside for recovery."""
        path = P.normalize_path(path)
        if not self.storage.local:
            self.storage.trash.move_in(path, self.utcnow())  # kept in the bucket's trash/ (remote.py)
            return
        with self._locks(self.tree, exclusive_tree=True):
            src = self._existing_history(path)
            if src is None:
                return
            now = self.utcnow()
            entry = self.trash / (now.strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3))
            entry.mkdir(parents=True)
            origin = {"path": path, "is_dir": src.name.lower().startswith("d."), "deleted": now.isoformat()}
            record = orjson.dumps(origin)
            (entry / "origin.json").write_bytes(record)
            self.usage.add(manifest_bytes=len(record))  # the store's total counts deletion records
            os.rename(src, entry / "h")
        self._purge_expired()

    def _trash_entries(self):
        """(entry folder, origin) of every deletion, newest first."""
        if not self.storage.local:
            return self.storage.trash.entries()
        out = []
        for entry in self.trash.iterdir():
            try:
                origin = orjson.loads((entry / "origin.json").read_bytes())
            except (OSError, orjson.JSONDecodeError):
                continue
            out.append((entry, origin))
        out.sort(key=lambda e: e[1]["deleted"], reverse=True)
        return out

    def _deleted_files(self, entry: Path, origin: dict):
        """(path, history folder) of each file in one deletion."""
        if not self.storage.local:
            yield from self.storage.trash.files(entry, origin)
            return
        root = entry / "h"
        if not origin["is_dir"]:
            yield origin["path"], root
            return
        for h in self._histories_under(root):
            names = [P.decode_segment(s)[1] for s in h.relative_to(root).parts]
            if any(n is None for n in names):
                # A hashed (very long) name: the manifests remember the path.
                manifests = list_manifests(h)
                if manifests:
                    yield manifests[-1].path, h
                continue
            yield "/".join([origin["path"], *names]), h

    def _expiry(self, origin: dict) -> dt.datetime:
        return dt.datetime.fromisoformat(origin["deleted"]) + dt.timedelta(days=self.deleted_retention_days)

    def _purge_expired(self) -> None:
        now = self.utcnow()
        expired = [entry for entry, origin in self._trash_entries() if self._expiry(origin) < now]
        if not expired:
            return
        if not self.storage.local:
            self.storage.trash.purge(expired)
            return
        # The tree lock (shared) keeps a recount or a clean-up from seeing an entry half-removed.
        with flock(self.root / "tree.lock", shared=True):
            for entry in expired:
                before = self.usage.measure(entry)
                shutil.rmtree(entry, ignore_errors=True)
                self.usage.removed(before, entry)
                self._deletes += 1
            self.usage.flush()

    def list_deleted(self) -> list[dict]:
        self._purge_expired()
        out = []
        for entry, origin in self._trash_entries():
            for path, h in self._deleted_files(entry, origin):
                manifests = self.storage.list(h)
                if manifests:
                    out.append(
                        {
                            "path": path,
                            "deleted": dt.datetime.fromisoformat(origin["deleted"]),
                            "expires": self._expiry(origin),
                            "checkpoints": [m.model() for m in manifests],
                            "bytes": self.usage.history_figure(h)["bytes"],
                        }
                    )
        return out

    def find_deleted(self, path: str, checkpoint_id: str) -> tuple[Manifest, Path]:
        """The newest kept checkpoint `checkpoint_id` of deleted file `path`, and its history folder."""
        path = P.normalize_path(path)
        P.validate_id(checkpoint_id)
        for entry, origin in self._trash_entries():
            for p, h in self._deleted_files(entry, origin):
                if p == path:
                    m = self.storage.read(h, checkpoint_id)
                    if m is not None:
                        return m, h
        raise NotFound(f"no kept checkpoint {checkpoint_id!r} of a deleted file {path!r}")

    def adopt_deleted(self, history: Path, path: str) -> None:
        """Give a recovered file its old history back (when it has none of its own)."""
        path = P.normalize_path(path)
        if not self.storage.local:
            for dst in self.storage.merge(history, self._history(path)):
                self._enforce_retention(dst)
            return
        with self._locks(self.tree, exclusive_tree=True):
            dst = self._history(path)
            if not history.is_dir():
                return
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.exists():
                self._merge(history, dst)
            else:
                os.rename(history, dst)
            self._enforce_retention(dst)
