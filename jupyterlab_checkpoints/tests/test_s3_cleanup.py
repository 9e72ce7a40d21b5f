"""Clean Up Checkpoints and the disk figures with the store on S3 (moto's server), through a real Jupyter
server: the same answers as on a local disk (test_cleanup.py, test_disk_usage.py)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

import orjson
import pytest

from .conftest import notebook
from .s3_fixtures import keys, s3_client

pytest.importorskip("moto")

GRACE = 2.0


@pytest.fixture
def jp_server_config(s3_server_config):
    config = json.loads(json.dumps(s3_server_config))
    config["CheckpointStore"]["gc_grace_seconds"] = GRACE  # pieces older than this may go
    return config


def bucket_of(url):
    return url[len("s3://") :].split("/")[0]


def age_deletions(url, days):
    """Make every deletion in the bucket `days` old."""
    s3, bucket = s3_client(), bucket_of(url)
    for key in keys(url):
        if key.endswith("/origin.json"):
            origin = json.loads(s3.get_object(Bucket=bucket, Key=key)["Body"].read())
            when = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days)
            origin["deleted"] = when.isoformat()
            s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(origin).encode())


def put_orphan(url, data: bytes) -> str:
    """A piece no checkpoint refers to, written now (as a create about to refer to it would)."""
    import hashlib

    digest = hashlib.sha256(data).hexdigest()
    key = f"store/objects/{digest[:2]}/{digest[2:]}"
    s3_client().put_object(Bucket=bucket_of(url), Key=key, Body=data)
    return key


def snapshot(url) -> dict:
    """Every key of the bucket with its etag, except the locks and the collection's state."""
    s3, bucket = s3_client(), bucket_of(url)
    out = {}
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for o in page.get("Contents", []):
            if "/locks/" not in o["Key"] and "/gc/" not in o["Key"]:
                out[o["Key"]] = o["ETag"]
    return out


async def get(jp_fetch, *route, **params):
    return json.loads((await jp_fetch("jupyterlab-checkpoints", *route, params=params)).body)


async def content_of(jp_fetch, path, cid):
    return (await get(jp_fetch, "checkpoints", cid, "content", path=path))["content"]


async def test_plan_then_cleanup_frees_old_deleted_histories_and_unreferenced_pieces(api, jp_fetch, s3_url):
    for path in ("keep.ipynb", "gone.ipynb", "pinned.ipynb"):
        await api.create_changed(path, 12)  # past the limit of 10: retention leaves unreferenced pieces
    await api.put_notebook("pinned.ipynb", notebook(["pinned"]))
    await api.create_ext("pinned.ipynb", pinned=True, label="keep me")
    for path in ("gone.ipynb", "pinned.ipynb"):
        await jp_fetch("api", "contents", path, method="DELETE")
    age_deletions(s3_url, 10)
    time.sleep(GRACE + 1)  # every piece so far is past the grace period
    fresh = put_orphan(s3_url, b"a piece a create is about to refer to")
    before = snapshot(s3_url)

    plan = await get(jp_fetch, "cleanup", deleted_older_than_days="7")
    assert snapshot(s3_url) == before  # a plan changes nothing
    assert [d["path"] for d in plan["deleted"]] == ["gone.ipynb"] and plan["deleted"][0]["checkpoints"] == 10
    assert plan["deleted"][0]["bytes"] > 0
    assert [d["path"] for d in plan["pinned_kept"]] == ["pinned.ipynb"]
    assert plan["unreferenced"]["objects"] > 0 and plan["waiting"]["objects"] == 1
    assert plan["bytes"] == plan["unreferenced"]["bytes"] + plan["deleted"][0]["bytes"]
    assert (await get(jp_fetch, "cleanup", deleted_older_than_days="30"))["deleted"] == []
    held = {m["id"]: await content_of(jp_fetch, "keep.ipynb", m["id"]) for m in await api.list("keep.ipynb")}

    fresher = put_orphan(s3_url, b"another piece a create is about to refer to")
    r = await jp_fetch("jupyterlab-checkpoints", "cleanup", method="POST", body='{"deleted_older_than_days": 7}')
    done = json.loads(r.body)
    after = snapshot(s3_url)
    assert fresher in after  # within the grace period: it stays
    # Exactly the plan, and the piece it saw waiting if that one's grace period ended meanwhile.
    assert done["freed_bytes"] == plan["bytes"] + (0 if fresh in after else plan["waiting"]["bytes"])
    assert done["histories_removed"] == 1
    removed = [k for k in before if k not in after]
    assert done["objects_removed"] == sum("/objects/" in k for k in removed) > plan["unreferenced"]["objects"]
    assert {k.split("/")[-2] for k in removed if k.endswith("index.json")} == {"f.gone.ipynb"}
    assert not any("f.gone.ipynb" in k for k in after)
    assert sum(k.endswith("/origin.json") for k in after) == 1  # the pinned file's deletion stays whole
    for cid, content in held.items():
        assert await content_of(jp_fetch, "keep.ipynb", cid) == content
    [deleted] = await get(jp_fetch, "deleted")
    assert deleted["path"] == "pinned.ipynb" and len(deleted["checkpoints"]) == 11
    [index] = [k for k in after if k.endswith("/f.pinned.ipynb/index.json")]
    expected_figures(s3_url, index)  # every piece the kept history refers to is still there (HEAD each)
    again = await get(jp_fetch, "cleanup", deleted_older_than_days="7")
    assert again["deleted"] == []
    assert again["unreferenced"]["objects"] + again["waiting"]["objects"] <= 2  # the two written just now, at most


