"""Restore and retention that never lose a checkpoint or the state a restore replaces."""

import json

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook


async def restore_ext(api, path, cid, **body):
    r = await api.fetch(
        "jupyterlab-checkpoints", "checkpoints", cid, "restore", method="POST", params={"path": path},
        body=json.dumps(body),
    )  # fmt: skip
    assert r.code == 200
    return json.loads(r.body)


async def full_history(api, jp_root_dir, path="h.ipynb", n=10):
    """`n` checkpoints of different content; returns {id: bytes the document had}."""
    held = {}
    for i in range(n):
        await api.put_notebook(path, notebook([f"version {i}"]))
        m = await api.create(path)
        held[m["id"]] = (jp_root_dir / path).read_bytes()
    assert [m["id"] for m in await api.list(path)] == list(held)[-10:]
    return held


@pytest.mark.parametrize("position", range(10))
async def test_restore_any_position_of_a_full_history(api, jp_root_dir, position):
    held = await full_history(api, jp_root_dir)
    ids = list(held)
    # Unsaved work the history does not hold yet.
    await api.put_notebook("h.ipynb", notebook(["work in progress"]))
    replaced = (jp_root_dir / "h.ipynb").read_bytes()
    done = await restore_ext(api, "h.ipynb", ids[position])
    assert (jp_root_dir / "h.ipynb").read_bytes() == held[ids[position]]
    listed = [m["id"] for m in done["checkpoints"]]
    assert listed == [m["id"] for m in await api.list("h.ipynb")]
    assert ids[position] in listed
    # One older state made room for the replaced one: the oldest that was not the target.
    gone = [cid for cid in ids if cid not in listed]
    assert gone == [ids[1] if position == 0 else ids[0]]
    assert done["kept"]["kind"] == "before-restore" and done["kept"]["id"] in listed
    r = await api.fetch(
        "jupyterlab-checkpoints", "checkpoints", done["kept"]["id"], "content", params={"path": "h.ipynb"}
    )
    assert json.loads(r.body)["content"]["cells"][0]["source"] == "work in progress"
    # The rollback record holds the restored state; it is the newest entry.
    assert done["rollback"]["kind"] == "rollback" and listed[-1] == done["rollback"]["id"]
    # Restoring back to what was replaced gives its exact bytes.
    await restore_ext(api, "h.ipynb", done["kept"]["id"])
    assert (jp_root_dir / "h.ipynb").read_bytes() == replaced


async def test_restore_of_a_kept_state_pushes_nothing_out(api, jp_root_dir):
    held = await full_history(api, jp_root_dir)
    ids = list(held)
    # The document is what the newest checkpoint holds: nothing new to keep.
    done = await restore_ext(api, "h.ipynb", ids[0])
    assert done["kept"]["id"] == ids[-1]
    listed = [m["id"] for m in done["checkpoints"]]
    assert set(ids) <= set(listed) and len(listed) == 11  # the rollback record takes no slot
    assert (jp_root_dir / "h.ipynb").read_bytes() == held[ids[0]]
    # Restoring the same state again keeps one rollback record of it, not two.
    await restore_ext(api, "h.ipynb", ids[-1])
    done = await restore_ext(api, "h.ipynb", ids[0])
    assert sum(1 for m in done["checkpoints"] if m["kind"] == "rollback") == 2
    assert set(ids) <= {m["id"] for m in done["checkpoints"]}


async def test_standard_endpoint_restore_keeps_the_replaced_state(api, jp_root_dir):
    """JupyterLab's File > Revert Notebook to Checkpoint uses the stock endpoint."""
    await api.put_notebook("s.ipynb", notebook(["saved"]))
    first = await api.create("s.ipynb")
    await api.put_notebook("s.ipynb", notebook(["typed after"]))
    replaced = (jp_root_dir / "s.ipynb").read_bytes()
    before = {m["id"] for m in await api.list("s.ipynb")}
    await api.restore("s.ipynb", first["id"])
    listed = await api.list("s.ipynb")
    new = [m for m in listed if m["id"] not in before]
    assert [m["kind"] for m in new] == ["before-restore", "rollback"]
    assert new[0]["label"].startswith("Before restoring")
    await api.restore("s.ipynb", new[0]["id"])
    assert (jp_root_dir / "s.ipynb").read_bytes() == replaced


async def test_ten_unchanged_saves_keep_a_manual_checkpoint(api, jp_root_dir):
    await api.put_notebook("m.ipynb", notebook(["x"]))
    manual = await api.create_ext("m.ipynb", kind="manual", label="before the refactor")
    await api.create_changed("m.ipynb", 9)
    for _ in range(10):  # Ctrl+S pressed ten times: JupyterLab creates a checkpoint after each save
        await api.put_notebook("m.ipynb", json.loads((jp_root_dir / "m.ipynb").read_text()))
        again = await api.create("m.ipynb")
        assert again["unchanged"] is True
    assert manual["id"] in [m["id"] for m in await api.list("m.ipynb")]


