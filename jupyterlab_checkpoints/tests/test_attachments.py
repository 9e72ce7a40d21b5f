"""store/attachments.py: the public way to attach pieces to a checkpoint, and what listings say of them
(the store's part on both backends: `store` from tests/backends.py)."""

import hashlib

import orjson
import pytest

from jupyterlab_checkpoints.store import InvalidInput, NotFound
from jupyterlab_checkpoints.store.attached import VARIABLES
from jupyterlab_checkpoints.store.attachments import attach, attachment

from .conftest import notebook
from .variables_fixtures import Variables, start_kernel


def nb(seed: str) -> bytes:
    return orjson.dumps(notebook(["x = 1"], seed=seed))


def index(store) -> str:
    digest, _ = store.objects.put(orjson.dumps({"variables": []}))
    return digest


def test_attach_names_the_piece_and_its_summary(store):
    m = store.create("a.ipynb", nb("1"), kind="manual")
    assert "variables" not in m.model() and attachment(store, "a.ipynb", m.id, VARIABLES) is None
    digest = index(store)
    attach(store, "/a.ipynb", m.id, VARIABLES, digest, {"count": 3, "bytes": 41_000_000})
    assert attachment(store, "a.ipynb", m.id, VARIABLES) == digest
    listed = store.list("a.ipynb")[-1].model()
    assert listed["variables"] is True  # a boolean still, as older pages read it
    assert (listed["variables_count"], listed["variables_bytes"]) == (3, 41_000_000)
    # The checkpoint's content and other fields are untouched.
    assert store.read_bytes(store.get("a.ipynb", m.id)) == nb("1")


def test_attach_refuses_bad_input_and_changes_nothing(store):
    m = store.create("a.ipynb", nb("1"), kind="manual")
    # The stored record, not the create's answer: that one also says what the create wrote (`written`),
    # which a local record keeps and an S3 index entry drops.
    before = store.get("a.ipynb", m.id).extra
    digest = index(store)
    missing = hashlib.sha256(b"never stored").hexdigest()
    for key, value, error in (
        ("content", digest, InvalidInput),  # not an attachable key
        (VARIABLES, "../../etc/passwd", InvalidInput),
        (VARIABLES, missing, InvalidInput),  # a piece must be stored first
    ):
        with pytest.raises(error):
            attach(store, "a.ipynb", m.id, key, value)
    with pytest.raises(NotFound):
        attach(store, "a.ipynb", "20990101T000000000000-abcdef", VARIABLES, digest)
    with pytest.raises(NotFound):
        attachment(store, "a.ipynb", "20990101T000000000000-abcdef", VARIABLES)
    assert store.get("a.ipynb", m.id).extra == before


def test_unchanged_create_says_what_the_entry_really_holds(store):
    """A create of unchanged content returns the newest entry: it shows variables only when that entry
    holds them, and a changed content's new entry holds none."""
    first = store.create("a.ipynb", nb("1"), kind="manual")
    attach(store, "a.ipynb", first.id, VARIABLES, index(store), {"count": 1, "bytes": 10})
    again = store.create("a.ipynb", nb("1"), kind="manual")
    assert again.id == first.id and again.model()["variables_count"] == 1
    changed = store.create("a.ipynb", nb("2"), kind="manual")
    assert changed.id != first.id and "variables" not in changed.model()
    same = store.create("a.ipynb", nb("2"), kind="save")
    assert same.id == changed.id and "variables" not in same.model()


async def test_contents_api_lists_count_and_bytes(jp_fetch, jp_serverapp, api):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run("a = 41 + 1\nb = bytes(1000)\ngen = (i for i in [1])")
    variables = Variables(jp_fetch, api, "v.ipynb")
    cid = await variables.checkpoint()
    snap = await variables.snapshot(cid, kernel.id)
    sizes = {v["name"]: v["size"] for v in snap["variables"]}
    entry = next(c for c in await api.list("v.ipynb") if c["id"] == cid)
    assert entry["variables"] is True
    assert entry["variables_count"] == len(sizes) and entry["variables_bytes"] == sum(sizes.values())
    assert {"a", "b"} <= sizes.keys() and entry["variables_bytes"] > 1000
