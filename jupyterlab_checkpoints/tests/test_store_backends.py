"""The store's behaviour, run against both backends: a local folder and S3 (moto's server).

Everything the store decides (dedup, retention, pins, labels, restore, renames, deletes, hostile
input) is shared logic; these tests check it holds whichever storage is underneath (`make_store`,
`store`: tests/backends.py).
"""

from __future__ import annotations

import pytest

from jupyterlab_checkpoints.store import Conflict, InvalidInput, NotFound

from .backends import nb


def test_create_list_read_round_trip(store):
    a = store.create("d/a.ipynb", nb("x = 1", "y = 2"), kind="manual", label="first")
    b = store.create("d/a.ipynb", nb("x = 1", "y = 3"))
    t = store.create("notes.txt", b"hello")
    assert [m.id for m in store.list("d/a.ipynb")] == [a.id, b.id]
    assert store.get("/d/a.ipynb/", a.id).label == "first"
    assert store.read_bytes(store.get("d/a.ipynb", b.id)) == nb("x = 1", "y = 3")
    assert store.read_bytes(t) == b"hello" and not store.is_notebook(t) and store.is_notebook(a)
    assert store.list("other.ipynb") == []


def test_unchanged_create_takes_no_slot_and_upgrades_kind(store):
    first = store.create("a.ipynb", nb("x"))
    again = store.create("a.ipynb", nb("x"), kind="manual", label="mine")
    assert again.id == first.id and again.extra.get("unchanged")
    [only] = store.list("a.ipynb")
    assert (only.kind, only.label) == ("manual", "mine")


def test_retention_drops_oldest_automatic_first(make_store):
    store = make_store(max_unpinned=3, keep_hourly=0, keep_daily=0, keep_weekly=0)  # the rule alone, no tiers
    manual = store.create("a.ipynb", nb("m"), kind="manual")
    saves = [store.create("a.ipynb", nb(f"s{i}")).id for i in range(4)]
    assert [m.id for m in store.list("a.ipynb")] == [manual.id, *saves[-2:]]


def test_pins_labels_and_limits(make_store):
    store = make_store(max_pinned=2, max_unpinned=2)
    ids = [store.create("a.ipynb", nb(f"v{i}")).id for i in range(2)]
    store.update("a.ipynb", ids[0], pinned=True, label="keep")
    store.create("a.ipynb", nb("v2"), pinned=True)
    with pytest.raises(Conflict):
        store.update("a.ipynb", ids[1], pinned=True)
    with pytest.raises(Conflict):
        store.create("a.ipynb", nb("v3"), pinned=True)
    for i in range(3, 6):
        store.create("a.ipynb", nb(f"w{i}"))
    listed = store.list("a.ipynb")
    assert sum(m.pinned for m in listed) == 2 and sum(not m.pinned for m in listed) == 2
    assert store.get("a.ipynb", ids[0]).label == "keep"
    # Unpinning past the limit drops it at once, and says so.
    assert store.update("a.ipynb", ids[0], pinned=False).extra.get("dropped")


def test_delete_one(store):
    a = store.create("a.ipynb", nb("1"))
    b = store.create("a.ipynb", nb("2"))
    store.delete("a.ipynb", a.id)
    assert [m.id for m in store.list("a.ipynb")] == [b.id]
    with pytest.raises(NotFound):
        store.delete("a.ipynb", a.id)
    with pytest.raises(NotFound):
        store.get("a.ipynb", a.id)


def test_restore_keeps_the_replaced_state_and_records_it(store):
    old = store.create("a.ipynb", nb("old"))
    doc = {"raw": nb("current, never checkpointed")}

    def write(raw):
        doc["raw"] = raw

    result = store.restore("a.ipynb", old.id, lambda: doc["raw"], write)
    assert doc["raw"] == nb("old")
    kinds = [m.kind for m in store.list("a.ipynb")]
    assert kinds == ["save", "before-restore", "rollback"]
    assert store.read_bytes(result.kept) == nb("current, never checkpointed")


def test_failed_document_write_changes_nothing(store):
    old = store.create("a.ipynb", nb("old"))

    def write(raw):
        raise OSError("disk gone")

    with pytest.raises(OSError):
        store.restore("a.ipynb", old.id, lambda: nb("now"), write)
    assert [m.id for m in store.list("a.ipynb")] == [old.id]


def test_moves_follow_files_and_folders(store):
    one = store.create("a.ipynb", nb("1"))
    store.create("a.ipynb", nb("2"))
    store.moves.move_one(one.id, "a.ipynb", "b.ipynb")
    assert [m.id for m in store.list("b.ipynb")] == [one.id]
    store.moves.rename_all("a.ipynb", "c.ipynb")
    assert store.list("a.ipynb") == [] and len(store.list("c.ipynb")) == 1
    store.create("dir/sub/x.ipynb", nb("x"))
    store.create("dir/y.txt", b"y")
    store.moves.rename_all("dir", "moved")
    assert store.list("dir/sub/x.ipynb") == [] and len(store.list("moved/sub/x.ipynb")) == 1
    assert store.read_bytes(store.list("moved/y.txt")[0]) == b"y"
    # The whole store names them where they are now (verify, stats): the same on both backends.
    from jupyterlab_checkpoints.store.inventory import histories

    assert sorted(h.path for h in histories(store)) == ["b.ipynb", "c.ipynb", "moved/sub/x.ipynb", "moved/y.txt"]


def test_rename_onto_a_history_merges_under_the_limit(make_store):
    store = make_store(max_unpinned=3)
    for i in range(3):
        store.create("a.ipynb", nb(f"a{i}"))
        store.create("b.ipynb", nb(f"b{i}"))
    store.moves.rename_all("a.ipynb", "b.ipynb")
    assert len(store.list("b.ipynb")) == 3 and store.list("a.ipynb") == []


