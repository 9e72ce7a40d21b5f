"""Checkpoints follow renames and moves, and survive the deletion of their file."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook


async def rename(jp_fetch, old, new):
    await jp_fetch("api", "contents", old, method="PATCH", body=json.dumps({"path": new}))


async def test_rename_file_keeps_checkpoints(api, jp_fetch):
    await api.put_notebook("old.ipynb", notebook(["v1"]))
    m = await api.create("old.ipynb")
    await rename(jp_fetch, "old.ipynb", "new.ipynb")
    assert m["id"] in [c["id"] for c in await api.list("new.ipynb")]
    assert await api.list("old.ipynb") == []
    await api.put_notebook("new.ipynb", notebook(["v2"]))
    await api.restore("new.ipynb", m["id"])
    assert (await api.get_nb("new.ipynb"))["cells"][0]["source"] == "v1"


async def test_rename_directory_moves_all_histories(api, jp_fetch):
    await jp_fetch("api", "contents", "proj", method="PUT", body=json.dumps({"type": "directory"}))
    await jp_fetch("api", "contents", "proj/sub", method="PUT", body=json.dumps({"type": "directory"}))
    await api.put_notebook("proj/a.ipynb", notebook(["a"]))
    await api.put_text("proj/sub/b.py", "b = 1\n")
    a = await api.create("proj/a.ipynb")
    b = await api.create("proj/sub/b.py")
    await rename(jp_fetch, "proj", "moved")
    assert a["id"] in [c["id"] for c in await api.list("moved/a.ipynb")]
    assert [c["id"] for c in await api.list("moved/sub/b.py")] == [b["id"]]
    assert await api.list("proj/sub/b.py") == []


async def test_deleted_file_checkpoints_kept_and_recoverable(api, jp_fetch, jp_root_dir):
    await api.put_notebook("gone.ipynb", notebook(["precious"]))
    m = await api.create_ext("gone.ipynb", label="precious work", pinned=True)
    await jp_fetch("api", "contents", "gone.ipynb", method="DELETE")
    assert not (jp_root_dir / "gone.ipynb").exists()
    assert await api.list("gone.ipynb") == []

    deleted = json.loads((await jp_fetch("jupyterlab-checkpoints", "deleted")).body)
    entry = [d for d in deleted if d["path"] == "gone.ipynb"][0]
    assert m["id"] in [c["id"] for c in entry["checkpoints"]]
    assert entry["expires"] > entry["deleted"]

    r = await jp_fetch(
        "jupyterlab-checkpoints", "deleted", "restore", method="POST",
        body=json.dumps({"path": "gone.ipynb", "id": m["id"]}),
    )  # fmt: skip
    assert r.code == 201 and json.loads(r.body)["path"] == "gone.ipynb"
    assert (await api.get_nb("gone.ipynb"))["cells"][0]["source"] == "precious"
    # Restored to its own path, the file gets its history back.
    assert m["id"] in [c["id"] for c in await api.list("gone.ipynb")]


async def test_deleted_restore_to_free_name_and_conflict(api, jp_fetch):
    await api.put_text("x.txt", "old\n")
    m = await api.create("x.txt")
    await jp_fetch("api", "contents", "x.txt", method="DELETE")
    await api.put_text("x.txt", "a new file with the same name\n")
    r = await jp_fetch(
        "jupyterlab-checkpoints", "deleted", "restore", method="POST", body=json.dumps({"path": "x.txt", "id": m["id"]})
    )
    assert json.loads(r.body)["path"] == "x-restored.txt"
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(
            "jupyterlab-checkpoints", "deleted", "restore", method="POST",
            body=json.dumps({"path": "x.txt", "id": m["id"], "target": "x.txt"}),
        )  # fmt: skip
    assert e.value.code == 409


async def test_deleted_directory_keeps_every_file(api, jp_fetch):
    await jp_fetch("api", "contents", "dir", method="PUT", body=json.dumps({"type": "directory"}))
    await api.put_text("dir/one.py", "1\n")
    await api.put_text("dir/two.py", "2\n")
    await api.create("dir/one.py")
    await api.create("dir/two.py")
    await jp_fetch("api", "contents", "dir", method="DELETE")
    deleted = json.loads((await jp_fetch("jupyterlab-checkpoints", "deleted")).body)
    assert {"dir/one.py", "dir/two.py"} <= {d["path"] for d in deleted}


def test_expired_deletions_are_purged(store):  # both backends (tests/backends.py)
    store.create("f.txt", b"x")
    store.deleted.add("f.txt")
    assert len(store.deleted.list()) == 1
    store.deleted_retention_days = 0
    assert store.deleted.list() == []
