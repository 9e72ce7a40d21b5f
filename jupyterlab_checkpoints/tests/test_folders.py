"""Folder checkpoints through the REST API of a real server: snapshot, what changed, restore of the
whole folder or one file, a new folder from a checkpoint, the .zip, labels, pins and retention."""

import io
import json
import os
import time
import zipfile

import pytest

from .folder_api import (
    BACKENDS,
    PROJECT,
    FolderApi,
    folder_config,
    make_project,
    on_s3,
    read,
    store_config,
    tree,
    write,
)


@pytest.fixture(params=BACKENDS)
def jp_server_config(request, store_dir):
    return folder_config(store_config(request, store_dir), max_unpinned=3, max_pinned=2)


@pytest.fixture
def fapi(jp_fetch):
    return FolderApi(jp_fetch)


async def test_snapshot_lists_files_and_status_of_changes(fapi, jp_root_dir):
    make_project(jp_root_dir)
    m = await fapi.create("proj", label="first")
    assert m["kind"] == "manual" and m["label"] == "first" and m["files"] == 4
    assert m["size"] == sum(len(v) for v in PROJECT.values())
    assert [c["id"] for c in await fapi.list("proj")] == [m["id"]]
    write(jp_root_dir, "proj/a.txt", b"changed\n")
    os.remove(jp_root_dir / "proj/sub/deep/d.txt")
    write(jp_root_dir, "proj/new.txt", b"new\n")
    detail = await fapi.detail("proj", m["id"])
    status = {e["path"]: e["status"] for e in detail["entries"]}
    assert status == {
        "a.txt": "changed",
        "b.ipynb": "unchanged",
        "sub/c.bin": "unchanged",
        "sub/deep/d.txt": "deleted",
        "new.txt": "added",
    }
    # The same state again: the newest checkpoint stands for it, as for files.
    again = await fapi.create("proj")
    assert again["id"] != m["id"]
    same = await fapi.call("POST", raw=True, body={}, path="proj")
    assert same.code == 200 and json.loads(same.body)["unchanged"] is True
    write(jp_root_dir, "proj/.hidden", b"h")  # the state is the same; what was left out is said anew
    same = await fapi.create("proj")
    assert same["id"] == again["id"] and same["skipped"] == [{"path": ".hidden", "reason": "hidden"}]
    assert (await fapi.list("proj"))[-1]["skipped"] == same["skipped"]


async def test_restore_whole_folder_keeps_current_state_and_added_files(fapi, jp_root_dir):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    write(jp_root_dir, "proj/a.txt", b"changed\n")
    os.remove(jp_root_dir / "proj/sub/deep/d.txt")
    write(jp_root_dir, "proj/new.txt", b"new\n")
    result = await fapi.restore("proj", m["id"])
    assert sorted(result["restored"]) == ["a.txt", "sub/deep/d.txt"]
    assert result["added"] == ["new.txt"] and result["trashed"] == []
    for rel, data in PROJECT.items():
        assert read(jp_root_dir, f"proj/{rel}") == data
    assert read(jp_root_dir, "proj/new.txt") == b"new\n"
    # The replaced state is a before-restore folder checkpoint holding the changed, deleted and added files.
    kept = await fapi.detail("proj", result["kept"])
    assert kept["kind"] == "before-restore"
    r = await fapi.call("GET", result["kept"], "file", raw=True, path="proj", file="a.txt")
    assert r.body == b"changed\n"
    assert {e["path"] for e in kept["entries"] if e["status"] != "added"} >= {"a.txt", "new.txt"}
    # trash_added: the added file goes to the trash (it is still in the before-restore checkpoint).
    result = await fapi.restore("proj", m["id"], trash_added=True)
    assert result["trashed"] == ["new.txt"] and result["added"] == []
    assert not (jp_root_dir / "proj/new.txt").exists()
    assert tree(jp_root_dir / "proj") == PROJECT


