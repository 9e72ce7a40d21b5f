"""Clean Up Checkpoints (store/cleanup.py): says what it would free, frees exactly that, and never a pinned
or a listed checkpoint, with creates running at the same time. Tests that age the store's files or
count them stay on the local disk (each says why); the rest run on both backends (tests/backends.py)."""

import asyncio
import json
import threading
import time

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_checkpoints.store import CheckpointStore

from .conftest import notebook
from .test_disk_usage import age_deletions, age_objects, figures, nb_bytes, on_disk


def open_store(tmp_path, **kw):
    return CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / "s"), fsync=False, **kw)


def readable(store, path, held):
    """Every listed checkpoint of `path` gives back the bytes it was made from."""
    listed = store.list(path)
    assert listed
    for m in listed:
        assert store.read_bytes(m) == held[m.id], (path, m.id)
    return listed


# Local only: ages pieces and deletions by their files' times and checks against the files walked
# (on_disk); object storage's clock cannot be moved: test_s3_cleanup.py waits out a short grace instead.
def test_cleanup_frees_exactly_what_it_planned(tmp_path):
    store = open_store(tmp_path)
    held = {}

    def create(path, raw, **kw):
        m = store.create(path, raw, **kw)
        held[m.id] = raw
        return m

    for i in range(12):
        create("keep.ipynb", nb_bytes(i))  # retention drops two: their own pieces become unreferenced
    store.delete("keep.ipynb", store.list("keep.ipynb")[0].id)
    create("old.ipynb", nb_bytes(11))  # the same content as a kept checkpoint: shared pieces stay
    create("old.ipynb", nb_bytes("old only"))
    create("oldpinned.ipynb", nb_bytes("pinned"), pinned=True)
    create("oldpinned.ipynb", nb_bytes("beside the pin"))
    create("olddir/free.txt", b"free me")
    create("olddir/pinned.txt", b"never", pinned=True)
    for path in ("old.ipynb", "oldpinned.ipynb", "olddir"):
        store.deleted.add(path)
    age_deletions(store.root, 10)
    create("recent.ipynb", nb_bytes("recent"))
    store.deleted.add("recent.ipynb")
    age_objects(store.root)

    plan = store.cleanup.plan(7)
    assert sorted(d["path"] for d in plan["deleted"]) == ["old.ipynb", "olddir/free.txt"]
    assert sorted(d["path"] for d in plan["pinned_kept"]) == ["olddir/pinned.txt", "oldpinned.ipynb"]
    assert plan["unreferenced"]["objects"] > 0 and plan["waiting"]["objects"] == 0
    assert plan["bytes"] == plan["unreferenced"]["bytes"] + sum(d["bytes"] for d in plan["deleted"])
    before = on_disk(store.root)
    assert store.cleanup.plan(7) == plan and on_disk(store.root) == before  # a plan changes nothing

    done = store.cleanup.run(7)
    after = on_disk(store.root)
    assert done["freed_bytes"] == plan["bytes"] == before["bytes"] - after["bytes"]
    assert done["objects_removed"] == before["objects"] - after["objects"]
    assert done["histories_removed"] == 2
    assert figures(store) == after
    readable(store, "keep.ipynb", held)
    deleted = {d["path"]: d for d in store.deleted.list()}
    assert sorted(deleted) == ["olddir/pinned.txt", "oldpinned.ipynb", "recent.ipynb"]
    for path, d in deleted.items():
        for cp in d["checkpoints"]:
            m, _ = store.deleted.find(path, cp["id"])
            assert store.read_bytes(m) == held[m.id]
    assert len(deleted["oldpinned.ipynb"]["checkpoints"]) == 2  # the unpinned one beside the pin stays too
    assert store.cleanup.plan(7)["bytes"] == 0


def test_pieces_a_create_may_still_use_wait_for_the_grace_period(make_store):  # both backends
    store = make_store()
    for i in range(12):
        store.create("a.ipynb", nb_bytes(i))
    plan = store.cleanup.plan()
    assert plan["unreferenced"]["objects"] == 0 and plan["bytes"] == 0
    assert plan["waiting"]["objects"] > 0 and plan["waiting"]["bytes"] > 0
    # Every piece stored, walked through the storage contract (store totals are not kept on S3).
    before = store.storage.whole.piece_figures()
    assert store.cleanup.run()["freed_bytes"] == 0 and store.storage.whole.piece_figures() == before
    assert len(store.list("a.ipynb")) == 10 and store.cleanup.plan()["waiting"] == plan["waiting"]


