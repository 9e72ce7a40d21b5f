"""The whole store on S3 (moto's server), as `verify`, `stats` and collection read it: every history of
the three areas (existing files', deleted files', folders'), including one whose index holds only
damaged entries and one whose index does not parse at all (store/storage/s3/inventory.py); and the
trash as the storage contract names it (store/storage/s3/trash.py)."""

from __future__ import annotations

import json

import orjson
import pytest

from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.manifest import Manifest

pytest.importorskip("moto")


def nb(source: str) -> bytes:
    cell = {"cell_type": "code", "execution_count": None, "id": "c", "metadata": {}, "outputs": [], "source": source}
    return json.dumps({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def overwrite_index(storage, history, transform) -> None:
    """Replace one history's index object as a stray program would."""
    key = storage._index_key(history.rel, history.area)
    raw = storage.client.get_object(Bucket=storage.bucket, Key=key)["Body"].read()
    storage.client.put_object(Bucket=storage.bucket, Key=key, Body=transform(raw))


def test_whole_histories_lists_every_area_and_histories_holding_only_damaged_entries(s3_url, tmp_path):
    store = CheckpointStore(contents_root=str(tmp_path), url=s3_url)
    storage = store.storage
    kept = store.create("dir/kept.ipynb", nb("kept")).id
    hurt = store.create("hurt.ipynb", nb("only one")).id
    store.create("cut.ipynb", nb("cut short"))
    gone = store.create("gone.ipynb", nb("deleted")).id
    store.deleted.add("gone.ipynb")
    folder = storage.folder_history("proj")
    with storage.locks(folder):
        storage.write(folder, Manifest("f1", "proj", "2026-01-01T00:00:00+00:00", "manual", 0, {"files": {}}))

    def damage_entry(raw: bytes) -> bytes:
        index = orjson.loads(raw)
        index["manifests"] = [{"id": hurt, "format": 1, "content": "not a manifest"}]
        return orjson.dumps(index)

    overwrite_index(storage, storage.history("hurt.ipynb"), damage_entry)
    overwrite_index(storage, storage.history("cut.ipynb"), lambda raw: raw[:-20])

    listed = {
        (area, path): ([m.id for m in manifests], damaged, size > 0)
        for area, _history, path, manifests, damaged, size in storage.whole.histories()
    }
    assert listed == {
        ("files", "dir/kept.ipynb"): ([kept], [], True),
        ("files", "hurt.ipynb"): ([], [hurt], True),
        ("files", "cut.ipynb"): ([], ["damaged-index"], True),
        ("deleted", "gone.ipynb"): ([gone], [], True),
        ("folders", "proj"): (["f1"], [], True),
    }
    # Reading the whole store takes no lock on object storage.
    with storage.scanning():
        assert storage.whole.piece_figures()[0] == len(list(storage.whole.pieces())) > 0


def test_the_trash_moves_in_lists_files_holding_only_damaged_entries_and_purges(s3_url, tmp_path):
    import datetime as dt

    store = CheckpointStore(contents_root=str(tmp_path), url=s3_url)
    storage = store.storage
    when = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)
    assert storage.trash.move_in("never.ipynb", when) is False
    assert storage.trash.entries() == []

    store.create("dir/a.ipynb", nb("a"))
    hurt = store.create("dir/b.ipynb", nb("b")).id
    overwrite_index(
        storage,
        storage.history("dir/b.ipynb"),
        lambda raw: orjson.dumps({**orjson.loads(raw), "manifests": [{"id": hurt, "format": 1, "content": 0}]}),
    )
    assert storage.trash.move_in("dir", when) is True

    [(entry, origin)] = storage.trash.entries()
    assert origin == {"path": "dir", "is_dir": True, "deleted": when.isoformat()}
    files = dict(storage.trash.files(entry, origin))
    assert sorted(files) == ["dir/a.ipynb", "dir/b.ipynb"]  # b's path from its history's name
    assert storage.damaged(files["dir/b.ipynb"]) == [hurt]

    assert storage.trash.purge([entry]) == 2  # a's checkpoint and b's damaged entry
    assert storage.trash.entries() == [] and list(storage.whole.histories()) == []
