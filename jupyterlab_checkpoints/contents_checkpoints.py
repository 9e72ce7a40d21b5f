"""The contents manager's checkpoint class, backed by the store: the stock endpoints keep many checkpoints.

A thin adapter: it reads and writes the document, turns store errors into HTTP errors, and keeps the one
checkpoint a stock server may have left in `.ipynb_checkpoints` (listed with id and kind `legacy`), so
installing the extension loses nothing: it is restorable, follows a renamed file and, when its file is
deleted, is imported into the store so it can be recovered like any other checkpoint.
"""
from __future__ import annotations

import asyncio
import base64
import datetime as dt
import json
import os
import stat
from pathlib import Path

from jupyter_server.services.contents.checkpoints import AsyncCheckpoints
from jupyter_server.utils import ensure_async
from tornado.web import HTTPError

from .store import CheckpointStore, StoreError
from .store import paths as P
from .store.atomic import write_atomic

LEGACY_ID = "legacy"
LEGACY_FOLDER = ".ipynb_checkpoints"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# Mode of a document that did not exist (a recovered deleted file), as open() would have made it.
NEW_FILE_MODE = 0o666 & ~_umask()


def http_error(e: StoreError) -> HTTPError:
    return HTTPError(e.status, str(e))


def _norm(path: str) -> str:
    try:
        return P.normalize_path(path)
    except StoreError as e:
        raise http_error(e) from e


def replace_document(os_path: str, raw: bytes) -> None:
    """Atomically replace (or create) a user's document, keeping its permissions."""
    # Through a symlink to the file it names, as jupyter_server's own saves do: the link stays a link.
    target = Path(os.path.realpath(os_path))
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = NEW_FILE_MODE
    # Same-folder temporary file, so the replace is atomic on the user's file system; hidden and named
    # like jupyter_server's own atomic writes, should a crash leave it behind.
    write_atomic(target, raw, target.parent, True, mode=mode, prefix=f".~{target.name}.")


