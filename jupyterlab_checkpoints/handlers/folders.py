"""REST routes of folder checkpoints (folders/), under `jupyterlab-checkpoints/folders/`.

Authenticated and authorized as the `contents` resource like every route of the package. `path` is the
folder relative to the server root ("" for the root). Errors are JSON `{"message"}` with a 4xx status,
and a refused request changes nothing.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as dt
import functools
import mimetypes
import os
from urllib.parse import quote

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async, url_path_join
from tornado import web

from ..contents.documents import http_error, os_path_of
from ..contents.saving import path_lock_from_thread
from ..folders import FolderCheckpoints
from ..folders.archive import ZipStream
from ..folders.checkpoints import CREATABLE, model
from ..store import StoreError
from .base import NAMESPACE, BaseHandler


class FolderBase(BaseHandler):
    @property
    def folders(self) -> FolderCheckpoints:
        cp = self.checkpoints
        found = getattr(cp, "_folder_checkpoints", None)
        if found is None:
            root = os_path_of(self.contents_manager, "")
            if root is None:
                raise web.HTTPError(501, "folder checkpoints need a contents manager that keeps files on disk")
            found = FolderCheckpoints(store=cp.store, contents_root=root, parent=cp, log=cp.log)
            cp._folder_checkpoints = found
        return found

    def folder(self) -> str:
        raw = self.get_query_argument("path", None)
        if raw is None:
            raise web.HTTPError(400, "the 'path' query argument is required")
        try:
            path = FolderCheckpoints.folder_path(raw)
        except StoreError as e:
            raise http_error(e) from e
        cm = self.contents_manager
        # The manager's `allow_hidden = False` holds here too.
        if path and not getattr(cm, "allow_hidden", True) and any(p.startswith(".") for p in path.split("/")):
            raise web.HTTPError(404, f"no folder {path!r}")
        return path

    async def run(self, fn, *args):
        return await self.checkpoints.call(fn, *args)

    def full(self, folder: str, rel: str) -> str:
        return f"{folder}/{rel}" if folder else rel


class FolderCheckpointsHandler(FolderBase):
    @web.authenticated
    @authorized
    async def get(self):
        manifests = await self.run(self.folders.list, self.folder())
        self.send({"checkpoints": [model(m) for m in manifests]})

    @web.authenticated
    @authorized
    async def post(self):
        path = self.folder()
        body = self.body()
        if set(body) - {"label", "pinned", "kind"}:
            raise web.HTTPError(400, "the body may set 'label', 'pinned' and 'kind', nothing else")
        kind = body.get("kind", "manual")
        if kind not in CREATABLE:
            raise web.HTTPError(400, f"kind must be one of {', '.join(CREATABLE)}")
        m, cost = await self.run(self.folders.create, path, kind, body.get("label", ""), body.get("pinned", False))
        base = url_path_join(self.base_url, NAMESPACE, "folders", "checkpoints", m.id)
        self.set_header("Location", base + "?path=" + quote(path, safe="/"))
        # 200 with `unchanged` when the newest checkpoint already held this state, as for files.
        self.send({**model(m), "cost": cost}, 200 if m.extra.get("unchanged") else 201)


class FolderCheckpointHandler(FolderBase):
    @web.authenticated
    @authorized
    async def get(self, checkpoint_id):
        m, entries = await self.run(self.folders.detail, self.folder(), checkpoint_id)
        self.send({**model(m), "entries": entries})

    @web.authenticated
    @authorized
    async def patch(self, checkpoint_id):
        path = self.folder()
        body = self.body()
        if not body or set(body) - {"label", "pinned"} or any(v is None for v in body.values()):
            raise web.HTTPError(400, "the body may set 'label' (string) and 'pinned' (boolean), nothing else")
        m = await self.run(self.folders.update, path, checkpoint_id, body.get("label"), body.get("pinned"))
        self.send(model(m))

    @web.authenticated
    @authorized
    async def delete(self, checkpoint_id):
        await self.run(self.folders.delete, self.folder(), checkpoint_id)
        self.set_status(204)
        self.finish()


class FolderFileHandler(FolderBase):
    @web.authenticated
    @authorized
    async def get(self, checkpoint_id):
        path = self.folder()
        rel = self.get_query_argument("file", None)
        fmt = self.get_query_argument("format", None)
        if fmt not in (None, "json"):
            raise web.HTTPError(400, "format may only be 'json'")
        entry, raw = await self.run(self.folders.file_entry, path, checkpoint_id, rel)
        if raw is None:
            raise web.HTTPError(400, f"{entry['path']} is recorded as a link to {entry.get('target')!r}")
        if fmt == "json":
            try:
                self.send({"content": raw.decode("utf-8"), "format": "text"})
            except UnicodeDecodeError:
                self.send({"content": base64.b64encode(raw).decode("ascii"), "format": "base64"})
            return
        self.set_header("X-Content-Type-Options", "nosniff")  # recorded bytes are never run as a page
        # Sandboxed, and framed only by the server's own pages, as jupyter_server's /files/ route.
        self.set_header("Content-Security-Policy", self.content_security_policy + "; sandbox")
        # APIHandler.finish sets the type it is given (JSON by default).
        self.finish(raw, set_content_type=mimetypes.guess_type(entry["path"])[0] or "application/octet-stream")


class FolderRestoreHandler(FolderBase):
    @web.authenticated
    @authorized
    async def post(self, checkpoint_id):
        path = self.folder()
        body = self.body()
        if set(body) - {"file", "trash_added", "before_label", "rollback_label"}:
            raise web.HTTPError(400, "the body may set 'file', 'trash_added', 'before_label', 'rollback_label'")
        rel, trash = body.get("file"), body.get("trash_added", False)
        if rel is not None and not isinstance(rel, str):
            raise web.HTTPError(400, "file must be a string")
        if not isinstance(trash, bool):
            raise web.HTTPError(400, "trash_added must be true or false")
        labels = {k: body.get(k) for k in ("before_label", "rollback_label")}
        if any(v is not None and not isinstance(v, str) for v in labels.values()):
            raise web.HTTPError(400, "labels must be strings")
        if rel is not None:
            self.send(await self._one(path, checkpoint_id, rel, labels))
            return
        # Each file is written under its save/restore lock, as a file restore is (folders/restore.py).
        hold = functools.partial(path_lock_from_thread, asyncio.get_running_loop())
        result = await self.run(self.folders.restore_folder, path, checkpoint_id, labels["before_label"] or "", hold)
        trashed = []
        if trash:
            for added in list(result["added"]):
                try:
                    await ensure_async(self.contents_manager.delete(self.full(path, added)))
                except web.HTTPError as e:  # no trash there: the file stays, listed under `added`
                    self.log.warning("jupyterlab_checkpoints: %s stays: %s", added, e.log_message)
                    continue
                trashed.append(added)
                result["added"].remove(added)
        self.send({**result, "trashed": trashed})

    async def _one(self, path: str, checkpoint_id: str, rel: str, labels: dict) -> dict:
        """One file back through the file restore (its current content kept in its own history)."""
        entry, raw = await self.run(self.folders.file_entry, path, checkpoint_id, rel)
        if raw is None:
            raise web.HTTPError(400, f"{entry['path']} is a link; links come back with the whole folder")
        full = self.full(path, entry["path"])
        # A link out of the root is refused by the restore itself (contents/documents.py, contents/root_escape.py).
        if os.path.isdir(os_path_of(self.contents_manager, full)):
            raise web.HTTPError(409, f"{full} is a folder now; nothing was changed")
        m = await self.run(self.folders.get, path, checkpoint_id)
        when = dt.datetime.fromisoformat(m.created).strftime("%Y-%m-%d %H:%M UTC")
        title = m.label or f"the folder checkpoint of {when}"
        result = await self.checkpoints.restore(
            self.contents_manager,
            full,
            "folder",
            before_label=labels["before_label"] or f"Before restoring {title}",
            rollback_label=labels["rollback_label"] or f"Restored {title}",
            target_raw=raw,
            notebook=entry["path"].endswith(".ipynb"),
        )
        return {
            "restored": [entry["path"]],
            "kept": result.kept.id if result.kept is not None else None,
            "added": [],
            "trashed": [],
            **({"warning": result.warning} if result.warning else {}),
        }


class FolderExtractHandler(FolderBase):
    @web.authenticated
    @authorized
    async def post(self, checkpoint_id):
        path = self.folder()
        target = self.get_query_argument("target", None)
        if target is None:
            raise web.HTTPError(400, "the 'target' query argument is required")
        done, skipped = await self.run(self.folders.extract, path, checkpoint_id, target)
        self.send({"path": done, "skipped": skipped}, 201)


class FolderZipHandler(FolderBase):
    @web.authenticated
    @authorized
    async def get(self, checkpoint_id):
        path = self.folder()
        m = await self.run(self.folders.get, path, checkpoint_id)
        entries = await self.run(self.folders.entries, m)
        top = path.rsplit("/", 1)[-1] if path else os.path.basename(self.folders.server_root) or "root"
        when = dt.datetime.fromisoformat(m.created).strftime("%Y-%m-%d_%H.%M")
        name = f"{top}-checkpoint-{when}.zip"
        self.set_header("Content-Type", "application/zip")
        self.set_header("Content-Disposition", f"attachment; filename*=UTF-8''{quote(name)}")
        stream = ZipStream(self.store.objects, entries, top, m.created)
        while True:
            chunk = await asyncio.to_thread(stream.next_chunk)
            if chunk is None:
                break
            if chunk:
                self.write(chunk)
                await self.flush()
        self.finish(set_content_type="application/zip")


def folder_routes(base: str) -> list[tuple]:
    cid = r"(?P<checkpoint_id>[^/]+)"
    folders = url_path_join(base, "folders", "checkpoints")
    return [
        (folders, FolderCheckpointsHandler),
        (url_path_join(folders, cid), FolderCheckpointHandler),
        (url_path_join(folders, cid, "file"), FolderFileHandler),
        (url_path_join(folders, cid, "restore"), FolderRestoreHandler),
        (url_path_join(folders, cid, "extract"), FolderExtractHandler),
        (url_path_join(folders, cid, "zip"), FolderZipHandler),
    ]
