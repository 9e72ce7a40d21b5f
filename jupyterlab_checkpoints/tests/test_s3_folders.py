"""Folder checkpoints with the store on S3 (moto's server): where they live in the bucket, what a
checkpoint of an unchanged folder asks of the bucket, a collection between two checkpoints, and a
second server on the same bucket. (Everything else folder checkpoints do runs on both backends in
test_folders*.py.)"""

from __future__ import annotations

import asyncio
import json
import time

import pytest

from .folder_api import PROJECT, FolderApi, folder_config, make_project, tree, write
from .s3_fixtures import keys
from .server_process import ServerProcess

pytest.importorskip("moto")


@pytest.fixture
def jp_server_config(s3_url):
    return folder_config({"url": s3_url}, max_pinned=2)


@pytest.fixture
def fapi(jp_fetch):
    return FolderApi(jp_fetch)


class Requests:
    """The requests the server's S3 client sends, as (method, key below the store's prefix)."""

    def __init__(self, store):
        self.sent: list[tuple[str, str]] = []
        self.prefix = f"/{store.storage.bucket}/{store.storage.prefix}"
        store.storage.client.meta.events.register("before-send.s3", self._seen)

    def _seen(self, request, **_):
        path = request.url.split("?")[0].split("://", 1)[1].split("/", 1)[1]
        self.sent.append((request.method, ("/" + path).removeprefix(self.prefix)))

    def to(self, area: str) -> list[tuple[str, str]]:
        return [r for r in self.sent if r[1].startswith(area)]


def store_of(jp_serverapp):
    return jp_serverapp.contents_manager.checkpoints.store


async def test_histories_are_indexes_in_the_folders_area(fapi, jp_root_dir, s3_url):
    make_project(jp_root_dir, "top/proj")
    await fapi.create("top/proj")
    write(jp_root_dir, "top.txt", b"at the root")
    await fapi.create("")
    found = keys(s3_url)
    assert "store/folders/d.top/d.proj/index.json" in found
    assert "store/folders/root/index.json" in found
    assert not [k for k in found if k.startswith("store/locks/")]  # every lease was given back
    assert not (jp_root_dir / ".jupyter-checkpoints").exists()


async def test_an_unchanged_folder_costs_no_request_per_file(fapi, jp_root_dir, jp_serverapp):
    for i in range(40):
        write(jp_root_dir, f"proj/f{i:02}.txt", f"file {i}\n".encode())
    time.sleep(1.1)  # older than the racy window: their stats vouch for them (folders/disk_read.py)
    requests = Requests(store_of(jp_serverapp))
    first = await fapi.create("proj")
    assert first["cost"]["read"] == 40
    assert len([r for r in requests.to("objects/") if r[0] == "PUT"]) >= 40
    requests.sent.clear()
    store = store_of(jp_serverapp)
    # As a server started later, long after the first checkpoint: it knows of no piece, and a local
    # store would touch every reused piece again (grace 0). The lease held keeps them here instead.
    store.objects.known.clear()
    store.gc_grace_seconds = 0
    write(jp_root_dir, "proj/f07.txt", b"changed\n")
    time.sleep(1.1)
    second = await fapi.create("proj")
    assert second["cost"] == {"read": 1, "reused": 39, "written": second["cost"]["written"]}
    # The changed file's piece, its run and the index: no request for the 39 unchanged files.
    assert len(requests.to("objects/")) <= 6, requests.to("objects/")
    requests.sent.clear()
    third = await fapi.create("proj")
    assert third["id"] == second["id"] and third.get("unchanged") is True
    assert not [r for r in requests.to("objects/") if r[0] in ("PUT", "HEAD")], requests.sent


