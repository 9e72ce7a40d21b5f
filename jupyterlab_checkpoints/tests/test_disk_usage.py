"""What the store takes on disk (store/storage/local/usage.py): figures that match the files, kept without walking the
store per request, right again after a process dies between a change and its count."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.storage.local.usage import Usage

from .conftest import notebook


def nb_bytes(seed, cells=4) -> bytes:
    nb = notebook([f"x = {i}" for i in range(cells)], seed=str(seed))
    nb["cells"][0]["source"] = f"seed = {seed!r}"
    return json.dumps(nb, indent=1).encode()


def on_disk(root: Path) -> dict:
    """The store's figures walked from the files, independently of usage.py."""
    objects = [f for f in (root / "objects").rglob("*") if f.is_file()]
    records = [f for base in ("tree", "trash") for f in (root / base).rglob("*.json")]
    manifests = [f for f in records if f.parent.parent != root / "trash"]  # not a deletion record
    return {
        "objects": len(objects),
        "object_bytes": sum(f.stat().st_size for f in objects),
        "manifests": len(manifests),
        "manifest_bytes": sum(f.stat().st_size for f in records),
        "files": len({f.parent for f in manifests}),
        "bytes": sum(f.stat().st_size for f in objects + records),
    }


def figures(store) -> dict:
    info = store.maintenance.info()
    return {k: info[k] for k in ("objects", "object_bytes", "manifests", "manifest_bytes", "files", "bytes")}


def age_deletions(root: Path, days):
    """Make every deletion `days` old (same record length, so the figures stay those of the disk)."""
    for origin_file in (root / "trash").glob("*/origin.json"):
        origin = json.loads(origin_file.read_text())
        when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
        origin["deleted"] = when.replace(microsecond=123456).isoformat()
        new = json.dumps(origin, separators=(",", ":")).encode()
        assert len(new) == origin_file.stat().st_size
        origin_file.write_bytes(new)


def age_objects(root: Path, seconds=7200):
    """Older than the collection's grace period, as the pieces of a store in use for a while are."""
    for f in (root / "objects").rglob("*"):
        if f.is_file():
            st = f.stat()
            os.utime(f, (st.st_atime - seconds, st.st_mtime - seconds))


@pytest.fixture
def store(tmp_path):
    return CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / "s"), fsync=False)


def test_figures_match_the_disk_through_every_change(store, tmp_path):
    def check(step):
        assert figures(store) == on_disk(store.root), step

    for i in range(13):
        store.create("a.ipynb", nb_bytes(i))
        store.create("dir/b.ipynb", nb_bytes(i % 3))
        store.create("dir/sub/c.txt", f"text {i}".encode())
    check("creates, retention")
    store.create("a.ipynb", nb_bytes(12))
    check("unchanged create")
    ids = [m.id for m in store.list("a.ipynb")]
    store.update("a.ipynb", ids[0], label="a much longer label than before", pinned=True)
    store.update("a.ipynb", ids[0], label="")
    store.update("a.ipynb", ids[0], pinned=False)
    check("label, pin, unpin")
    store.delete("a.ipynb", ids[3])
    check("delete one")
    (tmp_path / "a.ipynb").write_bytes(nb_bytes("current"))

    def read():
        return (tmp_path / "a.ipynb").read_bytes()

    def write(raw):
        (tmp_path / "a.ipynb").write_bytes(raw)

    store.restore("a.ipynb", ids[1], read, write)
    check("restore")
    write(nb_bytes("unsaved"))

    def refuse(raw):
        raise PermissionError("read-only")

    with pytest.raises(PermissionError):
        store.restore("a.ipynb", ids[2], read, refuse)  # its before-restore entry is written, then removed
    check("refused restore")
    store.moves.move_one(ids[4], "a.ipynb", "moved.ipynb")
    check("one checkpoint moved")
    store.moves.rename_all("dir", "renamed")
    check("folder renamed")
    store.deleted.add("renamed/sub/c.txt")
    store.deleted.add("renamed")
    check("file and folder deleted")
    manifest, history = store.deleted.find("renamed/b.ipynb", store.deleted.list()[0]["checkpoints"][0]["id"])
    store.deleted.adopt(history, "renamed/b.ipynb")
    check("deleted file recovered")
    removed, freed = store.maintenance.gc(grace_seconds=0)
    assert removed and freed
    check("collection")
    store.deleted_retention_days = 1
    age_deletions(store.root, 2)
    store.deleted.list()  # purges expired deletions
    assert store.deleted.list() == []
    check("expired deletions purged")


