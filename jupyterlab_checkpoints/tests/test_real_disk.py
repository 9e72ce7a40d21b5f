"""A store on a real, tiny file system: filled up, then made read-only.

Mounting needs root with CAP_SYS_ADMIN (as in CI); elsewhere these tests are skipped and
`test_concurrency_and_crash.py::test_full_disk_fails_cleanly` (an injected ENOSPC) still runs.
"""

import base64
import json
import random
import subprocess

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook

STORE_SIZE = "1m"


def _mount(where, *options):
    return subprocess.run(["mount", *options, where], capture_output=True, text=True)


@pytest.fixture
def tiny_store(store_dir):
    store_dir.mkdir(parents=True)
    done = _mount(str(store_dir), "-t", "tmpfs", "-o", f"size={STORE_SIZE}", "tmpfs")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield store_dir
    subprocess.run(["umount", "-l", str(store_dir)], capture_output=True)


def plot_notebook(rng, label):
    """A notebook whose one output is 200 KB of incompressible image data (150 KB base64-encoded)."""
    nb = notebook([f"plot({label!r})"])
    png = base64.b64encode(rng.randbytes(150 * 1024)).decode()
    nb["cells"][0]["outputs"] = [{"output_type": "display_data", "data": {"image/png": png}, "metadata": {}}]
    return nb


async def test_full_disk_refuses_with_507_and_keeps_everything(tiny_store, api, jp_root_dir):
    rng = random.Random(3)
    await api.put_notebook("big.ipynb", plot_notebook(rng, "start"))
    # checkpoint id -> the document bytes it was made from; the first save already made one.
    saved = {m["id"]: (jp_root_dir / "big.ipynb").read_bytes() for m in await api.list("big.ipynb")}
    refusal = None
    for i in range(12):
        await api.put_notebook("big.ipynb", plot_notebook(rng, i))
        doc = (jp_root_dir / "big.ipynb").read_bytes()
        try:
            created = await api.create("big.ipynb")
        except HTTPClientError as e:
            refusal = e
            break
        saved[created["id"]] = doc
    assert refusal is not None, "1 MB cannot hold 13 different 200 KB outputs"
    assert refusal.code == 507
    assert "space" in json.loads(refusal.response.body)["message"]
    assert len(saved) >= 2, "the first checkpoints fit"
    # The document is what the user saved last: the refused create did not touch it.
    assert (jp_root_dir / "big.ipynb").read_bytes() == doc
    # Nothing half-written is listed, and every listed checkpoint gives back the bytes it was made from.
    listed = [m["id"] for m in await api.list("big.ipynb")]
    assert listed == list(saved)
    # The document's state is in no checkpoint and cannot be kept: a restore is refused, nothing lost.
    with pytest.raises(HTTPClientError) as e:
        await api.restore("big.ipynb", listed[0])
    assert e.value.code == 507 and "nothing was restored" in json.loads(e.value.response.body)["message"]
    assert (jp_root_dir / "big.ipynb").read_bytes() == doc
    # Once the document holds a kept state, restores need no space and work.
    (jp_root_dir / "big.ipynb").write_bytes(saved[listed[-1]])
    for cid in listed:
        await api.restore("big.ipynb", cid)
        assert (jp_root_dir / "big.ipynb").read_bytes() == saved[cid]
    assert list((tiny_store / "tmp").iterdir()) == []


async def test_read_only_store_refuses_creates_and_still_lists_and_restores(tiny_store, api, jp_root_dir):
    await api.put_notebook("r.ipynb", notebook(["first"]))
    first = await api.create("r.ipynb")
    first_bytes = (jp_root_dir / "r.ipynb").read_bytes()
    await api.put_notebook("r.ipynb", notebook(["second"]))
    current = (jp_root_dir / "r.ipynb").read_bytes()
    listed = await api.list("r.ipynb")  # the first save's own checkpoint, which ours did not repeat
    assert [m["id"] for m in listed] == [first["id"]]
    remount = _mount(str(tiny_store), "-o", "remount,ro")
    assert remount.returncode == 0, remount.stderr
    try:
        with pytest.raises(HTTPClientError) as e:
            await api.create("r.ipynb")
        assert e.value.code == 507
        assert json.loads(e.value.response.body)["message"]
        assert (jp_root_dir / "r.ipynb").read_bytes() == current
        assert await api.list("r.ipynb") == listed
        # The document's state is in no checkpoint and cannot be kept: the restore is refused.
        with pytest.raises(HTTPClientError) as e:
            await api.restore("r.ipynb", first["id"])
        assert e.value.code == 507 and "nothing was restored" in json.loads(e.value.response.body)["message"]
        assert (jp_root_dir / "r.ipynb").read_bytes() == current
        # A document whose state is kept restores from a read-only store: nothing is locked away.
        (jp_root_dir / "r.ipynb").write_bytes(first_bytes)
        await api.restore("r.ipynb", first["id"])
        assert (jp_root_dir / "r.ipynb").read_bytes() == first_bytes
    finally:
        _mount(str(tiny_store), "-o", "remount,rw")
