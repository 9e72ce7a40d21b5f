"""Reliability, data loss: what a command line, damaged pieces or records, or a large notebook must not
cost the user (issue 25, items 4, 5, 6 and 10; the save/restore race is in test_reliability_races.py).

Real servers (pytest-jupyter's), the installed `jupyter checkpoints` script in a subprocess, and the
store on disk damaged as a failing disk or a stray editor would damage it. docs/reliability.md lists
what each case attacks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError

from .cli_runner import run, write_config
from .conftest import notebook


@pytest.fixture
def jp_server_config(store_dir):
    # A server whose administrator keeps far more history than the default: the command line, which
    # is not told so, must not apply its own (default) limit.
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": {"root_dir": str(store_dir), "fsync": False, "max_unpinned": 1000},
    }


async def test_cli_restore_drops_nothing_a_server_keeps(api, jp_root_dir, store_dir, tmp_path):
    ids = await api.create_changed("many.ipynb", 25)
    assert [m["id"] for m in await api.list("many.ipynb")] == ids
    config = f"--config={write_config(tmp_path / 'cli-config', jp_root_dir, store_dir)}"

    listed = await run("list", "many.ipynb", "--json", config)
    assert listed.code == 0, listed.err
    assert '"id"' in listed.text and listed.text.count('"id"') == 25  # nothing hidden either

    r = await run("restore", "many.ipynb", ids[3], config)
    assert r.code == 0, r.err
    after = [m["id"] for m in await api.list("many.ipynb")]
    assert set(ids) <= set(after), f"the command dropped {len(set(ids) - set(after))} of 25 checkpoints"
    assert len(after) == 26  # and recorded the restore (the current content was the newest entry's)


# ---------------------------------------------------------------- 5. a damaged piece
async def refused(fetch, *parts, method="GET", body=None, params=None) -> tuple[int, dict]:
    with pytest.raises(HTTPClientError) as e:
        await fetch(*parts, method=method, body=body, params=params)
    return e.value.code, json.loads(e.value.response.body)


def piece_holding(store_dir: Path, text: bytes) -> Path:
    found = [p for p in (store_dir / "objects").glob("*/*") if text in p.read_bytes()]
    assert len(found) == 1, found
    return found[0]


async def test_damaged_piece_is_refused_by_every_read_and_nothing_is_written(
    api, jp_fetch, jp_root_dir, store_dir, tmp_path
):
    await api.put_notebook("d.ipynb", notebook(["alpha only here", "shared"]))
    damaged = (await api.create("d.ipynb"))["id"]
    await api.put_notebook("d.ipynb", notebook(["beta", "shared"]))
    sound = (await api.create("d.ipynb"))["id"]
    await api.put_notebook("d.ipynb", notebook(["work in progress", "shared"]))
    current = (jp_root_dir / "d.ipynb").read_bytes()
    piece = piece_holding(store_dir, b"alpha only here")
    piece.write_bytes(piece.read_bytes()[:7])  # truncated, as a failing disk leaves it
    listed = await api.list("d.ipynb")

    ext = ("jupyterlab-checkpoints", "checkpoints", damaged)
    where = {"path": "d.ipynb"}
    answers = [
        await refused(jp_fetch, "api", "contents", "d.ipynb", "checkpoints", damaged, method="POST", body=""),
        await refused(jp_fetch, *ext, "restore", method="POST", body="{}", params=where),
        await refused(jp_fetch, *ext, "content", params=where),
    ]
    for code, answer in answers:
        assert code == 409 and answer["reason"] == "damaged", answer
        assert damaged in answer["message"] and "damaged" in answer["message"]
    # Nothing was written: the file, and no before-restore or rollback entry.
    assert (jp_root_dir / "d.ipynb").read_bytes() == current
    after = await api.list("d.ipynb")
    assert [m["id"] for m in after] == [m["id"] for m in listed]
    # The list marks it, the other checkpoint still restores.
    assert [m.get("damaged", False) for m in after] == [True, False]
    await api.restore("d.ipynb", sound)
    assert (await api.get_nb("d.ipynb"))["cells"][0]["source"] == "beta"

    # The command line refuses too, and writes no export.
    config = f"--config={write_config(tmp_path / 'cli-config', jp_root_dir, store_dir)}"
    shown = await run("show", "d.ipynb", damaged, config)
    assert shown.code == 2 and damaged in shown.err and shown.out == b""
    export = await run("export", "d.ipynb", damaged, str(tmp_path / "out.ipynb"), config)
    assert export.code == 2 and not (tmp_path / "out.ipynb").exists()


# ---------------------------------------------------------------- 6. a damaged record
async def test_damaged_record_is_listed_verified_and_keeps_its_pieces(
    api, jp_fetch, jp_root_dir, store_dir, tmp_path, jp_serverapp
):
    await api.put_notebook("r.ipynb", notebook(["alpha only here"]))
    damaged = (await api.create("r.ipynb"))["id"]
    await api.put_notebook("r.ipynb", notebook(["beta"]))
    sound = (await api.create("r.ipynb"))["id"]
    (record,) = store_dir.glob(f"tree/**/{damaged}.json")
    record.write_bytes(b'{"id": "' + damaged.encode() + b'", "content": ')  # overwritten, cut short
    alpha = piece_holding(store_dir, b"alpha only here")

    listed = await api.list("r.ipynb")
    assert [(m["id"], m.get("damaged", False)) for m in listed] == [(damaged, True), (sound, False)]
    code, answer = await refused(jp_fetch, "api", "contents", "r.ipynb", "checkpoints", damaged, method="POST", body="")
    assert code == 409 and answer["reason"] == "damaged" and damaged in answer["message"]

    config = f"--config={write_config(tmp_path / 'cli-config', jp_root_dir, store_dir)}"
    verify = await run("verify", config)
    assert verify.code == 1, verify.text + verify.err
    assert f"BROKEN r.ipynb checkpoint {damaged}: its record is damaged" in verify.text
    assert "1 broken" in verify.text

    # Its pieces are never collected while it is there, by the server or the command line.
    store = jp_serverapp.contents_manager.checkpoints.store
    assert store.maintenance.gc(grace_seconds=0) == (0, 0) and "damaged" in store.maintenance.gc_suspended
    gc = await run("gc", "--CheckpointStore.gc_grace_seconds=0", config)
    assert gc.code == 1 and "damaged" in gc.text, gc.text + gc.err
    plan = json.loads((await jp_fetch("jupyterlab-checkpoints", "cleanup")).body)
    assert plan["unreferenced"]["objects"] == 0 and "damaged" in plan["suspended"]
    assert alpha.exists()

    # Deleting it works, and collection resumes.
    await api.delete("r.ipynb", damaged)
    assert [m["id"] for m in await api.list("r.ipynb")] == [sound]
    removed, _ = store.maintenance.gc(grace_seconds=0)
    assert removed >= 1 and not alpha.exists() and store.maintenance.gc_suspended == ""
    assert (await run("verify", config)).code == 0


# ---------------------------------------------------------------- 10. cost follows the change
class CountingBytes(bytes):
    """A file's bytes that count how often the store compares a stored piece with them."""

    compared = 0

    def startswith(self, prefix, *args):
        CountingBytes.compared += 1
        return super().startswith(prefix, *args)


