"""Store maintenance: collecting content no checkpoint refers to, and the store's figures.

A damaged checkpoint record (a manifest that no longer parses: manifest.list_records) may have referred
to any piece, and nothing can tell which: while one is anywhere in the store, no piece is collected
(the collection logs why and `jupyter checkpoints gc` says so), until it is deleted. It is listed as
damaged (`damaged_ids`), can be deleted (`_remove_damaged`), and `verify` names it (`damaged_records`).

Part of `CheckpointStore` (a mixin). See store.py for how collection and creates stay apart, usage.py
for how the figures are kept without walking the store, cleanup.py for the clean-up users ask for.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from pathlib import Path

import orjson

from . import paths as P
from .attached import attached_objects
from .errors import NotFound, StoreError
from .folder_area import FOLDERS
from .inventory import _decoded_path
from .location import ensure_gitignore
from .locking import flock
from .manifest import SUFFIX, is_damaged, list_records
from .objects import DamagedPiece, DamagedRecord, ObjectStore
from .snapshot import referenced_objects
from .storage.base import Storage
from .usage import Usage


def _raise(error: OSError):
    if not isinstance(error, FileNotFoundError):  # a folder moved or purged meanwhile: nothing to read
        raise error


class Maintenance:
    """Garbage collection and figures of `CheckpointStore`."""

    root: Path
    tree: Path
    trash: Path
    tmp: Path
    objects: ObjectStore
    usage: Usage
    storage: Storage
    fallback: str | None
    gc_after_deletes: int
    gc_grace_seconds: float
    _deletes: int
    _gc_running: threading.Lock
    gc_suspended: str = ""  # why the last collection removed nothing (a damaged record), or ""
    log: logging.Logger

    # Provided by CheckpointStore.
    def _remote_info(self, path, history) -> dict: ...  # pragma: no cover
    def _clean_tmp(self) -> None: ...  # pragma: no cover
    def _history(self, path: str, is_dir: bool = False) -> Path: ...  # pragma: no cover

    def _exclusive(self):
        """tree.lock and gc.lock, both exclusive: nothing changes the store while they are held."""
        stack = contextlib.ExitStack()
        stack.enter_context(flock(self.root / "tree.lock"))
        stack.enter_context(flock(self.root / "gc.lock"))
        return stack

    def _maybe_gc(self) -> None:
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

    def _referenced(self) -> tuple[set[str], list[Path]]:
        """Every object any manifest (kept or in the trash, of any format) refers to, and the records
        that no longer parse (which may refer to anything).

        Errors other than a file vanishing abort the collection: a manifest we failed to read must not
        make its objects look unreferenced.
        """
        referenced: set[str] = set()
        damaged: list[Path] = []
        for dirpath, name in self._records():
            try:
                data = orjson.loads(Path(dirpath, name).read_bytes())
                content = data["content"]
                refs = referenced_objects(self.objects, content)
                refs.extend(attached_objects(self.objects, data.get("extra")))
            except FileNotFoundError:
                continue  # deleted meanwhile, or a broken checkpoint (a missing piece list)
            except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError, DamagedPiece):
                damaged.append(Path(dirpath, name))  # a damaged piece list: its pieces cannot be told either
                continue
            referenced.update(refs)
        return referenced, damaged

    def _records(self):
        """(folder, name) of every checkpoint record of tree/, trash/ and the folder checkpoints' area."""
        for base in (self.tree, self.trash, self.root / FOLDERS):
            for dirpath, _dirs, files in os.walk(base, onerror=_raise):
                for name in files:
                    # A trash entry's own `origin.json` is its deletion record, not a checkpoint's.
                    if name.endswith(SUFFIX) and Path(dirpath).parent != self.trash:
                        yield dirpath, name

    def damaged_records(self) -> list[tuple[str, str, str]]:
        """(area, path, id) of every damaged record on this disk, for `jupyter checkpoints verify`:
        the area as store/inventory.py names it, the file's contents path where the folder says it."""
        if not self.storage.local:  # the damaged entries of every index (storage/s3/inventory.py)
            listed = self.storage.whole.histories()
            return [(area, path or h.rel, i) for area, h, path, _found, ids, _size in listed for i in ids]
        out = []
        for dirpath, name in self._records():
            if not is_damaged(Path(dirpath, name)):
                continue
            folder = Path(dirpath)
            if folder.is_relative_to(self.tree):
                area, path = "files", _decoded_path(self.tree, folder)
            else:
                area = "deleted" if folder.is_relative_to(self.trash) else "folders"
                others = list_records(folder)[0]
                path = others[-1].path if others else None
            out.append((area, path or str(folder.relative_to(self.root)), name[: -len(SUFFIX)]))
        return out

    def damaged_ids(self, path: str) -> list[str]:
        """Ids of the damaged records of one file's history (listed as damaged, never restored)."""
        finder = getattr(self.storage, "damaged", None)
        return finder(self._history(P.normalize_path(path))) if finder is not None else []

    def _missing(self, history, checkpoint_id: str) -> StoreError:
        """Why `checkpoint_id` cannot be read: its record is damaged (409, reason `damaged`), or it is not there."""
        finder = getattr(self.storage, "damaged", None)
        if finder is not None and checkpoint_id in finder(history):
            return DamagedRecord(checkpoint_id)
        return NotFound(f"no checkpoint {checkpoint_id!r}")

    def _remove_damaged(self, history, checkpoint_id: str) -> bool:
        """Delete a damaged record (under the history's lock); False when `checkpoint_id` is not one."""
        finder = getattr(self.storage, "damaged", None)
        if finder is None or P.validate_id(checkpoint_id) not in finder(history):
            return False
        if self.storage.remove(history, checkpoint_id):
            self._deletes = max(self._deletes, self.gc_after_deletes)  # collection may resume now
        return True

    def gc(self, grace_seconds: float | None = None) -> tuple[int, int]:
        """Delete content no checkpoint references. Returns (objects removed, bytes freed); nothing
        while a damaged record is in the store (`gc_suspended` then says which)."""
        grace = self.gc_grace_seconds if grace_seconds is None else grace_seconds
        self.gc_suspended = ""
        if not self.storage.local:
            objects = self.objects
            found = self.storage.whole.collect(
                grace, lambda m: [*referenced_objects(objects, m.content), *attached_objects(objects, m.extra)]
            )
            self.gc_suspended = self.storage.whole.suspended
            return found
        with flock(self.root / "tree.lock", shared=True):
            referenced, damaged = self._referenced()
        if damaged:
            names = ", ".join(str(f.relative_to(self.root)) for f in damaged[:5])
            more = f" and {len(damaged) - 5} more" if len(damaged) > 5 else ""
            self.gc_suspended = (
                f"{len(damaged)} damaged checkpoint record(s) ({names}{more}) may refer to any piece; "
                "nothing is collected until they are deleted (`jupyter checkpoints verify` names them)"
            )
            self.log.warning("jupyterlab_checkpoints: collection skipped: %s", self.gc_suspended)
            return 0, 0
        with flock(self.root / "gc.lock"):
            try:
                removed, freed = self.objects.sweep(referenced, grace)
            except BaseException:
                self.usage.invalidate()  # some objects may be gone uncounted: the next reader recounts
                raise
            self.usage.add(objects=-removed, object_bytes=-freed)
            self.usage.flush()
        self._clean_tmp()
        return removed, freed

    def info(self, path: str | None = None) -> dict:
        """The store's figures (usage.py), where it is and why (location.py); with `path`, that file's."""
        if not self.storage.local:
            return self._remote_info(path and P.normalize_path(path), path and self._history(P.normalize_path(path)))
        total = self.usage.figures(self._exclusive)
        out = {
            "root": str(self.root),
            "bytes": total["object_bytes"] + total["manifest_bytes"],
            "files": total["histories"],
            **{k: total[k] for k in ("objects", "object_bytes", "manifests", "manifest_bytes")},
            "fallback": self.fallback,
            "gitignore": ensure_gitignore(self.root, self.tmp),
        }
        if path is not None:
            path = P.normalize_path(path)
            out["file"] = {"path": path, **self.usage.history_figure(self._history(path))}
        return out
