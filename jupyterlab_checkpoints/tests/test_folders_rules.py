"""What a folder checkpoint leaves out and why, links never followed, unchanged files never read again,
and files rewritten while they are recorded."""

import json
import os
import threading
import time

import pytest

from .folder_api import BACKENDS, FolderApi, folder_config, make_project, store_config, write


@pytest.fixture(params=BACKENDS)
def jp_server_config(request, store_dir):
    return folder_config(store_config(request, store_dir), max_file_size=3_000_000)


@pytest.fixture
def fapi(jp_fetch):
    return FolderApi(jp_fetch)


async def test_ignore_rules_hidden_size_cap_and_special_files(fapi, jp_root_dir, store_dir):
    root = jp_root_dir / "proj"
    write(jp_root_dir, "proj/keep.txt", b"k")
    write(jp_root_dir, "proj/run.log", b"log")
    write(jp_root_dir, "proj/important.log", b"log")
    write(jp_root_dir, "proj/build/out.o", b"obj")
    write(jp_root_dir, "proj/secret.txt", b"s")
    write(jp_root_dir, "proj/sub/other.tmp", b"t")
    write(jp_root_dir, "proj/sub/kept.txt", b"t")
    write(jp_root_dir, "proj/.env", b"TOKEN=1")
    write(jp_root_dir, "proj/.git/config", b"[core]")
    write(jp_root_dir, "proj/big.bin", b"x" * 3_000_001)
    write(jp_root_dir, "proj/.checkpointignore", b"# logs\n*.log\n!important.log\nbuild/\n")
    write(jp_root_dir, "proj/.gitignore", b"secret.txt\n")
    write(jp_root_dir, "proj/sub/.checkpointignore", b"*.tmp\n")
    os.mkfifo(root / "pipe")
    m = await fapi.create("proj")
    reasons = {s["path"]: s["reason"] for s in m["skipped"]}
    assert reasons == {
        ".checkpointignore": "hidden",
        ".env": "hidden",
        ".git": "hidden",
        ".gitignore": "hidden",
        "big.bin": "too-large",
        "build": "ignored",
        "pipe": "special",
        "run.log": "ignored",
        "secret.txt": "ignored",
        "sub/.checkpointignore": "hidden",
        "sub/other.tmp": "ignored",
    }
    entries = (await fapi.detail("proj", m["id"]))["entries"]
    assert sorted(e["path"] for e in entries) == ["important.log", "keep.txt", "sub/kept.txt"]
    assert m["files"] == 3


async def test_links_recorded_as_links_never_followed_out_of_root(fapi, jp_root_dir, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"outside the root")
    write(jp_root_dir, "proj/a.txt", b"a")
    os.symlink("a.txt", jp_root_dir / "proj/inside-link")
    os.symlink(outside / "secret.txt", jp_root_dir / "proj/out-link")
    os.symlink(outside, jp_root_dir / "proj/out-dir")
    os.symlink(jp_root_dir / "proj", jp_root_dir / "proj/loop")  # a folder link inside: not entered
    m = await fapi.create("proj")
    reasons = {s["path"]: s["reason"] for s in m["skipped"]}
    assert reasons == {"out-link": "link-outside-root", "out-dir": "link-outside-root"}
    entries = {e["path"]: e for e in (await fapi.detail("proj", m["id"]))["entries"]}
    assert set(entries) == {"a.txt", "inside-link", "loop"}
    assert entries["inside-link"]["type"] == "link" and entries["inside-link"]["target"] == "a.txt"
    assert entries["loop"]["type"] == "link"
    # The snapshot of the whole root does not follow links out of it either.
    root = await fapi.create("")
    assert not [e for e in (await fapi.detail("", root["id"]))["entries"] if "secret" in e["path"]]


async def test_unchanged_files_are_not_read_again(fapi, jp_root_dir):
    for i in range(6):
        write(jp_root_dir, f"proj/f{i}.txt", f"file {i}\n".encode() * 50)
    time.sleep(1.1)  # older than the racy window: their stats can vouch for them (disk_read.py)
    first = await fapi.create("proj")
    assert first["cost"]["read"] == 6 and first["cost"]["reused"] == 0
    write(jp_root_dir, "proj/f3.txt", b"changed\n")
    second = await fapi.create("proj")
    assert second["cost"]["read"] == 1 and second["cost"]["reused"] == 5
    # Written: the changed file and the small index, nothing of the unchanged ones.
    assert len(b"changed\n") <= second["cost"]["written"] < 2000
    entries = {e["path"]: e["status"] for e in (await fapi.detail("proj", second["id"]))["entries"]}
    assert set(entries.values()) == {"unchanged"}


async def test_recently_changed_file_is_read_again_next_time(fapi, jp_root_dir):
    write(jp_root_dir, "proj/hot.txt", b"v1")
    first = await fapi.create("proj")  # hot.txt changed within the racy window: its stat vouches for nothing
    assert first["cost"]["read"] == 1
    second = await fapi.create("proj")
    assert second["cost"]["read"] == 1 and second["cost"]["reused"] == 0
    assert second.get("unchanged") is True and second["id"] == first["id"]


async def test_file_rewritten_during_snapshot_is_recorded_whole(fapi, jp_root_dir):
    make_project(jp_root_dir)
    size = 2 * 1024 * 1024
    versions = [bytes([65 + i]) * size for i in range(3)]
    path = jp_root_dir / "proj/hot.bin"
    path.write_bytes(versions[0])
    stop = threading.Event()

    def rewrite():  # in place, over the old bytes: a reader racing it sees a mix of two versions
        i = 0
        with open(path, "r+b", buffering=0) as f:
            while not stop.is_set():
                i = (i + 1) % len(versions)
                f.seek(0)
                f.write(versions[i])

    thread = threading.Thread(target=rewrite)
    thread.start()
    try:
        made = [await fapi.create("proj", label=f"s{n}") for n in range(4)]
    finally:
        stop.set()
        thread.join()
    recorded = 0
    for m in made:
        skipped = {s["path"]: s["reason"] for s in m["skipped"]}
        if "hot.bin" in skipped:
            assert skipped["hot.bin"] == "changing"  # never a mix of two versions
            continue
        r = await fapi.call("GET", m["id"], "file", raw=True, path="proj", file="hot.bin")
        assert r.body in versions
        recorded += 1
    print("recorded", recorded, "of", len(made))


async def test_restore_keeps_a_file_the_before_restore_checkpoint_leaves_out(fapi, jp_root_dir, jp_fetch):
    write(jp_root_dir, "proj/notes.txt", b"recorded")
    m = await fapi.create("proj")
    write(jp_root_dir, "proj/.checkpointignore", b"notes.txt\n")
    write(jp_root_dir, "proj/notes.txt", b"current, ignored now")
    result = await fapi.restore("proj", m["id"])
    assert result["restored"] == ["notes.txt"]
    assert (jp_root_dir / "proj/notes.txt").read_bytes() == b"recorded"
    # The replaced content is that file's own before-restore checkpoint.
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", params={"path": "proj/notes.txt"})
    kept = [c for c in json.loads(r.body) if c["kind"] == "before-restore"]
    assert len(kept) == 1
    r = await jp_fetch(
        "jupyterlab-checkpoints", "checkpoints", kept[0]["id"], "content", params={"path": "proj/notes.txt"}
    )
    assert json.loads(r.body)["content"] == "current, ignored now"
