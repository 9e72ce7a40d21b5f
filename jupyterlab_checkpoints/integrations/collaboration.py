"""Checkpoints of documents shared in real time (jupyter-collaboration's `jupyter_server_ydoc`).

Under collaboration an open document lives in a room: a shared document that every collaborator edits,
saved to disk by the room after `document_save_delay`, and replaced WHOLE from disk when the room's file
poll sees a newer file. So, when a room is open for a path:
- a checkpoint holds the shared document as the room has it (the file can lag it by a second or more);
- a restore writes into the shared document, in one transaction, keeping unchanged cells (matched by
  id), and lets the room save. Writing the file instead would be seen up to a poll interval later, and
  the room would then replace the whole document, losing what collaborators typed meanwhile.
With no room open (or without jupyter-collaboration) the file is read and written as usual.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import nbformat

YDOC_EXTENSION = "jupyter_server_ydoc"


def ydoc_extension(contents_mgr) -> Any | None:
    """The running collaboration server extension, or None (not installed, not enabled, RTC off)."""
    serverapp = getattr(contents_mgr, "parent", None)
    manager = getattr(serverapp, "extension_manager", None)
    if manager is None:
        return None
    apps = manager.extension_apps.get(YDOC_EXTENSION) or set()
    app = next(iter(apps), None)
    if app is None or getattr(app, "disable_rtc", False) or not hasattr(app, "get_document"):
        return None
    return app


async def live_document(contents_mgr, path: str, is_notebook: bool, log=None) -> Any | None:
    """The shared document of the room open for `path`, or None when no room is open."""
    app = ydoc_extension(contents_mgr)
    if app is None:
        return None
    try:
        return await app.get_document(
            path=path,
            content_type="notebook" if is_notebook else "file",
            file_format="json" if is_notebook else "text",
            copy=False,
        )
    except Exception as e:  # a room we cannot reach is a room we do not use: the file is the truth
        if log is not None:
            log.warning("jupyterlab_checkpoints: cannot reach the shared document of %s: %s", path, e)
        return None


def to_bytes(content: Any, is_notebook: bool) -> bytes:
    """The bytes the room would save for `content` (as the file contents manager writes notebooks)."""
    if not is_notebook:
        return str(content).encode("utf-8")
    text = nbformat.writes(nbformat.from_dict(content), version=nbformat.NO_CONVERT)
    return (text if text.endswith("\n") else text + "\n").encode("utf-8")


def from_bytes(raw: bytes, is_notebook: bool) -> Any:
    """The value a shared document takes (`set`) for a checkpoint's bytes."""
    if not is_notebook:
        return raw.decode("utf-8")
    # As the room loads a file: multi-line strings joined, the nbformat version kept.
    return nbformat.reads(raw.decode("utf-8"), as_version=nbformat.NO_CONVERT)


def room_io(
    document: Any, loop: asyncio.AbstractEventLoop, is_notebook: bool
) -> tuple[Callable[[], bytes | None], Callable[[bytes], None]]:
    """(read, write) of a shared document for code in a worker thread (the store's restore holds the
    file's lock there): both run on the event loop, which owns the document."""

    def on_loop(fn):
        async def run():
            return fn()

        return asyncio.run_coroutine_threadsafe(run(), loop).result()

    def read() -> bytes:
        return to_bytes(on_loop(document.get), is_notebook)

    def write(raw: bytes) -> None:
        value = from_bytes(raw, is_notebook)
        # One transaction; a notebook keeps the shared cells whose id and content are unchanged.
        on_loop(lambda: document.set(value))

    return read, write
