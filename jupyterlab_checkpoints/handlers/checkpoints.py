"""REST routes for what the contents API cannot say: labels, pins, kinds, content, limits, deleted files,
disk use and clean-up.

All routes are authenticated and authorized as the `contents` resource, like the stock contents API
(base.py). The file path is always the `path` query argument. Errors are JSON `{"message": ...}` with a
4xx status.
"""

from __future__ import annotations

import asyncio
import base64
import mimetypes
import os
from urllib.parse import quote

import orjson
from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async, url_path_join
from nbformat import from_dict
from nbformat.v4.rwbase import rejoin_lines
from tornado import web

from .. import __version__ as version
from ..contents.checkpoints import http_error
from ..contents.creates import create_from_request
from ..contents.documents import os_path_of
from ..contents.root_escape import refuse_outside_root
from ..store import StoreError
from ..store import paths as P
from .base import NAMESPACE, BaseHandler


class InfoHandler(BaseHandler):
    @web.authenticated
    @authorized
    async def get(self):
        # With `path`, that file's figure too (`file`): the panel asks for both at once.
        path = self.file_path() if self.get_query_argument("path", None) is not None else None
        store = self.store
        figures = await self.checkpoints.call(store.maintenance.info, path)
        file = figures.pop("file", None)
        self.send(
            {
                "version": version,
                "limits": {
                    "max_unpinned": store.max_unpinned,
                    # Older states thinned by period (store/tiers.py), and what is kept, in words.
                    **store.retention.tiers.model(),
                    "retention": store.retention.summary(),
                    "max_pinned": store.max_pinned,
                    "max_label_length": store.max_label_length,
                    "deleted_retention_days": store.deleted_retention_days,
                },
                "store": figures,
                **({"file": file} if file is not None else {}),
            }
        )


class CheckpointsHandler(BaseHandler):
    @web.authenticated
    @authorized
    async def get(self):
        self.send(await self.checkpoints.list_checkpoints(self.file_path()))

    @web.authenticated
    @authorized
    async def post(self):
        path = self.file_path()
        model = await create_from_request(self, path)
        self.set_header(
            "Location",
            url_path_join(self.base_url, NAMESPACE, "checkpoints", model["id"]) + "?path=" + quote(path, safe="/"),
        )
        # 200 with `unchanged` when the newest checkpoint already held this content.
        self.send(model, 200 if model.get("unchanged") else 201)


class CheckpointHandler(BaseHandler):
    @web.authenticated
    @authorized
    async def patch(self, checkpoint_id):
        path = self.file_path()
        body = self.body()
        unknown = set(body) - {"label", "pinned"}
        if unknown or not body or any(v is None for v in body.values()):
            raise web.HTTPError(400, "the body may set 'label' (string) and 'pinned' (boolean), nothing else")
        if checkpoint_id == "legacy":
            raise web.HTTPError(400, "the legacy checkpoint cannot be labelled or pinned; restore it or make a new one")
        m = await self.checkpoints.call(self.store.update, path, checkpoint_id, body.get("label"), body.get("pinned"))
        self.send(m.model())

    @web.authenticated
    @authorized
    async def delete(self, checkpoint_id):
        await self.checkpoints.delete_checkpoint(checkpoint_id, self.file_path())
        self.set_status(204)
        self.finish()


def content_model(path: str, raw: bytes, is_notebook: bool, checkpoint: dict) -> dict:
    name = os.path.basename(path)
    model = {"path": path, "name": name, "checkpoint": checkpoint}
    if is_notebook:
        try:
            nb = orjson.loads(raw)
        except orjson.JSONDecodeError:
            nb = None  # a file named .ipynb that is not JSON: returned as a file below
        if isinstance(nb, dict) and isinstance(nb.get("cells"), list):
            # Multi-line strings come back joined, as the contents API returns notebooks.
            model.update(type="notebook", format="json", mimetype=None, content=rejoin_lines(from_dict(nb)))
            return model
    mimetype = mimetypes.guess_type(name)[0]
    try:
        model.update(type="file", format="text", mimetype=mimetype or "text/plain", content=raw.decode("utf-8"))
    except UnicodeDecodeError:
        model.update(
            type="file",
            format="base64",
            mimetype=mimetype or "application/octet-stream",
            content=base64.b64encode(raw).decode("ascii"),
        )
    return model


class ContentHandler(BaseHandler):
    @web.authenticated
    @authorized
    async def get(self, checkpoint_id):
        path = self.file_path()
        models = await self.checkpoints.list_checkpoints(path)
        match = [m for m in models if m["id"] == checkpoint_id]
        if not match:
            raise web.HTTPError(404, f"no checkpoint {checkpoint_id!r} for {path}")
        raw, is_nb = await self.checkpoints.read_checkpoint(path, checkpoint_id)
        model = await asyncio.to_thread(content_model, path, raw, is_nb, match[0])
        # Jupytext: a text notebook (.py, .md...) is previewed and compared as a notebook.
        if not is_nb and model["format"] == "text":
            from ..integrations.jupytext import notebook_content

            nb = await notebook_content(self.contents_manager, path, raw)
            if nb is not None:
                model.update(type="notebook", format="json", mimetype=None, content=nb)
        self.send(model)


