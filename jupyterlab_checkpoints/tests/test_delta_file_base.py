"""`POST checkpoints` with a delta whose base is the file as the page loaded or saved it
(`"base": {"file": <last_modified>}`), through a real server: the checkpoint holds what a `document`
create of the same model holds, the file is read but never written, and a file changed since is a 409
`file-changed` that stores nothing."""

import copy
import json
import os

import pytest

from .test_delta_create import PATH, delta_of, post, refused, rich_notebook, saved_bytes, stored


@pytest.fixture
def checkpoints(jp_serverapp):
    return jp_serverapp.contents_manager.checkpoints


async def loaded(api, path=PATH) -> str:
    """last_modified as the page sees it when it loads the file (the contents API's JSON)."""
    r = await api.fetch("api", "contents", path, method="GET", params={"content": "0"})
    return json.loads(r.body)["last_modified"]


def untouched(file):
    return file.read_bytes(), os.stat(file).st_mtime_ns


async def test_file_base_composes_what_a_document_create_holds(api, jp_root_dir, checkpoints):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    file = jp_root_dir / PATH
    before = untouched(file)
    edited = copy.deepcopy(nb)
    edited["cells"][0]["source"] = "x = 'changed ✓'\n"
    edited["cells"].insert(1, {"cell_type": "raw", "id": "new", "metadata": {}, "source": "raw"})
    edited["cells"].pop()  # the cell before the removed last one becomes the last
    body = {"kind": "auto", "delta": delta_of({"file": await loaded(api)}, edited, {"c0", "new"})}
    code, model = await post(api, body)
    assert code == 201 and model["kind"] == "auto"
    assert untouched(file) == before
    expected = await saved_bytes(api, jp_root_dir, edited)
    assert stored(checkpoints, PATH, model["id"]) == expected and model["size"] == len(expected)
    # The same model sent whole is that checkpoint: same bytes, same pieces.
    code, again = await post(api, {"kind": "auto", "document": {"content": edited}})
    assert code == 200 and again["unchanged"] and again["id"] == model["id"]


async def test_file_changed_since_is_a_conflict_that_stores_nothing(api, jp_root_dir, checkpoints):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    seen = await loaded(api)
    file = jp_root_dir / PATH
    st = os.stat(file)
    os.utime(file, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))  # saved again meanwhile
    before, listed = untouched(file), checkpoints.store.list(PATH)
    code, err = await refused(api, {"delta": delta_of({"file": seen}, nb, {"c0"})})
    assert code == 409 and err["reason"] == "file-changed", err
    assert untouched(file) == before
    assert checkpoints.store.list(PATH) == listed
    # The file's current last_modified is a base again.
    code, model = await post(api, {"delta": delta_of({"file": await loaded(api)}, nb, {"c0"})})
    assert code == 200 and model["unchanged"]  # the save's checkpoint holds that content already


@pytest.mark.parametrize(
    "base", [{"file": "yesterday"}, {"file": "2026-01-01T00:00:00"}, {"file": 3}, {"file": "x", "more": 1}, 7]
)
async def test_a_malformed_file_base_is_refused(api, checkpoints, base):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    listed = checkpoints.store.list(PATH)
    code, err = await refused(api, {"delta": delta_of(base, nb, {"c0"})})
    assert code == 400 and "delta.base" in err["message"], err
    assert checkpoints.store.list(PATH) == listed
