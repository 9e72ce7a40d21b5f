"""The safety net under collaboration: when a room replaces its shared document with a file changed on
disk by someone else, what collaborators had typed is kept as a `replaced` checkpoint."""

import asyncio
import json
import os

import nbformat
import pytest

from .conftest import notebook
from .test_collaboration import collaboration_config, content_source, first_source, open_room, type_in_room

pytest.importorskip("jupyter_server_ydoc")

POLL = 0.2
SAVE_DELAY = 30  # the room does not save during the test: the typed text lives only in the room


@pytest.fixture
def jp_server_config(store_dir):
    return collaboration_config(store_dir, POLL, SAVE_DELAY)


def write_outside(root, name, source):
    """Another program writes the file (a newer mtime), as `git checkout` would."""
    f = root / name
    nb = nbformat.from_dict(notebook([source]))
    f.write_text(nbformat.writes(nb))
    later = os.stat(f).st_mtime + 5
    os.utime(f, (later, later))


async def replaced(api, path):
    return [c for c in await api.list(path) if c["kind"] == "replaced"]


async def wait_for(predicate, seconds=10.0):
    for _ in range(int(seconds / 0.1)):
        if await predicate():
            return True
        await asyncio.sleep(0.1)
    return False


async def test_a_room_replaced_from_disk_keeps_what_was_typed(api, jp_serverapp, jp_root_dir):
    await api.put_notebook("team.ipynb", notebook(["a = 1"]))
    doc = await open_room(jp_serverapp, "team.ipynb")
    await asyncio.sleep(POLL * 3)
    type_in_room(doc, "a = 1\nb = 2  # typed by B, not saved yet")

    write_outside(jp_root_dir, "team.ipynb", "c = 3  # written by another program")
    assert await wait_for(lambda: asyncio.sleep(0, first_source(doc) == "c = 3  # written by another program"))

    assert await wait_for(lambda: replaced(api, "team.ipynb"))
    (kept,) = await replaced(api, "team.ipynb")
    assert kept["label"] == "Shared state replaced by a change on disk"
    assert await content_source(api, "team.ipynb", kept["id"]) == "a = 1\nb = 2  # typed by B, not saved yet"


async def test_a_room_with_nothing_unsaved_keeps_no_extra_checkpoint(api, jp_serverapp, jp_root_dir):
    await api.put_notebook("calm.ipynb", notebook(["a = 1"]))
    doc = await open_room(jp_serverapp, "calm.ipynb")
    await asyncio.sleep(POLL * 3)
    write_outside(jp_root_dir, "calm.ipynb", "a = 2  # written by another program")
    assert await wait_for(lambda: asyncio.sleep(0, first_source(doc) == "a = 2  # written by another program"))
    await asyncio.sleep(POLL * 5)
    # The room held what the file held before: nothing of the shared state is lost, nothing is added.
    assert await replaced(api, "calm.ipynb") == []
    on_disk = json.loads((jp_root_dir / "calm.ipynb").read_text())
    assert "".join(on_disk["cells"][0]["source"]) == "a = 2  # written by another program"
