"""Links never carry a restore's writes out of the server's root: extracting a folder checkpoint
elsewhere, restoring one file, restoring a deleted file (each through a real server)."""

import json
import os

import pytest
from tornado.httpclient import HTTPClientError

from .folder_api import FolderApi, write


@pytest.fixture
def fapi(jp_fetch):
    return FolderApi(jp_fetch)


@pytest.fixture
def outside(tmp_path):
    """A folder next to the server's root, out of its reach."""
    folder = tmp_path / "outside"
    folder.mkdir()
    return folder


async def refused(fetch, *parts, **kw) -> tuple[int, str]:
    with pytest.raises(HTTPClientError) as e:
        await fetch(*parts, **kw)
    return e.value.code, json.loads(e.value.response.body)["message"]


async def test_extract_recreates_only_links_that_stay_inside_the_root(fapi, jp_root_dir):
    write(jp_root_dir, "a/b/proj/data.txt", b"data\n")
    write(jp_root_dir, "x.txt", b"x\n")
    proj = jp_root_dir / "a/b/proj"
    os.symlink("data.txt", proj / "near")  # stays beside its file wherever the folder goes
    os.symlink("../../../x.txt", proj / "climbing")  # the root's x.txt here; two levels above the root elsewhere
    os.symlink("..", proj / "up")  # a/b here, the root itself from copy/
    os.symlink("up/../x.txt", proj / "through")  # a/x.txt here; through `up`, above the root from copy/
    m = await fapi.create("a/b/proj")
    answer = await fapi.call("POST", m["id"], "extract", path="a/b/proj", target="copy")
    leaving = [{"path": p, "reason": "link-outside-root"} for p in ("climbing", "through")]
    assert answer == {"path": "copy", "skipped": leaving}
    assert os.readlink(jp_root_dir / "copy/near") == "data.txt"
    assert os.readlink(jp_root_dir / "copy/up") == ".."
    assert not os.path.lexists(jp_root_dir / "copy/climbing") and not os.path.lexists(jp_root_dir / "copy/through")
    assert (jp_root_dir / "copy/data.txt").read_bytes() == b"data\n"


async def test_a_file_restore_never_writes_through_a_link_out_of_the_root(api, jp_fetch, jp_root_dir, outside):
    await api.put_text("f.txt", "first\n")
    first = await api.create("f.txt")
    victim = outside / "victim.txt"
    victim.write_text("not the server's\n")
    (jp_root_dir / "f.txt").unlink()
    os.symlink(victim, jp_root_dir / "f.txt")
    for parts, kw in (
        (("jupyterlab-checkpoints", "checkpoints", first["id"], "restore"), {"params": {"path": "f.txt"}}),
        (("api", "contents", "f.txt", "checkpoints", first["id"]), {}),
    ):
        code, message = await refused(jp_fetch, *parts, method="POST", body="{}", **kw)
        assert code == 409 and "out of the server's root" in message
    assert victim.read_text() == "not the server's\n"
    assert os.path.islink(jp_root_dir / "f.txt")


async def test_a_deleted_file_restore_refuses_a_target_in_a_linked_folder(api, jp_fetch, jp_root_dir, outside):
    await api.put_text("gone.txt", "precious\n")
    m = await api.create("gone.txt")
    await jp_fetch("api", "contents", "gone.txt", method="DELETE")
    os.symlink(outside, jp_root_dir / "linked")
    body = json.dumps({"path": "gone.txt", "id": m["id"], "target": "linked/gone.txt"})
    code, message = await refused(jp_fetch, "jupyterlab-checkpoints", "deleted", "restore", method="POST", body=body)
    assert code == 409 and "out of the server's root" in message
    assert os.listdir(outside) == []
