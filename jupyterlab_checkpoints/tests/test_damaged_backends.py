"""Damaged checkpoint records, on both backends: a record that no longer parses is listed as damaged,
kept by every later write, named by `verify` (`damaged_records`), stops collection, and can be
deleted. On object storage a record is an entry of the history's index object, and a whole index
that no longer parses refuses every change instead of being replaced (store/storage/s3/index.py).
"""

from __future__ import annotations

import pytest

from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.objects import DamagedRecord

from .backends import IndexObject, damage_record, nb


def test_a_damaged_record_is_listed_kept_named_and_deletable(store):
    hurt = store.create("r.ipynb", nb("alpha only here")).id
    store.create("r.ipynb", nb("beta"))
    damage_record(store, "r.ipynb", hurt)

    assert store.maintenance.damaged_ids("r.ipynb") == [hurt]
    with pytest.raises(DamagedRecord):
        store.get("r.ipynb", hurt)
    # A later write of the same history keeps it (an index rewritten whole must not drop it).
    store.create("r.ipynb", nb("gamma"))
    assert store.maintenance.damaged_ids("r.ipynb") == [hurt]
    maintenance = store.maintenance
    assert [(area, path, cid) for area, path, cid in maintenance.damaged_records()] == [("files", "r.ipynb", hurt)]
    assert store.maintenance.gc(grace_seconds=0) == (0, 0) and "damaged" in store.maintenance.gc_suspended

    store.delete("r.ipynb", hurt)
    assert store.maintenance.damaged_ids("r.ipynb") == [] and store.maintenance.damaged_records() == []
    assert len(store.list("r.ipynb")) == 2
    store.maintenance.gc(grace_seconds=0)
    assert store.maintenance.gc_suspended == ""


def test_a_broken_index_refuses_changes_and_loses_nothing(s3_url, tmp_path):
    store = CheckpointStore(contents_root=str(tmp_path), url=s3_url)
    store.create("b.ipynb", nb("one"))
    index = IndexObject(store, "b.ipynb")
    broken = index.read()[:-20]  # cut short: no entry can be told
    index.write(broken)

    assert store.list("b.ipynb") == [] and store.maintenance.damaged_ids("b.ipynb") == ["damaged-index"]
    with pytest.raises(DamagedRecord) as refused:
        store.create("b.ipynb", nb("two"))
    assert refused.value.reason == "damaged" and "damaged" in str(refused.value)
    assert index.read() == broken  # not replaced by the new checkpoint alone
    assert store.maintenance.damaged_records() == [("files", "b.ipynb", "damaged-index")]

    store.delete("b.ipynb", "damaged-index")
    assert store.maintenance.damaged_ids("b.ipynb") == []
    store.create("b.ipynb", nb("two"))
    assert len(store.list("b.ipynb")) == 1
