"""The checkpoint store: many checkpoints per file, deduplicated, crash-safe, shared by processes.

Layout under `root` (default `<contents root>/.jupyter-checkpoints`, hidden from the file browser):
    format.json          on-disk format version; a store of an unknown (newer) version is refused
    objects/ab/cdef...   content pieces by sha256 (see snapshot.py)
    tree/d.dir/f.x.ipynb/<id>.json   one manifest per checkpoint (see paths.py, manifest.py)
    trash/<when>-<rand>/ histories of deleted files, kept `deleted_retention_days`
    tmp/                 files being written; anything here is debris of a crash

Locks: every change takes the store-wide `tree.lock` shared plus the history's own lock; moving whole
histories (rename, delete, undelete) takes `tree.lock` exclusively, so no write lands in a folder that
is being moved. Listing takes no lock: manifests appear atomically.

Garbage collection: after `gc_after_deletes` checkpoint removals a background thread collects the
objects no manifest references. It reads the manifests holding `tree.lock` shared (so no history moves
between tree/ and trash/ while it walks), then deletes under `gc.lock` exclusively, and only objects
untouched for `gc_grace_seconds`. A create holds `gc.lock` shared from its first object to its
manifest, and touches every object it reuses, so an object a manifest being written refers to is never
collected.

Retention lives here and nowhere else (`_enforce_retention` and the pin checks).
"""
from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import secrets
import shutil
import threading
import time
from pathlib import Path

import orjson
from traitlets import Bool, Float, Int, Unicode
from traitlets.config import LoggingConfigurable

from . import paths as P
from .atomic import write_atomic
from .errors import Conflict, InvalidInput, NoSpace, NotFound, UnsupportedFormat
from .locking import flock
from .manifest import (
    FORMAT_VERSION,
    KINDS,
    SUFFIX,
    Manifest,
    list_manifests,
    new_id,
    read_manifest,
    write_manifest,
)
from .objects import ObjectStore
from .snapshot import is_notebook_content, load_bytes, referenced_objects, store_content

DEFAULT_FOLDER = ".jupyter-checkpoints"
TMP_MAX_AGE = 3600.0  # seconds; older files in tmp/ are debris of a crash
_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES}


