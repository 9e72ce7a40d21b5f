"""The clean-up users ask for: what it would free, then freeing exactly that: `store.cleanup` (core.py).

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

`plan` reads every record and lists every piece, creates going on meanwhile. `run` frees
exactly such a plan, and stays safe however small the grace period, without stopping creates while it
reads the store. Written once, over the storage's `cleaning` part (storage/local/cleaning.py,
storage/s3/cleanup.py), which says how each backend keeps a piece a create is about to refer to:
1. `reading()`: the plan is made (on a local disk every create that began before has its record
   written, and histories cannot move until the end; in a bucket, nothing is held);
2. `freeing()`: every change that could add a reference to a piece is kept apart (a local disk spares
   pieces touched since the plan began; a bucket announces a collection and waits for every lease);
   the histories changed since the plan (`versions`) are read again and what they refer to stays;
3. each planned history is removed after its records are read again (`remove_history`: one that
   gained a pinned or unreadable checkpoint since stays, and so do the pieces it refers to); a
   deletion record goes once every history of its entry is gone; then the planned pieces.
The figures equal the plan's unless the store changed (or time crossed N days or the grace period)
between the two requests.

A piece shared by several removed histories is counted with the first one listed (newest deletion
first), so the entries' bytes and the unreferenced bytes add up to the total.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .attached import VARIABLES, attached_objects
from .core import StoreCore
from .errors import InvalidInput
from .manifest import FORMAT_VERSION
from .objects import DamagedPiece
from .snapshot import referenced_objects

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


def _keep(manifests: list | None) -> bool:
    """Whether a history read again right before its removal stays after all (the rule above)."""
    if manifests is None:
        return True
    return any(
        not isinstance(m, dict) or m.get("format") != FORMAT_VERSION or m.get("pinned") is not False for m in manifests
    )


class Cleanup:
    """The store's clean-up. Uses the store's storage (its `cleaning` and `trash` parts), pieces and
    `gc_grace_seconds`."""

    def __init__(self, store: StoreCore):
        self.store = store

    def _folders(self, only: set | None = None) -> dict:
        """history -> its records' `_Folder`, trash entry -> its deletion record's; with `only`, those
        histories alone."""
        histories, records = self.store.storage.cleaning.records(only)
        folders: dict = {entry: _Folder(bytes=size) for entry, size in records.items()}
        indexes: dict[str, list[str]] = {}  # an index piece is read once, however many refer to it
        objects = _Prefetched(self.store.objects, [data for _h, found, _s, _e in histories for data in found or ()])
        for history, manifests, size, version in histories:
            bad = manifests is None  # an index that does not parse (object storage)
            f = folders[history] = _Folder(len(manifests or ()), size, keep=bad, version=version, damaged=bad)
            for data in manifests or ():
                try:
                    _count_manifest(f, data, objects, indexes)
                except FileNotFoundError:
                    continue  # its index is missing: a broken checkpoint refers to nothing
                except (KeyError, TypeError, AttributeError, ValueError, DamagedPiece):
                    f.keep = f.damaged = True  # not readable here: never removed by a clean-up
        return folders

    def _make_plan(self, days: float | None, started: float) -> _Plan:
        cleaning, trash = self.store.storage.cleaning, self.store.storage.trash
        folders = self._folders()
        removals: list[_Removal] = []
        pinned_kept: list[tuple[str, dt.datetime]] = []
        if days is not None:
            limit = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
            for entry, origin in trash.entries():
                deleted = dt.datetime.fromisoformat(origin["deleted"])
                if deleted >= limit:
                    continue
                for path, h in trash.files(entry, origin):
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
            entry = cleaning.entry_of(d)
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
        for digest, size, mtime in () if damaged else self.store.storage.whole.pieces():
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

    def _cutoff(self, started: float) -> float:
        """Pieces touched at or after this time stay: within the grace period, or since the clean-up began
        (less a second: a file's time comes from a clock that may lag the one `started` was read from)."""
        return min(time.time() - self.store.gc_grace_seconds, started - 1.0)

    def plan(self, deleted_older_than_days=None) -> dict:
        """What `run` would free now; changes nothing."""
        days = _days(deleted_older_than_days)
        with self.store.storage.cleaning.reading() as started:
            return self._make_plan(days, started).model()

    def _referenced_since(self, plan: _Plan) -> set[str]:
        """What the histories changed or added since `plan` refer to (2. of the module's docstring)."""
        now = self.store.storage.cleaning.versions()
        changed = {h for h, version in now.items() if plan.versions.get(h) != version}
        if not changed:
            return set()
        return set().union(*(f.refs for f in self._folders(changed).values()))

    def run(self, deleted_older_than_days=None) -> dict:
        """Free what `plan` describes (see the module's docstring); returns what was freed."""
        days = _days(deleted_older_than_days)
        cleaning = self.store.storage.cleaning
        with cleaning.reading() as started:
            plan = self._make_plan(days, started)
            with cleaning.freeing(started, self.store.gc_grace_seconds) as token:
                still_used = self._referenced_since(plan)
                freed = histories = 0
                spared: set = set()  # histories that stay after all
                for r in plan.removals:
                    removed = cleaning.remove_history(r.folder, _keep)
                    if removed is None:
                        spared.add(r.folder)
                        continue
                    freed += removed
                    histories += 1
                for r in plan.removals:
                    if r.record_bytes and not any(o.entry == r.entry and o.folder in spared for o in plan.removals):
                        cleaning.remove_record(r.entry)
                        freed += r.record_bytes
                still_used |= set().union(*(r.refs for r in plan.removals if r.folder in spared))
                pieces = {d: n for d, n in (plan.unreferenced | plan.freed_pieces).items() if d not in still_used}
                objects_removed, pieces_freed = cleaning.delete_pieces(pieces, token)
        return {"freed_bytes": freed + pieces_freed, "objects_removed": objects_removed, "histories_removed": histories}


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
