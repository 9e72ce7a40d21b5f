"""The contents manager's checkpoint class, backed by the store: the stock endpoints keep many checkpoints.

A thin adapter: it reads and writes the document, turns store errors into HTTP errors, and keeps the one
checkpoint a stock server may have left in `.ipynb_checkpoints` (listed with id and kind `legacy`), so
installing the extension loses nothing: it is restorable, follows a renamed file and, when its file is
deleted, is imported into the store so it can be recovered like any other checkpoint.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path
from typing import ParamSpec, TypeVar

from jupyter_server.services.contents.checkpoints import AsyncCheckpoints
from tornado.web import HTTPError

from ..folders.moves import move_folder_history
from ..integrations.collaboration import live_document, room_io, to_bytes
from ..store import CheckpointStore, StoreError, StoreUnavailable
from ..store.manifest import damaged_model
from ..store.objects import found_damaged
from ..store.restore import RestoreResult
from ..store.retention import counted
from .documents import Documents, http_error, os_path_of
from .documents import norm as _norm
from .managed import file_based, store_place
from .saving import path_lock, saving, store_failed, watch_saves

Params = ParamSpec("Params")
T = TypeVar("T")

LEGACY_ID = "legacy"
LEGACY_FOLDER = ".ipynb_checkpoints"


class StoreCheckpoints(AsyncCheckpoints):
    """Many checkpoints per file, stored by `CheckpointStore` (configure it as `c.CheckpointStore`)."""

    _store: CheckpointStore | None = None

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        watch_saves(self.parent)  # the calls a save makes never fail it (saving.py)

    @property
    def root_dir(self) -> str | None:
        """The contents root on disk; None for managers that keep no files here (managed.py)."""
        return getattr(self.parent, "root_dir", None) if file_based(self.parent) else None

    def open_store(self) -> CheckpointStore:
        """The store; opened on first use. Raises StoreError (a store of an unknown format, a configured
        folder that cannot be written, a disk too full to start one), tried again at the next request.
        Where it lives, and the fallback when the root cannot be written: store/location.py; for
        managers without files on disk: managed.py. The server and `jupyter checkpoints` both
        open it here."""
        if self._store is None:
            options, elsewhere = ({}, None) if file_based(self.parent) else store_place(self, self.parent)
            try:
                store = CheckpointStore(
                    contents_root=self.root_dir or os.getcwd(), parent=self, log=self.log, **options
                )
            except OSError as e:
                raise StoreUnavailable(f"the checkpoint store cannot be opened: {e}") from e
            store.fallback = store.fallback or elsewhere  # logged at start-up, shown by the info endpoint
            self._store = store
        return self._store

    @property
    def store(self) -> CheckpointStore:
        """The store, for request handling: a store that cannot be opened answers with its message."""
        try:
            return self.open_store()
        except StoreError as e:
            raise http_error(e) from e

    async def call(self, fn: Callable[Params, T], *args: Params.args, **kwargs: Params.kwargs) -> T:
        """Run a blocking store method off the event loop; store errors become HTTP errors.
        The one way into the store for this class and the REST handlers."""
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except StoreError as e:
            raise http_error(e) from e

    def documents(self, contents_mgr) -> Documents:
        return Documents(contents_mgr, self.store)

    async def read_document(self, contents_mgr, path: str) -> tuple[bytes, bool]:
        return await self.documents(contents_mgr).read(path)

    async def write_document(self, contents_mgr, path: str, raw: bytes, is_notebook: bool) -> None:
        await self.documents(contents_mgr).write(path, raw, is_notebook)

    # ---------------------------------------------------------------- legacy single checkpoint
    def _legacy_path(self, path: str) -> Path | None:
        """Where the stock FileCheckpoints kept the checkpoint of `path` (normalised)."""
        if not self.root_dir:
            return None
        folder, name = os.path.split(path)
        stem, ext = os.path.splitext(name)
        return Path(self.root_dir, folder, LEGACY_FOLDER, f"{stem}-checkpoint{ext}")

    def _legacy_file(self, path: str) -> Path | None:
        f = self._legacy_path(path)
        return f if f is not None and f.is_file() else None

    def _legacy_model(self, f: Path) -> dict:
        st = f.stat()
        return {
            "id": LEGACY_ID,
            "last_modified": dt.datetime.fromtimestamp(st.st_mtime, dt.timezone.utc),
            "label": "",
            "kind": "legacy",
            "pinned": False,
            "size": st.st_size,
        }

    def _move_legacy(self, old_path: str, new_path: str) -> None:
        """A renamed file takes its legacy checkpoint along (a renamed folder carries its own)."""
        src, dst = self._legacy_file(old_path), self._legacy_path(new_path)
        if src is None or dst is None or dst.exists():
            return
        dst.parent.mkdir(parents=True, exist_ok=True)
        os.rename(src, dst)

    def _import_legacy(self, path: str) -> None:
        """Before a deleted file's history goes aside, make its legacy checkpoint part of it."""
        f = self._legacy_file(path)
        if f is None:
            return
        created = dt.datetime.fromtimestamp(f.stat().st_mtime, dt.timezone.utc)
        m = self.store.create(path, f.read_bytes(), kind="legacy", notebook=path.endswith(".ipynb"), created=created)
        # As the oldest, retention may have dropped it at once: then the legacy file stays where it was.
        if any(kept.id == m.id for kept in self.store.list(path)):
            f.unlink()

    # ---------------------------------------------------------------- the Checkpoints API
    async def create_checkpoint(self, contents_mgr, path, kind="save", label="", pinned=False):
        save = saving(_norm(path))
        if save is not None:  # the one a save makes when the file has none: never fails the save
            if save.failed:
                return None
            try:
                return await self._create_checkpoint(contents_mgr, path, kind, label, pinned)
            except (HTTPError, StoreError, OSError) as e:
                store_failed(save, self.log, e)
                return None
        return await self._create_checkpoint(contents_mgr, path, kind, label, pinned)

    async def _create_checkpoint(self, contents_mgr, path, kind, label, pinned):
        docs = self.documents(contents_mgr)
        path = _norm(path)
        # Under collaboration the room's shared document is what users see; its file may lag it.
        shared = await live_document(contents_mgr, path, path.endswith(".ipynb"), self.log)
        if shared is not None:
            await docs.check_path(path)
            is_nb = path.endswith(".ipynb")
            raw = to_bytes(shared.get(), is_nb)
        elif saving(path) is not None:  # the save's own first checkpoint: the save holds the lock
            raw, is_nb = await docs.read(path)
        else:  # a save writes the file in place: never read half of one (saving.py)
            async with path_lock(path):
                raw, is_nb = await docs.read(path)
        source = os_path_of(contents_mgr, path)
        m = await self.call(self.store.create, _norm(path), raw, kind, label, pinned, is_nb, source=source)
        return m.model()

    async def read_checkpoint(self, path: str, checkpoint_id: str) -> tuple[bytes, bool]:
        """The bytes a checkpoint holds, and whether it is a notebook."""
        path = _norm(path)
        if checkpoint_id == LEGACY_ID:
            f = self._legacy_file(path)
            if f is None:
                raise HTTPError(404, f"no checkpoint {checkpoint_id!r} for {path}")
            return await asyncio.to_thread(f.read_bytes), path.endswith(".ipynb")
        m = await self.call(self.store.get, path, checkpoint_id)
        raw = await self.call(self.store.read_bytes, m)
        return raw, self.store.is_notebook(m)

    async def restore(
        self,
        contents_mgr,
        path: str,
        checkpoint_id: str,
        before_label: str | None = None,
        rollback_label: str | None = None,
        target_raw: bytes | None = None,
        notebook: bool | None = None,
    ) -> RestoreResult:
        """The one restore: every endpoint uses it (see store/restore.py for what it keeps).
        `target_raw` (with `notebook`): content kept outside this file's history (a folder checkpoint's
        file), restored by the same rules; `checkpoint_id` is then ignored."""
        path = _norm(path)
        docs = self.documents(contents_mgr)
        await docs.check_writable(path)
        if target_raw is not None:
            is_nb = path.endswith(".ipynb") if notebook is None else notebook
        elif checkpoint_id == LEGACY_ID:
            target_raw, is_nb = await self.read_checkpoint(path, checkpoint_id)
        else:
            is_nb = self.store.is_notebook(await self.call(self.store.get, path, checkpoint_id))
        loop = asyncio.get_running_loop()
        shared = await live_document(contents_mgr, path, is_nb, self.log)
        # An open room is restored in its shared document, which every collaborator sees at once.
        read, write = room_io(shared, loop, is_nb) if shared is not None else docs.blocking_io(path, loop, is_nb)
        # No save of this path lands between reading the file and replacing it (saving.py).
        async with path_lock(path):
            result = await self.call(
                self.store.restore,
                path,
                checkpoint_id,
                read,
                write,
                notebook=is_nb,
                target_raw=target_raw,
                before_label=before_label,
                rollback_label=rollback_label,
            )
        # Jupytext hook: a restored file of a paired notebook (.ipynb + .py) rewrites the other file.
        if shared is None:
            from ..integrations.jupytext import sync_pair

            await sync_pair(contents_mgr, path, self.log)
        return result

    async def restore_checkpoint(self, contents_mgr, checkpoint_id, path):
        """The stock endpoint (JupyterLab's File > Revert): the same safe restore as the extension's."""
        result = await self.restore(contents_mgr, path, checkpoint_id)
        if result.warning:
            self.log.warning("jupyterlab_checkpoints: %s: %s", path, result.warning)

    async def rename_checkpoint(self, checkpoint_id, old_path, new_path):
        await self.call(self.store.moves.move_one, checkpoint_id, old_path, new_path)

    async def delete_checkpoint(self, checkpoint_id, path):
        path = _norm(path)
        if checkpoint_id == LEGACY_ID:
            f = self._legacy_file(path)
            if f is None:
                raise HTTPError(404, f"no checkpoint {checkpoint_id!r} for {path}")
            await asyncio.to_thread(f.unlink)
            return
        await self.call(self.store.delete, path, checkpoint_id)

    async def list_checkpoints(self, path):
        save = saving(_norm(path))
        if save is None:
            return await self._list_checkpoints(path)
        try:  # asked by a save: a store that cannot answer means no checkpoints, as on a stock server
            return await self._list_checkpoints(path)
        except (HTTPError, StoreError, OSError) as e:
            store_failed(save, self.log, e)
            return []

    async def _list_checkpoints(self, path):
        path = _norm(path)
        manifests = await self.call(self.store.list, path)
        taking = {m.id for m in counted(manifests, self.store.retention.free_of_slots(manifests))}
        # A rollback record of a state another entry keeps, and an older hour's, day's or week's last
        # state (store/tiers.py), take no slot: the panel's count says so.
        models = [m.model() if m.pinned or m.id in taking else {**m.model(), "counted": False} for m in manifests]
        for model in models:
            if found_damaged(model["id"]):  # a read found a piece of it damaged (store/objects.py)
                model["damaged"] = True
        # Records that no longer parse stay in the list, marked, so they can be seen and deleted.
        models.extend(damaged_model(i) for i in await self.call(self.store.maintenance.damaged_ids, path))
        legacy = self._legacy_file(path)
        if legacy is not None:
            models.append(self._legacy_model(legacy))
        # Oldest first: JupyterLab's revert and Notebook 7 take the last one as the newest.
        models.sort(key=lambda m: m["last_modified"])
        return models

    async def rename_all_checkpoints(self, old_path, new_path):
        old_path, new_path = _norm(old_path), _norm(new_path)
        await self.call(self.store.moves.rename_all, old_path, new_path)
        await self.call(move_folder_history, self.store, old_path, new_path)
        await asyncio.to_thread(self._move_legacy, old_path, new_path)

    async def delete_all_checkpoints(self, path):
        path = _norm(path)
        try:
            await asyncio.to_thread(self._import_legacy, path)
        except (OSError, StoreError) as e:  # the legacy file simply stays where it is
            self.log.warning("jupyterlab_checkpoints: could not keep the legacy checkpoint of %s: %s", path, e)
        await self.call(self.store.deleted.add, path)
