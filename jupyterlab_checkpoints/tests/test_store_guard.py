"""The store is never read or written through the contents API or /files/, even with
`ContentsManager.allow_hidden = True`; the rest of the hidden files stay reachable."""

import json

import pytest
from tornado.httpclient import HTTPClientError

STORE = ".jupyter-checkpoints"


@pytest.fixture
def jp_server_config():
    # The default store place (inside the contents root) on a server that shows hidden files.
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {
            "checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints",
            "allow_hidden": True,
        },
        "CheckpointStore": {"fsync": False},
    }


async def refused(fetch, *parts, **kw) -> tuple[int, str]:
    with pytest.raises(HTTPClientError) as e:
        await fetch(*parts, **kw)
    body = e.value.response.body
    return e.value.code, (json.loads(body).get("message", "") if body.startswith(b"{") else "")


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


async def test_the_contents_api_never_reads_or_writes_inside_the_store(api, jp_fetch, jp_root_dir):
    await api.put_text("a.txt", "a\n")
    await api.create("a.txt")
    store = jp_root_dir / STORE
    record = next(p for p in store.rglob("*.json") if p.parent.name != STORE)
    inner = str(record.relative_to(jp_root_dir))
    (jp_root_dir / "peek").symlink_to(STORE)  # a link to the store, made outside the contents API
    before = snapshot(store)
    planted = json.dumps({"type": "file", "format": "text", "content": "planted"})
    attempts = [
        ("GET", ("api", "contents", STORE), None),
        ("GET", ("api", "contents", inner), None),
        ("GET", ("api", "contents", f"./{inner}"), None),
        ("GET", ("api", "contents", inner.replace(STORE, "peek", 1)), None),
        ("PUT", ("api", "contents", "peek/planted.pkl"), planted),
        ("PUT", ("api", "contents", inner), planted),
        ("PUT", ("api", "contents", f"{STORE}/objects/planted.pkl"), planted),
        ("DELETE", ("api", "contents", inner), None),
        ("PATCH", ("api", "contents", "a.txt"), json.dumps({"path": f"{STORE}/moved.txt"})),
        ("POST", ("api", "contents", STORE), json.dumps({"copy_from": "a.txt"})),
        ("GET", ("files", inner), None),
    ]
    for method, parts, body in attempts:
        code, message = await refused(jp_fetch, *parts, method=method, body=body, allow_nonstandard_methods=True)
        assert code == 403, (method, parts, code)
        if parts[0] == "api":
            assert "inside the checkpoint store" in message, (method, parts, message)
    assert snapshot(store) == before
    assert (jp_root_dir / "a.txt").read_text() == "a\n"


async def test_listings_leave_the_store_out_and_other_hidden_files_stay_reachable(api, jp_fetch, jp_root_dir):
    await api.put_text(".hidden.txt", "mine\n")
    await api.create(".hidden.txt")
    listing = json.loads((await jp_fetch("api", "contents", "")).body)
    assert [c["name"] for c in listing["content"]] == [".hidden.txt"]
    assert json.loads((await jp_fetch("api", "contents", ".hidden.txt")).body)["content"] == "mine\n"
    assert (await jp_fetch("files", ".hidden.txt")).body == b"mine\n"
