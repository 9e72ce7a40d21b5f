"""The clean-up users ask for: what it would free, then freeing exactly that. Part of `CheckpointStore`.

What goes:
- unreferenced pieces: content no checkpoint refers to any more (kept or of a deleted file), left by
  deleted checkpoints and retention; the background collection (maintenance.py) frees them too, later;
- the histories of files deleted more than N days ago, and the pieces only they referred to.
What never goes:
- a pinned checkpoint: a deleted file's history holding one is skipped whole (its other checkpoints
  stay too; they are listed under `pinned_kept`). Only the store's own expiry of deleted files
  (`deleted_retention_days`, trash.py) ever removes them;
- a history holding a manifest this version cannot read (a newer version's, perhaps pinned);
- any piece at all while a damaged record (a manifest that no longer parses) is in the store: it may
  refer to any of them (maintenance.py); the plan says so (`suspended`);
- anything a kept checkpoint refers to, and pieces touched in the last `gc_grace_seconds`, which a
  create may be about to refer to (the collection's own rule; reported as `waiting`).

`cleanup_plan` reads every manifest and stats every object holding tree.lock shared: histories do not
move meanwhile, creates go on. `cleanup` frees exactly such a plan, and stays safe however small the
grace period, without stopping creates while it reads the store:
1. it takes gc.lock exclusively for an instant: a create holds it shared from its first piece to its
   manifest, so every create that began before has its manifest on disk (`started` = that instant);
2. it plans, holding tree.lock shared (the histories it will remove cannot move; creates go on). Every
   piece a create writes or reuses from now on is touched (objects.py), so its time is after `started`;
3. it removes the planned histories (still under tree.lock shared: nothing else touches them), then
   the planned pieces whose time is still before `started` (less a second for file systems' coarse
   clocks), in batches, each under gc.lock exclusively (no create is between its first piece and its
   manifest meanwhile); a piece touched since is spared, and its bytes are not reported freed.
Creates wait for one batch at most; renames and deletes wait for steps 2-3 (tree.lock). The figures
equal the plan's unless the store changed (or time crossed N days or the grace period) between the two
requests.

A piece shared by several removed histories is counted with the first one listed (newest deletion
first), so the entries' bytes and the unreferenced bytes add up to the total.

On object storage the plan is the same code, fed from the bucket (storage/s3/cleanup.py: the indexes,
the deletion records, a LIST of the pieces with their sizes and times), and cleanup_remote.py frees it
under the collection's announcement instead of the locks above.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .attached import VARIABLES, attached_objects
from .cleanup_remote import remote_cleanup
from .errors import InvalidInput
from .folder_area import FOLDERS
from .locking import flock
from .manifest import FORMAT_VERSION, SUFFIX
from .objects import DamagedPiece, ObjectStore
from .snapshot import referenced_objects
from .storage.base import Storage
from .usage import Usage, measure_history

MAX_DAYS = 100_000.0
_BATCH = 256  # pieces removed per hold of gc.lock


def _raise(error: OSError):
    if not isinstance(error, FileNotFoundError):  # a folder removed meanwhile: nothing to read
        raise error


def _count_manifest(f: _Folder, data: dict, objects, indexes: dict[str, list[str]]) -> None:
    """Add one manifest (as stored) to its history's `_Folder`; raises when it cannot be read here."""
    f.keep |= data.get("format") != FORMAT_VERSION or data.get("pinned") is not False
    content = data["content"]
    key = f"{content.get('type')}:{content.get('index') or content.get('blob')}"
    if key not in indexes:
        # Interned: one string per piece, however many folders refer to it.
        indexes[key] = [sys.intern(d) for d in referenced_objects(objects, content)]
    f.refs.update(indexes[key])
    f.refs.update(attached_objects(objects, data.get("extra")))


def _days(value) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidInput("deleted_older_than_days must be a number of days (or null)")
    if not 0 <= value <= MAX_DAYS:
        raise InvalidInput(f"deleted_older_than_days must be between 0 and {MAX_DAYS:g}")
    return float(value)


