"""Jupytext text notebooks (a `.py` percent script, a paired `.ipynb` + `.py`), when the server's contents
manager is jupytext's. Optional: nothing here imports jupytext unless such a manager is in use.

Checkpoints of a text notebook hold its text, byte for byte, and a restore writes that text back (the
right format). Two things need the contents manager's view of the file:

- preview/compare read a checkpoint as a notebook: `notebook_content` converts a text checkpoint of a
  path the manager opens as a notebook through `jupytext.reads`;
- a paired notebook is two files: after one is restored, `sync_pair` saves the restored notebook through
  the manager (which writes every file of the pair), then puts the restored bytes back so the restored
  file stays byte-exact. Jupytext reads inputs from the text file, so a restored `.ipynb` alone would be
  shadowed by its older `.py`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os

import orjson
from jupyter_server.utils import ensure_async

from ..contents.documents import os_path_of, replace_document


def is_jupytext_manager(cm) -> bool:
    """Jupytext's managers are classes built at import time from a base manager; they keep a pair table."""
    return any(c.__module__.startswith("jupytext.") for c in type(cm).__mro__) and hasattr(cm, "paired_notebooks")


async def opens_as_notebook(cm, path: str) -> bool:
    if not is_jupytext_manager(cm) or path.endswith(".ipynb"):
        return False
    try:
        model = await ensure_async(cm.get(path, content=False))
    except Exception:  # a deleted file's checkpoints: ask by its extension instead
        config = await _config(cm, path)
        return config is not None and os.path.splitext(path)[1] in config.notebook_extensions
    return model.get("type") == "notebook"


async def _config(cm, path: str):
    """Jupytext's configuration for `path` (its sync manager answers directly, the async one awaits)."""
    try:
        return await ensure_async(cm.get_config(path))
    except Exception:
        return None


async def notebook_content(cm, path: str, raw: bytes) -> dict | None:
    """The notebook a text checkpoint of `path` holds, as the contents API returns one; None when the
    manager does not open `path` as a notebook or the text does not read as one."""
    if not await opens_as_notebook(cm, path):
        return None
    import jupytext

    config = await _config(cm, path)
    try:
        nb = jupytext.reads(raw.decode("utf-8"), fmt=os.path.splitext(path)[1], config=config)
    except Exception:
        return None
    content = json.loads(json.dumps(nb))
    # Text notebooks keep no cell ids: jupytext makes up new ones on each read, which would pair no cell
    # of a checkpoint with the open document. Without ids, compare pairs cells by content and position.
    for cell in content.get("cells", []):
        cell.pop("id", None)
    return content


async def sync_pair(cm, path: str, log: logging.Logger | None = None) -> bool:
    """After `path` was restored on disk: when it is one file of a jupytext pair, write the other files
    of the pair from it. Returns whether a pair was written."""
    if not is_jupytext_manager(cm):
        return False
    os_path = os_path_of(cm, path)
    if os_path is None:
        return False
    try:
        if path.endswith(".ipynb"):
            import nbformat

            # Whether the notebook is paired is in its metadata, at the end of the file: a large notebook
            # is neither read whole nor parsed for that.
            head = _notebook_head(await asyncio.to_thread(_read, os_path, _TAIL))
            if head is not None and len(_formats(await _config(cm, path), path, head)) < 2:
                return False
            raw = await asyncio.to_thread(_read, os_path)
            nb = nbformat.reads(raw.decode("utf-8"), as_version=4)
            model = {"type": "notebook", "content": nb}
        else:
            raw = await asyncio.to_thread(_read, os_path)
            model = await ensure_async(cm.get(path, content=True))
            if model.get("type") != "notebook":
                return False
        if len(_formats(await _config(cm, path), path, model["content"])) < 2:
            return False
        await ensure_async(cm.save({"type": "notebook", "content": model["content"]}, path))
        # The save rewrote the restored file from the notebook: put the restored bytes back.
        if await asyncio.to_thread(_read, os_path) != raw:
            await asyncio.to_thread(replace_document, os_path, raw)
        return True
    except Exception as e:  # the restore itself succeeded; say the pair may disagree
        if log is not None:
            log.warning("jupyterlab_checkpoints: %s restored, but its jupytext pair was not updated: %s", path, e)
        return False


def _notebook_head(raw: bytes) -> dict | None:
    """The notebook's metadata and version, read from what follows its cell list in nbformat's layout
    (the only place where that line occurs); None in another layout."""
    at = raw.rfind(b'\n ],\n "metadata": ')
    if at < 0:
        return None
    try:
        head = orjson.loads(b"{" + raw[at + 4 :])
    except orjson.JSONDecodeError:
        return None
    return head if isinstance(head, dict) and isinstance(head.get("metadata"), dict) else None


_TAIL = 1024 * 1024


def _read(os_path: str, tail: int | None = None) -> bytes:
    """The file's bytes, or its last `tail` bytes."""
    with open(os_path, "rb") as f:
        if tail is not None:
            f.seek(max(0, os.fstat(f.fileno()).st_size - tail))
        return f.read()


def _formats(config, path: str, nb) -> list:
    from jupytext.formats import long_form_multiple_formats

    formats = (nb.get("metadata", {}).get("jupytext", {}) or {}).get("formats")
    if not formats and config is not None:
        formats = config.default_formats(path)
    return long_form_multiple_formats(formats) if formats else []
