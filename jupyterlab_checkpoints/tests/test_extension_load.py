"""Without the package's server config, loading the extension switches the checkpoints to the store."""

import json

import pytest

from jupyterlab_checkpoints.contents.checkpoints import StoreCheckpoints


@pytest.fixture
def jp_server_config(store_dir):
    # No ContentsManager.checkpoints_class: what a missing jupyter_server_config.d file looks like.
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "CheckpointStore": {"root_dir": str(store_dir), "fsync": False},
    }


async def test_extension_installs_its_checkpoints_class(jp_serverapp, jp_fetch, api):
    cm = jp_serverapp.contents_manager
    assert isinstance(cm.checkpoints, StoreCheckpoints)
    assert cm.checkpoints_class is StoreCheckpoints
    ids = await api.create_changed("a.ipynb", 3)
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", params={"path": "a.ipynb"})
    assert [m["id"] for m in json.loads(r.body)] == ids