async def test_restore_one_file_keeps_its_own_before_restore(fapi, jp_root_dir, jp_fetch):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    write(jp_root_dir, "proj/sub/c.bin", b"edited")
    write(jp_root_dir, "proj/a.txt", b"also edited")
    result = await fapi.restore("proj", m["id"], file="sub/c.bin")
    assert result["restored"] == ["sub/c.bin"] and result["kept"]
    assert read(jp_root_dir, "proj/sub/c.bin") == PROJECT["sub/c.bin"]
    assert read(jp_root_dir, "proj/a.txt") == b"also edited"  # only that file
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", params={"path": "proj/sub/c.bin"})
    models = json.loads(r.body)
    before = [c for c in models if c["kind"] == "before-restore"]
    assert [c["id"] for c in before] == [result["kept"]]
    r = await jp_fetch(
        "jupyterlab-checkpoints", "checkpoints", result["kept"], "content", params={"path": "proj/sub/c.bin"}
    )
    assert json.loads(r.body)["content"] == "edited"


async def test_extract_equals_snapshot_and_refuses_existing_target(fapi, jp_root_dir):
    make_project(jp_root_dir)
    os.symlink("a.txt", jp_root_dir / "proj/link.txt")
    m = await fapi.create("proj")
    write(jp_root_dir, "proj/a.txt", b"later")
    target = "proj (checkpoint 2026-11-23 10.00)"
    r = await fapi.call("POST", m["id"], "extract", raw=True, path="proj", target=target)
    assert r.code == 201 and json.loads(r.body) == {"path": target, "skipped": []}
    out = jp_root_dir / target
    assert tree(out) == {**PROJECT, "link.txt": PROJECT["a.txt"]}
    assert os.readlink(out / "link.txt") == "a.txt"
    assert (await fapi.status("POST", m["id"], "extract", path="proj", target=target))[0] == 409
    assert not [n for n in os.listdir(jp_root_dir) if n.startswith(".~extract")]


