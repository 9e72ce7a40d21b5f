"""History for a contents manager that keeps no files on disk (tests/memory_contents.py, a real
`AsyncContentsManager`): documents are read and restored through the manager, in a real server."""

import base64
import json

import nbformat
import pytest

from ..contents.checkpoints import StoreCheckpoints
from .conftest import notebook
from .memory_contents import MemoryContentsManager

MEMORY = f"{MemoryContentsManager.__module__}.{MemoryContentsManager.__name__}"


@pytest.fixture
def configured_store():
    """Whether `c.CheckpointStore.root_dir` is set (a test parametrised with False uses the fallback)."""
    return True


@pytest.fixture
def jp_server_config(store_dir, configured_store):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}, "contents_manager_class": MEMORY},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": {**({"root_dir": str(store_dir)} if configured_store else {}), "fsync": False},
    }


def as_file(nb: dict) -> bytes:
    """What the file contents manager would write for `nb`."""
    return (nbformat.writes(nbformat.from_dict(nb), version=nbformat.NO_CONVERT) + "\n").encode()


async def test_notebook_history_through_the_manager(api, jp_fetch, jp_serverapp, jp_root_dir, store_dir):
    cm = jp_serverapp.contents_manager
    assert isinstance(cm, MemoryContentsManager) and isinstance(cm.checkpoints, StoreCheckpoints)
    v1 = notebook(["import math", "math.pi"])
    await api.put_notebook("n.ipynb", v1)
    first = await api.create("n.ipynb")
    # The same content again (JupyterLab creates a checkpoint after every save): no new entry.
    again = await api.create("n.ipynb")
    assert again["id"] == first["id"] and again.get("unchanged")
    await api.put_notebook("n.ipynb", notebook(["import math", "math.tau"]))
    second = await api.create("n.ipynb")
    assert [m["id"] for m in await api.list("n.ipynb")] == [first["id"], second["id"]]

    # Kept as the file would hold it (the manager's own bytes lack the final newline), cut per cell.
    store = cm.checkpoints.store
    assert store.root == store_dir.resolve()
    m = store.get("n.ipynb", first["id"])
    assert store.read_bytes(m) == as_file(v1) and store.is_notebook(m)
    assert cm.docs["n.ipynb"][0] != as_file(v1)

    # The standard restore (JupyterLab's File > Revert): written through the manager, nothing lost.
    await api.put_notebook("n.ipynb", notebook(["unsaved work"]))
    await api.restore("n.ipynb", first["id"])
    assert (await api.get_nb("n.ipynb"))["cells"][1]["source"] == "math.pi"
    models = await api.list("n.ipynb")
    assert models[-1]["kind"] == "rollback"
    before = next(m for m in models if m["kind"] == "before-restore")
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", before["id"], "content", params={"path": "n.ipynb"})
    assert json.loads(r.body)["content"]["cells"][0]["source"] == "unsaved work"

    # The extension's own list is the same history; nothing was written to the server's root folder.
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", params={"path": "n.ipynb"})
    assert [m["id"] for m in json.loads(r.body)] == [m["id"] for m in models]
    assert list(jp_root_dir.iterdir()) == []


async def test_text_and_binary_files_keep_their_exact_bytes(api, jp_fetch, jp_serverapp):
    await api.put_text("notes.md", "# Título\n\nfirst\n")
    first = await api.create("notes.md")
    await api.put_text("notes.md", "# Título\n\nsecond\n")
    await api.restore("notes.md", first["id"])
    assert jp_serverapp.contents_manager.docs["notes.md"][0] == "# Título\n\nfirst\n".encode()

    blob = bytes(range(256)) * 4
    body = {"type": "file", "format": "base64", "content": base64.b64encode(blob).decode()}
    await jp_fetch("api", "contents", "data.bin", method="PUT", body=json.dumps(body))
    kept = await api.create("data.bin")
    store = jp_serverapp.contents_manager.checkpoints.store
    assert store.read_bytes(store.get("data.bin", kept["id"])) == blob
    body["content"] = base64.b64encode(b"replaced").decode()
    await jp_fetch("api", "contents", "data.bin", method="PUT", body=json.dumps(body))
    await api.restore("data.bin", kept["id"])
    assert jp_serverapp.contents_manager.docs["data.bin"][0] == blob


async def test_rename_and_delete_follow_the_manager(api, jp_fetch):
    await api.put_notebook("old.ipynb", notebook(["x"]))
    kept = await api.create("old.ipynb")
    await jp_fetch("api", "contents", "old.ipynb", method="PATCH", body=json.dumps({"path": "new.ipynb"}))
    assert [m["id"] for m in await api.list("new.ipynb")] == [kept["id"]]
    await jp_fetch("api", "contents", "new.ipynb", method="DELETE")
    r = await jp_fetch("jupyterlab-checkpoints", "deleted")
    assert "new.ipynb" in r.body.decode()


@pytest.mark.parametrize("configured_store", [False])
async def test_store_in_the_data_dir_without_a_configured_folder(api, jp_fetch, jp_data_dir, jp_root_dir):
    await api.put_notebook("n.ipynb", notebook(["x"]))
    await api.create("n.ipynb")
    info = json.loads((await jp_fetch("jupyterlab-checkpoints", "info")).body)["store"]
    assert info["root"].startswith(str(jp_data_dir / "checkpoints"))
    assert "MemoryContentsManager keeps no files on this disk" in info["fallback"]
    assert "c.CheckpointStore.root_dir" in info["fallback"]
    assert list(jp_root_dir.iterdir()) == []  # not `.jupyter-checkpoints` in a root the manager does not use


@pytest.mark.parametrize("configured_store", [False])
async def test_command_line_opens_the_same_store(api, jp_fetch, tmp_path):
    """`jupyter checkpoints` builds the manager the server's configuration names, so it finds the same
    data-directory store (named after the manager)."""
    from .cli_runner import run

    v1 = notebook(["from the manager"])
    await api.put_notebook("n.ipynb", v1)
    made = await api.create("n.ipynb")
    config = tmp_path / "cli-config.py"
    config.write_text(f"c.ServerApp.contents_manager_class = {MEMORY!r}\nc.CheckpointStore.fsync = False\n")
    listed = await run("list", "n.ipynb", "--json", f"--config={config}")
    assert listed.code == 0, listed.err
    assert [m["id"] for m in json.loads(listed.out)] == [made["id"]]
    shown = await run("show", "n.ipynb", made["id"], f"--config={config}")
    assert shown.out == as_file(v1)
