"""The `unsaved` kind (what the page held, neither saved nor run, before a dialog discarded it) and the
text document a page sends for a text file, through a real server: the editor's text is kept without
the file being read or written, and the lowest rank leaves the kind of an entry that already holds the
same content alone, while a later save of that content takes its own kind."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook


async def post(api, path, body):
    r = await api.fetch(
        "jupyterlab-checkpoints", "checkpoints", method="POST", params={"path": path}, body=json.dumps(body)
    )
    return r.code, json.loads(r.body)


async def content(api, path, cid):
    r = await api.fetch("jupyterlab-checkpoints", "checkpoints", cid, "content", params={"path": path})
    return json.loads(r.body)["content"]


async def test_a_text_files_unsaved_text_is_kept_without_writing_the_file(api, jp_root_dir):
    await api.put_text("notes.txt", "on disk\n")
    before = (jp_root_dir / "notes.txt").stat().st_mtime_ns
    body = {"kind": "unsaved", "label": "Unsaved changes before Close", "document": {"content": "typed ü\n"}}
    code, created = await post(api, "notes.txt", body)
    assert code == 201
    assert created["kind"] == "unsaved" and created["label"] == "Unsaved changes before Close"
    assert await content(api, "notes.txt", created["id"]) == "typed ü\n"
    assert (jp_root_dir / "notes.txt").read_text() == "on disk\n"
    assert (jp_root_dir / "notes.txt").stat().st_mtime_ns == before
    # A text file has no cells to compose, and its document is text.
    for body in ({"delta": {"base": created["id"]}}, {"document": {"content": {"cells": []}}}, {"document": {}}):
        with pytest.raises(HTTPClientError) as e:
            await post(api, "notes.txt", {"kind": "unsaved", **body})
        assert e.value.code == 400, body
    assert [c["id"] for c in await api.list("notes.txt")] == [created["id"]]


async def test_unsaved_ranks_below_every_kind_a_client_makes(api):
    nb = notebook(["x = 1"], seed="unsaved")
    await api.put_notebook("n.ipynb", nb)
    saved = await api.create("n.ipynb")
    assert saved["kind"] == "save"
    # The page's content equals the newest checkpoint: the save entry stays a save.
    code, same = await post(api, "n.ipynb", {"kind": "unsaved", "document": {"content": nb}})
    assert code == 200 and same["id"] == saved["id"] and same["kind"] == "save"
    # New content kept as unsaved, then saved: the entry becomes the save.
    nb["cells"][0]["source"] = "x = 2  # typed, never run"
    code, kept = await post(api, "n.ipynb", {"kind": "unsaved", "document": {"content": nb}})
    assert code == 201 and kept["kind"] == "unsaved"
    await api.put_notebook("n.ipynb", nb)
    again = await api.create("n.ipynb")
    assert again["id"] == kept["id"] and again["kind"] == "save"
    assert [c["id"] for c in await api.list("n.ipynb")] == [saved["id"], kept["id"]]
