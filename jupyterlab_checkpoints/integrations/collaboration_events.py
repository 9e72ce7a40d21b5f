"""The safety net under real-time collaboration: keep the shared state a room throws away.

When a room's file poll sees the file changed by someone else (another program, `git checkout`, a
server without collaboration), the room replaces its WHOLE shared document with the file: whatever
collaborators typed since the room's last save is gone from every page. The room says so first, with a
`overwrite` event on the server's event bus (schema `jupyter_collaboration/session/v1`), then reads the
file and swaps it in. The listener below runs between the two: it copies the shared document while it
still holds the collaborators' state, then keeps it as a `replaced` checkpoint (unless it already
equals the file that replaces it, or the newest checkpoint).

Not covered: a change on disk found while the room SAVES (the room emits its event only after the
swap), seen when an outside write lands inside the room's save delay.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson

from ..contents.documents import norm
from .collaboration import to_bytes, ydoc_extension

SESSION_EVENTS = "https://schema.jupyter.org/jupyter_collaboration/session/v1"
# The room's message on its poll path, where the event comes before the swap.
BEFORE_SWAP = "Out-of-band changes. Overwriting"
REPLACED_LABEL = "Shared state replaced by a change on disk"


def _shared_now(app: Any, room_id: str) -> tuple[Any, bool] | None:
    """The shared content of room `room_id` at this instant (no await: the room swaps it at its next
    step), and whether it is a notebook. None when the room is gone."""
    server = getattr(app, "ywebsocket_server", None)
    room = getattr(server, "rooms", {}).get(room_id)
    document = getattr(room, "_document", None)
    if document is None:
        return None
    # Room ids are "<format>:<type>:<file id>".
    is_notebook = room_id.split(":")[1:2] == ["notebook"]
    return document.get(), is_notebook


def listen(server_app) -> bool:
    """Follow the rooms' `overwrite` events of `server_app`. False when collaboration is off."""
    cm = server_app.contents_manager
    if ydoc_extension(cm) is None:
        return False
    tasks: set[asyncio.Task] = set()

    async def on_event(logger, schema_id: str, data: dict) -> None:
        if data.get("action") != "overwrite" or not str(data.get("msg", "")).startswith(BEFORE_SWAP):
            return
        app = ydoc_extension(cm)
        state = _shared_now(app, str(data.get("room", ""))) if app is not None else None
        if state is None or not data.get("path"):
            return
        content, is_notebook = state
        # The rest waits: the room goes on reading the file and swapping it in meanwhile.
        task = asyncio.create_task(_keep(cm, norm(str(data["path"])), content, is_notebook, server_app.log))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    server_app.event_logger.add_listener(schema_id=SESSION_EVENTS, listener=on_event)
    return True


def _same(a: bytes, b: bytes, is_notebook: bool) -> bool:
    """Whether two states hold the same work. For notebooks, the cells: a room fills empty
    kernelspec/language_info placeholders into the notebook's metadata, which nobody typed."""
    if a == b or not is_notebook:
        return a == b
    try:
        return orjson.loads(a).get("cells") == orjson.loads(b).get("cells")
    except (orjson.JSONDecodeError, AttributeError):
        return False


def _newest_holds(store, path: str, raw: bytes, is_notebook: bool) -> bool:
    newest = store.list(path)[-1:]
    return bool(newest) and _same(store.read_bytes(newest[0]), raw, is_notebook)


async def _keep(cm, path: str, content: Any, is_notebook: bool, log) -> None:
    checkpoints = cm.checkpoints
    try:
        raw = await asyncio.to_thread(to_bytes, content, is_notebook)
        on_disk, _ = await checkpoints.read_document(cm, path)
        if _same(on_disk, raw, is_notebook):
            return  # the room loses nothing: the file holds what it had
        store = checkpoints.store
        if await checkpoints.call(_newest_holds, store, path, raw, is_notebook):
            return  # kept already (the room's last save, a checkpoint): nothing to add or relabel
        m = await checkpoints.call(store.create, path, raw, "replaced", REPLACED_LABEL, False, is_notebook)
        log.info("jupyterlab_checkpoints: kept the shared state of %s replaced from disk as %s", path, m.id)
    except Exception as e:  # a safety net must not break the room: say it and go on
        log.warning("jupyterlab_checkpoints: could not keep the shared state of %s: %s", path, e)
