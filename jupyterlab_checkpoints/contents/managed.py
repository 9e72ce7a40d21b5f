"""Documents of contents managers that keep no files on this disk (S3, databases, in-memory...).

Their documents are read with `contents_manager.get(path, content=True, ...)` and restores written with
`contents_manager.save(model, path)`, so their users get the same history as file-based ones. The bytes
kept for a notebook are the ones the file contents manager would write (nbformat's layout, indent 1,
and a final newline): the store cuts them at cells and outputs as it cuts a file's, and a create of
unchanged content is recognised (same bytes, same hash). Other files are read as base64: exact bytes.

There is no contents root on disk to hold the store: it lives where `c.CheckpointStore.root_dir` says,
else in Jupyter's data directory, one folder per contents manager class and root (`store_place`); the
server log and the info endpoint say so.
"""

from __future__ import annotations

import base64
import json

from jupyter_server.utils import ensure_async
from tornado.web import HTTPError

from ..integrations.collaboration import to_bytes
from ..store.location import fallback_folder
from .saving import unlocked_save


def file_based(contents_mgr) -> bool:
    """Whether the manager keeps its documents as files on this disk (FileContentsManager and kin)."""
    return getattr(contents_mgr, "_get_os_path", None) is not None


async def read(contents_mgr, path: str) -> tuple[bytes, bool]:
    """The document's bytes as a file would hold them, and whether it is a notebook."""
    if path.endswith(".ipynb"):
        model = await ensure_async(contents_mgr.get(path, content=True, type="notebook"))
        return to_bytes(model["content"], True), True
    model = await ensure_async(contents_mgr.get(path, content=True, type="file", format="base64"))
    if model.get("type") != "file":
        raise HTTPError(400, f"{path} is a directory; checkpoints are kept for files")
    if model.get("format") == "base64":
        return base64.b64decode(model["content"]), False
    return str(model["content"]).encode("utf-8"), False  # a manager that answers text whatever is asked


async def write(contents_mgr, path: str, raw: bytes, is_notebook: bool) -> None:
    if is_notebook:
        model = {"type": "notebook", "format": "json", "content": json.loads(raw)}
    else:
        model = {"type": "file", "format": "base64", "content": base64.b64encode(raw).decode()}
    # Called by a restore, which holds the path's save/restore lock already (saving.py).
    await ensure_async(unlocked_save(contents_mgr)(model, path))


def store_place(checkpoints, contents_mgr) -> tuple[dict, str | None]:
    """Options for the store of a manager without files on disk, and the message saying where it is.

    Nothing when `c.CheckpointStore.root_dir` is set (that folder is used, as for any manager)."""
    configured = checkpoints.config.get("CheckpointStore", {})
    if configured.get("root_dir"):
        return {}, None
    cls = type(contents_mgr)
    # A key naming the manager and what it serves, so two servers of the same bucket share a store.
    identity = f"/{cls.__module__}.{cls.__qualname__}/{getattr(contents_mgr, 'root_dir', '')}"
    folder = fallback_folder(configured.get("fallback_dir", ""), identity)
    message = (
        f"{cls.__name__} keeps no files on this disk; checkpoints are kept in {folder} "
        "(set c.CheckpointStore.root_dir to choose the folder)"
    )
    return {"root_dir": str(folder)}, message
