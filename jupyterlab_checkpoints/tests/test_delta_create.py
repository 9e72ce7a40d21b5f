"""`POST checkpoints` with a `document` (the page's whole model) or a `delta` (its changed cells on top
of an earlier checkpoint), through a real server: the bytes kept are what the contents manager writes
when saving the same model, the file is never read or written, and what cannot be composed is a 409
with a reason."""

import copy
import json
import os

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook

PATH = "d.ipynb"


def rich_notebook():
    nb = notebook(["import numpy as np\nx = np.arange(3)", "print(x)", ""], seed="rich")
    nb["cells"][1]["outputs"] = [
        {"output_type": "stream", "name": "stdout", "text": "[0 1 2]\nline two\n"},
        {"output_type": "display_data", "metadata": {}, "data": {"image/png": "iVBORw0KGgo=", "text/plain": "<F>"}},
    ]
    nb["cells"].append({"cell_type": "markdown", "id": "md", "metadata": {}, "source": "# Title ü\n\nText"})
    return nb


async def post(api, body, path=PATH):
    r = await api.fetch(
        "jupyterlab-checkpoints", "checkpoints", method="POST", params={"path": path}, body=json.dumps(body)
    )
    return r.code, json.loads(r.body)


async def refused(api, body, path=PATH) -> tuple[int, dict]:
    with pytest.raises(HTTPClientError) as e:
        await post(api, body, path)
    return e.value.code, json.loads(e.value.response.body)


async def saved_bytes(api, root, nb, path="saved.ipynb") -> bytes:
    """What the contents manager writes for `nb`."""
    await api.put_notebook(path, nb)
    return (root / path).read_bytes()


def delta_of(base_id, nb, changed_ids):
    return {
        "base": base_id,
        "cells": [c["id"] for c in nb["cells"]],
        "changed": {c["id"]: c for c in nb["cells"] if c["id"] in changed_ids},
        "metadata": nb["metadata"],
        "nbformat": nb["nbformat"],
        "nbformat_minor": nb["nbformat_minor"],
    }


def stored(checkpoints, path, cid) -> bytes:
    store = checkpoints.store
    return store.read_bytes(store.get(path, cid))


@pytest.fixture
def checkpoints(jp_serverapp):
    return jp_serverapp.contents_manager.checkpoints


async def test_document_create_stores_the_save_bytes_and_leaves_the_file_alone(api, jp_root_dir, checkpoints):
    await api.put_notebook(PATH, notebook(["on disk"]))
    file = jp_root_dir / PATH
    before, mtime = file.read_bytes(), os.stat(file).st_mtime_ns
    nb = rich_notebook()
    code, model = await post(api, {"kind": "save", "label": "typed", "document": {"content": nb}})
    assert code == 201 and model["kind"] == "save" and model["label"] == "typed"
    assert file.read_bytes() == before and os.stat(file).st_mtime_ns == mtime
    expected = await saved_bytes(api, jp_root_dir, nb)
    assert stored(checkpoints, PATH, model["id"]) == expected and model["size"] == len(expected)
    # The same model again is the newest checkpoint's content: no new entry.
    code, again = await post(api, {"kind": "save", "document": {"content": nb}})
    assert code == 200 and again["unchanged"] and again["id"] == model["id"]
    # ... and so is a create from a file that holds the same model, on the standard path.
    await api.put_notebook(PATH, nb)
    assert (await api.create(PATH))["id"] == model["id"]


