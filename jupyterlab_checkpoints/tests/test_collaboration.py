"""Checkpoints and restore with real-time collaboration (jupyter-collaboration's real server extension).

A room is opened on the server the way a collaborator's connection opens it; edits to its shared
document stand for what collaborators type.
"""

import asyncio
import json

import pytest

from .conftest import notebook

pytest.importorskip("jupyter_server_ydoc")

POLL = 0.3  # the room's file poll and save delay, short so that the tests wait little


def collaboration_config(store_dir, poll: float, save_delay: float) -> dict:
    """A server with the extension and jupyter-collaboration's real server extensions."""
    return {
        "ServerApp": {
            "jpserver_extensions": {
                "jupyterlab_checkpoints": True,
                "jupyter_server_fileid": True,
                "jupyter_server_ydoc": True,
            }
        },
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": {"root_dir": str(store_dir), "fsync": False},
        "YDocExtension": {
            "file_poll_interval": poll,
            "document_save_delay": save_delay,
            # The rooms' update log in a temporary folder, not in the current one.
            "ystore_class": "jupyter_server_ydoc.stores.TempFileYStore",
        },
    }


@pytest.fixture
def jp_server_config(store_dir):
    return collaboration_config(store_dir, POLL, POLL)


async def open_room(jp_serverapp, path):
    (app,) = jp_serverapp.extension_manager.extension_apps["jupyter_server_ydoc"]
    doc = await app.get_document(path=path, content_type="notebook", file_format="json", copy=False, create=True)
    assert doc is not None
    return doc


def type_in_room(doc, source):
    """A collaborator's edit of the first cell (same cell id): the shared document changes, the file
    follows only when the room saves."""
    nb = doc.get()
    nb["cells"][0]["source"] = source
    doc.set(nb)


def first_source(doc):
    return doc.get()["cells"][0]["source"]


async def content_source(api, path, cid):
    r = await api.fetch("jupyterlab-checkpoints", "checkpoints", cid, "content", params={"path": path})
    return json.loads(r.body)["content"]["cells"][0]["source"]


async def restore(api, path, cid):
    r = await api.fetch(
        "jupyterlab-checkpoints", "checkpoints", cid, "restore", method="POST", params={"path": path}, body="{}"
    )
    return json.loads(r.body)


async def test_restore_goes_into_the_open_room_and_keeps_what_is_typed_after(api, jp_serverapp, jp_root_dir):
    await api.put_notebook("shared.ipynb", notebook(["a = 1"]))
    good = await api.create_ext("shared.ipynb", kind="manual", label="good")
    await api.put_notebook("shared.ipynb", notebook(["a = 2"]))
    doc = await open_room(jp_serverapp, "shared.ipynb")
    type_in_room(doc, "a = 3  # typed by A, not saved yet")

    done = await restore(api, "shared.ipynb", good["id"])
    # The moment the restore answers, the shared document (what every collaborator sees) holds it.
    assert first_source(doc) == "a = 1"
    # What was replaced is the shared state, not the file that lagged it.
    assert await content_source(api, "shared.ipynb", done["kept"]["id"]) == "a = 3  # typed by A, not saved yet"

    type_in_room(doc, "a = 1\nb = 2  # typed by B after the restore")
    await asyncio.sleep(POLL * 8)
    assert first_source(doc) == "a = 1\nb = 2  # typed by B after the restore"
    on_disk = json.loads((jp_root_dir / "shared.ipynb").read_text())
    assert "".join(on_disk["cells"][0]["source"]) == "a = 1\nb = 2  # typed by B after the restore"


async def test_checkpoints_hold_the_shared_document(api, jp_serverapp):
    await api.put_notebook("live.ipynb", notebook(["x = 1"]))
    doc = await open_room(jp_serverapp, "live.ipynb")
    type_in_room(doc, "x = 2  # only in the room so far")
    made = await api.create_ext("live.ipynb", kind="manual")
    assert await content_source(api, "live.ipynb", made["id"]) == "x = 2  # only in the room so far"


async def test_without_a_room_the_file_is_restored(api, jp_root_dir):
    await api.put_notebook("alone.ipynb", notebook(["v = 1"]))
    first = await api.create_ext("alone.ipynb", kind="manual")
    await api.put_notebook("alone.ipynb", notebook(["v = 2"]))
    await restore(api, "alone.ipynb", first["id"])
    assert "".join(json.loads((jp_root_dir / "alone.ipynb").read_text())["cells"][0]["source"]) == "v = 1"
