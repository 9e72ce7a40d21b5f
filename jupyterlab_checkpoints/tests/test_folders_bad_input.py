"""Bad requests of the folder checkpoint API get a clear 4xx and change nothing."""

import os
import shutil
import subprocess

import pytest

from .folder_api import BACKENDS, FolderApi, folder_config, make_project, store_config, stored, tree, write


@pytest.fixture(params=BACKENDS)
def jp_server_config(request, store_dir):
    return folder_config(store_config(request, store_dir), max_files=6)


@pytest.fixture
def fapi(jp_fetch):
    return FolderApi(jp_fetch)


async def test_refusals_change_nothing(fapi, jp_root_dir, jp_server_config):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    before_disk, before_store = tree(jp_root_dir), stored(jp_server_config)
    cid = m["id"]
    cases = [
        (("POST",), {"path": "proj/a.txt"}, None, 400, "not a folder"),
        (("GET",), {"path": "../outside"}, None, 400, ""),
        (("GET",), {"path": "proj/../.."}, None, 400, ""),
        (("GET",), {"path": "nope"}, None, 404, ""),
        (("GET",), {}, None, 400, "path"),
        (("POST",), {"path": "proj"}, {"kind": "before-restore"}, 400, "kind"),
        (("POST",), {"path": "proj"}, {"kind": "manual", "extra": 1}, 400, ""),
        (("POST",), {"path": "proj"}, {"label": 3}, 400, "label"),
        (("POST",), {"path": "proj"}, {"pinned": "yes"}, 400, "pinned"),
        (("POST",), {"path": "proj"}, {"label": "x" * 500}, 400, "label"),
        (("GET", "20990101T000000000000-abcdef"), {"path": "proj"}, None, 404, ""),
        (("GET", "..%2F..%2Fx"), {"path": "proj"}, None, 400, "id"),
        (("PATCH", cid), {"path": "proj"}, {"nope": 1}, 400, ""),
        (("PATCH", cid), {"path": "proj"}, {"pinned": "no"}, 400, ""),
        (("DELETE", "20990101T000000000000-abcdef"), {"path": "proj"}, None, 404, ""),
        (("GET", cid, "file"), {"path": "proj"}, None, 400, "file"),
        (("GET", cid, "file"), {"path": "proj", "file": "../a.txt"}, None, 400, ""),
        (("GET", cid, "file"), {"path": "proj", "file": "a.txt", "format": "xml"}, None, 400, ""),
        (("POST", cid, "restore"), {"path": "proj"}, {"file": "missing.txt"}, 404, ""),
        (("POST", cid, "restore"), {"path": "proj"}, {"file": 7}, 400, ""),
        (("POST", cid, "restore"), {"path": "proj"}, {"trash_added": "yes"}, 400, ""),
        (("POST", cid, "restore"), {"path": "proj"}, {"bogus": True}, 400, ""),
        (("POST", cid, "extract"), {"path": "proj"}, None, 400, "target"),
        (("POST", cid, "extract"), {"path": "proj", "target": "../escape"}, None, 400, ""),
        (("POST", cid, "extract"), {"path": "proj", "target": "proj"}, None, 409, "exists"),
        (("POST", cid, "extract"), {"path": "proj", "target": "no/such/parent"}, None, 400, ""),
        (("GET", cid, "zip"), {"path": "other"}, None, 404, ""),
    ]
    for (method, *parts), params, body, code, words in cases:
        got, message = await fapi.status(method, *parts, body=body, **params)
        assert (got, words in message) == (code, True), (method, parts, params, body, message)
    assert tree(jp_root_dir) == before_disk
    assert stored(jp_server_config) == before_store


async def test_too_many_files_is_refused_with_the_count(fapi, jp_root_dir, store_dir):
    for i in range(7):
        write(jp_root_dir, f"many/f{i}.txt", b"x")
    code, message = await fapi.status("POST", path="many")
    assert code == 413 and "7 files" in message and "6" in message
    assert await fapi.list("many") == []


async def test_whole_restore_refuses_a_folder_where_a_file_was(fapi, jp_root_dir):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    os.remove(jp_root_dir / "proj/a.txt")
    os.mkdir(jp_root_dir / "proj/a.txt")
    write(jp_root_dir, "proj/b.ipynb", b"{}")
    code, message = await fapi.status("POST", m["id"], "restore", path="proj")
    assert code == 409 and "a.txt" in message
    assert (jp_root_dir / "proj/b.ipynb").read_bytes() == b"{}"  # nothing written


async def test_link_in_the_way_is_replaced_not_written_through(fapi, jp_root_dir, tmp_path):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"outside")
    os.remove(jp_root_dir / "proj/a.txt")
    os.symlink(victim, jp_root_dir / "proj/a.txt")
    code, _ = await fapi.status("POST", m["id"], "restore", path="proj", body={"file": "a.txt"})
    assert code == 409
    result = await fapi.restore("proj", m["id"])
    assert "a.txt" in result["restored"]
    assert victim.read_bytes() == b"outside"
    assert not os.path.islink(jp_root_dir / "proj/a.txt")
    assert (jp_root_dir / "proj/a.txt").read_bytes() == b"alpha\n"


def immutable(path, on: bool) -> bool:
    """chattr +i: refused even to root, so a write failing midway can be tested as root too."""
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return done.returncode == 0


async def test_whole_restore_stopped_midway_says_how_far_and_where_the_state_is(fapi, jp_root_dir):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    write(jp_root_dir, "proj/a.txt", b"changed a")
    write(jp_root_dir, "proj/sub/c.bin", b"changed c")
    if shutil.which("chattr") is None or not immutable(jp_root_dir / "proj/sub", True):
        pytest.skip("chattr +i is not available on this file system")
    try:
        code, message = await fapi.status("POST", m["id"], "restore", path="proj")
    finally:
        immutable(jp_root_dir / "proj/sub", False)
    assert code == 403 and "restored 1 of 2 files, then sub/c.bin" in message
    kept = message.rsplit(" ", 1)[-1]
    r = await fapi.call("GET", kept, "file", raw=True, path="proj", file="sub/c.bin")
    assert r.body == b"changed c"
    assert (jp_root_dir / "proj/a.txt").read_bytes() == b"alpha\n"


async def test_extract_refused_by_the_file_system_leaves_nothing(fapi, jp_root_dir):
    make_project(jp_root_dir)
    m = await fapi.create("proj")
    (jp_root_dir / "dest").mkdir()
    if shutil.which("chattr") is None or not immutable(jp_root_dir / "dest", True):
        pytest.skip("chattr +i is not available on this file system")
    try:
        code, message = await fapi.status("POST", m["id"], "extract", path="proj", target="dest/copy")
    finally:
        immutable(jp_root_dir / "dest", False)
    assert code == 403 and "nothing was created" in message
    assert os.listdir(jp_root_dir / "dest") == []
