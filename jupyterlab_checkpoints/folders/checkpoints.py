"""Folder checkpoints: a whole folder's state in one checkpoint, kept in the file checkpoints' store.

Each file's bytes go into the store's content-addressed pieces exactly as a file checkpoint stores
them, so a file already kept (by a file checkpoint or an earlier folder checkpoint) costs nothing. A
file whose stat (size, mtime_ns, inode, ctime_ns) equals the one recorded by the folder's newest
checkpoint is not read at all: its recorded content is reused (disk_read.py says when a stat may vouch).

The same code runs on a local disk and on object storage: histories, locks and moves come from the
storage (store/folder_area.py), pieces from its `objects`. Locks: a folder's history lock covers a
checkpoint from scan to manifest and every change to that folder's checkpoints, so the checkpoint whose
entries are reused cannot go meanwhile; the storage's `pieces_guard` from before the newest checkpoint is
read to the manifest, so a collection never takes a piece a manifest being written needs (on a local
disk every reused piece is also touched, as the file store does: store.py). The manifest is written
last and atomically: nothing half-written is ever listed. Retention is the file store's
(store/retention.py), with its own limits.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import math
import os
import stat
import time

import orjson
from traitlets import Bool, Int
from traitlets.config import LoggingConfigurable

from ..store import CheckpointStore
from ..store import paths as P
from ..store.author import AUTHOR
from ..store.errors import Conflict, InvalidInput, NoSpace, NotFound
from ..store.manifest import Manifest, new_id
from ..store.retention import over_limit
from ..store.snapshot import FOLDER, Planned, referenced_objects
from . import index as I
from .disk_read import read_file, stat_key
from .restore import FolderRestore
from .scan import TOO_LARGE, Scan, Walker, inside
from .status import FolderStatus
from .store_write import PieceWriter

CREATABLE = ("manual", "automatic")
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES}
RANK = {"before-restore": 1, "automatic": 2, "manual": 3}


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def model(m: Manifest) -> dict:
    """The folder checkpoint model of the REST API."""
    out = {
        "id": m.id,
        "created": m.created,
        "label": m.label,
        "kind": m.kind,
        "pinned": m.pinned,
        "files": m.extra.get("files", 0),
        "size": m.size,
        "skipped": m.extra.get("skipped", []),
    }
    if m.extra.get("skipped_more"):
        out["skipped_more"] = m.extra["skipped_more"]
    if isinstance(m.extra.get("author"), str):
        out["author"] = m.extra["author"]
    if m.extra.get("unchanged"):
        out["unchanged"] = True
    return out


def _state(entries: list[dict]) -> str:
    """Equal for two checkpoints of the same files and contents, whatever their stats."""
    plain = [{k: v for k, v in e.items() if k not in ("stat", "touched")} for e in entries]
    return hashlib.sha256(orjson.dumps(plain)).hexdigest()


def _refresh_skipped(m: Manifest, scan: Scan) -> bool:
    """Give `m` the list of what was left out now (part of what the answer says); whether it changed."""
    before = (m.extra.get("skipped"), m.extra.get("skipped_more"))
    m.extra["skipped"] = scan.skipped
    m.extra.pop("skipped_more", None)
    if scan.skipped_more:
        m.extra["skipped_more"] = scan.skipped_more
    return before != (m.extra["skipped"], m.extra.get("skipped_more"))


class FolderCheckpoints(LoggingConfigurable):
    """Checkpoints of whole folders (configure as `c.FolderCheckpoints`)."""

    max_files = Int(10000, config=True, help="Most files a folder checkpoint records; larger folders are refused.")
    max_file_size = Int(
        100 * 1024 * 1024, config=True, help="Files larger than this (bytes) are left out and listed as skipped."
    )
    honour_gitignore = Bool(
        True, config=True, help="Leave out what `.gitignore` files exclude, as well as `.checkpointignore` files."
    )
    max_unpinned = Int(10, config=True, help="Unpinned checkpoints kept per folder; the oldest go first.")
    max_pinned = Int(10, config=True, help="Pinned checkpoints allowed per folder; pinning more is refused.")

    def __init__(self, store: CheckpointStore, contents_root: str, **kwargs):
        super().__init__(**kwargs)
        self.store = store
        self.server_root = os.path.realpath(contents_root)
        self.storage = store.storage
        self.restoring = FolderRestore(self)  # restore.py
        self.status = FolderStatus(self)  # status.py

    def restore_folder(self, path, checkpoint_id, before_label: str = "", hold=None) -> dict:
        return self.restoring.restore_folder(path, checkpoint_id, before_label, hold)

    def extract(self, path, checkpoint_id, target):
        return self.restoring.extract(path, checkpoint_id, target)

    def file_entry(self, path, checkpoint_id, rel):
        return self.restoring.file_entry(path, checkpoint_id, rel)

    def detail(self, path, checkpoint_id):
        return self.status.detail(path, checkpoint_id)

    # ------------------------------------------------------------------ paths
    @staticmethod
    def folder_path(path) -> str:
        """A folder's contents path: "" for the server root, else normalised (store/paths.py)."""
        if not isinstance(path, str):
            raise InvalidInput("path must be a string")
        return "" if path.strip("/") == "" else P.normalize_path(path)

    def os_folder(self, path: str) -> str:
        os_path = os.path.join(self.server_root, *path.split("/")) if path else self.server_root
        real = os.path.realpath(os_path)
        if not inside(real, self.server_root):
            raise NotFound(f"no folder {path!r} in the server's root")
        if not os.path.isdir(real):
            if os.path.exists(real):
                raise InvalidInput(f"{path} is not a folder")
            raise NotFound(f"no folder {path!r}")
        if inside(real, str(self.store.root)):
            raise InvalidInput(f"{path} is inside the checkpoint store")
        return real

    def history(self, path: str):
        return self.storage.folder_history(path)

    def locked(self, history):
        return self.storage.folder_locks(history)

    def walker(self) -> Walker:
        return Walker(self.server_root, str(self.store.root), self.max_file_size, self.max_files, self.honour_gitignore)

    # ------------------------------------------------------------------ checkpoints
    def find(self, history, checkpoint_id: str) -> Manifest:
        m = self.storage.read(history, P.validate_id(checkpoint_id))
        if m is None or m.content.get("type") != FOLDER:
            raise NotFound(f"no folder checkpoint {checkpoint_id!r}")
        return m

    def entries(self, m: Manifest) -> list[dict]:
        try:
            return I.load_entries(self.store.objects, m.content)
        except (OSError, ValueError, KeyError, TypeError) as e:
            raise NotFound(f"the content of folder checkpoint {m.id!r} is missing or damaged") from e

    def create(self, path, kind="manual", label="", pinned=False) -> tuple[Manifest, dict]:
        """A checkpoint of the folder `path`; with it, what it cost (`read`, `reused`, `written`)."""
        path = self.folder_path(path)
        if kind not in CREATABLE:
            raise InvalidInput(f"kind must be one of {', '.join(CREATABLE)}")
        label = self.store.clean_label(label)
        if not isinstance(pinned, bool):
            raise InvalidInput("pinned must be true or false")
        os_dir = self.os_folder(path)
        history = self.history(path)
        try:
            with self.locked(history):
                m, cost = self.snapshot(path, os_dir, history, kind, label, pinned)
                self.enforce_retention(history, {m.id})
        except OSError as e:
            if e.errno in _NO_SPACE:  # nothing is listed: the manifest is written last
                raise NoSpace(f"cannot write the checkpoint store: {e.strerror}") from e
            raise
        return m, cost

    def snapshot(self, path, os_dir, history, kind, label="", pinned=False) -> tuple[Manifest, dict]:
        """Record the folder now (caller holds its lock). The newest checkpoint is returned instead of a
        new one when it holds the same state (`extra["unchanged"]`), as file checkpoints do."""
        scan = self.walker().scan(os_dir)
        cost = {"read": 0, "reused": 0, "written": 0}
        # The guard first: on object storage, waiting for a collection takes the history again and
        # reads it anew, so the newest checkpoint is only known once inside.
        with self.storage.pieces_guard(), PieceWriter(self.store.objects, self.store.usage) as writer:
            existing = self.storage.list(history)
            newest = existing[-1] if existing else None
            cache = {}
            if newest is not None:
                with contextlib.suppress(NotFound):
                    cache = I.by_path(self.entries(newest))
            # Traitlets read once: a trait read costs more than the stat comparison it guards.
            fresh_ns = self.store.gc_grace_seconds * 1e9 / 2 if self.storage.reuse_needs_touch else math.inf
            limits = (self.max_file_size, fresh_ns)
            entries = [e for f in scan.found if (e := self._entry(f, cache.get(f.rel), scan, cost, limits, writer))]
            state = _state(entries)
            same = newest is not None and newest.extra.get("state") == state
            skips_changed = same and _refresh_skipped(newest, scan)
            if same and not cost["read"]:
                return self._same_as(history, newest, kind, label, pinned, rewrite=skips_changed), cost
            digest, pieces = I.index_pieces(entries)
            writer.add(pieces)
            cost["written"] = writer.flush()  # every piece on disk before the manifest that needs it
            if same:
                # Same state, but files read again now have stats that vouch for them: keep those.
                newest.content = {"type": FOLDER, "index": digest}
                return self._same_as(history, newest, kind, label, pinned, rewrite=True), cost
            if pinned and self.pinned_count(history) >= self.max_pinned:
                raise self.pin_refusal()
            m = self._manifest(path, entries, scan, digest, state, kind, label, pinned)
            self.storage.write(history, m)
        return m, cost

    def _entry(self, f, previous: dict | None, scan: Scan, cost: dict, limits: tuple, writer) -> dict | None:
        max_size, fresh_ns = limits
        if f.type == "link":
            return {"path": f.rel, "type": "link", "target": f.target}
        mode = stat.S_IMODE(f.st.st_mode)
        if (
            previous is not None
            and previous.get("type") == "file"
            and previous.get("stat") == stat_key(f.st)
            and previous.get("mode") == mode
        ):
            try:
                touched = self._touch(previous, fresh_ns)
            except (OSError, ValueError, KeyError):
                pass  # a piece is missing: read the file instead
            else:
                cost["reused"] += 1
                return {**previous, "touched": touched}
        raw, st, key, reason = read_file(f.os_path)
        if reason is not None:
            scan.skip(f.rel, reason)
            return None
        if len(raw) > max_size:  # grew since the scan
            scan.skip(f.rel, TOO_LARGE)
            return None
        planned = Planned(raw, I.is_notebook_path(f.rel))
        writer.add(planned.pieces)
        cost["read"] += 1
        return {
            "path": f.rel,
            "type": "file",
            "size": len(raw),
            "mode": stat.S_IMODE(st.st_mode),
            "content": planned.content,
            "stat": key,
            "touched": time.time_ns(),  # its pieces are about to be written or touched (put)
        }

    def _touch(self, entry: dict, fresh_ns: float) -> int:
        """Refresh the pieces' times, as a put of existing content does (objects.py; see the docstring),
        unless this folder's checkpoints did so less than half the grace period ago: the pieces' times
        cannot be older than that (times only move forward), so no collection can take them before
        this checkpoint is written. Saves a system call per unchanged file (a request on object
        storage). Where the storage needs no touch at all (`reuse_needs_touch`), `fresh_ns` is infinite:
        the newest checkpoint, listed under the lock held, keeps its pieces. Returns the time to record."""
        now = time.time_ns()
        if now - entry.get("touched", 0) < fresh_ns:
            return entry.get("touched", 0)
        for digest in referenced_objects(self.store.objects, entry["content"]):
            self.store.objects.touch(digest)
        return now

    def _manifest(self, path, entries, scan, digest, state, kind, label, pinned) -> Manifest:
        now = _now()
        extra = {
            "files": len(entries),
            "skipped": scan.skipped,
            "state": state,
            **({"skipped_more": scan.skipped_more} if scan.skipped_more else {}),
            **({"author": AUTHOR.get()} if AUTHOR.get() else {}),
        }
        size = sum(e.get("size", 0) for e in entries)
        content = {"type": FOLDER, "index": digest}
        return Manifest(new_id(now), path, now.isoformat(), kind, size, content, label, pinned, extra=extra)

    def _same_as(self, history, m: Manifest, kind: str, label: str, pinned: bool, rewrite=False) -> Manifest:
        changed = rewrite
        if RANK.get(kind, 0) > RANK.get(m.kind, 0):
            m.kind, changed = kind, True
            if label:
                m.label = label
        elif label and not m.label:
            m.label, changed = label, True
        if pinned and not m.pinned:
            if self.pinned_count(history) >= self.max_pinned:
                raise self.pin_refusal()
            m.pinned, changed = True, True
        if changed:
            self.storage.write(history, m)
        m.extra["unchanged"] = True
        return m

    # ------------------------------------------------------------------ listing and changes
    def list(self, path) -> list[Manifest]:
        path = self.folder_path(path)
        self.os_folder(path)
        return self.storage.list(self.history(path))

    def get(self, path, checkpoint_id) -> Manifest:
        path = self.folder_path(path)
        self.os_folder(path)
        return self.find(self.history(path), checkpoint_id)

    def pinned_count(self, history, excluding: str | None = None) -> int:
        return sum(1 for m in self.storage.list(history) if m.pinned and m.id != excluding)

    def pin_refusal(self) -> Conflict:
        return Conflict(
            f"this folder already has {self.max_pinned} pinned checkpoints, the most allowed; unpin or delete one first"
        )

    def enforce_retention(self, history, protected=()) -> None:
        if not self.store.applies_retention:
            return  # `jupyter checkpoints` never drops: store.py
        for m in over_limit(self.storage.list(history), self.max_unpinned, protected, self.store.retention_order):
            self._remove(history, m)

    def _remove(self, history, m: Manifest) -> None:
        if self.storage.remove(history, m.id):
            self.store.maintenance.removed_checkpoints()  # counts towards the next collection of unreferenced pieces

    def update(self, path, checkpoint_id, label=None, pinned=None) -> Manifest:
        path = self.folder_path(path)
        if label is not None:
            label = self.store.clean_label(label)
        if pinned is not None and not isinstance(pinned, bool):
            raise InvalidInput("pinned must be true or false")
        P.validate_id(checkpoint_id)
        self.os_folder(path)
        history = self.history(path)
        with self.locked(history):
            m = self.find(history, checkpoint_id)
            if pinned and not m.pinned and self.pinned_count(history, m.id) >= self.max_pinned:
                raise self.pin_refusal()
            if label is not None:
                m.label = label
            if pinned is not None:
                m.pinned = pinned
            self.storage.write(history, m)
            if pinned is False:
                self.enforce_retention(history)
        return m

    def delete(self, path, checkpoint_id) -> None:
        path = self.folder_path(path)
        P.validate_id(checkpoint_id)
        self.os_folder(path)
        history = self.history(path)
        with self.locked(history):
            self._remove(history, self.find(history, checkpoint_id))
        self.store.maintenance.maybe_collect()