@dataclass
class _Folder:
    """The `*.json` of one folder of tree/ or trash/."""

    count: int = 0
    bytes: int = 0
    refs: set[str] = field(default_factory=set)
    keep: bool = False  # holds a pinned or unreadable manifest
    damaged: bool = False  # holds a manifest that does not parse: it may refer to any piece
    version: str | None = None  # its index object's etag (object storage)


@dataclass
class _Removal:
    path: str
    deleted: dt.datetime
    folder: Path
    entry: Path
    checkpoints: int
    bytes: int = 0
    whole_entry: bool = False
    refs: set[str] = field(default_factory=set)
    record_bytes: int = 0  # its entry's deletion record, counted with the first history of the entry


@dataclass
class _Plan:
    days: float | None
    removals: list[_Removal]
    pinned_kept: list[tuple[str, dt.datetime]]
    unreferenced: dict[str, int]  # digest -> size, not referred to by anything
    freed_pieces: dict[str, int]  # digest -> size, referred to by removed histories only
    waiting: list[int]
    versions: dict = field(default_factory=dict)  # object storage: history -> the etag planned from
    suspended: str = ""  # why no piece is freed (a damaged record), or ""

    def bytes(self) -> int:
        return sum(self.unreferenced.values()) + sum(r.bytes for r in self.removals)

    def model(self) -> dict:
        return {
            "deleted_older_than_days": self.days,
            "unreferenced": {"objects": len(self.unreferenced), "bytes": sum(self.unreferenced.values())},
            "deleted": [
                {"path": r.path, "deleted": r.deleted, "bytes": r.bytes, "checkpoints": r.checkpoints}
                for r in self.removals
            ],
            "pinned_kept": [{"path": p, "deleted": d} for p, d in self.pinned_kept],
            "waiting": {"objects": len(self.waiting), "bytes": sum(self.waiting)},
            "bytes": self.bytes(),
            **({"suspended": self.suspended} if self.suspended else {}),
        }


