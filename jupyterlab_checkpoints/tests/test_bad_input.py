"""Bad ids, paths, bodies and labels get a clear 4xx and change nothing on disk."""

import json
import os

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook


def snapshot(*dirs):
    out = {}
    for d in dirs:
        for root, _, files in os.walk(d):
            for f in files:
                p = os.path.join(root, f)
                if not f.endswith(".lock"):
                    out[p] = os.path.getsize(p)
    return out


async def expect_4xx(coro, code=None):
    with pytest.raises(HTTPClientError) as e:
        await coro
    assert 400 <= e.value.code < 500, e.value.code
    if code:
        assert e.value.code == code
    body = e.value.response.body
    assert json.loads(body)["message"], (e.value.code, body[:200])
    return json.loads(body)["message"]


async def seed(api):
    await api.put_notebook("ok.ipynb", notebook(["x"]))
    return await api.create("ok.ipynb")


async def test_bad_ids(api, jp_fetch, jp_root_dir, store_dir):
    await seed(api)
    before = snapshot(jp_root_dir, store_dir)
    # Ids the stock route accepts ([\w-]+) reach our checks; others never match that route.
    for bad in ["x" * 65, "legacy", "nosuchid"]:
        await expect_4xx(jp_fetch("api", "contents", "ok.ipynb", "checkpoints", bad, method="POST", body=""))
        await expect_4xx(jp_fetch("api", "contents", "ok.ipynb", "checkpoints", bad, method="DELETE"))
    for bad in ["..%2F..%2Fetc%2Fpasswd", "a.b", "\x00", "x" * 65, "nosuchid"]:
        await expect_4xx(
            jp_fetch("jupyterlab-checkpoints", "checkpoints", bad, method="PATCH",
                     params={"path": "ok.ipynb"}, body=json.dumps({"label": "x"}))
        )  # fmt: skip
        await expect_4xx(jp_fetch("jupyterlab-checkpoints", "checkpoints", bad, "content", params={"path": "ok.ipynb"}))
    await expect_4xx(jp_fetch("api", "contents", "ok.ipynb", "checkpoints", "nosuchid", method="POST", body=""), 404)
    # A literal traversal never matches a route at all.
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch("jupyterlab-checkpoints", "checkpoints", "../../x", "content", params={"path": "ok.ipynb"})
    assert e.value.code == 404
    assert snapshot(jp_root_dir, store_dir) == before


async def test_bad_paths(api, jp_fetch, jp_root_dir, store_dir):
    await seed(api)
    before = snapshot(jp_root_dir, store_dir)
    for bad in ["../outside.ipynb", "a/../../b.txt", "/etc/passwd/..", "", "dir//x"]:
        await expect_4xx(
            jp_fetch("jupyterlab-checkpoints", "checkpoints", method="POST", params={"path": bad}, body="{}")
        )
        await expect_4xx(jp_fetch("jupyterlab-checkpoints", "checkpoints", method="GET", params={"path": bad}))
    await expect_4xx(
        jp_fetch("jupyterlab-checkpoints", "checkpoints", method="POST", params={"path": "missing.ipynb"}, body="{}"),
        404,
    )
    await expect_4xx(jp_fetch("jupyterlab-checkpoints", "checkpoints", method="POST", body="{}"), 400)
    await expect_4xx(jp_fetch("api", "contents", "missing.txt", "checkpoints", method="POST", body=""), 404)
    assert snapshot(jp_root_dir, store_dir) == before


async def test_bad_bodies_and_labels(api, jp_fetch, jp_root_dir, store_dir):
    cid = (await seed(api))["id"]
    before = snapshot(jp_root_dir, store_dir)

    def patch(body):
        raw = body if isinstance(body, str) else json.dumps(body)
        return jp_fetch(
            "jupyterlab-checkpoints", "checkpoints", cid, method="PATCH", params={"path": "ok.ipynb"}, body=raw
        )

    def create(body):
        raw = body if isinstance(body, str) else json.dumps(body)
        return jp_fetch("jupyterlab-checkpoints", "checkpoints", method="POST", params={"path": "ok.ipynb"}, body=raw)

    for body in ["not json", "[1, 2]", {"label": 5}, {"pinned": "yes"}, {"label": "x" * 201},
                 {"label": "a\x00b"}, {"label": "line\nbreak"}, {"other": 1}, {}]:  # fmt: skip
        await expect_4xx(patch(body), 400)
    for body in ["{", {"kind": "legacy"}, {"kind": ["manual"]}, {"label": "x" * 1_000_000}, {"pinned": 1}]:
        await expect_4xx(create(body), 400)
    message = await expect_4xx(patch({"label": "x" * 201}))
    assert "200" in message
    assert snapshot(jp_root_dir, store_dir) == before


async def test_non_notebook_named_ipynb_is_kept_whole(api, jp_fetch, jp_root_dir):
    (jp_root_dir / "fake.ipynb").write_bytes(b"\x89PNG not a notebook")
    m = await api.create("fake.ipynb")
    (jp_root_dir / "fake.ipynb").write_bytes(b"other")
    await api.restore("fake.ipynb", m["id"])
    assert (jp_root_dir / "fake.ipynb").read_bytes() == b"\x89PNG not a notebook"


async def test_directory_has_no_checkpoints(api, jp_fetch):
    await jp_fetch("api", "contents", "folder", method="PUT", body=json.dumps({"type": "directory"}))
    await expect_4xx(jp_fetch("api", "contents", "folder", "checkpoints", method="POST", body=""), 400)
