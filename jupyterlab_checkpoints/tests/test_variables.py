"""Kernel variables saved with a checkpoint and loaded back into a real IPython kernel of the server."""

import json
import os
import sys

import pytest
from tornado.httpclient import HTTPClientError

from .variables_fixtures import Variables, start_kernel

SESSION = """
import hashlib
import numpy as np
import pandas as pd
arr = np.random.default_rng(7).random(5_000_000)  # 40 MB
df = pd.DataFrame({"a": range(1000), "b": [f"row {i}" for i in range(1000)]})
d = {"x": 1, "y": [1, 2, 3], "z": "text"}
double = lambda x: x * 2
gen = (i for i in range(10))
fh = open(FILE, "w")
fh.write("hello")
fh.flush()
"""
FINGERPRINTS = {
    "arr": "__import__('hashlib').sha256(arr.tobytes()).hexdigest()",
    "df": "df.to_json()",
    "d": "repr(d)",
    "double": "double(21)",
}


@pytest.fixture
def variables(jp_fetch, api):
    return Variables(jp_fetch, api, "v.ipynb")


def blob_file(jp_serverapp, digest):
    return jp_serverapp.contents_manager.checkpoints.store.objects.path(digest)


async def test_snapshot_restart_restore(variables, jp_root_dir, jp_fetch, jp_serverapp):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    out_file = jp_root_dir / "out.txt"
    await kernel.run(f"FILE = {str(out_file)!r}\n" + SESSION)
    before = await kernel.run("", **FINGERPRINTS)
    cid = await variables.checkpoint()

    snap = await variables.snapshot(cid, kernel.id)
    assert snap["pickler"] == "cloudpickle"
    saved = {v["name"]: v for v in snap["variables"]}
    assert {"arr", "df", "d", "double", "FILE"} <= saved.keys()
    assert saved["arr"]["type"] == "numpy.ndarray" and saved["arr"]["size"] > 40_000_000
    assert snap["bytes_written"] >= 40_000_000
    skipped = {s["name"]: s["reason"] for s in snap["skipped"]}
    assert "generator" in skipped["gen"] and "open file" in skipped["fh"]
    assert {"name": "np", "import": "import numpy as np"} in snap["modules"]
    assert not any(n.startswith("_") or n in ("In", "Out", "get_ipython", "exit", "quit") for n in saved)
    assert out_file.stat().st_size == 5

    models = {c["id"]: c for c in await variables.api.list("v.ipynb")}
    assert models[cid].get("variables") is True  # the panel's mark, through the contents API too
    code, listed = await variables.call("GET", cid)
    assert code == 200 and listed["variables"] == snap["variables"] and listed["skipped"] == snap["skipped"]

    await kernel.restart()
    assert (await kernel.defined("arr", "df"))["arr"] is False
    result = await variables.restore(cid, kernel.id)
    assert {"arr", "df", "d", "double", "np", "pd", "hashlib"} <= set(result["restored"])
    assert result["skipped"] == []
    assert await kernel.run("", **FINGERPRINTS) == before
    assert (await kernel.defined("gen", "fh")) == {"gen": False, "fh": False}
    assert out_file.read_text() == "hello"  # never reopened, so never truncated


async def test_second_snapshot_writes_only_the_changed_variable(variables, jp_fetch, jp_serverapp):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("import numpy as np\nbig = np.arange(5_000_000.0)\nsmall = np.ones(1_000_000)\nn = 3")
    first = await variables.snapshot(await variables.checkpoint(), kernel.id)
    assert first["bytes_written"] > 48_000_000
    await kernel.run("small += 1")
    second = await variables.snapshot(await variables.checkpoint(), kernel.id)
    small = next(v for v in second["variables"] if v["name"] == "small")
    # The changed array and the small index object; the 40 MB array and `n` cost nothing.
    assert small["size"] <= second["bytes_written"] < small["size"] + 10_000


async def test_gc_keeps_blobs_of_kept_checkpoints_only(variables, jp_serverapp, api, jp_fetch):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run("payload = list(range(100_000))")
    cid = await variables.checkpoint()
    figure = store.maintenance.info("v.ipynb")["file"]["bytes"]
    snap = await variables.snapshot(cid, kernel.id)
    # The file's disk use counts its variables.
    assert store.maintenance.info("v.ipynb")["file"]["bytes"] >= figure + snap["variables"][0]["size"]
    blob = blob_file(jp_serverapp, snap["variables"][0]["hash"])
    for piece in store.objects.root.glob("*/*"):  # old enough for any collection or clean-up to take
        os.utime(piece, (1_000_000_000, 1_000_000_000))
    store.maintenance.gc(grace_seconds=0)
    assert blob.exists()
    assert store.cleanup.plan()["unreferenced"]["objects"] == 0  # a clean-up would not take them either
    await variables.checkpoint()  # a newer checkpoint without variables
    await api.delete("v.ipynb", cid)
    store.maintenance.gc(grace_seconds=0)
    assert not blob.exists()


