"""`jupyter checkpoints` on a store in S3 (moto's server), beside a running server using that store."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from jupyterlab_checkpoints.store import CheckpointStore

from .backends import damage_record
from .cli_runner import assert_clean_error, run
from .conftest import notebook
from .s3_fixtures import keys, s3_client
from .test_cli import five_versions, history_of

pytest.importorskip("moto")


@pytest.fixture
def jp_server_config(s3_server_config):
    return s3_server_config


def write_s3_config(folder, root, url: str) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "jupyter_server_config.py"
    f.write_text(f"c.ServerApp.root_dir = {str(root)!r}\nc.CheckpointStore.url = {url!r}\n")
    return f"--config={f}"


@pytest.fixture
def config(tmp_path, jp_root_dir, s3_url):
    return write_s3_config(tmp_path / "cli-config", jp_root_dir, s3_url)


def bucket_of(url: str) -> str:
    return url[len("s3://") :].split("/")[0]


def piece_key(url: str, digest: str) -> str:
    """The object key of a piece under the store's prefix in `url` (s3://bucket/prefix)."""
    prefix = url[len("s3://") :].partition("/")[2].strip("/")
    return f"{prefix}/objects/{digest[:2]}/{digest[2:]}"


async def test_list_show_export_restore(api, jp_root_dir, tmp_path, config):
    held = await history_of(api, jp_root_dir, "a.ipynb", ["one", "two"])
    await api.patch("a.ipynb", held[0][0], label="first draft", pinned=True)
    r = await run("list", "a.ipynb", "--json", config)
    assert r.code == 0, r.err
    listed = json.loads(r.out)
    assert [m["id"] for m in listed] == [i for i, _ in held]
    assert listed[0]["label"] == "first draft" and listed[0]["pinned"] is True
    for cid, raw in held:
        shown = await run("show", "a.ipynb", cid, config)
        assert (shown.code, shown.out) == (0, raw)
    target = tmp_path / "export.ipynb"
    r = await run("export", "a.ipynb", held[0][0], str(target), config)
    assert r.code == 0 and target.read_bytes() == held[0][1]

    await api.put_notebook("a.ipynb", notebook(["unsaved work"]))
    current = (jp_root_dir / "a.ipynb").read_bytes()
    r = await run("restore", "a.ipynb", held[0][0], config)
    assert r.code == 0, r.err
    assert (jp_root_dir / "a.ipynb").read_bytes() == held[0][1]
    models = await api.list("a.ipynb")  # the running server sees what the command recorded
    before = [m for m in models if m["kind"] == "before-restore"]
    assert len(before) == 1 and before[0]["id"] in r.text and models[-1]["kind"] == "rollback"
    assert (await run("show", "a.ipynb", before[0]["id"], config)).out == current


async def test_verify_names_each_broken_checkpoint(api, jp_fetch, jp_root_dir, s3_url, config):
    held = await history_of(api, jp_root_dir, "v.ipynb", ["alpha", "beta"])
    await api.put_text("t.txt", "plain text\n")
    text_id = (await api.create("t.txt"))["id"]
    await api.put_text("gone.txt", "deleted file\n")
    gone_id = (await api.create("gone.txt"))["id"]
    await jp_fetch("api", "contents", "gone.txt", method="DELETE")  # its history is kept for recovery
    await api.put_text("r.txt", "record to damage\n")
    record_id = (await api.create("r.txt"))["id"]
    ok = await run("verify", config)
    assert ok.code == 0, ok.text + ok.err
    assert f"5 checkpoints checked in {s3_url}: 0 broken" in ok.text

    client, bucket = s3_client(), bucket_of(s3_url)
    text = hashlib.sha256(b"plain text\n").hexdigest()
    client.put_object(Bucket=bucket, Key=piece_key(s3_url, text), Body=b"tampered\n")
    gone = hashlib.sha256(b"deleted file\n").hexdigest()
    client.delete_object(Bucket=bucket, Key=piece_key(s3_url, gone))
    # The cell only the first notebook checkpoint holds.
    pieces = [k for k in keys(s3_url) if "/objects/" in k]
    alpha = [k for k in pieces if b'"alpha"' in client.get_object(Bucket=bucket, Key=k)["Body"].read()]
    assert len(alpha) == 1
    client.delete_object(Bucket=bucket, Key=alpha[0])
    # An index entry overwritten so it no longer parses as a record.
    damage_record(CheckpointStore(contents_root=str(jp_root_dir), url=s3_url), "r.txt", record_id)

    r = await run("verify", config)
    assert r.code == 1, r.err
    assert f"BROKEN t.txt checkpoint {text_id}: piece {text} has the wrong hash" in r.text
    assert f"BROKEN gone.txt (deleted file) checkpoint {gone_id}: missing piece {gone}" in r.text
    missing = "".join(alpha[0].split("/")[-2:])
    assert f"BROKEN v.ipynb checkpoint {held[0][0]}: missing piece {missing}" in r.text
    assert f"BROKEN r.txt checkpoint {record_id}: its record is damaged" in r.text
    assert held[1][0] not in r.text and "5 checkpoints checked" in r.text and "4 broken" in r.text