async def test_creates_during_the_cleanup_keep_their_pieces(api, jp_fetch, s3_url):
    await api.create_changed("old.ipynb", 12)
    time.sleep(GRACE + 1)

    async def create(i):
        await api.put_notebook(f"new{i}.ipynb", notebook(["x"], seed=f"during {i}"))
        return await api.create(f"new{i}.ipynb")

    body = '{"deleted_older_than_days": null}'
    cleanup = jp_fetch("jupyterlab-checkpoints", "cleanup", method="POST", body=body)
    done, *created = await asyncio.gather(cleanup, *map(create, range(4)))
    assert json.loads(done.body)["objects_removed"] > 0
    for i, m in enumerate(created):
        assert (await content_of(jp_fetch, f"new{i}.ipynb", m["id"]))["metadata"]["seed"] == f"during {i}"
    for m in await api.list("old.ipynb"):
        await content_of(jp_fetch, "old.ipynb", m["id"])


def expected_figures(url, path_key) -> dict:
    """A history's figure counted from the bucket itself: its index object, and a HEAD of each distinct
    piece its checkpoints refer to."""
    from jupyterlab_checkpoints.store.attached import attached_objects
    from jupyterlab_checkpoints.store.snapshot import referenced_objects
    from jupyterlab_checkpoints.store.storage.s3.objects import S3Objects

    s3, bucket = s3_client(), bucket_of(url)
    raw = s3.get_object(Bucket=bucket, Key=path_key)["Body"].read()
    objects = S3Objects(s3, bucket, "store/", url)
    digests = set()
    for m in orjson.loads(raw)["manifests"]:
        digests.update(referenced_objects(objects, m["content"]), attached_objects(objects, m["extra"]))
    sizes = [s3.head_object(Bucket=bucket, Key=objects.key(d))["ContentLength"] for d in digests]
    return {"bytes": len(raw) + sum(sizes), "objects": len(sizes)}


async def test_the_panel_gets_the_file_figures_without_a_listing(api, jp_fetch, s3_url):
    await api.create_changed("a.ipynb", 3)
    await api.put_text("t.txt", "hello")
    await api.create("t.txt")
    await api.create_changed("b.ipynb", 2)  # shares pieces with a.ipynb: counted in each
    for path, index in (("a.ipynb", "f.a.ipynb"), ("t.txt", "f.t.txt"), ("b.ipynb", "f.b.ipynb")):
        info = await get(jp_fetch, "info", path=path)
        expected = expected_figures(s3_url, f"store/tree/{index}/index.json")
        assert {k: info["file"][k] for k in ("bytes", "objects")} == expected, path
        assert info["file"]["checkpoints"] == len(await api.list(path))
        assert info["store"]["bytes"] is None and "listing" in info["store"]["totals"]
    [m] = await api.list("t.txt")
    await api.delete("t.txt", m["id"])
    assert (await get(jp_fetch, "info", path="t.txt"))["file"] == {
        "path": "t.txt",
        "bytes": 0,
        "objects": 0,
        "checkpoints": 0,
    }
    await jp_fetch("api", "contents", "a.ipynb", method="DELETE")
    [deleted] = await get(jp_fetch, "deleted")
    [entry] = [k for k in keys(s3_url) if "/trash/" in k and k.endswith("/f.a.ipynb/index.json")]
    assert deleted["bytes"] == expected_figures(s3_url, entry)["bytes"]


