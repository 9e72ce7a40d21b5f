"""An unchanged numpy array is not pickled again by the next snapshot; any change to it is."""

import pytest

from .variables_fixtures import Variables, start_kernel

KNOWN = "len(__import__('sys').modules['_checkpoint_variables_cache'].entries)"


@pytest.fixture
def variables(jp_fetch, api):
    return Variables(jp_fetch, api, "v.ipynb")


def pickled(jp_serverapp, monkeypatch) -> list[str]:
    """Names of the files the server moves into the store: one per variable pickled."""
    objects = jp_serverapp.contents_manager.checkpoints.store.objects
    moved = []
    real = objects.put_file

    def put_file(file):
        moved.append(file.name)
        return real(file)

    monkeypatch.setattr(objects, "put_file", put_file)
    return moved


async def test_unchanged_array_is_named_not_pickled_again(variables, jp_fetch, jp_serverapp, monkeypatch):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("import numpy as np\narr = np.arange(2_000_000, dtype='f8')\nsmall = [1, 2]")
    first = await variables.snapshot(await variables.checkpoint(), kernel.id)
    assert (await kernel.run("", n=KNOWN))["n"] == "1"  # the array only: a list is always pickled

    moved = pickled(jp_serverapp, monkeypatch)
    await kernel.run("small.append(3)")
    cid = await variables.checkpoint()
    second = await variables.snapshot(cid, kernel.id)
    assert len(moved) == 1  # `small` only
    hashes = {v["name"]: v["hash"] for v in second["variables"]}
    assert hashes["arr"] == {v["name"]: v["hash"] for v in first["variables"]}["arr"]
    assert {v["name"]: v["size"] for v in second["variables"]}["arr"] > 16_000_000

    # Changed in place, the array is pickled again, and the restore gives the changed values.
    await kernel.run("arr[7] = -1")
    moved.clear()
    third = await variables.snapshot(cid, kernel.id)
    assert len(moved) == 2 and {v["name"]: v["hash"] for v in third["variables"]}["arr"] != hashes["arr"]
    await kernel.restart()
    await variables.restore(cid, kernel.id)
    assert await kernel.run("", v="float(arr[7])", s="float(arr.sum())") == {
        "v": "-1.0",
        "s": str(float(sum(range(2_000_000)) - 7 - 1)),
    }


async def test_a_collected_piece_is_pickled_again(variables, jp_fetch, jp_serverapp, monkeypatch):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run("import numpy as np\narr = np.ones(1000)")
    first = await variables.snapshot(await variables.checkpoint(), kernel.id)
    digest = {v["name"]: v["hash"] for v in first["variables"]}["arr"]
    store.objects.path(digest).unlink()  # as a collection would, after its checkpoint went
    moved = pickled(jp_serverapp, monkeypatch)
    await kernel.settled()
    cid = await variables.checkpoint()
    await variables.snapshot(cid, kernel.id)
    assert len(moved) == 1 and store.objects.path(digest).is_file()
    await kernel.restart()
    await variables.restore(cid, kernel.id)
    assert (await kernel.run("", s="float(arr.sum())"))["s"] == "1000.0"