def _raise(error: OSError):
    if not isinstance(error, FileNotFoundError):  # a folder moved or purged meanwhile: nothing to read
        raise error


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class CheckpointStore(LoggingConfigurable):
    """Stores and retains the checkpoints of every file under one contents root."""

    root_dir = Unicode(
        "",
        config=True,
        help="""Folder of the store. Default: `.jupyter-checkpoints` in the contents root: hidden, one
        folder for the whole tree (not one per directory), and it stays with the files it keeps (a
        mounted work folder, a moved project), as `.ipynb_checkpoints` did.""",
    )
    max_unpinned = Int(10, config=True, help="Unpinned checkpoints kept per file; the oldest go first.")
    max_pinned = Int(10, config=True, help="Pinned checkpoints allowed per file; pinning more is refused.")
    max_label_length = Int(200, config=True, help="Longest label accepted, in characters.")
    deleted_retention_days = Float(
        30.0, config=True, help="Days the checkpoints of a deleted file are kept for recovery."
    )
    fsync = Bool(True, config=True, help="fsync every written file (survives power loss, costs time).")
    gc_after_deletes = Int(
        50, config=True, help="Collect unreferenced content after this many checkpoint deletions."
    )
    gc_grace_seconds = Float(
        3600.0, config=True, help="Content younger than this is never collected (a create may be using it)."
    )

    def __init__(self, contents_root: str, **kwargs):
        super().__init__(**kwargs)
        self.contents_root = os.path.abspath(contents_root)
        if self.root_dir:
            self.root = Path(self.root_dir).expanduser().resolve()
        else:
            # Resolved, like the paths `contains` compares it with (the root may be under a symlink).
            self.root = (Path(self.contents_root) / DEFAULT_FOLDER).resolve()
        self.tree = self.root / "tree"
        self.trash = self.root / "trash"
        self.tmp = self.root / "tmp"
        self.objects = ObjectStore(self.root / "objects", self.tmp, self.fsync)
        self._deletes = 0
        self._gc_running = threading.Lock()
        self._open()

    # ------------------------------------------------------------------ set-up
    def _open(self) -> None:
        fmt = self.root / "format.json"
        try:
            found = orjson.loads(fmt.read_bytes()).get("format")
        except (FileNotFoundError, orjson.JSONDecodeError, AttributeError):
            found = None  # new store (or a crash while creating it): (re)write the marker
        if found is not None and found != FORMAT_VERSION:
            # Never touch a store a newer version wrote: refuse clearly, keep its data intact.
            raise UnsupportedFormat(
                f"the checkpoint store {self.root} has format version {found!r}; this version of "
                f"jupyterlab_checkpoints reads version {FORMAT_VERSION}. Upgrade the package or set "
                "c.CheckpointStore.root_dir to another folder."
            )
        # Folders only once the format is known to be ours: a newer store is left exactly as it was.
        for d in (self.tree, self.trash, self.tmp, self.objects.root):
            d.mkdir(parents=True, exist_ok=True)
        if found is None:
            write_atomic(fmt, orjson.dumps({"format": FORMAT_VERSION}), self.tmp, self.fsync)
        self._clean_tmp()
        self._purge_expired()

    def _clean_tmp(self) -> None:
        cutoff = time.time() - TMP_MAX_AGE
        for f in self.tmp.iterdir():
            try:
                if f.stat().st_mtime < cutoff:
                    f.unlink()
            except OSError:
                pass

    def contains(self, os_path: str) -> bool:
        """Whether `os_path` is inside the store (its own files never get checkpoints)."""
        try:
            return Path(os_path).resolve().is_relative_to(self.root)
        except OSError:
            return False

    # ------------------------------------------------------------------ helpers
    def _history(self, path: str, is_dir: bool = False) -> Path:
        return self.tree.joinpath(*P.history_parts(path, is_dir))

    def _locks(self, history: Path, exclusive_tree: bool = False):
        tree_lock = flock(self.root / "tree.lock", shared=not exclusive_tree)
        if exclusive_tree:
            return tree_lock
        stack = contextlib.ExitStack()
        stack.enter_context(tree_lock)
        stack.enter_context(flock(history / ".lock"))
        return stack

    def clean_label(self, label) -> str:
        if not isinstance(label, str):
            raise InvalidInput("label must be a string")
        label = label.strip()
        if len(label) > self.max_label_length:
            raise InvalidInput(f"label is longer than {self.max_label_length} characters")
        if any(ord(c) < 32 or ord(c) == 127 for c in label):
            raise InvalidInput("label must not contain control characters")
        return label

    def _find(self, history: Path, checkpoint_id: str) -> Manifest:
        m = read_manifest(history / (P.validate_id(checkpoint_id) + SUFFIX))
        if m is None:
            raise NotFound(f"no checkpoint {checkpoint_id!r}")
        return m

    def _write(self, history: Path, manifest: Manifest) -> None:
        try:
            write_manifest(history, manifest, self.tmp, self.fsync)
        except OSError as e:
            if e.errno in _NO_SPACE:
                raise NoSpace(f"cannot write the checkpoint store: {e.strerror}") from e
            raise

    def _remove(self, history: Path, manifest: Manifest) -> None:
        try:
            (history / (manifest.id + SUFFIX)).unlink()
        except FileNotFoundError:
            return
        self._deletes += 1

    def _over_limit(self, manifests: list[Manifest]) -> list[Manifest]:
        """The oldest unpinned checkpoints beyond `max_unpinned` (oldest first in, oldest first out)."""
        unpinned = [m for m in manifests if not m.pinned]
        return unpinned[: max(0, len(unpinned) - self.max_unpinned)]

    def _enforce_retention(self, history: Path) -> list[Manifest]:
        """Drop the oldest unpinned checkpoints beyond `max_unpinned`. Pinned ones are never dropped."""
        dropped = self._over_limit(list_manifests(history))
        for m in dropped:
            self._remove(history, m)
        return dropped

    def _pinned_count(self, history: Path, excluding: str | None = None) -> int:
        return sum(1 for m in list_manifests(history) if m.pinned and m.id != excluding)

    def _pin_refusal(self) -> Conflict:
        return Conflict(
            f"this file already has {self.max_pinned} pinned checkpoints, the most allowed; "
            "unpin or delete one first"
        )

    # ------------------------------------------------------------------ checkpoints of one file
    def create(
        self,
        path: str,
        raw: bytes,
        kind: str = "save",
        label: str = "",
        pinned: bool = False,
        notebook: bool | None = None,
        created: dt.datetime | None = None,
        source: str | None = None,
    ) -> Manifest:
        """A new checkpoint of `path` holding `raw`.

        `source`, the document's file, is checked under the lock: a rename or delete moves the file
        before it moves the history (under the exclusive tree lock), so a create that lost that race
        answers NotFound instead of leaving its checkpoint behind at the old path.
        """
        path = P.normalize_path(path)
        if kind not in KINDS:
            raise InvalidInput(f"kind must be one of {', '.join(KINDS)}")
        label = self.clean_label(label)
        if not isinstance(pinned, bool):
            raise InvalidInput("pinned must be true or false")
        history = self._history(path)
        if notebook is None:
            notebook = path.endswith(".ipynb")
        try:
            history.mkdir(parents=True, exist_ok=True)
            with self._locks(history):
                if source is not None and not os.path.isfile(source):
                    raise NotFound(f"file {path} does not exist (renamed or deleted meanwhile)")
                if pinned and self._pinned_count(history) >= self.max_pinned:
                    raise self._pin_refusal()
                # Objects first, manifest last; gc.lock (shared) keeps a sweep out until it is written.
                with flock(self.root / "gc.lock", shared=True):
                    content, written = store_content(self.objects, raw, notebook)
                    now = created or _now()
                    manifest = Manifest(
                        id=new_id(now),
                        path=path,
                        created=now.isoformat(),
                        kind=kind,
                        size=len(raw),
                        content=content,
                        label=label,
                        pinned=pinned,
                        extra={"written": written},
                    )
                    self._write(history, manifest)
                self._enforce_retention(history)
        except OSError as e:
            if e.errno in _NO_SPACE:
                raise NoSpace(f"cannot write the checkpoint store: {e.strerror}") from e
            raise
        self._maybe_gc()
        return manifest

    def list(self, path: str) -> list[Manifest]:
        manifests = list_manifests(self._history(P.normalize_path(path)))
        # A crash between writing a manifest and enforcing retention (or a lowered limit) can leave
        # more than `max_unpinned` on disk; they are already dropped as far as anyone can see, and
        # go from disk at the file's next write.
        dropped = {m.id for m in self._over_limit(manifests)}
        return [m for m in manifests if m.id not in dropped] if dropped else manifests

    def get(self, path: str, checkpoint_id: str) -> Manifest:
        return self._find(self._history(P.normalize_path(path)), checkpoint_id)

    def read_bytes(self, manifest: Manifest) -> bytes:
        try:
            return load_bytes(self.objects, manifest.content)
        except (ValueError, KeyError, TypeError, FileNotFoundError) as e:
            raise NotFound(f"the content of checkpoint {manifest.id!r} is missing or damaged") from e

    @staticmethod
    def is_notebook(manifest: Manifest) -> bool:
        return is_notebook_content(manifest.content)

    def update(self, path: str, checkpoint_id: str, label=None, pinned=None) -> Manifest:
        path = P.normalize_path(path)
        P.validate_id(checkpoint_id)
        if label is not None:
            label = self.clean_label(label)
        if pinned is not None and not isinstance(pinned, bool):
            raise InvalidInput("pinned must be true or false")
        history = self._history(path)
        if not history.is_dir():
            raise NotFound(f"no checkpoints for {path!r}")
        with self._locks(history):
            m = self._find(history, checkpoint_id)
            if pinned and not m.pinned and self._pinned_count(history, m.id) >= self.max_pinned:
                raise self._pin_refusal()
            if label is not None:
                m.label = label
            if pinned is not None:
                m.pinned = pinned
            self._write(history, m)
            if pinned is False:
                self._enforce_retention(history)
                if read_manifest(history / (m.id + SUFFIX)) is None:
                    m.extra["dropped"] = True
        self._maybe_gc()
        return m

    def delete(self, path: str, checkpoint_id: str) -> None:
        path = P.normalize_path(path)
        history = self._history(path)
        if not history.is_dir():
            raise NotFound(f"no checkpoints for {path!r}")
        with self._locks(history):
            self._remove(history, self._find(history, checkpoint_id))
        self._maybe_gc()

    def move_one(self, checkpoint_id: str, old_path: str, new_path: str) -> None:
        """Give one checkpoint of `old_path` to `new_path`."""
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        src, dst = self._history(old_path), self._history(new_path)
        if src == dst:
            return  # a rename onto itself: writing then unlinking the same manifest would lose it
        with self._locks(self.tree, exclusive_tree=True):
            m = self._find(src, checkpoint_id)
            m.path = new_path
            self._write(dst, m)
            (src / (m.id + SUFFIX)).unlink()
            self._enforce_retention(dst)

    # ------------------------------------------------------------------ whole histories
    def _existing_history(self, path: str) -> Path | None:
        for is_dir in (False, True):
            h = self._history(path, is_dir)
            if h.is_dir():
                return h
        return None

    def rename_all(self, old_path: str, new_path: str) -> None:
        """Checkpoints follow a renamed or moved file or directory."""
        old_path, new_path = P.normalize_path(old_path), P.normalize_path(new_path)
        with self._locks(self.tree, exclusive_tree=True):
            src = self._existing_history(old_path)
            if src is None:
                return
            dst = self._history(new_path, is_dir=src.name.lower().startswith("d."))
            if dst == src or (dst.exists() and dst.samefile(src)):
                return  # same path (or only its case on a case-insensitive disk): merging would delete it
            dst.parent.mkdir(parents=True, exist_ok=True)
            if dst.exists():
                self._merge(src, dst)
            else:
                os.rename(src, dst)
            for h in self._histories_under(dst):
                self._enforce_retention(h)

    def _merge(self, src: Path, dst: Path) -> None:
        dst.mkdir(parents=True, exist_ok=True)
        for entry in src.iterdir():
            target = dst / entry.name
            if entry.is_dir():
                self._merge(entry, target)
            elif entry.name.endswith(SUFFIX):
                os.replace(entry, target)
        shutil.rmtree(src, ignore_errors=True)

    def _histories_under(self, folder: Path):
        """File-history folders at or below `folder`."""
        if not folder.is_dir():
            return
        if folder.name[:2].lower() == "f.":
            yield folder
            return
        for entry in folder.iterdir():
            if entry.is_dir():
                yield from self._histories_under(entry)

    def delete_all(self, path: str) -> None:
        """The file (or directory) was deleted: keep its checkpoints aside for recovery."""
        path = P.normalize_path(path)
        with self._locks(self.tree, exclusive_tree=True):
            src = self._existing_history(path)
            if src is None:
                return
            now = _now()
            entry = self.trash / (now.strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3))
            entry.mkdir(parents=True)
            origin = {"path": path, "is_dir": src.name.lower().startswith("d."), "deleted": now.isoformat()}
            (entry / "origin.json").write_bytes(orjson.dumps(origin))
            os.rename(src, entry / "h")
        self._purge_expired()

    def _trash_entries(self):
        """(entry folder, origin) of every deletion, newest first."""
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
        now = _now()
        for entry, origin in self._trash_entries():
            if self._expiry(origin) < now:
                shutil.rmtree(entry, ignore_errors=True)
                self._deletes += 1

    def list_deleted(self) -> list[dict]:
        self._purge_expired()
        out = []
        for entry, origin in self._trash_entries():
            for path, h in self._deleted_files(entry, origin):
                manifests = list_manifests(h)
                if manifests:
                    out.append(
                        {
                            "path": path,
                            "deleted": dt.datetime.fromisoformat(origin["deleted"]),
                            "expires": self._expiry(origin),
                            "checkpoints": [m.model() for m in manifests],
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
                    m = read_manifest(h / (checkpoint_id + SUFFIX))
                    if m is not None:
                        return m, h
        raise NotFound(f"no kept checkpoint {checkpoint_id!r} of a deleted file {path!r}")

    def adopt_deleted(self, history: Path, path: str) -> None:
        """Give a recovered file its old history back (when it has none of its own)."""
        path = P.normalize_path(path)
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

    # ------------------------------------------------------------------ maintenance
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