async def test_zip_holds_the_snapshot(fapi, jp_root_dir):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    write(jp_root_dir, "proj/a.txt", b"later")
    r = await fapi.call("GET", m["id"], "zip", raw=True, path="proj")
    assert r.headers["Content-Type"] == "application/zip"
    assert "proj-checkpoint-" in r.headers["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(r.body)) as z:
        assert {n: z.read(n) for n in z.namelist()} == {f"proj/{k}": v for k, v in PROJECT.items()}


async def test_file_endpoint_raw_and_json(fapi, jp_root_dir):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    r = await fapi.call("GET", m["id"], "file", raw=True, path="proj", file="a.txt")
    assert r.body == b"alpha\n" and r.headers["Content-Type"].startswith("text/plain")
    assert await fapi.call("GET", m["id"], "file", path="proj", file="a.txt", format="json") == {
        "content": "alpha\n",
        "format": "text",
    }
    binary = await fapi.call("GET", m["id"], "file", path="proj", file="sub/c.bin", format="json")
    assert binary["format"] == "base64"
    assert (await fapi.status("GET", m["id"], "file", path="proj", file="nope.txt"))[0] == 404


async def test_root_folder_label_pin_delete_and_retention(fapi, jp_root_dir):
    write(jp_root_dir, "top.txt", b"0")
    ids = []
    for i in range(5):
        write(jp_root_dir, "top.txt", str(i).encode())
        ids.append((await fapi.create(""))["id"])
    listed = [c["id"] for c in await fapi.list("")]
    assert listed == ids[-3:]  # max_unpinned = 3, oldest dropped first
    m = await fapi.call("PATCH", ids[-1], body={"label": "keep", "pinned": True}, path="")
    assert m["label"] == "keep" and m["pinned"] is True
    await fapi.call("PATCH", ids[-2], body={"pinned": True}, path="")
    code, msg = await fapi.status("PATCH", ids[-3], body={"pinned": True}, path="")
    assert code == 409 and "pinned" in msg
    r = await fapi.call("DELETE", ids[-3], raw=True, path="")
    assert r.code == 204
    assert [c["id"] for c in await fapi.list("")] == ids[-2:]
    assert (await fapi.status("GET", ids[-3], path=""))[0] == 404


async def test_collection_and_clean_up_keep_what_folder_checkpoints_hold(
    fapi, jp_root_dir, jp_fetch, jp_serverapp, jp_server_config
):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    for rel in PROJECT:
        os.remove(jp_root_dir / "proj" / rel)
    store = jp_serverapp.contents_manager.checkpoints.store
    if on_s3(jp_server_config):
        time.sleep(1.1)  # the bucket's times are in seconds: past the grace period, only references keep them
    else:
        old = time.time() - 100  # past any grace period: only references keep them
        for p in store.objects.root.rglob("*"):
            os.utime(p, (old, old))
    store.gc_grace_seconds = 0
    r = await jp_fetch("jupyterlab-checkpoints", "cleanup", method="POST", body="{}")
    assert json.loads(r.body)["objects_removed"] == 0
    assert store.maintenance.gc(grace_seconds=0) == (0, 0)
    result = await fapi.restore("proj", m["id"])
    assert sorted(result["restored"]) == sorted(PROJECT)
    assert tree(jp_root_dir / "proj") == PROJECT


async def test_checkpoints_follow_a_renamed_folder(fapi, jp_root_dir, jp_fetch):
    make_project(jp_root_dir, "top/proj")
    inner = await fapi.create("top/proj")
    outer = await fapi.create("top")
    body = json.dumps({"path": "renamed"})
    await jp_fetch("api", "contents", "top", method="PATCH", body=body)
    assert [c["id"] for c in await fapi.list("renamed")] == [outer["id"]]
    assert [c["id"] for c in await fapi.list("renamed/proj")] == [inner["id"]]
    write(jp_root_dir, "renamed/proj/a.txt", b"changed")
    await fapi.restore("renamed/proj", inner["id"])
    assert tree(jp_root_dir / "renamed/proj") == PROJECT


async def test_store_figures_count_what_folder_checkpoints_write(
    fapi, jp_root_dir, jp_fetch, store_dir, jp_server_config
):
    if on_s3(jp_server_config):
        pytest.skip("the store's figures are not kept on object storage")
    make_project(jp_root_dir)
    await jp_fetch("jupyterlab-checkpoints", "info")  # the figures exist from now on, kept as it changes
    await fapi.create("proj")
    write(jp_root_dir, "proj/a.txt", b"changed")
    await fapi.create("proj")
    figures = json.loads((await jp_fetch("jupyterlab-checkpoints", "info")).body)["store"]
    on_disk = [p for p in (store_dir / "objects").rglob("*") if p.is_file()]
    assert figures["objects"] == len(on_disk)
    assert figures["object_bytes"] == sum(p.stat().st_size for p in on_disk)


async def test_files_are_read_back_a_batch_at_a_time(fapi, jp_root_dir, jp_serverapp):
    # Restore, a new folder and the .zip read recorded files in batches (folders/store_fetch.py): any
    # batch size gives each file's exact bytes, in order, notebooks joined from their pieces.
    from jupyterlab_checkpoints.folders import index as I
    from jupyterlab_checkpoints.folders.store_fetch import files_bytes

    make_project(jp_root_dir)
    os.symlink("a.txt", jp_root_dir / "proj/link.txt")
    m = await fapi.create("proj")
    folders = jp_serverapp.contents_manager.checkpoints._folder_checkpoints
    entries = folders.entries(folders.get("proj", m["id"]))
    objects = folders.store.objects
    expected = [(e["path"], I.file_bytes(objects, e) if e["type"] == "file" else None) for e in entries]
    assert dict(expected) == {**PROJECT, "link.txt": None}
    for batch_bytes in (1, 300, 10**9):
        assert [(e["path"], raw) for e, raw in files_bytes(objects, entries, batch_bytes)] == expected