class Cleanup:
    root: Path
    tree: Path
    trash: Path
    objects: ObjectStore
    usage: Usage
    gc_grace_seconds: float

    storage: Storage

    # Provided by CheckpointStore.
    def _trash_entries(self): ...  # pragma: no cover
    def _deleted_files(self, entry: Path, origin: dict): ...  # pragma: no cover

    def _folders(self) -> dict[Path, _Folder]:
        """Every folder of tree/ and trash/ holding `*.json`, with what its manifests refer to."""
        folders: dict[Path, _Folder] = {}
        indexes: dict[str, list[str]] = {}  # an index object is read once, however many refer to it
        for base in (self.tree, self.trash, self.root / FOLDERS):
            for dirpath, _dirs, names in os.walk(base, onerror=_raise):
                d = Path(dirpath)
                for name in names:
                    if not name.endswith(SUFFIX):
                        continue
                    try:
                        raw = (d / name).read_bytes()
                    except FileNotFoundError:
                        continue
                    f = folders.setdefault(d, _Folder())
                    f.count, f.bytes = f.count + 1, f.bytes + len(raw)
                    if d.parent == self.trash:
                        continue  # a deletion record (origin.json)
                    try:
                        _count_manifest(f, orjson.loads(raw), self.objects, indexes)
                    except FileNotFoundError:
                        continue  # its index is missing: a broken checkpoint refers to nothing
                    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError, DamagedPiece):
                        f.keep = f.damaged = True  # not readable here: never removed by a clean-up
        return folders

    def _remote_folders(self, only: set | None = None) -> dict:
        """As `_folders`, from the bucket (s3/cleanup.py): S3History -> its index, entry -> its record;
        with `only`, those histories alone."""
        histories, records = self.storage.cleaning.raw_histories(only)
        folders: dict = {entry: _Folder(bytes=size) for entry, size in records.items()}
        indexes: dict[str, list[str]] = {}
        objects = _Prefetched(self.objects, [data for _h, found, _s, _e in histories for data in found or ()])
        for history, manifests, size, etag in histories:
            bad = manifests is None  # an index that does not parse (s3/cleanup.py)
            f = folders[history] = _Folder(len(manifests or ()), size, keep=bad, version=etag, damaged=bad)
            for data in manifests or ():
                try:
                    _count_manifest(f, data, objects, indexes)
                except FileNotFoundError:
                    continue
                except (KeyError, TypeError, AttributeError, ValueError, DamagedPiece):
                    f.keep = f.damaged = True
        return folders

    def _plan(self, days: float | None, started: float) -> _Plan:
        local = self.storage.local
        folders = self._folders() if local else self._remote_folders()
        removals: list[_Removal] = []
        pinned_kept: list[tuple[str, dt.datetime]] = []
        if days is not None:
            limit = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
            for entry, origin in self._trash_entries():
                deleted = dt.datetime.fromisoformat(origin["deleted"])
                if deleted >= limit:
                    continue
                for path, h in self._deleted_files(entry, origin):
                    f = folders.get(h)
                    if f is None or not f.count:
                        continue
                    if f.keep:
                        pinned_kept.append((path, deleted))
                    else:
                        removals.append(_Removal(path, deleted, h, entry, f.count, f.bytes, refs=f.refs))
        removed = {r.folder for r in removals}
        # An entry goes whole (with its record) when every history in it goes.
        inside: dict = {}
        for d in folders:
            entry = self._entry_of(d) if local else _remote_entry(d)
            if entry is not None:
                inside.setdefault(entry, []).append(d)
        for entry in {r.entry for r in removals}:
            if all(d in removed for d in inside.get(entry, ())):
                first = next(r for r in removals if r.entry == entry)
                first.whole_entry = True
                first.record_bytes = folders[entry].bytes if entry in folders else 0
                first.bytes += first.record_bytes
                for r in removals:
                    r.whole_entry |= r.entry == entry
        keep: set[str] = set()
        for d, f in folders.items():
            if d not in removed:
                keep |= f.refs
        owner: dict[str, _Removal] = {}
        for r in removals:
            for digest in folders[r.folder].refs:
                owner.setdefault(digest, r)
        unreferenced: dict[str, int] = {}
        freed_pieces: dict[str, int] = {}
        waiting: list[int] = []
        cutoff = self._cutoff(started)
        damaged = sum(f.damaged for f in folders.values())
        suspended = f"{damaged} histories hold a damaged record, which may refer to any piece" if damaged else ""
        for digest, size, mtime in (
            () if damaged else self._pieces() if local else self.storage.cleaning.piece_listing()
        ):
            if digest in keep:
                continue
            if mtime >= cutoff:
                waiting.append(size)
            elif digest in owner:
                freed_pieces[digest] = size
                owner[digest].bytes += size
            else:
                unreferenced[digest] = size
        versions = {d: f.version for d, f in folders.items() if f.version}
        return _Plan(days, removals, pinned_kept, unreferenced, freed_pieces, waiting, versions, suspended)

    def _entry_of(self, folder: Path) -> Path | None:
        """The trash entry a history folder inside a deleted folder's entry belongs to."""
        depth = len(self.trash.parts)
        if len(folder.parts) > depth + 1 and folder.parts[:depth] == self.trash.parts:
            return Path(*folder.parts[: depth + 1])
        return None

    def _pieces(self):
        """(digest, bytes, time) of every piece on disk."""
        for sub in _entries(self.objects.root):
            for obj in _entries(sub.path):
                try:
                    st = obj.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                yield sub.name + obj.name, st.st_size, st.st_mtime

    def _cutoff(self, started: float) -> float:
        """Pieces touched at or after this time stay: within the grace period, or since the clean-up began
        (less a second: a file's time comes from a clock that may lag the one `started` was read from)."""
        return min(time.time() - self.gc_grace_seconds, started - 1.0)

    def cleanup_plan(self, deleted_older_than_days=None) -> dict:
        """What `cleanup` would free now; changes nothing."""
        days = _days(deleted_older_than_days)
        if not self.storage.local:  # reads only: histories and pieces may change meanwhile, as here
            return self._plan(days, time.time()).model()
        with flock(self.root / "tree.lock", shared=True):
            return self._plan(days, time.time()).model()

    def cleanup(self, deleted_older_than_days=None) -> dict:
        """Free what `cleanup_plan` describes (see the module's docstring); returns what was freed."""
        days = _days(deleted_older_than_days)
        if not self.storage.local:
            return remote_cleanup(self, days)
        with flock(self.root / "gc.lock"):  # 1. every create that began before has its manifest on disk
            started = time.time()
        with flock(self.root / "tree.lock", shared=True):
            plan = self._plan(days, started)  # 2. creates go on meanwhile, touching what they use
            try:
                freed, histories = self._remove_histories(plan)
                objects_removed, pieces_freed = self._remove_pieces(plan, self._cutoff(started))
            finally:
                self.usage.flush()  # before the tree lock goes (usage.py)
        return {"freed_bytes": freed + pieces_freed, "objects_removed": objects_removed, "histories_removed": histories}

    def _remove_histories(self, plan: _Plan) -> tuple[int, int]:
        """(bytes freed, histories removed). Under tree.lock shared: no create or move touches them."""
        freed = 0
        gone: set[Path] = set()
        for r in plan.removals:
            folder = r.entry if r.whole_entry else r.folder
            if folder in gone:
                continue
            gone.add(folder)
            before = self.usage.measure(folder)
            shutil.rmtree(folder, ignore_errors=True)
            self.usage.removed(before, folder)
            freed += before["manifest_bytes"] - (self.usage.measure(folder)["manifest_bytes"] if folder.exists() else 0)
            if not r.whole_entry:
                _prune_empty(r.folder.parent, r.entry)
        return freed, sum(1 for r in plan.removals if measure_history(r.folder)[0] == 0)

    def _remove_pieces(self, plan: _Plan, cutoff: float) -> tuple[int, int]:
        """(pieces removed, bytes freed): the planned ones not touched since `cutoff` (3. of the module's
        docstring). In batches, each under gc.lock exclusively, so a create waits for one batch at most."""
        removed = freed = 0
        digests = sorted(plan.unreferenced.keys() | plan.freed_pieces.keys())
        for start in range(0, len(digests), _BATCH):
            with flock(self.root / "gc.lock"):
                for digest in digests[start : start + _BATCH]:
                    target = self.objects.path(digest)
                    try:
                        st = target.stat()
                        if st.st_mtime >= cutoff:
                            continue  # a create reused it since the plan was made: it stays
                        target.unlink()
                    except FileNotFoundError:
                        continue
                    removed += 1
                    freed += st.st_size
                    self.usage.add(objects=-1, object_bytes=-st.st_size)
                self.usage.flush()
        return removed, freed


