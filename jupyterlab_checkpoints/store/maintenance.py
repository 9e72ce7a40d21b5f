"""Store maintenance: collecting content no checkpoint refers to, and the store's figures.

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
from .folder_area import FOLDERS
from .location import ensure_gitignore
from .locking import flock
from .manifest import SUFFIX
from .objects import ObjectStore
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

    def _referenced(self) -> set[str]:
        """Every object any manifest (kept or in the trash, of any format) refers to.

        Errors other than a file vanishing abort the collection: a manifest we failed to read must not
        make its objects look unreferenced.
        """
        referenced: set[str] = set()
        for base in (self.tree, self.trash, self.root / FOLDERS):
            for dirpath, _dirs, files in os.walk(base, onerror=_raise):
                for name in files:
                    if not name.endswith(SUFFIX):
                        continue
                    try:
                        data = orjson.loads(Path(dirpath, name).read_bytes())
                        content = data["content"]
                        referenced.update(referenced_objects(self.objects, content))
                        referenced.update(attached_objects(self.objects, data.get("extra")))
                    except FileNotFoundError:
                        continue  # deleted meanwhile, or a broken checkpoint
                    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
                        continue  # not a manifest: refers to nothing
        return referenced

    def gc(self, grace_seconds: float | None = None) -> tuple[int, int]:
        """Delete content no checkpoint references. Returns (objects removed, bytes freed)."""
        grace = self.gc_grace_seconds if grace_seconds is None else grace_seconds
        if not self.storage.local:
            objects = self.objects
            return self.storage.collect(
                grace, lambda m: [*referenced_objects(objects, m.content), *attached_objects(objects, m.extra)]
            )
        with flock(self.root / "tree.lock", shared=True):
            referenced = self._referenced()
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