# Local only: the pieces are aged by their files' times (age_objects); the same race on object storage
# is test_s3_cleanup.py's test_creates_during_the_cleanup_keep_their_pieces.
def test_cleanup_never_removes_a_listed_checkpoint_while_creates_run(tmp_path):
    """Two processes' worth of stores on one folder; the cleaner with no grace period at all, so only its
    locks keep the creates' pieces alive. The creates cycle through 13 contents (10 kept): most of what
    they store is old pieces retention had dropped, the very ones the clean-up is removing."""
    creator, cleaner = open_store(tmp_path), open_store(tmp_path, gc_grace_seconds=0)
    held, errors, done = {}, [], threading.Event()
    pinned = creator.create("w0.ipynb", nb_bytes("pinned"), pinned=True)
    held[pinned.id] = nb_bytes("pinned")
    for w in range(3):
        for i in range(13):
            creator.create(f"w{w}.ipynb", nb_bytes(f"{w}-{i}", cells=6))
    age_objects(creator.root)

    def create(worker):
        try:
            for i in range(40):
                raw = nb_bytes(f"{worker}-{i % 13}", cells=6)
                m = creator.create(f"w{worker}.ipynb", raw)
                held[m.id] = raw
                if i % 7 == 3:
                    oldest = next(m for m in creator.list(f"w{worker}.ipynb") if not m.pinned)
                    creator.delete(f"w{worker}.ipynb", oldest.id)
        except Exception as e:  # reported below
            errors.append(e)

    def clean():
        try:
            while not done.is_set():
                cleaner.cleanup.run(0)
        except Exception as e:
            errors.append(e)

    workers = [threading.Thread(target=create, args=(w,)) for w in range(3)]
    sweeper = threading.Thread(target=clean)
    sweeper.start()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    done.set()
    sweeper.join()
    assert errors == []
    for w in range(3):
        readable(creator, f"w{w}.ipynb", held)
    assert pinned.id in {m.id for m in creator.list("w0.ipynb")}
    cleaner.cleanup.run(0)
    for w in range(3):
        readable(creator, f"w{w}.ipynb", held)
    assert figures(creator) == figures(cleaner) == on_disk(creator.root)


async def cleanup_get(jp_fetch, days):
    r = await jp_fetch("jupyterlab-checkpoints", "cleanup", params={"deleted_older_than_days": str(days)})
    return json.loads(r.body)


async def cleanup_post(jp_fetch, body):
    r = await jp_fetch("jupyterlab-checkpoints", "cleanup", method="POST", body=json.dumps(body))
    return json.loads(r.body)


async def test_cleanup_endpoints_plan_then_free(api, jp_fetch, store_dir):
    for path in ("keep.ipynb", "gone.ipynb"):
        await api.create_changed(path, 12)
    await jp_fetch("api", "contents", "gone.ipynb", method="DELETE")
    age_deletions(store_dir, 10)
    age_objects(store_dir)
    before = on_disk(store_dir)
    plan = await cleanup_get(jp_fetch, 7)
    assert on_disk(store_dir) == before
    assert [d["path"] for d in plan["deleted"]] == ["gone.ipynb"] and plan["deleted"][0]["bytes"] > 0
    assert plan["unreferenced"]["objects"] > 0 and plan["bytes"] > plan["unreferenced"]["bytes"]
    assert (await cleanup_get(jp_fetch, 30))["deleted"] == []  # not deleted long enough ago
    only_pieces = json.loads((await jp_fetch("jupyterlab-checkpoints", "cleanup")).body)
    assert only_pieces["deleted"] == [] and only_pieces["bytes"] == plan["unreferenced"]["bytes"]
    held = {}
    for m in await api.list("keep.ipynb"):
        r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", m["id"], "content", params={"path": "keep.ipynb"})
        held[m["id"]] = json.loads(r.body)["content"]

    async def create(i):
        await api.put_notebook(f"new{i}.ipynb", notebook(["x"], seed=f"during {i}"))
        return await api.create(f"new{i}.ipynb")

    done, *created = await asyncio.gather(
        cleanup_post(jp_fetch, {"deleted_older_than_days": 7}), *map(create, range(4))
    )
    assert done["freed_bytes"] == plan["bytes"] and done["histories_removed"] == 1
    assert done["objects_removed"] > 0
    info = json.loads((await jp_fetch("jupyterlab-checkpoints", "info")).body)
    assert info["store"]["bytes"] == on_disk(store_dir)["bytes"]
    for i, m in enumerate(created):
        r = await jp_fetch(
            "jupyterlab-checkpoints", "checkpoints", m["id"], "content", params={"path": f"new{i}.ipynb"}
        )
        assert json.loads(r.body)["content"]["metadata"]["seed"] == f"during {i}"
    for cid, content in held.items():
        r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", cid, "content", params={"path": "keep.ipynb"})
        assert json.loads(r.body)["content"] == content
    assert json.loads((await jp_fetch("jupyterlab-checkpoints", "deleted")).body) == []