def similar_cells(n: int, edited: int | None = None) -> bytes:
    """A notebook of `n` cells alike in length and middle (the key pieces are looked up by), in
    nbformat's layout, with cell `edited` changed."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(f"x = {i:06d}", id=f"c{i:06d}") for i in range(n)]
    if edited is not None:
        nb.cells[edited].source = "x = 'edited'"
    return nbformat.writes(nb).encode() + b"\n"


def comparisons_for_one_cell_change(n: int) -> int:
    import hashlib

    from ..store.recent import RECENT
    from ..store.snapshot import split_notebook

    key = ("reliability", f"similar-{n}.ipynb", True)
    first = similar_cells(n)
    RECENT.remember(key, [(hashlib.sha256(v).hexdigest(), v) for v in split_notebook(first)])
    changed = CountingBytes(similar_cells(n, edited=n // 2))
    views = split_notebook(changed)
    CountingBytes.compared = 0
    digests = RECENT.known(key, changed, views)
    RECENT.forget(key)
    assert sum(d is None for d in digests) <= 2  # the edited cell (and the end, when it moved)
    assert len(views) > n
    return CountingBytes.compared


def test_one_cell_change_costs_what_the_change_costs():
    small, large = comparisons_for_one_cell_change(2_000), comparisons_for_one_cell_change(8_000)
    # Linear: 4 times the cells, about 4 times the comparisons (quadratic matching made it 16 times,
    # and millions of comparisons for 8,000 cells).
    assert large < 6 * small, (small, large)
    assert large < 3 * 8_000, (small, large)
