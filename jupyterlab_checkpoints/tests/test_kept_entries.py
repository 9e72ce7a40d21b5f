"""Keeping an entry by hand (Ctrl+K on content the newest entry already holds) never loses what the
entry records: a failed run stays a failure, now also kept, and retention treats it as manual."""

from .conftest import notebook


async def test_ctrl_k_after_a_failed_run_keeps_the_failure(api):
    await api.put_notebook("f.ipynb", notebook(["1/0"]))
    failure = await api.create_ext("f.ipynb", kind="failure", label="ZeroDivisionError in cell 1")
    kept = await api.create_ext("f.ipynb", kind="manual")
    assert kept["id"] == failure["id"] and kept["unchanged"] is True
    [entry] = await api.list("f.ipynb")
    assert (entry["kind"], entry.get("kept"), entry["label"]) == ("failure", True, "ZeroDivisionError in cell 1")


async def test_a_kept_failure_outlives_automatic_entries(api, jp_serverapp):
    # The order rule alone: with tiers on, the failure would also win its hour and take no slot.
    store = jp_serverapp.contents_manager.checkpoints.store
    store.keep_hourly = store.keep_daily = store.keep_weekly = 0
    await api.put_notebook("r.ipynb", notebook(["1/0"]))
    failure = await api.create_ext("r.ipynb", kind="failure", label="ZeroDivisionError in cell 1")
    await api.create_ext("r.ipynb", kind="manual")
    # Ten automatic entries after it: an automatic failure would be the first to go, a kept one not.
    autos = await api.create_changed("r.ipynb", 10, kind="auto")
    listed = [m["id"] for m in await api.list("r.ipynb")]
    assert failure["id"] in listed and autos[0] not in listed


async def test_naming_a_failure_keeps_its_kind(api):
    await api.put_notebook("n.ipynb", notebook(["1/0"]))
    await api.create_ext("n.ipynb", kind="failure", label="ZeroDivisionError in cell 1")
    named = await api.create_ext("n.ipynb", kind="manual", label="the bug", pinned=True)
    assert (named["kind"], named.get("kept"), named["label"], named["pinned"]) == ("failure", True, "the bug", True)


async def test_ctrl_k_after_a_restore_keeps_the_restore_record(api):
    await api.put_notebook("b.ipynb", notebook(["old"]))
    first = await api.create("b.ipynb")
    await api.put_notebook("b.ipynb", notebook(["new"]))
    await api.create("b.ipynb")
    await api.restore("b.ipynb", first["id"])
    newest = (await api.list("b.ipynb"))[-1]
    kept = await api.create_ext("b.ipynb", kind="manual")
    assert kept["id"] == newest["id"] and kept["kind"] == newest["kind"] == "rollback" and kept["kept"] is True