async def test_cleanup_refuses_bad_input_and_changes_nothing(api, jp_fetch, store_dir):
    await api.create_changed("a.ipynb", 12)
    await jp_fetch("api", "contents", "a.ipynb", method="DELETE")
    age_objects(store_dir)
    before = on_disk(store_dir)
    for days in ("abc", "-1", "nan", "inf", "1e9"):
        with pytest.raises(HTTPClientError) as e:
            await cleanup_get(jp_fetch, days)
        assert e.value.code == 400 and "deleted_older_than_days" in json.loads(e.value.response.body)["message"]
    for body in ("[]", "nope", '{"deleted_older_than_days": "7"}', '{"deleted_older_than_days": true}',
                 '{"x": 1}', '{"deleted_older_than_days": -3}', '{"deleted_older_than_days": 1e999}'):  # fmt: skip
        with pytest.raises(HTTPClientError) as e:
            await jp_fetch("jupyterlab-checkpoints", "cleanup", method="POST", body=body)
        assert e.value.code == 400 and json.loads(e.value.response.body)["message"], body
    assert on_disk(store_dir) == before
    assert len(json.loads((await jp_fetch("jupyterlab-checkpoints", "deleted")).body)) == 1


def dropped_content(store, path) -> bytes:
    """A content whose checkpoint retention dropped, its pieces old and referred to by nothing."""
    for i in range(11):
        store.create(path, nb_bytes(f"cycle-{i}"))
    age_objects(store.root)
    assert store.cleanup.plan()["unreferenced"]["objects"] > 0
    return nb_bytes("cycle-0")


# Local only: the dropped pieces are aged by their files' times (age_objects); on object storage:
# test_s3_cleanup.py's test_a_piece_another_server_reuses_after_the_plan_is_spared.
def test_a_piece_reused_after_the_plan_is_spared(tmp_path, monkeypatch):
    creator, cleaner = open_store(tmp_path), open_store(tmp_path, gc_grace_seconds=0)
    raw = dropped_content(creator, "a.ipynb")
    planned, go = threading.Event(), threading.Event()
    plan = cleaner.cleanup._make_plan

    def plan_then_wait(*args):
        result = plan(*args)
        planned.set()
        go.wait(10)
        return result

    monkeypatch.setattr(cleaner.cleanup, "_make_plan", plan_then_wait)
    sweeper = threading.Thread(target=cleaner.cleanup.run)
    sweeper.start()
    assert planned.wait(10)
    m = creator.create("a.ipynb", raw)  # reuses the planned pieces, touching them
    go.set()
    sweeper.join()
    assert creator.read_bytes(m) == raw


# Local only: the one-second margin between a piece's file time and its manifest is the local disk's
# (a bucket holds nothing for a clean-up: storage/s3/cleanup.py).
def test_a_create_under_way_when_the_cleanup_starts_keeps_its_pieces(tmp_path, monkeypatch):
    """A create slower than the one-second margin between its pieces and its manifest (a big notebook on
    a slow disk): the clean-up waits for it before it reads the store."""
    creator, cleaner = open_store(tmp_path), open_store(tmp_path, gc_grace_seconds=0)
    raw = dropped_content(creator, "a.ipynb")
    stored = threading.Event()
    write = creator.write

    def slow_write(history, manifest):
        stored.set()
        time.sleep(2.5)
        write(history, manifest)

    monkeypatch.setattr(creator, "write", slow_write)
    made = []
    maker = threading.Thread(target=lambda: made.append(creator.create("a.ipynb", raw)))
    maker.start()
    assert stored.wait(10)
    time.sleep(1.2)  # its pieces were touched more than the margin ago
    cleaner.cleanup.run()
    maker.join()
    assert creator.read_bytes(made[0]) == raw
