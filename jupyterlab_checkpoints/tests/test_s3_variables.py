"""Kernel variables saved with a checkpoint and loaded back, with the store on S3 (moto on loopback) and a
real IPython kernel of the server: the blobs live in the bucket, the kernel only sees scratch files."""

from __future__ import annotations

import pytest
from tornado.httpclient import HTTPClientError

from .s3_fixtures import keys, s3_client
from .variables_fixtures import Variables, start_kernel


@pytest.fixture
def jp_server_config(s3_server_config):
    return s3_server_config


@pytest.fixture
def variables(jp_fetch, api):
    return Variables(jp_fetch, api, "v.ipynb")


def pieces(s3_url) -> set[str]:
    return {k.rsplit("/", 2)[-2] + k.rsplit("/", 1)[-1] for k in keys(s3_url) if "/objects/" in k}


def scratch_files(serverapp) -> list:
    return list(serverapp.contents_manager.checkpoints.store.tmp.iterdir())


async def test_snapshot_then_restore_into_another_kernel(variables, jp_fetch, jp_serverapp, s3_url):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("import numpy as np\na = 41 + 1\narr = np.arange(100_000)")
    cid = await variables.checkpoint()
    before = pieces(s3_url)
    snap = await variables.snapshot(cid, kernel.id)
    saved = {v["name"]: v for v in snap["variables"]}
    assert {"a", "arr"} <= saved.keys()
    assert {saved["a"]["hash"], saved["arr"]["hash"]} <= pieces(s3_url) - before  # uploaded to the bucket
    assert scratch_files(jp_serverapp) == []  # the kernel's pickles went, uploaded

    models = {c["id"]: c for c in await variables.api.list("v.ipynb")}
    assert models[cid].get("variables") is True  # the panel's mark
    code, listed = await variables.call("GET", cid)
    assert code == 200 and listed["variables"] == snap["variables"]  # the preview

    other = await start_kernel(jp_fetch, jp_serverapp)
    assert (await other.defined("a", "arr")) == {"a": False, "arr": False}
    result = await variables.restore(cid, other.id)
    assert {"a", "arr", "np"} <= set(result["restored"])
    assert await other.run("", a="a", total="int(arr.sum())") == {"a": "42", "total": str(sum(range(100_000)))}
    assert scratch_files(jp_serverapp) == []  # the downloaded blobs went after the restore


async def test_unchanged_variables_upload_no_new_blob(variables, jp_fetch, jp_serverapp, s3_url):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("import numpy as np\nbig = np.arange(1_000_000.0)\nn = 3")
    await variables.snapshot(await variables.checkpoint(), kernel.id)
    second = await variables.checkpoint()
    before = pieces(s3_url)
    snap = await variables.snapshot(second, kernel.id)
    # Only the new index object: both variables' blobs were in the bucket already.
    assert len(pieces(s3_url) - before) == 1
    assert snap["bytes_written"] < 10_000


async def test_an_altered_blob_is_refused_and_nothing_loads(variables, jp_fetch, jp_serverapp, s3_url):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("secret = 'kept'")
    cid = await variables.checkpoint()
    snap = await variables.snapshot(cid, kernel.id)
    digest = snap["variables"][0]["hash"]
    bucket, prefix = s3_url[len("s3://") :].split("/", 1)
    s3_client().put_object(Bucket=bucket, Key=f"{prefix}/objects/{digest[:2]}/{digest[2:]}", Body=b"altered")
    other = await start_kernel(jp_fetch, jp_serverapp)
    with pytest.raises(HTTPClientError) as e:
        await variables.call("POST", cid, "restore", kernel=other.id)
    assert e.value.code == 409
    assert (await other.defined("secret")) == {"secret": False}
    assert scratch_files(jp_serverapp) == []


async def test_collection_keeps_the_blobs_of_kept_checkpoints_only(variables, jp_fetch, jp_serverapp, api, s3_url):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run("payload = list(range(100_000))")
    cid = await variables.checkpoint()
    blob = (await variables.snapshot(cid, kernel.id))["variables"][0]["hash"]
    store.maintenance.gc(grace_seconds=0)
    assert blob in pieces(s3_url)
    await variables.checkpoint()  # a newer checkpoint without variables
    await api.delete("v.ipynb", cid)
    store.maintenance.gc(grace_seconds=0)
    assert blob not in pieces(s3_url)


async def test_a_piece_collected_after_its_upload_is_put_back(variables, jp_fetch, jp_serverapp, api, s3_url):
    """A collection that ran after this server last looked (here: after it uploaded the same blob for an
    older checkpoint) took a piece the upload trusts as present: the snapshot puts it back from the
    kernel's file before the checkpoint names it, instead of failing."""
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run("payload = list(range(50_000))")
    old = await variables.checkpoint()
    blob = (await variables.snapshot(old, kernel.id))["variables"][0]["hash"]
    kept = await variables.checkpoint()
    await api.delete("v.ipynb", old)
    store.maintenance.gc(grace_seconds=0)
    assert blob not in pieces(s3_url) and blob in store.objects.known
    snap = await variables.snapshot(kept, kernel.id)
    assert snap["variables"][0]["hash"] == blob and blob in pieces(s3_url)
    assert scratch_files(jp_serverapp) == []
    other = await start_kernel(jp_fetch, jp_serverapp)
    assert "payload" in (await variables.restore(kept, other.id))["restored"]


async def test_a_blob_the_bucket_holds_is_not_sent_again(variables, jp_fetch, jp_serverapp, s3_url):
    """A server that does not know the bucket's pieces (restarted, or after a collection) asks for each
    blob before sending it: an unchanged 8 MB array is not uploaded again."""
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run("import numpy as np\nbig = np.arange(1_000_000.0)")
    cid = await variables.checkpoint()
    await variables.snapshot(cid, kernel.id)
    store.objects.known.clear()
    sent = []
    store.objects.client.meta.events.register(
        "before-parameter-build.s3.PutObject", lambda params, **_: sent.append(len(params["Body"]))
    )
    snap = await variables.snapshot(cid, kernel.id)
    assert snap["bytes_written"] < 10_000
    assert sum(sent) < 10_000  # the index object only, not the array's pickle