def test_deleted_files_are_kept_listed_and_recovered(store):
    kept = store.create("gone.ipynb", nb("1"))
    inside = store.create("dir/inside.ipynb", nb("2"))
    store.deleted.add("gone.ipynb")
    store.deleted.add("dir")
    assert store.list("gone.ipynb") == [] and store.list("dir/inside.ipynb") == []
    deleted = {d["path"]: [c["id"] for c in d["checkpoints"]] for d in store.deleted.list()}
    assert deleted == {"gone.ipynb": [kept.id], "dir/inside.ipynb": [inside.id]}
    # A new file of the same name starts a new history; recovering gives the old one back beside it.
    new = store.create("gone.ipynb", nb("new"))
    m, history = store.deleted.find("gone.ipynb", kept.id)
    assert store.read_bytes(m) == nb("1")
    store.deleted.adopt(history, "gone.ipynb")
    assert [x.id for x in store.list("gone.ipynb")] == [kept.id, new.id]
    assert [d["path"] for d in store.deleted.list()] == ["dir/inside.ipynb"]
    with pytest.raises(NotFound):
        store.deleted.find("gone.ipynb", kept.id)


def test_deleted_files_expire(make_store):
    store = make_store(deleted_retention_days=0)
    store.create("gone.ipynb", nb("1"))
    store.deleted.add("gone.ipynb")
    assert store.deleted.list() == []


@pytest.mark.parametrize("path", ["../x.ipynb", "a/../../x", "", "/", "a//b", "a\x00b"])
def test_hostile_paths_refused(store, path):
    with pytest.raises(InvalidInput):
        store.create(path, b"x")


@pytest.mark.parametrize("cid", ["../../format", "a/b", "", "x" * 65, "é"])
def test_hostile_ids_refused(store, cid):
    store.create("a.ipynb", nb("1"))
    with pytest.raises(InvalidInput):
        store.get("a.ipynb", cid)
    with pytest.raises(InvalidInput):
        store.update("a.ipynb", cid, label="x")


def test_hostile_labels_refused_and_nothing_changes(store):
    m = store.create("a.ipynb", nb("1"), label="ok")
    for label in ["x" * 201, "bell\x07", 5]:
        with pytest.raises(InvalidInput):
            store.update("a.ipynb", m.id, label=label)
    assert store.get("a.ipynb", m.id).label == "ok"


def test_long_paths_still_have_a_history(store):
    deep = "/".join(["d" * 200] * 8) + "/f.ipynb"
    m = store.create(deep, nb("deep"))
    assert [x.id for x in store.list(deep)] == [m.id]


def test_collection_removes_only_what_no_checkpoint_refers_to(store):
    gone = store.create("a.ipynb", nb("only here"))
    kept = store.create("a.ipynb", nb("kept"))
    store.create("b.txt", b"text")
    store.delete("a.ipynb", gone.id)
    removed, freed = store.maintenance.gc(grace_seconds=0)
    assert removed >= 1 and freed > 0
    assert store.read_bytes(kept) == nb("kept") and store.read_bytes(store.list("b.txt")[0]) == b"text"
    assert store.maintenance.gc(grace_seconds=0) == (0, 0)


@pytest.mark.parametrize("path", ["a\x01b/c d%20?#.ipynb", "é/ü/🙂.txt", "x/\x7f/&amp;<z>.txt"])
def test_unusual_names_keep_their_history_through_renames_and_deletes(store, path):
    m = store.create(path, b"data")
    top = path.split("/")[0]
    store.moves.rename_all(top, "moved" + top)
    assert [x.id for x in store.list("moved" + path)] == [m.id]
    store.deleted.add("moved" + top)
    assert [d["path"] for d in store.deleted.list()] == ["moved" + path]


def test_cleanup_frees_old_deletions_and_keeps_a_pinned_history(make_store):
    import time

    store = make_store(gc_grace_seconds=0)
    store.create("gone.ipynb", nb("gone 1"))
    store.create("gone.ipynb", nb("gone 2"))
    store.create("dir/a.ipynb", nb("a"))
    pinned = store.create("dir/p.ipynb", nb("p"), pinned=True)
    kept = store.create("keep.ipynb", nb("keep"))
    store.deleted.add("gone.ipynb")
    store.deleted.add("dir")
    time.sleep(1.1)  # past the grace period (0) and the clean-up's own second
    plan = store.cleanup.plan(0)
    assert sorted(d["path"] for d in plan["deleted"]) == ["dir/a.ipynb", "gone.ipynb"]
    assert [d["path"] for d in plan["pinned_kept"]] == ["dir/p.ipynb"]
    assert plan["unreferenced"]["objects"] == 0 and plan["bytes"] == sum(d["bytes"] for d in plan["deleted"])
    done = store.cleanup.run(0)
    assert done["freed_bytes"] == plan["bytes"] and done["histories_removed"] == 2 and done["objects_removed"] > 0
    assert [d["path"] for d in store.deleted.list()] == ["dir/p.ipynb"]  # its deletion record stays
    m, _ = store.deleted.find("dir/p.ipynb", pinned.id)
    assert store.read_bytes(m) == nb("p") and store.read_bytes(kept) == nb("keep")
    assert store.cleanup.plan(0)["bytes"] == 0
    # One file's figure, the same on both backends: the distinct pieces its checkpoints refer to.
    from jupyterlab_checkpoints.store.snapshot import referenced_objects

    figure = store.maintenance.info("keep.ipynb")["file"]
    assert figure["objects"] == len(set(referenced_objects(store.objects, kept.content))) > 1
    assert figure["bytes"] > sum(len(store.objects.get(d)) for d in referenced_objects(store.objects, kept.content))
