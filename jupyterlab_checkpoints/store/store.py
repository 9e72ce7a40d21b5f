"""The checkpoint store: many checkpoints per file, deduplicated, crash-safe, shared by processes.

Written once, over the storage contract (storage/base.py): a folder on this disk (storage/local/,
whose docstring has the layout and the locks) or `url = "s3://..."` (storage/s3/). Every change to
one file's history happens under `storage.locks(history)`: read, decide, write. A create writes its
pieces first and its record last, inside `storage.pieces_guard()`, so a collection never deletes a
piece a record being written refers to; after `gc_after_deletes` removals a background thread
collects the pieces no record refers to (`storage.whole.collect`, maintenance.py).

The store composes its parts, each a small object holding the store's core (core.py: the methods under
"the core the parts use" below) and made when the store is: `retention` (tiers.py: what retention.py
and the tiers drop, applied by `enforce_retention` and the pin checks), `maintenance` (collection,
damaged records, figures), `cleanup` (the clean-up users ask for), `deleted` (deleted files' histories,
trash.py), `moves` (histories following renamed files) and `restoring` (the safe restore that `restore`
runs). Its options: settings.py; object storage: remote.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from . import paths as P
from .atomic import write_atomic
from .author import AUTHOR
from .cleanup import Cleanup
from .errors import Conflict, InvalidInput, NoSpace, NotFound, UnsupportedFormat
from .kinds import KINDS, coalesce
from .location import ensure_gitignore, pick_root
from .maintenance import Maintenance
from .manifest import FORMAT_VERSION, Manifest, new_id
from .moves import HistoryMoves
from .objects import naming
from .remote import local_folder, open_remote
from .restore import RestoreResult, SafeRestore
from .retention import content_key, key_of
from .settings import StoreSettings
from .snapshot import is_notebook_content, load_bytes, store_content
from .storage.local import LocalStorage
from .tiers import Retention
from .trash import DeletedFiles

_NO_SPACE = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES}


class CheckpointStore(StoreSettings):  # its options: settings.py
    """Stores and retains the checkpoints of every file under one contents root."""

    def __init__(self, contents_root: str, clock: Callable[[], float] = time.time, **kwargs):
        super().__init__(**kwargs)
        self._scratch: Path | None = None  # object storage: the local folder kernel variables use (remote.py)
        self.clock = clock  # seconds since the epoch: new entries, tiers, deletions; tests pass their own
        self.contents_root = os.path.abspath(contents_root)
        self.fallback: str | None = None  # why the store is not where it should be (location.py)
        # Its parts (core.py); they reach the storage through the store, so they exist before it opens.
        self.retention = Retention(self)
        self.maintenance = Maintenance(self)
        self.cleanup = Cleanup(self)
        self.deleted = DeletedFiles(self, self.maintenance)
        self.moves = HistoryMoves(self)
        self.restoring = SafeRestore(self, self.maintenance)
        self._open()

    # ------------------------------------------------------------------ set-up
    def _place(self, storage) -> None:
        """Everything below goes through `storage` (storage/base.py); `root` and `tmp` are a local
        folder on both backends (kernel variables are prepared there), `objects` its pieces."""
        self.storage = storage
        self.objects, self.usage = storage.objects, storage.usage

    @staticmethod
    def _format(root: Path):
        try:
            found = orjson.loads((root / "format.json").read_bytes()).get("format")
        except (OSError, orjson.JSONDecodeError, AttributeError):
            found = None  # new store (or a crash while creating it): (re)write the marker
        if found is not None and found != FORMAT_VERSION:
            # Never touch a store a newer version wrote: refuse clearly, keep its data intact.
            raise UnsupportedFormat(
                f"the checkpoint store {root} has format version {found!r}; this version of "
                f"jupyterlab_checkpoints reads version {FORMAT_VERSION}. Upgrade the package or set "
                "c.CheckpointStore.root_dir to another folder."
            )
        return found

    def _open(self) -> None:
        if self.url.startswith("s3://"):
            storage, self._scratch = open_remote(self.url, self.storage_options, self.lock_seconds, self.log)
            self._place(storage)
            self.root, self.tmp = self._scratch, self._scratch / "tmp"
            storage.refs_of = self.maintenance.refs_of  # its figures count what each record refers to
            return
        root_dir = self.root_dir or local_folder(self.url)
        root, self.fallback = pick_root(self.contents_root, root_dir, self.fallback_dir, self._format)
        found = self._format(root)
        # Folders only once the format is known to be ours: a newer store is left exactly as it was.
        self._place(LocalStorage(root, self.fsync))
        self.root, self.tmp = root, self.storage.tmp
        if found is None:
            write_atomic(self.root / "format.json", orjson.dumps({"format": FORMAT_VERSION}), self.tmp, self.fsync)
        ensure_gitignore(self.root, self.tmp)
        self.deleted.purge_expired()

    def close(self) -> None:
        """Tell other processes this one no longer uses the store (done at exit too)."""
        self.storage.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)

    def contains(self, os_path: str) -> bool:
        """Whether `os_path` is inside the store (its own files never get checkpoints)."""
        try:
            return Path(os_path).resolve().is_relative_to(self.root)
        except OSError:
            return False

    # ------------------------------------------------------------------ the core the parts use (core.py)
    def history_of(self, path: str, is_dir: bool = False):
        return self.storage.history(path, is_dir)

    def locks(self, history):
        stack = contextlib.ExitStack()
        stack.enter_context(self.storage.locks(history))
        # What changed under these locks is counted before they go, so a recount never sees half of it.
        stack.callback(self.usage.flush)
        return stack

    # Bidi controls (LRE..RLO, LRI..PDI, LRM/RLM, ALM) would make a label read as something else.
    BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C])

    def clean_label(self, label) -> str:
        if not isinstance(label, str):
            raise InvalidInput("label must be a string")
        label = label.translate(self.BIDI_CONTROLS).strip()
        if len(label) > self.max_label_length:
            raise InvalidInput(f"label is longer than {self.max_label_length} characters")
        if any(ord(c) < 32 or ord(c) == 127 for c in label):
            raise InvalidInput("label must not contain control characters")
        return label

    def find(self, history: Path, checkpoint_id: str) -> Manifest:
        m = self.storage.read(history, P.validate_id(checkpoint_id))
        if m is None:
            raise self.maintenance.missing(history, checkpoint_id)  # not there, or its record is damaged
        return m

    def write(self, history: Path, manifest: Manifest) -> None:
        self.usage.touch(history)
        try:
            self.storage.write(history, manifest)
        except OSError as e:
            if e.errno in _NO_SPACE:
                raise NoSpace(f"cannot write the checkpoint store: {e.strerror}") from e
            raise

    def remove(self, history: Path, manifest: Manifest) -> None:
        self.usage.touch(history)
        if self.storage.remove(history, manifest.id):
            self.maintenance.count_removed()

    def utcnow(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.clock(), dt.timezone.utc)

    def enforce_retention(self, history: Path, protected=()) -> list[Manifest]:
        """Drop what retention says is over the limit (tiers.py). Pinned and `protected` ids are never dropped."""
        dropped = self.retention.over_limit(self.storage.list(history), protected)
        for m in dropped:
            self.remove(history, m)
        return dropped

    def _pinned_count(self, history: Path, excluding: str | None = None) -> int:
        return sum(1 for m in self.storage.list(history) if m.pinned and m.id != excluding)

    def _pin_refusal(self) -> Conflict:
        return Conflict(
            f"this file already has {self.max_pinned} pinned checkpoints, the most allowed; unpin or delete one first"
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
        """A checkpoint of `path` holding `raw`: a new one, or the newest when it holds `raw` already.

        JupyterLab creates a checkpoint after every save, changed or not, so "the same content as the newest"
        is common: it takes no new slot. The newest entry is returned, its kind coalesced (kinds.py: upgraded
        by rank, or an event entry marked `kept`), labelled when it had none or its kind changed, pinned when
        asked; `extra["unchanged"]` tells the caller.

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
        history = self.history_of(path)
        if notebook is None:
            notebook = path.endswith(".ipynb")
        try:
            self.storage.prepare(history)
            with self.locks(history):
                if source is not None and not os.path.isfile(source):
                    raise NotFound(f"file {path} does not exist (renamed or deleted meanwhile)")
                # Objects first, manifest last; gc.lock (shared) keeps a sweep out until it is written.
                with self.storage.pieces_guard():
                    content, written = store_content(self.objects, raw, notebook, path)
                    existing = self.storage.list(history)
                    newest = existing[-1] if existing else None
                    if created is None and newest is not None and content_key(newest) == key_of(content):
                        manifest = self._upgrade(history, newest, kind, label, pinned)
                    else:
                        if pinned and self._pinned_count(history) >= self.max_pinned:
                            raise self._pin_refusal()
                        manifest = self.new_manifest(path, raw, content, kind, label, pinned, created)
                        self.write(history, manifest)
                        manifest.extra["written"] = written  # the answer's, not the record's (bytes this create stored)
                self.enforce_retention(history, protected={manifest.id})
        except OSError as e:
            if e.errno in _NO_SPACE:
                raise NoSpace(f"cannot write the checkpoint store: {e.strerror}") from e
            raise
        self.maintenance.maybe_collect()
        return manifest

    def new_manifest(self, path, raw, content, kind, label="", pinned=False, created=None) -> Manifest:
        now = created or self.utcnow()
        author = AUTHOR.get()
        return Manifest(
            id=new_id(now),
            path=path,
            created=now.isoformat(),
            kind=kind,
            size=len(raw),
            content=content,
            label=label,
            pinned=pinned,
            # In `extra`, which every format-1 reader accepts: older versions still list these.
            extra={"author": author} if author else {},
        )

    def _upgrade(self, history: Path, m: Manifest, kind: str, label: str, pinned: bool) -> Manifest:
        """The newest entry `m` stands for a create of the same content (see `create`)."""
        changed = False
        new_kind, kept = coalesce(m.kind, kind)
        upgraded = new_kind != m.kind
        if upgraded:
            m.kind, changed = new_kind, True
        if kept and not m.extra.get("kept"):
            m.extra["kept"], changed = True, True
        if label and label != m.label and (upgraded or kept or not m.label):
            m.label, changed = label, True
        if AUTHOR.get() and not m.extra.get("author"):  # e.g. a Ctrl+K making a save entry its own
            m.extra["author"], changed = AUTHOR.get(), True
        if pinned and not m.pinned:
            if self._pinned_count(history) >= self.max_pinned:
                raise self._pin_refusal()
            m.pinned, changed = True, True
        if changed:
            m.extra.pop("unchanged", None)
            self.write(history, m)
        m.extra["unchanged"] = True
        return m

    def list(self, path: str) -> list[Manifest]:
        return self.listed(self.storage.list(self.history_of(P.normalize_path(path))))

    def listed(self, manifests: list[Manifest]) -> list[Manifest]:
        """One history's records as the store lists them."""
        # A crash between writing a manifest and enforcing retention (or a lowered limit) can leave
        # more than `max_unpinned` on disk; they are already dropped as far as anyone can see, and
        # go from disk at the file's next write.
        dropped = {m.id for m in self.retention.over_limit(manifests)}
        return [m for m in manifests if m.id not in dropped] if dropped else manifests

    def get(self, path: str, checkpoint_id: str) -> Manifest:
        return self.find(self.history_of(P.normalize_path(path)), checkpoint_id)

    def read_bytes(self, manifest: Manifest) -> bytes:
        try:
            with naming(manifest.id):  # a damaged piece refuses, naming the checkpoint (objects.py)
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
        history = self.history_of(path)
        if not self.storage.exists(history):
            raise NotFound(f"no checkpoints for {path!r}")
        with self.locks(history):
            m = self.find(history, checkpoint_id)
            if pinned and not m.pinned and self._pinned_count(history, m.id) >= self.max_pinned:
                raise self._pin_refusal()
            if label is not None:
                m.label = label
            if pinned is not None:
                m.pinned = pinned
            self.write(history, m)
            if pinned is False:
                self.enforce_retention(history)
                if self.storage.read(history, m.id) is None:
                    m.extra["dropped"] = True
        self.maintenance.maybe_collect()
        return m

    def amend(self, path: str, checkpoint_id: str, change: Callable[[Manifest], None], first=None) -> Manifest:
        """Apply `change` to checkpoint `checkpoint_id`'s record and write it, under the history's lock
        and the pieces guard (so the pieces it comes to name cannot be collected meanwhile); `first()`
        runs before, under both (attachments.py: what it names must be there). NotFound when gone."""
        history = self.history_of(P.normalize_path(path))
        with self.locks(history), self.storage.pieces_guard():
            if first is not None:
                first()
            m = self.find(history, checkpoint_id)
            change(m)
            self.write(history, m)
        return m

    def delete(self, path: str, checkpoint_id: str) -> None:
        path = P.normalize_path(path)
        history = self.history_of(path)
        if not self.storage.exists(history):
            raise NotFound(f"no checkpoints for {path!r}")
        with self.locks(history):
            if not self.maintenance.remove_damaged(history, checkpoint_id):  # a record that no longer parses goes too
                self.remove(history, self.find(history, checkpoint_id))
        self.maintenance.maybe_collect()

    def restore(self, path: str, checkpoint_id: str, read_current, write, **options) -> RestoreResult:
        """Restore `path` to checkpoint `checkpoint_id`, never losing a state: the `restoring` part
        (restore.py, `SafeRestore.restore`, which says what the arguments are)."""
        return self.restoring.restore(path, checkpoint_id, read_current, write, **options)
