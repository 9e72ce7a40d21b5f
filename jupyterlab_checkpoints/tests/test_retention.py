"""Retention: 10 unpinned (oldest dropped), 10 pinned (more refused), pinned never dropped. The
store-level tests run on both backends (`make_store`: tests/backends.py)."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook


async def test_unpinned_capped_oldest_dropped(api):
    ids = await api.create_changed("r.ipynb", 13)
    listed = [m["id"] for m in await api.list("r.ipynb")]
    assert listed == ids[-10:]


async def test_pinned_never_dropped_and_not_counted(api):
    await api.put_notebook("p.ipynb", notebook(["x"]))
    pinned = await api.create_ext("p.ipynb", kind="manual", label="keep me", pinned=True)
    await api.create_changed("p.ipynb", 12)
    listed = await api.list("p.ipynb")
    assert pinned["id"] in [m["id"] for m in listed]
    assert sum(1 for m in listed if not m["pinned"]) == 10


async def test_pin_limit_refused_with_message(api):
    await api.create_changed("l.ipynb", 10, label="pin", pinned=True)
    await api.put_notebook("l.ipynb", notebook(["one too many"]))
    with pytest.raises(HTTPClientError) as e:
        await api.create_ext("l.ipynb", label="one too many", pinned=True)
    assert e.value.code == 409
    assert "10 pinned" in json.loads(e.value.response.body)["message"]
    extra = await api.create("l.ipynb")
    assert "unchanged" not in extra
    with pytest.raises(HTTPClientError) as e:
        await api.patch("l.ipynb", extra["id"], pinned=True, label="no room")
    assert e.value.code == 409
    listed = await api.list("l.ipynb")
    assert sum(m["pinned"] for m in listed) == 10
    assert [m for m in listed if m["id"] == extra["id"]][0]["label"] == ""


async def test_unpin_when_full_drops_oldest_unpinned(api):
    await api.put_notebook("u.ipynb", notebook(["x"]))
    pinned = await api.create_ext("u.ipynb", kind="auto", label="pinned", pinned=True)
    unpinned = await api.create_changed("u.ipynb", 10)
    updated = await api.patch("u.ipynb", pinned["id"], pinned=False)
    assert updated["pinned"] is False
    ids = [m["id"] for m in await api.list("u.ipynb")]
    assert len(ids) == 10
    # The unpinned checkpoint is now the oldest unpinned one, so it is the one dropped.
    assert pinned["id"] not in ids and ids == unpinned


async def test_pin_and_rename(api):
    await api.put_notebook("n.ipynb", notebook(["x"]))
    m = await api.create("n.ipynb")
    out = await api.patch("n.ipynb", m["id"], pinned=True, label="Before refactor")
    assert out["pinned"] and out["label"] == "Before refactor"
    out = await api.patch("n.ipynb", m["id"], label="  Renamed <b>bold</b>  ")
    assert out["label"] == "Renamed <b>bold</b>"
    listed = await api.list("n.ipynb")
    assert listed[-1]["label"] == "Renamed <b>bold</b>" and listed[-1]["pinned"]


def test_retention_limits_are_configurable(make_store):
    store = make_store(max_unpinned=3)
    for i in range(5):
        store.create("f.txt", f"{i}".encode())
    assert [store.read_bytes(m) for m in store.list("f.txt")] == [b"2", b"3", b"4"]


def stored_records(store, path) -> int:
    """Every record the storage holds for `path`, whatever the store would list of them."""
    return len(store.storage.list(store.storage.history(path)))


def test_limit_holds_when_a_crash_skipped_retention(make_store, monkeypatch):
    store = make_store(max_unpinned=3)
    for i in range(3):
        store.create("f.txt", f"{i}".encode())
    # A kill -9 after the new manifest is written and before the oldest is dropped.
    monkeypatch.setattr(store, "enforce_retention", lambda history, protected=(): [])
    store.create("f.txt", b"3")
    monkeypatch.undo()
    assert stored_records(store, "f.txt") == 4
    assert [store.read_bytes(m) for m in store.list("f.txt")] == [b"1", b"2", b"3"]
    # The next write of that file's history removes the extra one from disk.
    store.create("f.txt", b"4")
    assert stored_records(store, "f.txt") == 3
    assert [store.read_bytes(m) for m in store.list("f.txt")] == [b"2", b"3", b"4"]