async def test_delta_equals_the_whole_model(api, jp_root_dir, checkpoints):
    await api.put_notebook(PATH, notebook(["x"]))
    nb = rich_notebook()
    _, base = await post(api, {"document": {"content": nb}})
    edited = copy.deepcopy(nb)
    edited["cells"][0]["source"] = "x = 'changed ✓'\n"
    md = edited["cells"].pop(3)
    edited["cells"].insert(0, md)  # the last cell moves first
    edited["cells"].append({"cell_type": "raw", "id": "new", "metadata": {}, "source": "raw\ntext"})
    edited["metadata"]["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    code, model = await post(api, {"kind": "auto", "delta": delta_of(base["id"], edited, {"c0", "new"})})
    assert code == 201 and model["kind"] == "auto"
    expected = await saved_bytes(api, jp_root_dir, edited)
    assert stored(checkpoints, PATH, model["id"]) == expected and model["size"] == len(expected)
    # Nothing changed since: the unchanged rule holds for deltas too.
    code, again = await post(api, {"delta": delta_of(model["id"], edited, set())})
    assert code == 200 and again["unchanged"] and again["id"] == model["id"]
    # A deleted cell and a composed delta on a composed base.
    edited["cells"] = [c for c in edited["cells"] if c["id"] != "c2"]
    _, third = await post(api, {"delta": delta_of(model["id"], edited, set())})
    assert stored(checkpoints, PATH, third["id"]) == await saved_bytes(api, jp_root_dir, edited)


async def test_delta_on_a_checkpoint_of_the_file(api, jp_root_dir, checkpoints):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    base = await api.create(PATH)
    nb["cells"][2]["source"] = "y = 1"
    _, model = await post(api, {"delta": delta_of(base["id"], nb, {"c2"})})
    assert stored(checkpoints, PATH, model["id"]) == await saved_bytes(api, jp_root_dir, nb)


async def test_delta_conflicts_carry_a_reason_and_store_nothing(api, jp_root_dir, checkpoints):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    await api.put_notebook("other.ipynb", nb)
    base = await api.create(PATH)
    other = await api.create("other.ipynb")
    cases = {
        "no-base": delta_of("20200101T000000000000-abcdef", nb, set()),
        "unknown-cell": delta_of(base["id"], {**nb, "cells": [*nb["cells"], {**nb["cells"][0], "id": "zz"}]}, set()),
    }
    cases["no-base-other-file"] = delta_of(other["id"], nb, set())
    for reason, delta in cases.items():
        code, err = await refused(api, {"delta": delta})
        assert code == 409 and err["reason"] == reason.replace("-other-file", ""), err
        assert err["message"]
    # A base not in nbformat's layout: a notebook file written minified.
    (jp_root_dir / PATH).write_text(json.dumps(nb, separators=(",", ":")))
    flat = await api.create(PATH)
    code, err = await refused(api, {"delta": delta_of(flat["id"], nb, set())})
    assert code == 409 and err["reason"] == "layout"
    # Cells without ids (nbformat 4.4) in the base.
    old = copy.deepcopy(nb)
    old["nbformat_minor"] = 4
    for c in old["cells"]:
        del c["id"]
    await api.put_notebook(PATH, old)
    no_ids = await api.create(PATH)
    code, err = await refused(api, {"delta": delta_of(no_ids["id"], nb, set())})
    assert code == 409 and err["reason"] == "layout"
    assert len(await api.list(PATH)) == 3


async def test_bad_bodies_are_400_and_store_nothing(api):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    base = (await api.create(PATH))["id"]
    good = delta_of(base, nb, {"c0"})
    bad_cell = {**nb["cells"][0], "cell_type": "code", "outputs": "nope"}
    bodies = [
        {"document": nb},  # not wrapped in {"content"}
        {"document": {"content": {**nb, "cells": "no"}}},
        {"document": {"content": {**nb, "nbformat": 3}}},
        {"document": {"content": {"cells": [bad_cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}}},
        {"document": {"content": nb}, "delta": good},
        {"delta": "x"},
        {"delta": {**good, "base": 7}},
        {"delta": {**good, "base": "../x"}},
        {"delta": {**good, "cells": [1, 2]}},
        {"delta": {**good, "cells": ["c0", "c0"]}},
        {"delta": {**good, "cells": ["bad id!"]}},
        {"delta": {**good, "changed": {"c0": bad_cell}}},
        {"delta": {**good, "changed": {"c0": {**nb["cells"][0], "id": "c1"}}}},
        {"delta": {**good, "changed": {"gone": nb["cells"][0]}}},
        {"delta": {**good, "changed": {"c0": "text"}}},
        {"delta": {**good, "metadata": []}},
        {"delta": {**good, "nbformat_minor": 4}},
        {"delta": {**good, "nbformat": 5}},
        {"delta": good, "kind": "legacy"},
    ]
    for body in bodies:
        code, err = await refused(api, body)
        assert code == 400 and err["message"], body
    code, _ = await refused(api, {"document": {"content": nb}}, path="notes.txt")
    assert code == 400
    assert len(await api.list(PATH)) == 1


async def test_retention_applies(api, jp_root_dir):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    ids = [(await api.create(PATH))["id"]]
    for i in range(12):
        nb["cells"][0]["source"] = f"x = {i}"
        ids.append((await post(api, {"delta": delta_of(ids[-1], nb, {"c0"})}))[1]["id"])
    assert [m["id"] for m in await api.list(PATH)] == ids[-10:]
    # The base retention dropped is no base any more.
    code, err = await refused(api, {"delta": delta_of(ids[0], nb, set())})
    assert code == 409 and err["reason"] == "no-base"


async def test_without_a_content_key_the_file_is_checkpointed(api, jp_root_dir, checkpoints):
    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    code, model = await post(api, {"kind": "manual", "label": "from disk"})
    # 200: the save made the file's first checkpoint already
    assert code in (200, 201) and stored(checkpoints, PATH, model["id"]) == (jp_root_dir / PATH).read_bytes()
    code, _ = await refused(api, {"document": {"content": nb}}, path="missing.ipynb")
    assert code == 404


async def test_a_base_with_lost_content_is_no_base(api, checkpoints):
    from jupyterlab_checkpoints.store.snapshot import content_pieces

    nb = rich_notebook()
    await api.put_notebook(PATH, nb)
    base = await api.create(PATH)
    # A first delta makes the server learn the base's pieces: the lost one is then known, not read.
    code, _ = await post(api, {"delta": delta_of(base["id"], nb, set())})
    assert code == 200
    store = checkpoints.store
    digests = content_pieces(store.objects, store.get(PATH, base["id"]).content)
    store.objects.path(digests[-2]).unlink()  # a piece of the last cell (the one that moves first)
    nb["cells"].insert(0, nb["cells"].pop())
    code, err = await refused(api, {"delta": delta_of(base["id"], nb, {"c0"})})
    assert code == 409 and err["reason"] == "no-base"
