"""A checkpoint that changed one cell writes about one cell, not the whole notebook."""

import base64
import os
import random

from .conftest import notebook


def dir_bytes(path):
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def big_notebook(cells=60, cell_kb=50):
    rng = random.Random(7)
    nb = notebook([f"plot({i})" for i in range(cells)])
    for cell in nb["cells"]:
        png = base64.b64encode(rng.randbytes(cell_kb * 1024)).decode()
        cell["outputs"] = [{"output_type": "display_data", "data": {"image/png": png}, "metadata": {}}]
    return nb


async def test_one_cell_change_stores_about_one_cell(api, jp_root_dir, store_dir):
    nb = big_notebook()
    await api.put_notebook("big.ipynb", nb)
    await api.create("big.ipynb")
    size = (jp_root_dir / "big.ipynb").stat().st_size
    assert size > 3_000_000
    before = dir_bytes(store_dir / "objects")
    for i in range(9):
        nb["cells"][i]["source"] = f"plot({i}, changed=True)"
        await api.put_notebook("big.ipynb", nb)
        await api.create("big.ipynb")
    added = dir_bytes(store_dir / "objects") - before
    # 9 one-cell changes of small source cells: far below even one notebook copy.
    assert added < 0.02 * size, (added, size)
    assert dir_bytes(store_dir) < 1.1 * size


async def test_identical_files_stored_once(api, store_dir):
    await api.put_text("one.txt", "same content\n" * 1000)
    await api.put_text("two.txt", "same content\n" * 1000)
    await api.create("one.txt")
    before = dir_bytes(store_dir / "objects")
    await api.create("two.txt")
    await api.create("two.txt")
    assert dir_bytes(store_dir / "objects") == before
