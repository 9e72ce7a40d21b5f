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
- anything a kept checkpoint refers to, and pieces touched in the last `gc_grace_seconds`, which a
  create may be about to refer to (the collection's own rule; reported as `waiting`).

`cleanup_plan` reads every manifest and stats every object holding tree.lock shared: histories do not
move meanwhile, creates go on. `cleanup` holds tree.lock and gc.lock exclusively: no create, restore,
move, purge or collection runs meanwhile (they wait), so it makes the same plan and frees exactly that,
then records the exact store total it has just counted (usage.py). Its figures equal the plan's unless
the store changed (or time crossed N days or the grace period) between the two requests.

A piece shared by several removed histories is counted with the first one listed (newest deletion
first), so the entries' bytes and the unreferenced bytes add up to the total.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import orjson

from .errors import InvalidInput
from .locking import flock
from .manifest import FORMAT_VERSION, SUFFIX
from .objects import ObjectStore
from .snapshot import referenced_objects
from .usage import FIELDS, Usage, measure_history

MAX_DAYS = 100_000.0


def _raise(error: OSError):
    if not isinstance(error, FileNotFoundError):  # a folder removed meanwhile: nothing to read
        raise error


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


@dataclass
class _Removal:
    path: str
    deleted: dt.datetime
    folder: Path
    entry: Path
    checkpoints: int
    bytes: int = 0
    whole_entry: bool = False


@dataclass
class _Plan:
    days: float | None
    removals: list[_Removal]
    pinned_kept: list[tuple[str, dt.datetime]]
    unreferenced: dict[str, int]  # digest -> size, not referred to by anything
    freed_pieces: dict[str, int]  # digest -> size, referred to by removed histories only
    waiting: list[int]
    total: dict  # the whole store as counted (exact when counted under the exclusive locks)

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
        }


class Cleanup:
    root: Path
    tree: Path
    trash: Path
    objects: ObjectStore
    usage: Usage
    gc_grace_seconds: float

    # Provided by CheckpointStore.
    def _trash_entries(self): ...  # pragma: no cover
    def _deleted_files(self, entry: Path, origin: dict): ...  # pragma: no cover

    # And `_exclusive` (maintenance.py, after this class in the store's bases: no stub here).

    def _folders(self) -> dict[Path, _Folder]:
        """Every folder of tree/ and trash/ holding `*.json`, with what its manifests refer to."""
        folders: dict[Path, _Folder] = {}
        indexes: dict[str, list[str]] = {}  # an index object is read once, however many refer to it
        for base in (self.tree, self.trash):
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
                        data = orjson.loads(raw)
                        f.keep |= data.get("format") != FORMAT_VERSION or data.get("pinned") is not False
                        content = data["content"]
                        key = f"{content.get('type')}:{content.get('index') or content.get('blob')}"
                        if key not in indexes:
                            indexes[key] = referenced_objects(self.objects, content)
                        f.refs.update(indexes[key])
                    except FileNotFoundError:
                        continue  # its index is missing: a broken checkpoint refers to nothing
                    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError):
                        f.keep = True  # not readable here: never removed by a clean-up
        return folders

    def _plan(self, days: float | None) -> _Plan:
        folders = self._folders()
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
                        removals.append(_Removal(path, deleted, h, entry, f.count, f.bytes))
        removed = {r.folder for r in removals}
        # An entry goes whole (with its record) when every history in it goes.
        for entry in {r.entry for r in removals}:
            inside = [d for d in folders if d.is_relative_to(entry) and d != entry]
            if all(d in removed for d in inside):
                first = next(r for r in removals if r.entry == entry)
                first.whole_entry = True
                first.bytes += folders[entry].bytes if entry in folders else 0
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
        total = dict.fromkeys(FIELDS, 0)
        cutoff = time.time() - self.gc_grace_seconds
        for sub in _entries(self.objects.root):
            for obj in _entries(sub.path):
                try:
                    st = obj.stat(follow_symlinks=False)
                except FileNotFoundError:
                    continue
                total["objects"] += 1
                total["object_bytes"] += st.st_size
                digest = sub.name + obj.name
                if digest in keep:
                    continue
                if st.st_mtime >= cutoff:
                    waiting.append(st.st_size)
                elif digest in owner:
                    freed_pieces[digest] = st.st_size
                    owner[digest].bytes += st.st_size
                else:
                    unreferenced[digest] = st.st_size
        for d, f in folders.items():
            total["manifest_bytes"] += f.bytes
            if d.parent != self.trash:
                total["manifests"] += f.count
                total["histories"] += 1
        return _Plan(days, removals, pinned_kept, unreferenced, freed_pieces, waiting, total)

    def cleanup_plan(self, deleted_older_than_days=None) -> dict:
        """What `cleanup` would free now; changes nothing."""
        days = _days(deleted_older_than_days)
        with flock(self.root / "tree.lock", shared=True):
            return self._plan(days).model()

    def cleanup(self, deleted_older_than_days=None) -> dict:
        """Free what `cleanup_plan` describes (see the module's docstring); returns what was freed."""
        days = _days(deleted_older_than_days)
        with self._exclusive():
            plan = self._plan(days)
            try:
                result = self._free(plan)
            except BaseException:
                self.usage.invalidate()  # stopped half-way: whoever reads the total next recounts it
                raise
            self.usage.set_exact(plan.total)
        return result

    def _free(self, plan: _Plan) -> dict:
        """Remove what `plan` lists, counting it off `plan.total`. The caller holds the exclusive locks."""
        freed = objects_removed = 0
        total = plan.total
        gone: set[Path] = set()
        for r in plan.removals:
            folder = r.entry if r.whole_entry else r.folder
            if folder in gone:
                continue
            gone.add(folder)
            before = self.usage.measure(folder)
            shutil.rmtree(folder, ignore_errors=True)
            after = self.usage.measure(folder) if folder.exists() else dict.fromkeys(before, 0)
            for k in before:
                total[k] -= before[k] - after[k]
            freed += before["manifest_bytes"] - after["manifest_bytes"]
            if not r.whole_entry:
                _prune_empty(r.folder.parent, r.entry)
        for digest, size in (plan.unreferenced | plan.freed_pieces).items():
            try:
                self.objects.path(digest).unlink()
            except FileNotFoundError:
                continue
            objects_removed += 1
            freed += size
            total["objects"] -= 1
            total["object_bytes"] -= size
        histories = sum(1 for r in plan.removals if measure_history(r.folder)[0] == 0)
        return {"freed_bytes": freed, "objects_removed": objects_removed, "histories_removed": histories}


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
