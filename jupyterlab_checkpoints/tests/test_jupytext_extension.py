"""Jupytext's server extension replaces the contents manager after ours loaded: checkpoints still go
to the store (as when `jupyter lab --config FILE` skips the package's config file)."""

import json

import pytest

pytest.importorskip("jupyterlab_jupytext")


@pytest.fixture
def jp_server_config(store_dir):
    return {
        # Load order follows the names: ours first, then jupytext's, which builds a fresh manager.
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True, "jupyterlab_jupytext": True}},
        "CheckpointStore": {"root_dir": str(store_dir), "fsync": False},
    }


async def test_checkpoints_reach_the_store_under_jupytexts_manager(jp_serverapp, api):
    assert "Jupytext" in type(jp_serverapp.contents_manager).__name__
    r = await api.fetch("jupyterlab-checkpoints", "info")
    assert r.code == 200, r.body
    await api.put_text("script.py", "# %%\na = 1\n")
    cp = await api.create_ext("script.py", label="one")
    assert [c["id"] for c in await api.list("script.py")] == [cp["id"]]
    r = await api.fetch("jupyterlab-checkpoints", "checkpoints", cp["id"], "content", params={"path": "script.py"})
    assert json.loads(r.body)["type"] == "notebook"
