"""A real Jupyter server whose store is on S3 (moto's server): the stock contents API and the
extension's routes, and what the panel gets when the object storage cannot be used."""

from __future__ import annotations

import json

import pytest

from .conftest import notebook
from .s3_fixtures import keys
from .server_process import ServerProcess

pytest.importorskip("moto")


@pytest.fixture
def jp_server_config(s3_server_config):
    return s3_server_config


async def test_checkpoints_live_in_the_bucket(api, jp_fetch, s3_url, jp_root_dir):
    await api.put_notebook("a.ipynb", notebook(["v1"]))
    first = await api.create("a.ipynb")
    await api.put_notebook("a.ipynb", notebook(["v2"]))
    second = await api.create_ext("a.ipynb", kind="manual", label="two", pinned=True)
    listed = await api.list("a.ipynb")
    assert [c["id"] for c in listed] == [first["id"], second["id"]]  # oldest first
    assert listed[1]["label"] == "two" and listed[1]["pinned"]
    assert any(k.endswith("/tree/f.a.ipynb/index.json") for k in keys(s3_url))
    assert not (jp_root_dir / ".jupyter-checkpoints").exists()
    patched = await api.patch("a.ipynb", second["id"], label="renamed", pinned=False)
    assert patched["label"] == "renamed"
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", first["id"], "content", params={"path": "a.ipynb"})
    assert json.loads(r.body)["content"]["cells"][0]["source"] == "v1"
    info = json.loads((await jp_fetch("jupyterlab-checkpoints", "info", params={"path": "a.ipynb"})).body)
    assert info["store"]["root"] == s3_url and info["file"]["checkpoints"] == 2


async def test_restore_rename_and_delete_through_the_stock_api(api, jp_fetch):
    await api.put_notebook("old.ipynb", notebook(["v1"]))
    m = await api.create("old.ipynb")
    await api.put_notebook("old.ipynb", notebook(["unsaved work"]))
    await api.restore("old.ipynb", m["id"])
    assert (await api.get_nb("old.ipynb"))["cells"][0]["source"] == "v1"
    kinds = [c["kind"] for c in await api.list("old.ipynb")]
    assert kinds == ["save", "before-restore", "rollback"]
    await jp_fetch("api", "contents", "old.ipynb", method="PATCH", body=json.dumps({"path": "new.ipynb"}))
    assert await api.list("old.ipynb") == []
    assert [c["kind"] for c in await api.list("new.ipynb")] == kinds
    await jp_fetch("api", "contents", "new.ipynb", method="DELETE")
    assert await api.list("new.ipynb") == []
    [deleted] = json.loads((await jp_fetch("jupyterlab-checkpoints", "deleted")).body)
    assert deleted["path"] == "new.ipynb" and [c["kind"] for c in deleted["checkpoints"]] == kinds
    body = json.dumps({"path": "new.ipynb", "id": m["id"]})
    r = await jp_fetch("jupyterlab-checkpoints", "deleted", "restore", method="POST", body=body)
    assert json.loads(r.body)["path"] == "new.ipynb"
    assert (await api.get_nb("new.ipynb"))["cells"][0]["source"] == "v1"
    assert [c["kind"] for c in await api.list("new.ipynb")] == kinds


async def test_readable_history_reads_pieces_from_the_bucket(api, jp_fetch):
    # Summaries, a cell's history and search read the starts of stored pieces (outputs are recognised
    # by their first bytes): on S3 those are ranged GETs.
    await api.put_notebook("h.ipynb", notebook(["alpha = 1"]))
    await api.create("h.ipynb")
    await api.put_notebook("h.ipynb", notebook(["alpha = 2", "beta = 3"]))
    await api.create("h.ipynb")
    r = await jp_fetch("jupyterlab-checkpoints", "summaries", params={"path": "h.ipynb"})
    summaries = list(json.loads(r.body)["summaries"].values())  # oldest first
    assert len(summaries) == 2 and summaries[-1]["added"] == 1
    r = await jp_fetch("jupyterlab-checkpoints", "search", params={"path": "h.ipynb", "q": "beta"})
    assert json.loads(r.body)["hits"]


def test_unreachable_storage_gives_the_panel_and_the_log_a_message(tmp_path, monkeypatch, unreachable_endpoint):
    monkeypatch.setenv("AWS_ENDPOINT_URL", unreachable_endpoint)
    for k, v in {"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    root = tmp_path / "root"
    root.mkdir()
    log = tmp_path / "server.log"
    server = ServerProcess(root, None, log, extra=["--CheckpointStore.url=s3://bucket/p"]).start()
    try:
        body = {"type": "file", "format": "text", "content": "x"}
        assert server.http.put(server.contents("a.txt"), data=json.dumps(body)).status_code == 201
        for r in [
            server.http.get(server.contents("a.txt", "checkpoints")),
            server.http.post(server.ext("checkpoints"), params={"path": "a.txt"}, data="{}"),
            server.http.get(server.ext("info")),
        ]:
            assert r.status_code == 503
            assert "cannot reach the object storage" in r.json()["message"]
    finally:
        server.stop()
    said = [line for line in log.read_text().splitlines() if "cannot reach the object storage" in line]
    assert said[0].startswith("[E") and "jupyterlab_checkpoints: checkpoint store s3://bucket/p" in said[0]


async def test_a_delta_on_the_file_stores_the_pieces_the_bucket_lacks(api, jp_fetch, jp_root_dir):
    from jupyterlab_checkpoints.contents.notebook_writer import notebook_bytes

    from .test_delta_create import delta_of, post, rich_notebook

    nb = rich_notebook()
    (jp_root_dir / "f.ipynb").write_bytes(notebook_bytes(nb))  # as Jupyter writes it; no checkpoint yet
    r = await jp_fetch("api", "contents", "f.ipynb", params={"content": "0"})
    loaded = json.loads(r.body)["last_modified"]
    nb["cells"][0]["source"] = "edited"
    code, model = await post(api, {"delta": delta_of({"file": loaded}, nb, {"c0"})}, "f.ipynb")
    assert code == 201
    r = await jp_fetch("jupyterlab-checkpoints", "checkpoints", model["id"], "content", params={"path": "f.ipynb"})
    assert json.loads(r.body)["content"]["cells"] == nb["cells"]
    code, again = await post(api, {"document": {"content": nb}}, "f.ipynb")
    assert code == 200 and again["id"] == model["id"]
