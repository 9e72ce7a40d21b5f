"""A variables restore loads only what this server's store wrote: a snapshot planted in the store with
right digests everywhere (as anyone able to write there could) is refused, and its pickle never runs."""

import pickle
import stat

import orjson
import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_checkpoints.store.attached import VARIABLES
from jupyterlab_checkpoints.store.attachments import attach

from .variables_fixtures import Variables, start_kernel


class Planted:
    """Runs code when unpickled: what a planted blob would do."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (exec, (f"open({self.marker!r}, 'w').write('ran')",))


@pytest.fixture
def variables(jp_fetch, api):
    return Variables(jp_fetch, api, "v.ipynb")


def plant(store, path: str, cid: str, marker: str, seal: str | None) -> None:
    blob = pickle.dumps(Planted(marker))
    digest, _ = store.objects.put(blob)
    index = {
        "format": 1, "created": "2026-12-07T00:00:00+00:00", "pickler": "pickle",
        "variables": [{"name": "planted", "type": "Planted", "size": len(blob), "hash": digest}],
        "modules": [], "skipped": [],
    }  # fmt: skip
    index_digest, _ = store.objects.put(orjson.dumps(index))
    summary = {"count": 1, "bytes": len(blob), **({"seal": seal} if seal else {})}
    attach(store, path, cid, VARIABLES, index_digest, summary)


@pytest.mark.parametrize("seal", [None, "0" * 64])
async def test_a_planted_snapshot_is_refused_and_never_unpickled(variables, jp_serverapp, jp_fetch, tmp_path, seal):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    cid = await variables.checkpoint()
    marker = tmp_path / "pickle-ran"
    plant(jp_serverapp.contents_manager.checkpoints.store, "v.ipynb", cid, str(marker), seal)
    with pytest.raises(HTTPClientError) as e:
        await variables.call("POST", cid, "restore", kernel=kernel.id)
    assert e.value.code == 409 and b"seal" in e.value.response.body
    assert not marker.exists()
    assert await kernel.defined("planted") == {"planted": False}


async def test_the_store_seals_its_own_snapshots_with_a_private_key(variables, jp_serverapp, jp_fetch, jp_data_dir):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("kept = [1, 2, 3]")
    cid = await variables.checkpoint()
    await variables.snapshot(cid, kernel.id)
    await kernel.run("del kept")
    assert (await variables.restore(cid, kernel.id))["restored"] == ["kept"]
    assert await kernel.run("", kept="kept") == {"kept": "[1, 2, 3]"}
    key = jp_data_dir / "checkpoints" / "variables-seal.key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600 and len(key.read_bytes()) == 32