async def test_stats_and_gc(api, jp_root_dir, s3_url, config):
    ids = await five_versions(api)
    r = await run("stats", "--json", config)
    assert r.code == 0, r.err
    figures = json.loads(r.out)
    listed = s3_client().list_objects_v2(Bucket=bucket_of(s3_url), Prefix="store/objects/")["Contents"]
    sizes = [m["size"] for m in await api.list("big.ipynb")]
    assert figures["store"] == s3_url and (figures["files"], figures["checkpoints"]) == (1, 5)
    assert figures["content_bytes"] == sum(o["Size"] for o in listed)
    assert figures["logical_bytes"] == sum(sizes)
    assert figures["dedup_ratio"] > 3  # five copies' bytes, about one copy stored
    assert figures["stored_bytes"] > figures["content_bytes"] > sizes[0]

    for cid in ids[:-1]:
        await api.delete("big.ipynb", cid)
    kept = await run("gc", config)  # the grace period keeps these young pieces
    assert kept.code == 0 and "freed 0 B" in kept.text, kept.err
    freed = await run("gc", config, "--CheckpointStore.gc_grace_seconds=0")
    assert freed.code == 0, freed.err
    assert int(re.search(r"(\d+) unreferenced pieces removed", freed.text)[1]) >= 4  # a cell and an index each
    after = json.loads((await run("stats", "--json", config)).out)
    assert after["checkpoints"] == 1 and after["content_bytes"] < figures["content_bytes"]
    assert (await run("verify", config)).code == 0
    assert (await run("show", "big.ipynb", ids[-1], config)).code == 0


async def test_store_that_cannot_be_reached(api, jp_root_dir, tmp_path, s3_url, unreachable_endpoint):
    """A missing bucket, an endpoint nothing answers: one line, exit 2, nothing started anywhere."""
    missing = write_s3_config(tmp_path / "missing", jp_root_dir, "s3://no-such-bucket-here/store")
    for sub in (("verify",), ("stats",), ("gc",), ("list", "a.ipynb")):
        assert_clean_error(await run(*sub, missing), "the bucket does not exist")
    config = write_s3_config(tmp_path / "config", jp_root_dir, s3_url)
    nowhere = {"AWS_ENDPOINT_URL": unreachable_endpoint}
    for sub in (("verify",), ("stats",), ("gc",), ("list", "a.ipynb")):
        assert_clean_error(await run(*sub, config, env=nowhere), "cannot reach the object storage")


async def test_gc_leaves_a_running_collection_alone(api, jp_root_dir, s3_url, config):
    await api.put_text("t.txt", "one\n")
    cid = (await api.create("t.txt"))["id"]
    await api.put_text("t.txt", "two\n")
    await api.create("t.txt")
    await api.delete("t.txt", cid)
    # Another server's collection, announced in the bucket (collect.py).
    state = json.dumps({"running": True, "generation": 7})
    s3_client().put_object(Bucket=bucket_of(s3_url), Key="store/gc/state.json", Body=state)
    before = keys(s3_url)
    r = await run("gc", config, "--CheckpointStore.gc_grace_seconds=0")
    assert r.code == 0 and "another collection" in r.text and "is running" in r.text, r.text + r.err
    assert keys(s3_url) == before
