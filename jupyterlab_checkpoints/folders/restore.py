"""Restoring a folder checkpoint: the whole folder, or making a new folder of it. Part of
`FolderCheckpoints` (a mixin).

Whole folder, under the folder's lock: a `before-restore` folder checkpoint of the current state first
(or the newest checkpoint when it holds that state already), then every recorded entry whose current
state differs is written back. Files created since stay (they are in the before-restore checkpoint)
and are listed; the caller may send them to the trash. A current file at a recorded path that the
before-restore checkpoint could not record (too large, ignored now, hidden rules changed) is first kept
as that file's own `before-restore` file checkpoint, so nothing is lost either way. Places that cannot
be written (a folder now where a file was, a parent that became a file or link) refuse the whole
restore before anything is written.

A client may save a file of the folder while the restore runs. Each file is written holding that
path's save/restore lock (contents/saving.py; `hold`, taken from this worker thread), and under it the
file is compared with what the before-restore checkpoint recorded: a save that landed since (or a file
that checkpoint left out) is first kept as the file's own `before-restore` checkpoint. A save then waits
for that one file, never for the whole restore.

New folder: the entries are written into a hidden temporary folder beside the target, which is then
renamed into place: the new folder appears complete or not at all. A recorded link stays there only
when it resolves inside the server's root from its new place, followed through the folder's other
links (a relative link harmless in its folder may lead out from another); the others are removed
before the rename and listed as `skipped`. No lock there: nothing can be saved into a folder that does
not exist yet, and the rename refuses a folder made meanwhile.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import shutil
import stat
from collections.abc import Callable

from ..store import paths as P
from ..store.errors import Conflict, InvalidInput, NoSpace, NotFound, StoreError
from ..store.manifest import Manifest
from ..store.snapshot import Planned
from . import index as I
from .disk_read import VANISHED, read_file, stat_key
from .disk_write import check_place, os_path_in, write_entry
from .scan import inside
from .store_fetch import files_bytes


class _Stopped(StoreError):
    pass


class _Changing(Exception):
    """A file to keep before it is replaced could not be read as one state."""


def _refused(err: Exception, message: str) -> StoreError:
    """A write the file system refused: 507 for a full disk, else 403 (permissions, read-only); 409 for
    a file busy too long (a save holding its lock, a file that never holds still): try again later."""
    e = _Stopped(message)
    if not isinstance(err, OSError):
        e.status = 409
    else:
        e.status = 507 if err.errno in (errno.ENOSPC, errno.EDQUOT) else 403
    return e


def _stopped(err: Exception, done: int, total: int, rel: str, kept: Manifest) -> StoreError:
    """A restore refused midway: say how far it got and where the state before is kept; the files
    already written stay restored."""
    why = err.strerror if isinstance(err, OSError) else str(err)
    return _refused(
        err,
        f"restored {done} of {total} files, then {rel} could not be written ({why}); "
        f"the folder's state before the restore is kept in folder checkpoint {kept.id}",
    )


Hold = Callable[[str], contextlib.AbstractContextManager]  # a contents path's save/restore lock


def _no_lock(_path: str) -> contextlib.AbstractContextManager:
    return contextlib.nullcontext()


class FolderRestore:
    """Restoring a folder checkpoint: the whole folder, one file of it, or a copy elsewhere."""

    def __init__(self, owner):
        self.owner = owner  # the FolderCheckpoints: paths, locks, records, retention

    def restore_folder(self, path, checkpoint_id, before_label: str = "", hold: Hold | None = None) -> dict:
        """Put the folder back to checkpoint `checkpoint_id`; returns `restored`, `kept`, `added`.
        `hold(contents path)`: the save/restore lock of one file, held while it is compared and written."""
        hold = hold or _no_lock
        path = self.owner.folder_path(path)
        P.validate_id(checkpoint_id)
        os_dir = self.owner.os_folder(path)
        history = self.owner.history(path)
        with self.owner.locked(history):
            target = self.owner.find(history, checkpoint_id)
            recorded = self.owner.entries(target)
            label = self.owner.store.clean_label(before_label[:200]) if before_label else ""
            try:
                kept, _cost = self.owner.snapshot(path, os_dir, history, "before-restore", label)
            except OSError as e:
                raise NoSpace(f"cannot keep the current state ({e.strerror}); nothing was restored") from e
            current = I.by_path(self.owner.entries(kept))
            todo = [e for e in recorded if not (e["path"] in current and I.same_state(current[e["path"]], e))]
            for e in todo:
                check_place(os_dir, e["path"])
            for n, (e, raw) in enumerate(files_bytes(self.owner.store.objects, todo)):
                try:
                    with hold(f"{path}/{e['path']}" if path else e["path"]):
                        self._keep_changed(path, os_dir, e["path"], current.get(e["path"]), label)
                        write_entry(os_dir, e["path"], e, raw)
                except (OSError, TimeoutError, _Changing) as err:  # TimeoutError: `hold` waited too long
                    raise _stopped(err, n, len(todo), e["path"], kept) from err
            names = {e["path"] for e in recorded}
            added = sorted(rel for rel in current if rel not in names)
            self.owner.enforce_retention(history, {target.id, kept.id})
        return {"restored": [e["path"] for e in todo], "kept": kept.id, "added": added}

    def _keep_changed(self, path: str, os_dir: str, rel: str, recorded: dict | None, label: str) -> None:
        """Keep the file standing where an entry goes back, as its own `before-restore` checkpoint, unless
        the before-restore folder checkpoint (`recorded`: its entry there) holds it: a file that
        checkpoint left out, or a save that landed since it was taken. Caller holds the path's lock."""
        os_path = os_path_in(os_dir, rel)
        try:
            st = os.lstat(os_path)
        except FileNotFoundError:
            return
        if not stat.S_ISREG(st.st_mode):
            return  # a link (its target is not touched) or a special file: replaced as a name only
        is_file = recorded is not None and recorded["type"] == "file"
        if is_file and recorded.get("stat") == stat_key(st):
            return  # unchanged since recorded (a stat that vouches: disk_read.py)
        raw, _st, _key, reason = read_file(os_path)
        if reason == VANISHED:
            return
        if reason is not None:
            raise _Changing(f"{rel} could not be read to keep it ({reason})")
        notebook = I.is_notebook_path(rel)
        if is_file and I.key(recorded) == I.key({"content": Planned(raw, notebook).content}):
            return
        full = f"{path}/{rel}" if path else rel
        self.owner.store.create(full, raw, kind="before-restore", label=label, notebook=notebook)

    def extract(self, path, checkpoint_id, target) -> tuple[str, list[dict]]:
        """Write checkpoint `checkpoint_id` of `path` as the new folder `target`; returns its path and
        the links left out (their target would be outside the server's root)."""
        path = self.owner.folder_path(path)
        P.validate_id(checkpoint_id)
        if not isinstance(target, str) or not target.strip("/"):
            raise InvalidInput("the 'target' folder is required")
        target = P.normalize_path(target)
        self.owner.os_folder(path)
        os_target = os.path.join(self.owner.server_root, *target.split("/"))
        parent = os.path.dirname(os_target)
        if not os.path.isdir(parent) or not inside(os.path.realpath(parent), self.owner.server_root):
            raise InvalidInput(f"the folder of {target} does not exist in the server's root")
        if inside(os.path.realpath(parent), str(self.owner.store.root)):
            raise InvalidInput(f"{target} is inside the checkpoint store")
        if os.path.lexists(os_target):
            raise Conflict(f"{target} already exists")
        history = self.owner.history(path)
        with self.owner.locked(history):
            m = self.owner.find(history, checkpoint_id)
            recorded = self.owner.entries(m)
            tmp = os.path.join(parent, f".~extract-{secrets.token_hex(6)}")
            try:
                os.mkdir(tmp)
                for e, raw in files_bytes(self.owner.store.objects, recorded):
                    write_entry(tmp, e["path"], e, raw)
                skipped = self._drop_links_leaving_root(tmp, [e["path"] for e in recorded if e["type"] == "link"])
                if os.path.lexists(os_target):
                    raise Conflict(f"{target} already exists")
                os.rename(tmp, os_target)
            except BaseException as err:
                shutil.rmtree(tmp, ignore_errors=True)
                if isinstance(err, OSError):
                    raise _refused(err, f"{target} could not be written ({err.strerror}); nothing was created") from err
                raise
        return target, skipped

    def _drop_links_leaving_root(self, tmp: str, links: list[str]) -> list[dict]:
        """Remove the links of the new folder (still under its temporary name, beside its final place, so
        at the same depth) that resolve outside the server's root, followed through the other links as
        the system will; again after each removal, as a link may lead out through a removed one."""
        skipped = []
        while True:
            leaving = [
                rel
                for rel in links
                if not inside(os.path.realpath(os.path.join(tmp, *rel.split("/"))), self.owner.server_root)
            ]
            if not leaving:
                return sorted(skipped, key=lambda s: s["path"])
            for rel in leaving:
                os.unlink(os.path.join(tmp, *rel.split("/")))
                links.remove(rel)
                skipped.append({"path": rel, "reason": "link-outside-root"})

    def file_entry(self, path, checkpoint_id, rel) -> tuple[dict, bytes | None]:
        """One recorded entry of a checkpoint, and a file's bytes."""
        if not isinstance(rel, str) or not rel.strip("/"):
            raise InvalidInput("the 'file' argument is required")
        rel = P.normalize_path(rel)
        path = self.owner.folder_path(path)
        P.validate_id(checkpoint_id)
        self.owner.os_folder(path)
        m = self.owner.find(self.owner.history(path), checkpoint_id)
        entry = I.by_path(self.owner.entries(m)).get(rel)
        if entry is None:
            raise NotFound(f"{rel} is not in this folder checkpoint")
        if entry["type"] != "file":
            return entry, None
        try:
            return entry, I.file_bytes(self.owner.store.objects, entry)
        except (OSError, ValueError, KeyError) as e:
            raise NotFound(f"the content of {rel} in this checkpoint is missing or damaged") from e
