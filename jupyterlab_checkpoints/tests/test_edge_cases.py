"""Renames onto themselves, forged manifests, writes into the store, hidden files, odd PATCH bodies.
The store-level tests run on both backends (`store`: tests/backends.py)."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_checkpoints.store import NotFound

from .backends import edit_record


@pytest.fixture
def store_dir(jp_root_dir):
    return jp_root_dir / ".jupyter-checkpoints"


@pytest.fixture
def jp_server_config():
    # The default store location: inside the contents root, where a restore could aim at it.
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": {"fsync": False},
    }


def test_rename_onto_itself_keeps_the_history(store):
    ids = [store.create("a.txt", f"{i}".encode()).id for i in range(3)]
    store.moves.rename_all("a.txt", "a.txt")
    store.moves.move_one(ids[0], "a.txt", "a.txt")
    assert [m.id for m in store.list("a.txt")] == ids


def test_forged_digest_in_a_manifest_reads_nothing_outside_the_store(store, tmp_path):
    m = store.create("a.txt", b"x")
    (tmp_path / "secret").write_bytes(b"TOPSECRET")
    edit_record(store, "a.txt", m.id, lambda record: {**record, "content": {"blob": "../../../secret"}})
    with pytest.raises(NotFound, match="missing or damaged"):
        store.read_bytes(store.get("a.txt", m.id))


async def test_restore_of_a_deleted_file_cannot_write_into_the_store(api, jp_fetch, store_dir):
    await api.put_text("y.txt", "forged")
    m = await api.create("y.txt")
    await jp_fetch("api", "contents", "y.txt", method="DELETE")
    before = sorted(p.relative_to(store_dir) for p in store_dir.rglob("*"))
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(
            "jupyterlab-checkpoints", "deleted", "restore", method="POST",
            body=json.dumps({"path": "y.txt", "id": m["id"], "target": ".jupyter-checkpoints/tree/x.json"}),
        )  # fmt: skip
    assert 400 <= e.value.code < 500
    assert sorted(p.relative_to(store_dir) for p in store_dir.rglob("*")) == before


async def test_patch_refuses_null_values_and_the_legacy_checkpoint(api):
    await api.put_text("p.txt", "x")
    m = await api.create("p.txt")
    for cid, body in ((m["id"], {"label": None}), (m["id"], {"pinned": None}), ("legacy", {"label": "x"})):
        with pytest.raises(HTTPClientError) as e:
            await api.patch("p.txt", cid, **body)
        assert e.value.code == 400
        assert json.loads(e.value.response.body)["message"]
