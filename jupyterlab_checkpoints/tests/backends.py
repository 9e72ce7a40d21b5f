"""Both backends for the store's tests: one fixture, `make_store`, run once on a local folder and once
on S3 (moto's server, a fresh bucket per test, tests/s3_fixtures.py), and the few things a test does to
stored data from outside the store (a piece lost, a record edited or cut short), written for each
backend once here so the tests themselves never ask which one they run on.

Loaded by conftest.py as a plugin: every test module can ask for `make_store` (a factory taking
CheckpointStore's keyword arguments) or `store` (one store made with the defaults).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from jupyterlab_checkpoints.store import CheckpointStore

BACKENDS = ["local", "s3"]


@pytest.fixture(params=BACKENDS)
def make_store(request, tmp_path):
    """`make(**kw)`: a CheckpointStore on this test's backend; stores made in one test share its data
    (one folder, one bucket), as two servers on one store do. `make.backend` names the backend."""

    def make(**kw) -> CheckpointStore:
        kw.setdefault("contents_root", str(tmp_path))
        if request.param == "s3":
            return CheckpointStore(url=request.getfixturevalue("s3_url"), **kw)
        return CheckpointStore(root_dir=str(tmp_path / "s"), fsync=False, **kw)

    make.backend = request.param
    return make


@pytest.fixture
def store(make_store) -> CheckpointStore:
    return make_store()


def on_s3(store) -> bool:
    return hasattr(store.objects, "bucket")


def lose_piece(store, digest: str) -> None:
    """Delete one piece as a stray program (or a failing disk) would: the store is not told."""
    objects = store.objects
    if on_s3(store):
        objects.client.delete_object(Bucket=objects.bucket, Key=objects.key(digest))
    else:
        objects.path(digest).unlink()


class IndexObject:
    """The index object of one history in the test's bucket (all its records), read and overwritten
    from outside the store."""

    def __init__(self, store, path: str):
        storage = store.storage
        self.client, self.bucket = storage.client, storage.bucket
        self.key = storage._index_key(storage.history(path).rel)

    def read(self) -> bytes:
        return self.client.get_object(Bucket=self.bucket, Key=self.key)["Body"].read()

    def write(self, data: bytes) -> None:
        self.client.put_object(Bucket=self.bucket, Key=self.key, Body=data)


def edit_record(store, path: str, checkpoint_id: str, edit: Callable[[dict], dict | bytes]) -> None:
    """Overwrite the stored record of one checkpoint of `path` with `edit(record)`: a record (dict) or,
    on a local disk, raw bytes."""
    if not on_s3(store):
        record = Path(store.storage.history(path)) / f"{checkpoint_id}.json"
        new = edit(orjson.loads(record.read_bytes()))
        record.write_bytes(new if isinstance(new, bytes) else orjson.dumps(new))
        return
    index = IndexObject(store, path)
    raw = orjson.loads(index.read())
    raw["manifests"] = [edit(m) if m["id"] == checkpoint_id else m for m in raw["manifests"]]
    index.write(orjson.dumps(raw))


def damage_record(store, path: str, checkpoint_id: str) -> None:
    """Make one checkpoint's record no longer parse as one: a file cut short on a local disk, an index
    entry without its fields on S3 (the index itself still parses)."""
    if on_s3(store):
        edit_record(store, path, checkpoint_id, lambda m: {"id": checkpoint_id, "format": 1, "content": "cut short"})
    else:
        edit_record(store, path, checkpoint_id, lambda m: b'{"id": "' + checkpoint_id.encode() + b'", "content": ')


def nb(*sources: str) -> bytes:
    """A small notebook of code cells, as a page would save it."""
    cells = [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {}, "outputs": [],
              "source": s} for i, s in enumerate(sources)]  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()
