"""The stock contents API endpoints keep many checkpoints per file."""

import base64
import json
import os

from .conftest import notebook


async def test_many_checkpoints_listed_oldest_first(api):
    await api.put_notebook("a.ipynb", notebook(["x = 0"]))
    created = []
    for i in range(5):
        await api.put_notebook("a.ipynb", notebook([f"x = {i}"]))
        created.append((await api.create("a.ipynb"))["id"])
    listed = await api.list("a.ipynb")
    ids = [m["id"] for m in listed if m["kind"] != "legacy"]
    assert ids[-5:] == created
    stamps = [m["last_modified"] for m in listed]
    assert stamps == sorted(stamps)
    newest = listed[-1]
    assert set(newest) >= {"id", "last_modified", "label", "kind", "pinned", "size"}
    assert newest["kind"] == "save" and newest["label"] == "" and newest["pinned"] is False
    assert newest["size"] > 0


async def test_restore_notebook_by_id(api):
    await api.put_notebook("r.ipynb", notebook(["first"]))
    first = await api.create("r.ipynb")
    await api.put_notebook("r.ipynb", notebook(["second"]))
    await api.create("r.ipynb")
    await api.restore("r.ipynb", first["id"])
    assert (await api.get_nb("r.ipynb"))["cells"][0]["source"] == "first"


async def test_restore_text_and_binary_files(api, jp_fetch, jp_root_dir):
    await api.put_text("notes.txt", "version 1 ✓\n")
    v1 = await api.create("notes.txt")
    await api.put_text("notes.txt", "version 2\n")
    await api.restore("notes.txt", v1["id"])
    assert (jp_root_dir / "notes.txt").read_text() == "version 1 ✓\n"

    blob = bytes(range(256)) * 10
    body = {"type": "file", "format": "base64", "content": base64.b64encode(blob).decode()}
    await jp_fetch("api", "contents", "data.bin", method="PUT", body=json.dumps(body))
    b1 = await api.create("data.bin")
    (jp_root_dir / "data.bin").write_bytes(b"changed")
    await api.restore("data.bin", b1["id"])
    assert (jp_root_dir / "data.bin").read_bytes() == blob


async def test_delete_by_id(api):
    await api.put_text("d.txt", "x")
    a = await api.create("d.txt")
    await api.put_text("d.txt", "y")
    b = await api.create("d.txt")
    await api.delete("d.txt", a["id"])
    assert [m["id"] for m in await api.list("d.txt")] == [b["id"]]


async def test_similar_names_never_share_checkpoints(api):
    await api.put_text("a.ipynb.txt", "1")
    await api.put_notebook("a.ipynb", notebook(["a"]))
    await api.put_notebook("a-b.ipynb", notebook(["ab"]))
    a = await api.create("a.ipynb")
    ab = await api.create("a-b.ipynb")
    assert [m["id"] for m in await api.list("a.ipynb")][-1] == a["id"]
    assert ab["id"] not in [m["id"] for m in await api.list("a.ipynb")]
    assert a["id"] not in [m["id"] for m in await api.list("a-b.ipynb")]
    assert await api.list("a.ipynb.txt") == []


async def test_legacy_checkpoint_listed_and_restorable(api, jp_root_dir):
    await api.put_text("old.py", "print('now')\n")
    legacy_dir = jp_root_dir / ".ipynb_checkpoints"
    legacy_dir.mkdir()
    (legacy_dir / "old-checkpoint.py").write_text("print('before install')\n")
    os.utime(legacy_dir / "old-checkpoint.py", (1_600_000_000, 1_600_000_000))
    await api.create("old.py")
    listed = await api.list("old.py")
    assert listed[0]["id"] == "legacy" and listed[0]["kind"] == "legacy"
    await api.restore("old.py", "legacy")
    assert (jp_root_dir / "old.py").read_text() == "print('before install')\n"


async def test_extension_create_with_kind_label_pin(api, jp_fetch):
    await api.put_notebook("k.ipynb", notebook(["x"]))
    m = await api.create_ext("k.ipynb", kind="failure", label="ValueError in cell 1")
    assert m["kind"] == "failure" and m["label"] == "ValueError in cell 1"
    await api.put_notebook("k.ipynb", notebook(["y"]))
    p = await api.create_ext("k.ipynb", kind="manual", label="baseline", pinned=True)
    assert p["pinned"] is True
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", method="GET", params={"path": "k.ipynb"})
    assert [c["id"] for c in json.loads(r.body)][-2:] == [m["id"], p["id"]]


async def test_checkpoint_content_endpoint(api, jp_fetch):
    await api.put_notebook("c.ipynb", notebook(["print(1)"]))
    m = await api.create("c.ipynb")
    await api.put_notebook("c.ipynb", notebook(["print(2)"]))
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", m["id"], "content", params={"path": "c.ipynb"})
    model = json.loads(r.body)
    assert model["type"] == "notebook" and model["format"] == "json"
    assert model["content"]["cells"][0]["source"] == "print(1)"
    assert model["checkpoint"]["id"] == m["id"]

    await api.put_text("t.md", "# Title\n")
    t = await api.create("t.md")
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", t["id"], "content", params={"path": "/t.md"})
    model = json.loads(r.body)
    assert (model["type"], model["format"], model["content"]) == ("file", "text", "# Title\n")


async def test_info_reports_limits_and_store(api, jp_fetch, store_dir):
    await api.put_text("i.txt", "x")
    await api.create("i.txt")
    info = json.loads((await jp_fetch("jupyterlab-checkpoints", "info")).body)
    assert info["limits"]["max_unpinned"] == 10 and info["limits"]["max_pinned"] == 10
    assert info["store"]["root"] == str(store_dir.resolve())
    assert info["store"]["files"] == 1 and info["store"]["bytes"] > 0
    assert info["version"]
