"""A restore that never loses a checkpoint or the state it replaces, whoever asks for it.

Under the file's history lock: read the target first (so nothing can drop it meanwhile), keep the
current content (reusing an entry that already holds it, else a new `before-restore` entry), write the
document, record a `rollback` entry holding the restored content, then apply retention with the target
and the new entries protected. A rollback entry takes no retention slot while another entry holds the
same content (retention.py), so a restore pushes out at most one older state. `store.restoring`
(core.py), which `store.restore` runs.

A file on disk is not read whole when it holds its last stored or restored content (recent.py): it is
compared with it block by block, while the target is written beside it (`_stage_early`); the target
replaces the document only once the current content is kept. docs/benchmarks.md has the figures.

A save landing after the read and before the target is in place (another process's: in the server,
saves and restores of one path take one lock, contents/saving.py) is not lost: the writer is told what was
read (`file_state`), swaps the files in one step, and hands back what it replaced when that was
something else (replacing.py); it is kept as one more `before-restore` entry (`_keep_landed`).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from . import paths as P
from .core import StoreCore
from .errors import NoSpace, NotFound, StoreError
from .maintenance import Maintenance
from .manifest import Manifest
from .objects import naming
from .recent import RECENT
from .retention import content_key, key_of
from .snapshot import Joined, Planned, content_pieces, recent_key


@dataclass
class RestoreResult:
    """What a restore did. `kept` holds the replaced state (new or reused; None when there was no file)."""

    restored: Manifest | None
    kept: Manifest | None
    rollback: Manifest | None
    warning: str = ""


def default_title(m: Manifest | None) -> str:
    if m is None:
        return "the legacy checkpoint"
    if m.label:
        return m.label
    when = dt.datetime.fromisoformat(m.created).strftime("%Y-%m-%d %H:%M UTC")
    return f"the {m.kind} checkpoint of {when}"


def file_state(st: os.stat_result) -> tuple:
    """What tells one state of a file from another: a save replaces the file (a new inode) or rewrites
    it (a new modification time). (Not the change time: swapping the file in changes it.)"""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def read_current_content(read_current: Callable, key: tuple) -> tuple[bytes | Joined | None, list | None, tuple | None]:
    """The document's content before a restore: (its bytes, or None when there is no file; the pieces
    when known; and the file's `file_state`, () when there was none, None when unknown). When the reader
    can open the file (`read_current.open`, a file on disk) and the file
    holds the content last stored or restored (recent.py), the file is compared block by block and its
    content is that content's pieces, already hashed: no 50 MB copy, no cutting, no sha256. Otherwise
    the whole file is read from the same open file."""
    opener = getattr(read_current, "open", None)
    if opener is None:
        return read_current(), None, None
    try:
        f = opener()
    except FileNotFoundError:
        return None, None, ()
    with f:
        seen = file_state(os.fstat(f.fileno()))
        known = RECENT.same_file(key, f)
        if known is not None:
            return Joined(known), known, seen
        f.seek(0)
        return f.read(), None, seen


# Writes the target while the current file is compared (SafeRestore._stage_early).
_STAGING = ThreadPoolExecutor(max_workers=4, thread_name_prefix="restore-stage")


class _Staging:
    """A target being written by `write.stage` in the background."""

    def __init__(self, stage: Callable, raw: Joined):
        self._future = _STAGING.submit(stage, raw)

    def commit(self, seen: tuple | None):
        # A failed write raises here, before anything was replaced.
        staged = self._future.result()
        if seen is None:
            staged.commit()
            return None
        return staged.commit(seen)

    def discard(self) -> None:
        try:
            staged = self._future.result()
        except BaseException:
            return  # a stage that fails leaves nothing behind
        staged.discard()


class SafeRestore:
    """Uses the store's storage and pieces, history names, locks, records (`find`, `write`, `remove`,
    `new_manifest`), labels and retention; a collection may follow (`maintenance`)."""

    def __init__(self, store: StoreCore, maintenance: Maintenance):
        self.store = store
        self.maintenance = maintenance

    def _label(self, label: str) -> str:
        return self.store.clean_label(label[: self.store.max_label_length])

    def restore(
        self,
        path: str,
        checkpoint_id: str,
        read_current: Callable[[], bytes | None],
        write: Callable[[bytes | Joined], None],
        *,
        notebook: bool | None = None,
        target_raw: bytes | None = None,
        before_label: str | None = None,
        rollback_label: str | None = None,
    ) -> RestoreResult:
        """Restore `path` to checkpoint `checkpoint_id` (or to `target_raw`, a checkpoint kept outside
        the store). `read_current` gives the document's bytes (None: no file), `write` replaces them
        (given bytes; or, when `write.pieces` is true, possibly the checkpoint's pieces, which `bytes()`
        joins); both run under the history lock. When `write` raises, the store is as it was.
        `write.stage`, when there is one, writes the target without putting it in place yet (it returns
        an object with `commit()` and `discard()`: see `_stage_early`). `write.release`, when there is
        one, is called once the restore is over (written, recorded): the writer may leave work that need
        not delay the answer until then (replacing.py).
        `read_current.open`, when there is one, opens the file: see `read_current_content`."""
        path = P.normalize_path(path)
        history = self.store.history_of(path)
        try:
            self.store.storage.prepare(history)
        except OSError as e:
            raise NoSpace(f"cannot write the checkpoint store: {e.strerror}; nothing was restored") from e
        nb = path.endswith(".ipynb") if notebook is None else notebook
        labels = (before_label, rollback_label)
        try:
            # A damaged piece of the target refuses before anything is written (objects.py).
            with self.store.locks(history), naming(checkpoint_id):
                result = self._restore_locked(history, path, checkpoint_id, read_current, write, nb, target_raw, labels)
        finally:
            release = getattr(write, "release", None)
            if release is not None:
                release()
        self.maintenance.maybe_collect()
        return result

    def _restore_locked(self, history, path, checkpoint_id, read_current, write, nb, target_raw, labels):
        store, storage, objects = self.store, self.store.storage, self.store.objects
        before_label, rollback_label = labels
        target = None if target_raw is not None else store.find(history, checkpoint_id)
        digests = None if target is None else self._digests(target)
        title = default_title(target)
        key = recent_key(objects, path, nb)
        before = staged = None
        try:
            with storage.pieces_guard():
                target_content = target.content if target else Planned(target_raw, nb).content
                staged, pieces = self._stage_early(write, target, digests, key)
                current, known, seen = read_current_content(read_current, key)
                planned = current_key = kept = None
                if current is not None:
                    planned = Planned(current, nb, key, pieces=known)
                    current_key = key_of(planned.content)
                if digests is not None and pieces is None:
                    pieces = self._target_pieces(target, digests, planned.pieces if planned else ())
                raw = target_raw if pieces is None else Joined(pieces)
                if current is not None:
                    kept = next((m for m in reversed(storage.list(history)) if content_key(m) == current_key), None)
                    if kept is None:
                        label = self._label(before_label or f"Before restoring {title}")
                        manifest = store.new_manifest(path, current, planned.content, "before-restore", label)
                        try:
                            planned.write(objects)
                            store.write(history, manifest)
                        except (OSError, StoreError) as e:
                            raise NoSpace(
                                f"cannot keep the current content before restoring ({e}); nothing was restored"
                            ) from e
                        kept = before = manifest
            # Only now, with the state it replaces kept, does the document change.
            # A writer that hands back a save made meanwhile is told what was read (module docstring).
            seen = seen if getattr(write, "keeps_landed", False) else None
            landed = None
            if staged is not None:
                landed = staged.commit(seen)
            else:
                # A writer that takes pieces (`write.pieces`, see Joined) writes them without a joined copy.
                data = raw if target_raw is not None or getattr(write, "pieces", False) else bytes(raw)
                if seen is None:
                    write(data)
                else:
                    landed = write(data, seen)
        except BaseException:
            if staged is not None:
                staged.discard()
            if before is not None:  # the document is unchanged: its copy would only take a slot
                storage.remove(history, before.id)
            raise
        # The file's next checkpoint compares with what it holds now (recent.py).
        RECENT.remember(key, [(d, memoryview(b)) for d, b in pieces]) if pieces else RECENT.forget(key)
        result = RestoreResult(target, kept, None)
        extra = self._keep_landed(history, path, landed, nb, title, before_label, result) if landed else None
        if current_key != key_of(target_content):
            try:
                if target is None:  # a legacy file: its content enters the store with the record
                    Planned(raw, nb).write(objects)
                result.rollback = self._record_rollback(
                    history, path, raw, target_content, target, self._label(rollback_label or f"Restored {title}")
                )
            except (OSError, StoreError) as e:
                result.warning = f"restored; could not record the rollback entry: {e}"
        protected = {m.id for m in (target, before, extra, result.rollback) if m is not None}
        try:
            store.enforce_retention(history, protected)
        except OSError as e:  # the next write applies it
            result.warning = result.warning or f"restored; could not apply retention: {e}"
        return result

    def _keep_landed(self, history, path, landed, nb, title, before_label, result) -> Manifest | None:
        """Keep what a save wrote during the restore (`landed`, replacing.Landed), unless an entry holds it."""
        store = self.store
        try:
            planned = Planned(landed.data, nb)
            held = key_of(planned.content)
            if any(content_key(m) == held for m in store.storage.list(history)):
                landed.discard()
                return None
            label = self._label(before_label or f"Before restoring {title}")
            manifest = store.new_manifest(path, landed.data, planned.content, "before-restore", label)
            with store.storage.pieces_guard():
                planned.write(store.objects)
                store.write(history, manifest)
        except (OSError, StoreError) as e:
            result.warning = (
                f"restored; a save made meanwhile could not be kept as a checkpoint ({e}): it is in {landed.path}"
            )
            return None
        landed.discard()
        return manifest

    def _stage_early(self, write, target, digests, key) -> tuple[_Staging | None, list | None]:
        """When the writer can stage (`write.stage`: write to a temporary file, put it in place later)
        and the file's last content is known (recent.py), the target is assembled from that content's
        pieces and the store, and written in the background while the current file is compared: the
        two take about the same time, and only the commit waits for the comparison. (None, None)
        otherwise: the target is then assembled with the help of the bytes just read."""
        stage = getattr(write, "stage", None)
        last = RECENT.last(key) if stage is not None and digests is not None else None
        if last is None:
            return None, None
        pieces = self._target_pieces(target, digests, last)
        return _Staging(stage, Joined(pieces)), pieces

    def _digests(self, manifest: Manifest) -> list[str]:
        try:
            return content_pieces(self.store.objects, manifest.content)
        except (ValueError, KeyError, TypeError, FileNotFoundError) as e:
            raise NotFound(f"the content of checkpoint {manifest.id!r} is missing or damaged") from e

    def _target_pieces(self, target: Manifest, digests: list[str], held) -> list:
        """The checkpoint's (digest, bytes) pieces. Those in `held` (the pieces of the document's current
        or last content: a restore to a state one cell away) are not read from the store again."""
        have = dict(held)
        try:
            missing = [d for d in dict.fromkeys(digests) if d not in have]
            have.update(zip(missing, self.store.objects.get_many(missing), strict=True))
            return [(d, have[d]) for d in digests]
        except (ValueError, FileNotFoundError) as e:
            raise NotFound(f"the content of checkpoint {target.id!r} is missing or damaged") from e

    def _record_rollback(self, history, path, raw, content, target, label) -> Manifest:
        # One rollback record per restored state: an older unpinned one of the same content goes.
        store = self.store
        key = key_of(content)
        for m in store.storage.list(history):
            if (
                m.kind == "rollback"
                and not m.pinned
                and content_key(m) == key
                and (target is None or m.id != target.id)
            ):
                store.remove(history, m)
        rollback = store.new_manifest(path, raw, content, "rollback", label)
        if target is not None:
            rollback.extra["restored_from"] = target.id
        store.write(history, rollback)
        return rollback
