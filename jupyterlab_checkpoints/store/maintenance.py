"""Store maintenance: collecting content no checkpoint refers to, and the store's figures.

Part of `CheckpointStore` (a mixin). See store.py for how collection and creates stay apart.
"""

from __future__ import annotations

import logging
import os
import threading
from pathlib import Path

import orjson

from .locking import flock
from .manifest import SUFFIX
from .objects import ObjectStore
from .snapshot import referenced_objects


def _raise(error: OSError):
    if not isinstance(error, FileNotFoundError):  # a folder moved or purged meanwhile: nothing to read
        raise error


class Maintenance:
    """Garbage collection and figures of `CheckpointStore`."""

    root: Path
    tree: Path
    trash: Path
    objects: ObjectStore
    gc_after_deletes: int
    gc_grace_seconds: float
    _deletes: int
    _gc_running: threading.Lock
    log: logging.Logger

    # Provided by CheckpointStore.
    def _clean_tmp(self) -> None: ...  # pragma: no cover

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
        for base in (self.tree, self.trash):
            for dirpath, _dirs, files in os.walk(base, onerror=_raise):
                for name in files:
                    if not name.endswith(SUFFIX):
                        continue
                    try:
                        data = orjson.loads(Path(dirpath, name).read_bytes())
                        content = data["content"]
                        referenced.update(referenced_objects(self.objects, content))
                    except FileNotFoundError:
                        continue  # deleted meanwhile, or a broken checkpoint
                    except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
                        continue  # not a manifest: refers to nothing
        return referenced

    def gc(self, grace_seconds: float | None = None) -> tuple[int, int]:
        """Delete content no checkpoint references. Returns (objects removed, bytes freed)."""
        grace = self.gc_grace_seconds if grace_seconds is None else grace_seconds
        with flock(self.root / "tree.lock", shared=True):
            referenced = self._referenced()
        with flock(self.root / "gc.lock"):
            result = self.objects.sweep(referenced, grace)
        self._clean_tmp()
        return result

    def info(self) -> dict:
        files = objects = size = 0
        for dirpath, _dirs, names in os.walk(self.root):
            for n in names:
                try:
                    size += os.lstat(os.path.join(dirpath, n)).st_size
                except OSError:
                    continue
            if dirpath.startswith(str(self.objects.root)):
                objects += len(names)
            elif dirpath.startswith(str(self.tree)) and any(n.endswith(SUFFIX) for n in names):
                files += 1
        return {"root": str(self.root), "bytes": size, "files": files, "objects": objects}
