"""Store location and format, document permissions, legacy checkpoints through rename and delete."""

import json
import os
import stat

import orjson
import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_checkpoints.store import CheckpointStore, NotFound, UnsupportedFormat
from jupyterlab_checkpoints.store.snapshot import split_notebook

from .conftest import notebook


def test_default_store_is_one_hidden_folder_in_the_root(tmp_path):
    store = CheckpointStore(contents_root=str(tmp_path), fsync=False)
    store.create("sub/a.txt", b"x")
    assert store.root == tmp_path / ".jupyter-checkpoints"
    assert store.contains(str(store.root / "tree"))
    assert not store.contains(str(tmp_path / "sub" / "a.txt"))
    assert [p.name for p in tmp_path.iterdir()] == [".jupyter-checkpoints"]


def test_future_format_is_refused_and_left_alone(tmp_path):
    root = tmp_path / "s"
    CheckpointStore(contents_root=str(tmp_path), root_dir=str(root), fsync=False).create("a.txt", b"x")
    (root / "format.json").write_bytes(orjson.dumps({"format": 99}))
    before = sorted(p.relative_to(root) for p in root.rglob("*"))
    with pytest.raises(UnsupportedFormat, match="format version 99"):
        CheckpointStore(contents_root=str(tmp_path), root_dir=str(root), fsync=False)
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == before


@pytest.fixture
def future_store(store_dir):
    store_dir.mkdir(parents=True)
    (store_dir / "format.json").write_bytes(orjson.dumps({"format": 2}))
    return store_dir


async def test_future_format_answers_with_a_message(future_store, jp_fetch, api):
    await api.put_text("a.txt", "x")
    for call in (
        jp_fetch("api", "contents", "a.txt", "checkpoints", method="POST", body=""),
        jp_fetch("jupyterlab-checkpoints", "checkpoints", params={"path": "a.txt"}),
        jp_fetch("jupyterlab-checkpoints", "info"),
    ):
        with pytest.raises(HTTPClientError) as e:
            await call
        assert e.value.code == 503
        assert "format version 2" in json.loads(e.value.response.body)["message"]
    assert sorted(p.name for p in future_store.iterdir()) == ["format.json"]


def test_create_that_lost_a_race_with_rename_leaves_nothing(tmp_path):
    store = CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / "s"), fsync=False)
    with pytest.raises(NotFound):
        store.create("gone.txt", b"x", source=str(tmp_path / "gone.txt"))
    assert store.list("gone.txt") == []


async def test_restore_keeps_the_document_permissions(api, jp_root_dir):
    await api.put_text("script.sh", "echo 1\n")
    os.chmod(jp_root_dir / "script.sh", 0o751)
    m = await api.create("script.sh")
    await api.put_text("script.sh", "echo 2\n")
    os.chmod(jp_root_dir / "script.sh", 0o751)
    await api.restore("script.sh", m["id"])
    assert (jp_root_dir / "script.sh").read_text() == "echo 1\n"
    assert stat.S_IMODE((jp_root_dir / "script.sh").stat().st_mode) == 0o751
    assert sorted(p.name for p in jp_root_dir.iterdir()) == ["script.sh"]  # no temporary file left


def write_legacy(root, name, text, mtime=1_600_000_000):
    stem, ext = os.path.splitext(name)
    folder = root / ".ipynb_checkpoints"
    folder.mkdir(exist_ok=True)
    f = folder / f"{stem}-checkpoint{ext}"
    f.write_text(text)
    os.utime(f, (mtime, mtime))
    return f


async def test_legacy_checkpoint_follows_a_rename(api, jp_fetch, jp_root_dir):
    await api.put_text("old.py", "now\n")
    write_legacy(jp_root_dir, "old.py", "before install\n")
    await jp_fetch("api", "contents", "old.py", method="PATCH", body=json.dumps({"path": "new.py"}))
    assert [m["id"] for m in await api.list("new.py")] == ["legacy"]
    assert await api.list("old.py") == []
    await api.restore("new.py", "legacy")
    assert (jp_root_dir / "new.py").read_text() == "before install\n"


async def test_legacy_checkpoint_of_a_deleted_file_is_recoverable(api, jp_fetch, jp_root_dir):
    await api.put_notebook("n.ipynb", notebook(["now"]))
    nb_before = (jp_root_dir / "n.ipynb").read_text().replace('"now"', '"before install"')
    legacy = write_legacy(jp_root_dir, "n.ipynb", nb_before)
    await jp_fetch("api", "contents", "n.ipynb", method="DELETE")
    assert not legacy.exists()  # it moved into the store, with the file's other checkpoints
    deleted = json.loads((await jp_fetch("jupyterlab-checkpoints", "deleted")).body)
    entry = [d for d in deleted if d["path"] == "n.ipynb"][0]
    (cp,) = [c for c in entry["checkpoints"] if c["kind"] == "legacy"]
    assert cp["last_modified"].startswith("2020-09-13")  # the legacy file's mtime
    r = await jp_fetch(
        "jupyterlab-checkpoints",
        "deleted",
        "restore",
        method="POST",
        body=json.dumps({"path": "n.ipynb", "id": cp["id"]}),
    )
    assert r.code == 201
    assert (await api.get_nb("n.ipynb"))["cells"][0]["source"] == "before install"


def test_minified_notebook_is_still_stored_per_cell(tmp_path):
    import base64
    import random

    rng = random.Random(1)
    nb = notebook([f"plot({i})" for i in range(20)])
    for cell in nb["cells"]:
        png = base64.b64encode(rng.randbytes(20_000)).decode()
        cell["outputs"] = [{"output_type": "display_data", "data": {"image/png": png}, "metadata": {}}]
    raw = orjson.dumps(nb)
    assert len(split_notebook(raw)) >= 20
    store = CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / "s"), fsync=False)
    first = store.create("m.ipynb", raw)
    nb["cells"][3]["source"] = "changed"
    raw2 = orjson.dumps(nb)
    second = store.create("m.ipynb", raw2)
    assert second.extra["written"] < 0.1 * len(raw2), (second.extra["written"], len(raw2))
    assert store.read_bytes(first) == raw and store.read_bytes(second) == raw2


def test_collection_spares_checkpoints_of_deleted_files(tmp_path):
    store = CheckpointStore(contents_root=str(tmp_path), root_dir=str(tmp_path / "s"), fsync=False)
    kept = store.create("a.txt", b"precious")
    store.create("b.txt", b"dropped")
    store.delete("b.txt", store.list("b.txt")[0].id)
    store.deleted.add("a.txt")
    removed, _ = store.maintenance.gc(grace_seconds=0)
    assert removed == 1
    manifest, _history = store.deleted.find("a.txt", kept.id)
    assert store.read_bytes(manifest) == b"precious"
