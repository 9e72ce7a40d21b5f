"""Reliability, data loss: what a command line, damaged pieces or records, or a large notebook must not
cost the user (issue 25, items 4, 5, 6 and 10; the save/restore race is in test_reliability_races.py).

Real servers (pytest-jupyter's), the installed `jupyter checkpoints` script in a subprocess, and the
store on disk damaged as a failing disk or a stray editor would damage it. docs/reliability.md lists
what each case attacks.
"""

from __future__ import annotations

import pytest

from .cli_runner import run, write_config


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
