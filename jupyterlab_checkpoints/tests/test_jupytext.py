"""Jupytext text notebooks: a `.py` percent script and a paired `.ipynb` + `.py`, served by jupytext's
contents manager, get checkpoints, a notebook preview/compare and a restore in the right format."""

import json

import pytest

from .conftest import notebook

pytest.importorskip("jupytext")

MANAGERS = ["jupytext.TextFileContentsManager", "jupytext.AsyncTextFileContentsManager"]

SCRIPT_V1 = "# %%\na = 1\n\n# %% [markdown]\n# Notes\n\n# %%\nb = 2\n"
SCRIPT_V2 = "# %%\na = 10\n\n# %% [markdown]\n# Notes\n\n# %%\nb = 2\n"


@pytest.fixture(params=MANAGERS, ids=["sync", "async"])
def jp_server_config(request, store_dir):
    return {
        "ServerApp": {
            "jpserver_extensions": {"jupyterlab_checkpoints": True},
            "contents_manager_class": request.param,
        },
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": {"root_dir": str(store_dir), "fsync": False},
    }


async def content(api, path, cid):
    r = await api.fetch("jupyterlab-checkpoints", "checkpoints", cid, "content", params={"path": path})
    return json.loads(r.body)


async def restore_ext(api, path, cid):
    r = await api.fetch(
        "jupyterlab-checkpoints", "checkpoints", cid, "restore", method="POST", params={"path": path}, body="{}"
    )
    assert r.code in (200, 201)


def sources(nb):
    return ["".join(c["source"]) if isinstance(c["source"], list) else c["source"] for c in nb["cells"]]


async def test_py_notebook_checkpoint_is_its_text_and_previews_as_a_notebook(api, jp_root_dir):
    await api.put_text("script.py", SCRIPT_V1)
    assert (await api.fetch("api", "contents", "script.py", params={"content": "0"})).code == 200
    cp = await api.create_ext("script.py")
    model = await content(api, "script.py", cp["id"])
    assert model["type"] == "notebook"
    assert sources(model["content"]) == ["a = 1", "Notes", "b = 2"]
    assert [c["cell_type"] for c in model["content"]["cells"]] == ["code", "markdown", "code"]
    # No made-up cell ids: compare pairs text-notebook cells by content.
    assert all("id" not in c for c in model["content"]["cells"])


@pytest.mark.parametrize("how", ["stock", "extension"])
async def test_py_notebook_restore_writes_the_text_back_byte_exact(api, jp_root_dir, how, jp_server_config):
    if how == "stock" and "Async" not in jp_server_config["ServerApp"]["contents_manager_class"]:
        # A synchronous manager drops the coroutine of an async checkpoints class in the stock restore
        # (jupyter_server calls it without awaiting); jupytext's server extension picks its async manager.
        pytest.skip("the stock restore needs an async contents manager")
    (jp_root_dir / "script.py").write_text(SCRIPT_V1)
    cp = await api.create_ext("script.py")
    # Saved as a notebook from the page: jupytext writes the text file.
    r = await api.fetch("api", "contents", "script.py", params={"type": "notebook"})
    nb = json.loads(r.body)["content"]
    nb["cells"][0]["source"] = "a = 10"
    await api.fetch("api", "contents", "script.py", method="PUT", body=json.dumps({"type": "notebook", "content": nb}))
    assert "a = 10" in (jp_root_dir / "script.py").read_text()
    if how == "stock":
        await api.restore("script.py", cp["id"])
    else:
        await restore_ext(api, "script.py", cp["id"])
    assert (jp_root_dir / "script.py").read_bytes() == SCRIPT_V1.encode()
    r = await api.fetch("api", "contents", "script.py", params={"type": "notebook"})
    assert sources(json.loads(r.body)["content"]) == ["a = 1", "Notes", "b = 2"]


def paired(cells):
    nb = notebook(cells)
    nb["metadata"]["jupytext"] = {"formats": "ipynb,py:percent"}
    return nb


@pytest.mark.parametrize("restored", ["pair.ipynb", "pair.py"])
async def test_paired_notebook_restore_keeps_both_files_in_step(api, jp_root_dir, restored):
    await api.put_notebook("pair.ipynb", paired(["x = 1", "y = 2"]))
    assert "x = 1" in (jp_root_dir / "pair.py").read_text()
    cp = await api.create_ext(restored)
    before = (jp_root_dir / restored).read_bytes()

    await api.put_notebook("pair.ipynb", paired(["x = 100", "y = 2", "z = 3"]))
    assert "x = 100" in (jp_root_dir / "pair.py").read_text()
    assert "x = 100" in (jp_root_dir / "pair.ipynb").read_text()

    await restore_ext(api, restored, cp["id"])
    # The restored file is the checkpoint, byte for byte; its pair holds the same cells.
    assert (jp_root_dir / restored).read_bytes() == before
    text = (jp_root_dir / "pair.py").read_text()
    assert "x = 1\n" in text and "x = 100" not in text and "z = 3" not in text
    on_disk = json.loads((jp_root_dir / "pair.ipynb").read_text())
    assert sources(on_disk) == ["x = 1", "y = 2"]
    # What the page opens (inputs from the text file) is the restored notebook.
    for path in ("pair.ipynb", "pair.py"):
        r = await api.fetch("api", "contents", path, params={"type": "notebook"})
        assert sources(json.loads(r.body)["content"]) == ["x = 1", "y = 2"]