class StoreCheckpoints(AsyncCheckpoints):
    """Many checkpoints per file, stored by `CheckpointStore` (configure it as `c.CheckpointStore`)."""

    _store: CheckpointStore | None = None

    @property
    def root_dir(self) -> str | None:
        return getattr(self.parent, "root_dir", None)

    @property
    def store(self) -> CheckpointStore:
        """The store; opened on first use. Raises StoreError (e.g. a store of an unknown format)."""
        if self._store is None:
            self._store = CheckpointStore(contents_root=self.root_dir or os.getcwd(), parent=self, log=self.log)
        return self._store

    async def _run(self, method: str, *args, **kwargs):
        """Run a blocking store method off the event loop; store errors become HTTP errors."""
        try:
            return await asyncio.to_thread(getattr(self.store, method), *args, **kwargs)
        except StoreError as e:
            raise http_error(e) from e

    # ---------------------------------------------------------------- reading and writing the document
    @staticmethod
    def _os_path(contents_mgr, path: str) -> str | None:
        getter = getattr(contents_mgr, "_get_os_path", None)
        return getter(path) if getter else None

    @staticmethod
    async def _refuse_hidden(contents_mgr, path: str) -> None:
        """The contents manager's `allow_hidden = False` holds here too (its os paths skip the check)."""
        if not getattr(contents_mgr, "allow_hidden", True) and hasattr(contents_mgr, "is_hidden"):
            if await ensure_async(contents_mgr.is_hidden(path)):
                raise HTTPError(404, f"file {path} does not exist")

    async def read_document(self, contents_mgr, path: str) -> tuple[bytes, bool]:
        """The document's bytes as saved, and whether it is a notebook."""
        path = _norm(path)
        await self._refuse_hidden(contents_mgr, path)
        os_path = self._os_path(contents_mgr, path)
        if os_path is not None:
            # File-based manager: the raw bytes, no parsing, no validation (see store/snapshot.py).
            if os.path.isdir(os_path):
                raise HTTPError(400, f"{path} is a directory; checkpoints are kept for files")
            try:
                if self.store.contains(os_path):
                    raise HTTPError(400, f"{path} is inside the checkpoint store")
            except StoreError as e:
                raise http_error(e) from e
            try:
                raw = await asyncio.to_thread(Path(os_path).read_bytes)
            except FileNotFoundError as e:
                raise HTTPError(404, f"file {path} does not exist") from e
            return raw, path.endswith(".ipynb")
        model = await contents_mgr.get(path, content=True)
        if model["type"] == "notebook":
            return json.dumps(model["content"]).encode(), True
        if model["type"] != "file":
            raise HTTPError(400, f"{path} is a directory; checkpoints are kept for files")
        if model["format"] == "base64":
            return base64.b64decode(model["content"]), False
        return model["content"].encode("utf-8"), False

    async def write_document(self, contents_mgr, path: str, raw: bytes, is_notebook: bool) -> None:
        await self._refuse_hidden(contents_mgr, path)
        os_path = self._os_path(contents_mgr, path)
        if os_path is not None:
            if self.store.contains(os_path):
                raise HTTPError(400, f"{path} is inside the checkpoint store")
            await asyncio.to_thread(replace_document, os_path, raw)
            return
        if is_notebook:
            model = {"type": "notebook", "content": json.loads(raw)}
        else:
            model = {"type": "file", "format": "base64", "content": base64.b64encode(raw).decode()}
        await contents_mgr.save(model, path)

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
        raw, is_nb = await self.read_document(contents_mgr, path)
        source = self._os_path(contents_mgr, _norm(path))
        m = await self._run("create", path, raw, kind, label, pinned, is_nb, source=source)
        return m.model()

    async def read_checkpoint(self, path: str, checkpoint_id: str) -> tuple[bytes, bool]:
        """The bytes a checkpoint holds, and whether it is a notebook."""
        path = _norm(path)
        if checkpoint_id == LEGACY_ID:
            f = self._legacy_file(path)
            if f is None:
                raise HTTPError(404, f"no checkpoint {checkpoint_id!r} for {path}")
            return await asyncio.to_thread(f.read_bytes), path.endswith(".ipynb")
        m = await self._run("get", path, checkpoint_id)
        raw = await self._run("read_bytes", m)
        return raw, self.store.is_notebook(m)

    async def restore_checkpoint(self, contents_mgr, checkpoint_id, path):
        raw, is_nb = await self.read_checkpoint(path, checkpoint_id)
        await self.write_document(contents_mgr, _norm(path), raw, is_nb)

    async def rename_checkpoint(self, checkpoint_id, old_path, new_path):
        await self._run("move_one", checkpoint_id, old_path, new_path)

    async def delete_checkpoint(self, checkpoint_id, path):
        path = _norm(path)
        if checkpoint_id == LEGACY_ID:
            f = self._legacy_file(path)
            if f is None:
                raise HTTPError(404, f"no checkpoint {checkpoint_id!r} for {path}")
            await asyncio.to_thread(f.unlink)
            return
        await self._run("delete", path, checkpoint_id)

    async def list_checkpoints(self, path):
        path = _norm(path)
        manifests = await self._run("list", path)
        models = [m.model() for m in manifests]
        legacy = self._legacy_file(path)
        if legacy is not None:
            models.append(self._legacy_model(legacy))
        # Oldest first: JupyterLab's revert and Notebook 7 take the last one as the newest.
        models.sort(key=lambda m: m["last_modified"])
        return models

    async def rename_all_checkpoints(self, old_path, new_path):
        old_path, new_path = _norm(old_path), _norm(new_path)
        await self._run("rename_all", old_path, new_path)
        await asyncio.to_thread(self._move_legacy, old_path, new_path)

    async def delete_all_checkpoints(self, path):
        path = _norm(path)
        try:
            await asyncio.to_thread(self._import_legacy, path)
        except (OSError, StoreError) as e:  # the legacy file simply stays where it is
            self.log.warning("jupyterlab_checkpoints: could not keep the legacy checkpoint of %s: %s", path, e)
        await self._run("delete_all", path)