class _Prefetched:
    """The pieces' store, with the index pieces of these manifests read at once (in parallel on object
    storage, `get_many`) rather than one round trip after another."""

    def __init__(self, objects, manifests: list):
        wanted = set()
        for data in manifests:
            with contextlib.suppress(AttributeError, TypeError):
                for index in (data["content"].get("index"), (data.get("extra") or {}).get(VARIABLES)):
                    if isinstance(index, str):
                        wanted.add(index)
        self._objects, self._read = objects, {}
        wanted = sorted(wanted)
        with contextlib.suppress(FileNotFoundError, ValueError, DamagedPiece):  # read one by one then
            self._read = dict(zip(wanted, objects.get_many(wanted), strict=True))

    def get(self, digest: str) -> bytes:
        found = self._read.get(digest)
        return found if found is not None else self._objects.get(digest)


def _remote_entry(key) -> str | None:
    """The trash entry of a deleted file's history in the bucket (area `trash/<entry>/h`)."""
    area = getattr(key, "area", "tree")
    return area.split("/")[1] if area.startswith("trash/") else None


def _entries(folder) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except (FileNotFoundError, NotADirectoryError):
        return []


def _prune_empty(folder: Path, stop: Path) -> None:
    """Remove the folders a removed history leaves empty inside a deleted folder's entry."""
    while folder != stop and folder.is_relative_to(stop):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty: the rest of the deleted folder stays
        folder = folder.parent