async def test_altered_blob_is_refused_and_nothing_loads(variables, jp_serverapp, jp_fetch):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("first = 'a' * 1000\nsecond = [1, 2, 3]")
    cid = await variables.checkpoint()
    snap = await variables.snapshot(cid, kernel.id)
    victim = blob_file(jp_serverapp, next(v["hash"] for v in snap["variables"] if v["name"] == "second"))
    data = bytearray(victim.read_bytes())
    data[-3] ^= 0x01  # same size, different bytes
    os.chmod(victim, 0o600)
    victim.write_bytes(bytes(data))
    await kernel.restart()
    with pytest.raises(HTTPClientError) as e:
        await variables.call("POST", cid, "restore", kernel=kernel.id)
    assert e.value.code == 409 and b"hash" in e.value.response.body
    assert await kernel.defined("first", "second") == {"first": False, "second": False}


async def test_busy_kernel_is_refused_not_queued(variables, jp_serverapp, jp_fetch):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    cid = await variables.checkpoint()
    kc = kernel.client()
    try:
        kc.execute("import time; time.sleep(4)")
        state = jp_serverapp.kernel_manager.get_kernel(kernel.id)
        for _ in range(100):
            if state.execution_state == "busy":
                break
            await __import__("asyncio").sleep(0.05)
        with pytest.raises(HTTPClientError) as e:
            await variables.call("POST", cid, kernel=kernel.id)
        assert e.value.code == 409 and b"running a cell" in e.value.response.body
    finally:
        await kc.get_shell_msg(timeout=30)
        kc.stop_channels()


async def test_bad_requests(variables, jp_fetch, jp_serverapp):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    cid = await variables.checkpoint()
    for params, status in (
        ({"kernel": "no-such-kernel"}, 404),
        ({}, 400),
    ):
        with pytest.raises(HTTPClientError) as e:
            await variables.call("POST", cid, **params)
        assert e.value.code == status
    with pytest.raises(HTTPClientError) as e:
        await variables.call("POST", "20990101T000000000000-abcdef", kernel=kernel.id)
    assert e.value.code == 404
    with pytest.raises(HTTPClientError) as e:
        await variables.call("GET", cid)  # nothing saved yet
    assert e.value.code == 404
    with pytest.raises(HTTPClientError) as e:
        await variables.call("POST", cid, "restore", kernel="no-such-kernel")
    assert e.value.code == 404


async def test_a_kernel_that_is_not_ipython_is_refused(variables, jp_fetch, jp_kernel_dir):
    spec = jp_kernel_dir / "not-ipython"
    spec.mkdir()
    argv = [sys.executable, "-m", "jupyterlab_checkpoints.tests.echo_kernel", "-f", "{connection_file}"]
    (spec / "kernel.json").write_text(json.dumps({"argv": argv, "display_name": "Echo", "language": "echo"}))
    r = await jp_fetch("api", "kernels", method="POST", body=json.dumps({"name": "not-ipython"}))
    kernel_id = json.loads(r.body)["id"]
    cid = await variables.checkpoint()
    with pytest.raises(HTTPClientError) as e:
        await variables.call("POST", cid, kernel=kernel_id)
    assert e.value.code == 400 and b"IPython kernel" in e.value.response.body


async def test_failed_snapshot_leaves_nothing(variables, jp_fetch, jp_serverapp, api):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    # `first` is pickled and written before `boom` interrupts the whole snapshot.
    await kernel.run(
        "first = bytes(range(256)) * 100\n"
        "class Boom:\n    def __reduce__(self):\n        raise KeyboardInterrupt\n"
        "boom = Boom()"
    )
    cid = await variables.checkpoint()
    with pytest.raises(HTTPClientError) as e:
        await variables.call("POST", cid, kernel=kernel.id)
    assert e.value.code == 409 and b"interrupted" in e.value.response.body
    assert not list(store.tmp.glob("v-*"))  # the kernel's files are gone
    with pytest.raises(HTTPClientError) as e:
        await variables.call("GET", cid)
    assert e.value.code == 404  # no partial listing
    assert cid in [c["id"] for c in await api.list("v.ipynb")]  # the checkpoint itself is untouched
