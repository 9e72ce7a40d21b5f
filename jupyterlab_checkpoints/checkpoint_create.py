"""What `POST checkpoints?path=P` makes a checkpoint of (docs/rest-api.md).

Without a content key: the file on disk (or the open room under collaboration). With `document`: the
notebook model the page holds, serialised as the contents manager's save would write it, without
reading or writing the file; for a text file `{"content": <text>}`, the editor's text, kept as the
UTF-8 bytes a save writes. With `delta`: the cells the page changed since an earlier checkpoint of the
file, composed with that checkpoint's pieces (store/compose.py), or since the file as the page loaded
or saved it (file_base.py); 409 with a `reason` when the server cannot, and the page then sends
`document`. The same create follows in every case: the unchanged rule, kinds, retention, author.
"""

from __future__ import annotations

import asyncio
from functools import partial

from tornado import web

from .documents import os_path_of
from .file_base import FileComposed, read_unchanged
from .notebook_writer import DeltaPlan, FileBase, delta_plan, notebook_bytes
from .store.compose import Composed
from .store.kinds import CREATABLE

_LARGE_BODY = 256 * 1024


def _options(body: dict) -> tuple[str, str, bool]:
    kind = body.get("kind", "manual")
    if kind not in CREATABLE:
        raise web.HTTPError(400, f"kind must be one of {', '.join(CREATABLE)}")
    label = body.get("label", "")
    pinned = body.get("pinned", False)
    if not isinstance(label, str):
        raise web.HTTPError(400, "label must be a string")
    if not isinstance(pinned, bool):
        raise web.HTTPError(400, "pinned must be true or false")
    return kind, label, pinned


def _is_text_document(document) -> bool:
    return isinstance(document, dict) and isinstance(document.get("content"), str)


def composed(store, path: str, plan: DeltaPlan, source: str | None) -> Composed:
    if isinstance(plan.base, FileBase):
        read = partial(read_unchanged, source, plan.base.last_modified)
        return FileComposed(read, path, plan.cells, plan.texts, plan.tail)
    return Composed(lambda: store.get(path, plan.base), plan.cells, plan.texts, plan.tail)


async def create_from_request(handler, path: str) -> dict:
    """The checkpoint model `handler`'s POST made (`handler` is a handlers.BaseHandler)."""
    # A whole notebook in the body is megabytes of JSON: parsed off the event loop. A small body is
    # parsed at once: a worker thread may be a while coming when creates wait for a file's lock.
    large = len(handler.request.body or b"") > _LARGE_BODY
    body = await asyncio.to_thread(handler.body) if large else handler.body()
    kind, label, pinned = _options(body)
    cp, cm = handler.checkpoints, handler.contents_manager
    document, delta = body.get("document"), body.get("delta")
    if document is None and delta is None:
        return await cp.create_checkpoint(cm, path, kind, label, pinned)
    if document is not None and delta is not None:
        raise web.HTTPError(400, "send either 'document' or 'delta', not both")
    is_notebook = path.endswith(".ipynb")
    if not is_notebook and not _is_text_document(document):
        raise web.HTTPError(400, "'delta' is for notebooks (.ipynb); a text file's 'document' is {\"content\": <text>}")
    await cp.documents(cm).check_path(path)
    store = cp.store
    source = os_path_of(cm, path)
    if not is_notebook:
        # The bytes a save of that text writes (the contents manager's text format is UTF-8).
        raw = document["content"].encode("utf-8")
        m = await cp.call(store.create, path, raw, kind, label, pinned, False, source=source)
        return m.model()
    if document is not None:
        if not isinstance(document, dict) or "content" not in document:
            raise web.HTTPError(400, "'document' must be {\"content\": <notebook>}")
        raw = await cp.call(notebook_bytes, document["content"])
    else:
        plan = await cp.call(delta_plan, delta)
        raw = plan if isinstance(plan, bytes) else composed(store, path, plan, source)
    m = await cp.call(store.create, path, raw, kind, label, pinned, True, source=source)
    return m.model()