def test_a_deleted_history_pinned_by_another_server_after_the_plan_stays_whole(s3_url, tmp_path, monkeypatch):
    from jupyterlab_checkpoints.store import CheckpointStore

    from .test_s3_storage import nb

    cleaner = CheckpointStore(contents_root=str(tmp_path), url=s3_url, gc_grace_seconds=0)
    other = CheckpointStore(contents_root=str(tmp_path), url=s3_url, gc_grace_seconds=0)
    for i in range(3):
        other.create("d.ipynb", nb([f"v{i}", "shared"]))
    other.deleted.add("d.ipynb")
    age_deletions(s3_url, 10)
    time.sleep(1.5)  # past the grace period and the clean-up's own second
    [(entry, origin)] = other.storage.trash.entries()
    [(_path, history)] = other.storage.trash.files(entry, origin)
    planned = cleaner.cleanup._make_plan

    def plan_then_pin(*args):
        plan = planned(*args)
        assert [r.path for r in plan.removals] == ["d.ipynb"]
        with other.storage.locks(history):  # another server pins one, between the plan and the removal
            m = other.storage.list(history)[0]
            m.pinned = True
            other.storage.write(history, m)
        return plan

    monkeypatch.setattr(cleaner.cleanup, "_make_plan", plan_then_pin)
    done = cleaner.cleanup.run(7)
    assert done == {"freed_bytes": 0, "objects_removed": 0, "histories_removed": 0}
    [deleted] = other.deleted.list()
    assert [c["pinned"] for c in deleted["checkpoints"]] == [True, False, False]
    for c in deleted["checkpoints"]:
        m, _ = other.deleted.find("d.ipynb", c["id"])
        assert other.read_bytes(m).startswith(b"{")  # every piece is still there


def test_a_piece_another_server_reuses_after_the_plan_is_spared(s3_url, tmp_path, monkeypatch):
    from jupyterlab_checkpoints.store import CheckpointStore

    from .test_s3_storage import nb

    cleaner = CheckpointStore(contents_root=str(tmp_path), url=s3_url, gc_grace_seconds=0)
    other = CheckpointStore(contents_root=str(tmp_path), url=s3_url, gc_grace_seconds=0)
    versions = [nb([f"version {i}"]) for i in range(11)]
    for raw in versions:
        cleaner.create("a.ipynb", raw)  # the first is dropped by retention (10 kept): its pieces unreferenced
    time.sleep(1.1)  # past the grace period (0) and the clean-up's own second
    planned = cleaner.cleanup._make_plan

    def plan_then_reuse(*args):
        plan = planned(*args)
        assert plan.unreferenced
        # Another server checkpoints the dropped content again while the plan is made: its pieces are
        # there (PUT answered 412, nothing refreshed), and its new index refers to them.
        other.create("b.ipynb", versions[0])
        return plan

    monkeypatch.setattr(cleaner.cleanup, "_make_plan", plan_then_reuse)
    assert cleaner.cleanup.run()["objects_removed"] == 0
    [m] = other.list("b.ipynb")
    assert other.read_bytes(m) == versions[0]
    assert [cleaner.read_bytes(m) for m in cleaner.list("a.ipynb")] == versions[1:]


def test_a_collection_while_another_server_collects_says_so(s3_url, tmp_path):
    """A collection that finds another server's running removes nothing and says why, instead of
    repeating its own previous answer."""
    from jupyterlab_checkpoints.store import CheckpointStore

    from .backends import nb

    a = CheckpointStore(contents_root=str(tmp_path), url=s3_url)
    b = CheckpointStore(contents_root=str(tmp_path), url=s3_url)
    try:
        a.create("x.ipynb", nb("x"))
        with a.storage.whole.collection.announced():
            assert b.maintenance.gc(grace_seconds=0) == (0, 0)
            assert "another server is collecting" in b.maintenance.gc_suspended
        b.maintenance.gc(grace_seconds=0)
        assert b.maintenance.gc_suspended == ""
    finally:
        a.close()
        b.close()
