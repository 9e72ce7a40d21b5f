"""Damaged checkpoint records, on both backends: a record that no longer parses is listed as damaged,
kept by every later write, named by `verify` (`damaged_records`), stops collection, and can be
deleted. On object storage a record is an entry of the history's index object, and a whole index
that no longer parses refuses every change instead of being replaced (store/storage/s3/index.py).
"""

from __future__ import annotations

import json

import orjson
import pytest

from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.objects import DamagedRecord


def nb(*sources: str) -> bytes:
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
              "source": s} for i, s in enumerate(sources)]  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()


class Bucket:
    """The index object of one history in the test's bucket, read and overwritten as a stray program would."""

    def __init__(self, store, path: str):
        import boto3

        self.client = boto3.client("s3")
        storage = store.storage
        self.bucket, self.key = storage.bucket, storage._index_key(storage.history(path).rel)

    def read(self) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.key)["Body"].read()

    def write(self, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.key, Body=data)


@pytest.fixture(params=["local", "s3"])
def backend(request, tmp_path):
    if request.param == "s3":
        store = CheckpointStore(contents_root=str(tmp_path), url=request.getfixturevalue("s3_url"))
    else:
        store = CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / "s"), fsync=False)
    return request.param, store


def damage(kind: str, store, path: str, checkpoint_id: str) -> None:
    """Overwrite one checkpoint's record with bytes that no longer parse as one."""
    if kind == "local":
        (record,) = store.root.glob(f"tree/**/{checkpoint_id}.json")
        record.write_bytes(b'{"id": "' + checkpoint_id.encode() + b'", "content": ')
        return
    index = Bucket(store, path)
    raw = orjson.loads(index.read())
    raw["manifests"] = [
        {"id": checkpoint_id, "format": 1, "content": "cut short"} if m["id"] == checkpoint_id else m
        for m in raw["manifests"]
    ]
    index.write(orjson.dumps(raw))


def test_a_damaged_record_is_listed_kept_named_and_deletable(backend):
    kind, store = backend
    hurt = store.create("r.ipynb", nb("alpha only here")).id
    store.create("r.ipynb", nb("beta"))
    damage(kind, store, "r.ipynb", hurt)

    assert store.damaged_ids("r.ipynb") == [hurt]
    with pytest.raises(DamagedRecord):
        store.get("r.ipynb", hurt)
    # A later write of the same history keeps it (an index rewritten whole must not drop it).
    store.create("r.ipynb", nb("gamma"))
    assert store.damaged_ids("r.ipynb") == [hurt]
    assert [(area, path, cid) for area, path, cid in store.damaged_records()] == [("files", "r.ipynb", hurt)]
    assert store.gc(grace_seconds=0) == (0, 0) and "damaged" in store.gc_suspended

    store.delete("r.ipynb", hurt)
    assert store.damaged_ids("r.ipynb") == [] and store.damaged_records() == []
    assert len(store.list("r.ipynb")) == 2
    store.gc(grace_seconds=0)
    assert store.gc_suspended == ""


def test_a_broken_index_refuses_changes_and_loses_nothing(s3_url, tmp_path):
    store = CheckpointStore(contents_root=str(tmp_path), url=s3_url)
    store.create("b.ipynb", nb("one"))
    index = Bucket(store, "b.ipynb")
    broken = index.read()[:-20]  # cut short: no entry can be told
    index.write(broken)

    assert store.list("b.ipynb") == [] and store.damaged_ids("b.ipynb") == ["damaged-index"]
    with pytest.raises(DamagedRecord) as refused:
        store.create("b.ipynb", nb("two"))
    assert refused.value.reason == "damaged" and "damaged" in str(refused.value)
    assert index.read() == broken  # not replaced by the new checkpoint alone
    assert store.damaged_records() == [("files", "b.ipynb", "damaged-index")]

    store.delete("b.ipynb", "damaged-index")
    assert store.damaged_ids("b.ipynb") == []
    store.create("b.ipynb", nb("two"))
    assert len(store.list("b.ipynb")) == 1