class RestoreHandler(BaseHandler):
    """The safe restore (store/restore.py) with the page's own (translated) labels; answers with what
    it did and the new list, so the page needs no second request."""

    @web.authenticated
    @authorized
    async def post(self, checkpoint_id):
        path = self.file_path()
        body = self.body()
        labels = {}
        for key in ("before_label", "rollback_label"):
            value = body.get(key)
            if value is not None and not isinstance(value, str):
                raise web.HTTPError(400, f"{key} must be a string")
            labels[key] = value or None
        result = await self.checkpoints.restore(self.contents_manager, path, checkpoint_id, **labels)
        model = lambda m: m.model() if m is not None else None  # noqa: E731
        self.send(
            {
                "restored": model(result.restored),
                "kept": model(result.kept),
                "rollback": model(result.rollback),
                "warning": result.warning or None,
                "checkpoints": await self.checkpoints.list_checkpoints(path),
            }
        )


class DeletedHandler(BaseHandler):
    @web.authenticated
    @authorized
    async def get(self):
        self.send(await self.checkpoints.call(self.store.deleted.list))


class CleanupHandler(BaseHandler):
    """GET: what a clean-up would free (changes nothing); POST: free it (store/cleanup.py)."""

    @web.authenticated
    @authorized
    async def get(self):
        raw = self.get_query_argument("deleted_older_than_days", None)
        days = None
        if raw is not None and raw != "":
            try:
                days = float(raw)
            except ValueError as e:
                raise web.HTTPError(400, "deleted_older_than_days must be a number of days") from e
        self.send(await self.checkpoints.call(self.store.cleanup.plan, days))

    @web.authenticated
    @authorized
    async def post(self):
        body = self.body()
        if set(body) - {"deleted_older_than_days"}:
            raise web.HTTPError(400, "the body may set 'deleted_older_than_days' (a number or null), nothing else")
        store = self.store
        result = await self.checkpoints.call(store.cleanup.run, body.get("deleted_older_than_days"))
        self.send({**result, "store": await self.checkpoints.call(store.maintenance.info)})


class DeletedRestoreHandler(BaseHandler):
    async def _free_target(self, path: str) -> str:
        cm = self.contents_manager
        if not await _exists(cm, path):
            return path
        folder, name = os.path.split(path)
        stem, ext = os.path.splitext(name)
        for n in range(1, 1000):
            suffix = "-restored" if n == 1 else f"-restored-{n}"
            candidate = "/".join(p for p in (folder, f"{stem}{suffix}{ext}") if p)
            if not await _exists(cm, candidate):
                return candidate
        raise web.HTTPError(409, f"no free name to restore {path}")

    @web.authenticated
    @authorized
    async def post(self):
        body = self.body()
        path, cid, target = body.get("path"), body.get("id"), body.get("target")
        if not isinstance(path, str) or not isinstance(cid, str):
            raise web.HTTPError(400, "the body needs 'path' and 'id' strings")
        if target is not None and not isinstance(target, str):
            raise web.HTTPError(400, "'target' must be a string")
        try:
            path = P.normalize_path(path)
            target = P.normalize_path(target) if target is not None else None
        except StoreError as e:
            raise http_error(e) from e
        manifest, history = await self.checkpoints.call(self.store.deleted.find, path, cid)
        cm = self.contents_manager
        if target is not None:
            if await _exists(cm, target):
                raise web.HTTPError(409, f"{target} already exists")
        else:
            target = await self._free_target(path)
        # A target in a linked folder would be written outside the root: refused as every restore.
        await refuse_outside_root(target, os_path_of(cm, target), os_path_of(cm, ""))
        raw = await self.checkpoints.call(self.store.read_bytes, manifest)
        is_nb = self.store.is_notebook(manifest)
        await self.checkpoints.write_document(cm, target, raw, is_nb)
        if target == path:
            await self.checkpoints.call(self.store.deleted.adopt, history, path)
        model = await cm.get(target, content=False)
        self.send(model, 201)


async def _exists(cm, path: str) -> bool:
    return bool(await ensure_async(cm.exists(path)))


def routes(base: str) -> list[tuple]:
    """The routes of this module under `base` (the extension's prefix); see routes.py for all."""
    cid = r"(?P<checkpoint_id>[^/]+)"
    return [
        (url_path_join(base, "info"), InfoHandler),
        (url_path_join(base, "checkpoints"), CheckpointsHandler),
        (url_path_join(base, "checkpoints", cid), CheckpointHandler),
        (url_path_join(base, "checkpoints", cid, "content"), ContentHandler),
        (url_path_join(base, "checkpoints", cid, "restore"), RestoreHandler),
        (url_path_join(base, "deleted"), DeletedHandler),
        (url_path_join(base, "deleted", "restore"), DeletedRestoreHandler),
        (url_path_join(base, "cleanup"), CleanupHandler),
    ]
