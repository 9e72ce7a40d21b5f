"""Benchmark: creating and restoring checkpoints of large notebooks, against floors measured in the same run.

Starts a real Jupyter server on loopback with the extension (fsync on, as by default) and, per notebook
size, times through the REST API:
- a create from the file after one cell changed (`POST /api/contents/{path}/checkpoints`, what
  JupyterLab does after every Ctrl+S), against the floor: reading the file and sha256 of every byte;
- a create from a `delta` (the changed cell only) and from a `document` (the whole model in the body),
  against the same floor (the server reads no file for these; `document` parses and writes the body);
- a restore (`POST /api/contents/{path}/checkpoints/{id}`) between two checkpoints that differ in one
  cell, against `shutil.copy2` of the file plus an fsync of the copy: a copy with the same durability.
Every figure is the median of `--runs` runs; each floor run is taken right after the run it is
compared with (a copy 0.2 s after its restore, which frees the replaced file after answering).
Against a server without the `document`/`delta` keys those rows say "n/a".
With `--many-cells N` (default 20000; 0 skips it), one more row: a notebook of N small similar cells,
its first checkpoint against a checkpoint after one cell changed; the ratio should stay near 1 (the
cost follows the change, not the number of cells).

    python scripts/bench_delta_server.py                     # 5, 20 and 50 MB, 7 runs each
    python scripts/bench_delta_server.py --sizes 5 --runs 5  # quicker
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import json
import os
import platform
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import Server, change_one_cell, make_notebook

SETTLE = 0.2  # seconds between a restore and the copy it is compared with


def read_hash(path: Path) -> float:
    t0 = time.perf_counter()
    hashlib.sha256(path.read_bytes()).digest()
    return time.perf_counter() - t0


def copy_fsync(path: Path) -> float:
    target = path.with_suffix(".copy")
    t0 = time.perf_counter()
    shutil.copy2(path, target)
    fd = os.open(target, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    elapsed = time.perf_counter() - t0
    target.unlink()
    return elapsed


def timed(fn):
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


class Api:
    def __init__(self, server: Server):
        self.s = server

    def create_standard(self, path: str) -> dict:
        r = self.s.http.post(self.s.url(path, "checkpoints"))
        r.raise_for_status()
        return r.json()

    def create_body(self, path: str, body: bytes):
        return self.s.http.post(f"{self.s.base}/jupyterlab-checkpoints/checkpoints", params={"path": path}, data=body)

    def restore(self, path: str, cid: str) -> None:
        self.s.http.post(self.s.url(path, "checkpoints", cid)).raise_for_status()


def supports_content_keys(api: Api, path: str) -> bool:
    """A server that knows `delta` refuses a malformed one; an older one ignores it."""
    return api.create_body(path, json.dumps({"delta": "probe"}).encode()).status_code == 400


def delta_body(base: str, nb: dict, changed: int) -> bytes:
    cell = nb["cells"][changed % len(nb["cells"])]
    delta = {
        "base": base,
        "cells": [c["id"] for c in nb["cells"]],
        "changed": {cell["id"]: cell},
        "metadata": nb["metadata"],
        "nbformat": nb["nbformat"],
        "nbformat_minor": nb["nbformat_minor"],
    }
    return json.dumps({"kind": "save", "delta": delta}).encode()


def bench_size(server: Server, size_mb: int, runs: int, rows: list) -> None:
    api = Api(server)
    nb = make_notebook(size_mb)
    path = f"delta-{size_mb}mb.ipynb"
    file = server.root / path
    server.put_notebook(path, nb)
    api.create_standard(path)
    edit = 0

    def next_edit() -> int:
        nonlocal edit
        edit += 1
        change_one_cell(nb, edit)
        return edit

    standard, floor = [], []
    for _ in range(runs):
        next_edit()
        server.put_notebook(path, nb)
        standard.append(timed(lambda: api.create_standard(path))[0])
        floor.append(read_hash(file))
    base = api.create_standard(path)["id"]
    size = file.stat().st_size
    label = f"{size / 2**20:.0f} MB"
    rows.append((f"create after 1-cell change, {label} (standard endpoint)", standard, floor, "read+sha256"))

    if supports_content_keys(api, path):
        deltas, documents = [], []
        for _ in range(runs):
            body = delta_body(base, nb, next_edit())
            t, r = timed(lambda body=body: api.create_body(path, body))
            r.raise_for_status()
            base = r.json()["id"]
            deltas.append(t)
        for _ in range(runs):
            next_edit()
            body = json.dumps({"kind": "save", "document": {"content": copy.deepcopy(nb)}}).encode()
            t, r = timed(lambda body=body: api.create_body(path, body))
            r.raise_for_status()
            documents.append(t)
        rows.append((f"create from a delta (1 cell), {label}", deltas, floor, "read+sha256"))
        rows.append((f"create from a document (whole model), {label}", documents, floor, "read+sha256"))
    else:
        rows.append((f"create from a delta (1 cell), {label}", None, floor, "read+sha256"))
        rows.append((f"create from a document (whole model), {label}", None, floor, "read+sha256"))

    # Two checkpoints one cell apart; each restore replaces the file with the other one.
    next_edit()
    server.put_notebook(path, nb)
    first = api.create_standard(path)["id"]
    next_edit()
    server.put_notebook(path, nb)
    second = api.create_standard(path)["id"]
    restores, copies = [], []
    for n in range(runs):
        restores.append(timed(lambda n=n: api.restore(path, first if n % 2 == 0 else second))[0])
        # The restore frees the replaced file after answering (contents/documents.py): let that finish, so the
        # copy is not slowed by it and the ratio does not flatter the restore.
        time.sleep(SETTLE)
        copies.append(copy_fsync(file))
    rows.append((f"restore, {label}", restores, copies, "copy2+fsync"))


def bench_many_cells(server: Server, cells: int, runs: int, rows: list) -> None:
    """First checkpoint of `cells` similar small cells, then checkpoints after one cell changed each."""
    api = Api(server)
    nb = make_notebook(0, cells=1)
    # Small cells alike in length and middle: the case matching a file against its last content was
    # quadratic in (store/recent.py).
    nb["cells"] = [
        {"cell_type": "code", "execution_count": None, "id": f"c{i:06d}", "metadata": {}, "outputs": [],
         "source": f"x = {i:06d}"}
        for i in range(cells)
    ]  # fmt: skip
    firsts, changes = [], []
    for run in range(runs):
        path = f"many-{cells}-{run}.ipynb"
        server.put_notebook(path, nb)
        firsts.append(timed(lambda path=path: api.create_standard(path))[0])
        nb["cells"][cells // 2]["source"] = f"x = 'edited {run}'"
        server.put_notebook(path, nb)
        changes.append(timed(lambda path=path: api.create_standard(path))[0])
    rows.append((f"1-cell change of {cells} similar cells", changes, firsts, "first checkpoint"))


def ms(xs) -> str:
    return f"{statistics.median(xs) * 1000:.1f} ms" if xs else "n/a"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="5,20,50", help="notebook sizes in MB")
    ap.add_argument("--runs", type=int, default=7, help="runs per figure (medians)")
    ap.add_argument("--markdown", help="also write the table to this markdown file")
    ap.add_argument("--many-cells", type=int, default=20000, help="cells of the many-cells row (0: skip it)")
    args = ap.parse_args(argv)
    server = Server("delta", True, ["--CheckpointStore.max_unpinned=1000"], store=True)
    rows: list = []
    try:
        for size in (int(s) for s in args.sizes.split(",") if s):
            bench_size(server, size, args.runs, rows)
        if args.many_cells:
            bench_many_cells(server, args.many_cells, min(args.runs, 3), rows)
    finally:
        server.stop()
    table = [("work", "server", "floor", "floor is", "ratio")]
    for name, ours, floor, what in rows:
        ratio = f"{statistics.median(ours) / statistics.median(floor):.2f}x" if ours else "n/a"
        table.append((name, ms(ours), ms(floor), what, ratio))
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in table]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    machine = f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, load {load}"
    out = "\n".join([f"Machine: {machine}; medians of {args.runs} runs", "", *lines])
    print(out)
    if args.markdown:
        Path(args.markdown).write_text(out + "\n")


if __name__ == "__main__":
    main()