async def test_a_collection_between_checkpoints_keeps_what_they_reuse(fapi, jp_root_dir, jp_serverapp):
    make_project(jp_root_dir)
    time.sleep(1.1)
    first = await fapi.create("proj")
    store = store_of(jp_serverapp)
    await fapi.call("DELETE", first["id"], raw=True, path="proj")  # nothing refers to its pieces now...
    second = await fapi.create("proj")  # ...until this one, which reads every file again
    assert second["cost"]["read"] == len(PROJECT)
    write(jp_root_dir, "proj/a.txt", b"changed\n")
    time.sleep(1.1)  # the bucket's times are in seconds: past the grace period only references keep pieces
    removed, _ = store.maintenance.gc(grace_seconds=0)
    third = await fapi.create("proj")  # reuses the unchanged files' pieces, kept by `second`
    assert third["cost"]["reused"] == len(PROJECT) - 1
    assert store.maintenance.gc(grace_seconds=0) == (0, 0)
    write(jp_root_dir, "proj/sub/c.bin", b"lost")
    result = await fapi.restore("proj", second["id"])
    assert sorted(result["restored"]) == ["a.txt", "sub/c.bin"]
    assert tree(jp_root_dir / "proj") == PROJECT
    print("pieces collected", removed)


async def test_a_rename_onto_a_path_with_checkpoints_merges_them(fapi, jp_root_dir, jp_fetch, s3_url):
    make_project(jp_root_dir, "old")
    make_project(jp_root_dir, "old/inner")
    mine, inner = await fapi.create("old"), await fapi.create("old/inner")
    write(jp_root_dir, "new/x.txt", b"an earlier folder of that name")
    earlier = await fapi.create("new")
    await jp_fetch("api", "contents", "new/x.txt", method="DELETE")
    await jp_fetch("api", "contents", "new", method="DELETE")  # its checkpoints stay, as on disk
    await jp_fetch("api", "contents", "old", method="PATCH", body=json.dumps({"path": "new"}))
    assert [c["id"] for c in await fapi.list("new")] == sorted([earlier["id"], mine["id"]])
    assert [c["id"] for c in await fapi.list("new/inner")] == [inner["id"]]
    assert not [k for k in keys(s3_url) if k.startswith("store/folders/d.old")]


async def test_concurrent_changes_are_serialised_by_the_folder_lease(fapi, jp_root_dir):
    make_project(jp_root_dir)
    # The same state three times at once: one checkpoint, the others answer it is unchanged.
    made = await asyncio.gather(*(fapi.create("proj", label=f"try {n}") for n in range(3)))
    assert len({m["id"] for m in made}) == 1 and sum(bool(m.get("unchanged")) for m in made) == 2
    ids = [made[0]["id"]]
    for n in range(2):
        write(jp_root_dir, "proj/a.txt", f"version {n}".encode())
        ids.append((await fapi.create("proj"))["id"])
    # Three pins at once against a limit of two: the limit holds.
    pins = await asyncio.gather(
        *(fapi.call("PATCH", cid, body={"pinned": True}, path="proj") for cid in ids), return_exceptions=True
    )
    refused = [p for p in pins if isinstance(p, Exception)]
    assert len(refused) == 1 and refused[0].code == 409
    assert sum(c["pinned"] for c in await fapi.list("proj")) == 2


async def test_a_second_server_on_the_bucket_sees_and_restores_them(fapi, jp_root_dir, s3_url, tmp_path):
    make_project(jp_root_dir)
    mine = await fapi.create("proj", label="from the first server")
    other = ServerProcess(jp_root_dir, None, tmp_path / "other.log", extra=[f"--CheckpointStore.url={s3_url}"])
    other.start()
    try:
        url = other.ext("folders/checkpoints")
        listed = other.http.get(url, params={"path": "proj"}).json()["checkpoints"]
        assert [(c["id"], c["label"]) for c in listed] == [(mine["id"], "from the first server")]
        write(jp_root_dir, "proj/a.txt", b"changed\n")
        r = other.http.post(f"{url}/{mine['id']}/restore", params={"path": "proj"}, data="{}")
        assert r.status_code == 200, r.text
        assert r.json()["restored"] == ["a.txt"] and tree(jp_root_dir / "proj") == PROJECT
        kept = r.json()["kept"]
        # What the second server made, the first one lists: the current state kept before the restore.
        assert [c["id"] for c in await fapi.list("proj")] == [mine["id"], kept]
        body = json.dumps({"path": "moved"})
        assert other.http.patch(other.contents("proj"), data=body).status_code == 200
        assert [c["id"] for c in await fapi.list("moved")] == [mine["id"], kept]
        assert await fapi.status("GET", path="proj") == (404, "no folder 'proj'")
    finally:
        other.stop()