def test_a_file_figure_is_what_its_checkpoints_hold(tmp_path):
    def fresh(name):
        return CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / name), fsync=False)

    def manifest_bytes(folder):
        return sum(f.stat().st_size for f in folder.rglob("*.json") if f.name != "origin.json")

    both, only_a, only_b = fresh("both"), fresh("a"), fresh("b")
    for i in range(4):
        # The two files share pieces (the same cells): each file's figure counts them.
        both.create("a.ipynb", nb_bytes(i))
        both.create("b.ipynb", nb_bytes(i + 10))
        only_a.create("a.ipynb", nb_bytes(i))
        only_b.create("b.ipynb", nb_bytes(i + 10))
    figure = both.maintenance.info("a.ipynb")["file"]
    # Its pieces are what a store holding only this file holds; plus its own manifests.
    assert figure["bytes"] == on_disk(only_a.root)["object_bytes"] + manifest_bytes(both.history_of("a.ipynb"))
    assert figure["objects"] == on_disk(only_a.root)["objects"]
    assert figure["checkpoints"] == 4 and figure["path"] == "a.ipynb"
    shared = figure["bytes"] + both.maintenance.info("b.ipynb")["file"]["bytes"] - figures(both)["bytes"]
    assert shared > 0
    both.create("a.ipynb", nb_bytes(99))
    assert both.maintenance.info("a.ipynb")["file"]["checkpoints"] == 5  # not a stale cached figure
    assert both.maintenance.info("a.ipynb")["file"]["bytes"] > figure["bytes"]
    nothing = {"path": "nothing.txt", "bytes": 0, "objects": 0, "checkpoints": 0}
    assert both.maintenance.info("nothing.txt")["file"] == nothing
    both.deleted.add("b.ipynb")
    (entry,) = both.deleted.list()
    assert entry["bytes"] == on_disk(only_b.root)["object_bytes"] + manifest_bytes(both.root / "trash")


def test_info_does_not_walk_the_store(store, monkeypatch):
    for i in range(5):
        store.create(f"f{i}.ipynb", nb_bytes(i))
    store.maintenance.info()  # the first read of a new store's total (it has one already: no recount)

    def walked(*args, **kwargs):
        raise AssertionError("the store was walked")

    monkeypatch.setattr(Usage, "count", walked)
    monkeypatch.setattr(os, "walk", walked)
    for i in range(5):
        store.create(f"f{i}.ipynb", nb_bytes(i + 100))
        store.maintenance.info(f"f{i}.ipynb")
    store.delete("f0.ipynb", store.list("f0.ipynb")[0].id)
    assert store.maintenance.info()["manifests"] == 9
    monkeypatch.undo()
    assert figures(store) == on_disk(store.root)


CRASH = """
import sys
from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.storage.local.usage import Usage
Usage.flush = lambda self: None  # killed between each change and its count
store = CheckpointStore(contents_root=sys.argv[1], root_dir=sys.argv[2], fsync=False)
for i in range(5):
    store.create(f"crash{i}.txt", f"lost count {i}".encode())
import os; os._exit(0)  # no clean close: its file in live/ stays, unlocked
"""


def test_a_process_that_died_before_counting_makes_the_next_reader_recount(store, tmp_path):
    store.create("a.txt", b"before")
    assert figures(store) == on_disk(store.root)
    subprocess.run([sys.executable, "-c", CRASH, str(tmp_path), str(store.root)], check=True)
    recorded = json.loads((store.root / "usage.json").read_bytes())
    assert recorded["objects"] == 1, "the dead process counted nothing"
    assert len(list((store.root / "live").iterdir())) == 2
    assert figures(store) == on_disk(store.root)  # recounted
    assert [p.name for p in (store.root / "live").iterdir()] == [store.usage._name]
    # A store closed cleanly leaves nothing that looks like a crash.
    other = CheckpointStore(contents_root=str(tmp_path), root_dir=str(store.root), fsync=False)
    other.create("b.txt", b"counted")
    other.close()
    assert [p.name for p in (store.root / "live").iterdir()] == [store.usage._name]
    assert figures(store) == on_disk(store.root)


def test_a_missing_total_is_recounted(store):
    store.create("a.txt", b"x")
    store.maintenance.info()
    (store.root / "usage.json").unlink()  # an older version's store, or a failed write of the total
    store.create("b.txt", b"y")
    assert figures(store) == on_disk(store.root)


async def test_info_and_deleted_report_sizes(api, jp_fetch, store_dir):
    await api.create_changed("n.ipynb", 3)
    await api.create_changed("gone.ipynb", 2)
    await jp_fetch("api", "contents", "gone.ipynb", method="DELETE")
    info = json.loads((await jp_fetch("jupyterlab-checkpoints", "info", params={"path": "/n.ipynb"})).body)
    assert info["store"]["bytes"] == on_disk(store_dir)["bytes"] and info["store"]["files"] == 2
    assert info["file"]["path"] == "n.ipynb" and info["file"]["checkpoints"] == 3
    assert 0 < info["file"]["bytes"] < info["store"]["bytes"]
    assert "file" not in json.loads((await jp_fetch("jupyterlab-checkpoints", "info")).body)
    (deleted,) = json.loads((await jp_fetch("jupyterlab-checkpoints", "deleted")).body)
    assert deleted["path"] == "gone.ipynb" and deleted["bytes"] > 0
    for bad in ("", "../x", "a/../../b"):
        with pytest.raises(HTTPClientError) as e:
            await jp_fetch("jupyterlab-checkpoints", "info", params={"path": bad})
        assert e.value.code == 400 and json.loads(e.value.response.body)["message"]