async def test_ctrl_k_after_a_save_upgrades_the_save_entry(api):
    await api.put_notebook("u.ipynb", notebook(["x"]))
    save = await api.create("u.ipynb")
    manual = await api.create_ext("u.ipynb", kind="manual", label="named")
    assert manual["id"] == save["id"] and manual["kind"] == "manual" and manual["label"] == "named"
    # A later automatic create of the same content does not downgrade it.
    auto = await api.create_ext("u.ipynb", kind="auto", label="Ran cell 1")
    assert auto["kind"] == "manual" and auto["label"] == "named"
    assert [(m["kind"], m["label"]) for m in await api.list("u.ipynb")] == [("manual", "named")]


async def test_automatic_entries_go_before_manual_ones(api):
    await api.put_notebook("a.ipynb", notebook(["m"]))
    manual = await api.create_ext("a.ipynb", kind="manual", label="mine")
    # 11: the manual entry also wins its hour (store/tiers.py), which takes no slot of the 10.
    autos = await api.create_changed("a.ipynb", 11, kind="auto")
    listed = [m["id"] for m in await api.list("a.ipynb")]
    assert manual["id"] in listed and autos[0] not in listed and autos[-1] in listed


async def test_with_ten_manual_a_new_automatic_one_pushes_out_the_oldest_manual(api):
    manual = await api.create_changed("t.ipynb", 10, kind="manual")
    await api.put_notebook("t.ipynb", notebook(["auto"]))
    auto = await api.create_ext("t.ipynb", kind="auto")
    listed = [m["id"] for m in await api.list("t.ipynb")]
    assert listed == manual[1:] + [auto["id"]]


async def test_restore_of_an_unknown_id_changes_nothing(api, jp_root_dir):
    await full_history(api, jp_root_dir, n=3)
    await api.put_notebook("h.ipynb", notebook(["unsaved"]))
    doc, listed = (jp_root_dir / "h.ipynb").read_bytes(), await api.list("h.ipynb")
    with pytest.raises(HTTPClientError) as e:
        await restore_ext(api, "h.ipynb", "20200101T000000000000-abcdef")
    assert e.value.code == 404 and json.loads(e.value.response.body)["message"]
    assert (jp_root_dir / "h.ipynb").read_bytes() == doc and await api.list("h.ipynb") == listed


async def test_restore_labels_from_the_page(api, jp_root_dir):
    held = await full_history(api, jp_root_dir, n=2)
    await api.put_notebook("h.ipynb", notebook(["new"]))
    done = await restore_ext(api, "h.ipynb", list(held)[0], before_label="Avant", rollback_label="Restauré")
    assert done["kept"]["label"] == "Avant" and done["rollback"]["label"] == "Restauré"
    with pytest.raises(HTTPClientError) as e:
        await restore_ext(api, "h.ipynb", list(held)[0], before_label=3)
    assert e.value.code == 400


async def test_a_failed_rollback_record_is_a_warning_not_a_failure(api, jp_root_dir, jp_serverapp, monkeypatch):
    held = await full_history(api, jp_root_dir, n=2)
    await api.put_notebook("h.ipynb", notebook(["new"]))
    store = jp_serverapp.contents_manager.checkpoints.store

    def no_room(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store.restoring, "_record_rollback", no_room)
    done = await restore_ext(api, "h.ipynb", list(held)[0])
    assert done["rollback"] is None and "could not record the rollback" in done["warning"]
    assert (jp_root_dir / "h.ipynb").read_bytes() == held[list(held)[0]]
    assert done["kept"]["kind"] == "before-restore"


async def test_restore_of_the_legacy_checkpoint_keeps_the_replaced_state(api, jp_root_dir):
    await api.put_text("old.py", "print('now')\n")
    legacy = jp_root_dir / ".ipynb_checkpoints"
    legacy.mkdir()
    (legacy / "old-checkpoint.py").write_text("print('before install')\n")
    await api.put_text("old.py", "print('unsaved')\n")
    done = await restore_ext(api, "old.py", "legacy")
    assert (jp_root_dir / "old.py").read_text() == "print('before install')\n"
    r = await api.fetch(
        "jupyterlab-checkpoints", "checkpoints", done["kept"]["id"], "content", params={"path": "old.py"}
    )
    assert json.loads(r.body)["content"] == "print('unsaved')\n"
