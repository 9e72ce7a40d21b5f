"""Benchmark: the checkpoint store against stock Jupyter checkpoints, through the REST API.

Starts a real Jupyter server twice on loopback (once with the stock single-checkpoint class, once with
ours), runs the same work against both, and prints a table of ratios (ours / stock, ours / floor) with
the absolute figures beside them. The floor is measured in the same run: reading the file and hashing
every byte once with sha256, or a plain file copy for bytes on disk.

    python scripts/bench_store.py                 # defaults finish in a few minutes on 2 cores
    python scripts/bench_store.py --sizes 1,10 --many 200 --files 1000   # quicker
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import hashlib
import json
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psutil
import requests

TOKEN = "bench-token"
STOCK_CLASS = "jupyter_server.services.contents.filecheckpoints.AsyncFileCheckpoints"
OURS_CLASS = "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"
STORE_DIR = ".jupyter-checkpoints"


# ---------------------------------------------------------------------------------------------
# Test material
# ---------------------------------------------------------------------------------------------
def make_notebook(size_mb: float, cells: int = 100, seed: int = 0) -> dict:
    """A notebook of about `size_mb` MB whose outputs are PNG-like images (incompressible base64)."""
    rng = __import__("random").Random(seed)
    per_cell = int(size_mb * 1024 * 1024 / cells * 3 / 4)
    nb_cells = []
    for i in range(cells):
        image = base64.b64encode(rng.randbytes(per_cell)).decode()
        nb_cells.append(
            {
                "cell_type": "code",
                "execution_count": i + 1,
                "id": f"cell-{i}",
                "metadata": {},
                "source": f"plot(data[{i}])\n# cell {i}",
                "outputs": [
                    {
                        "output_type": "display_data",
                        "data": {"image/png": image, "text/plain": "<Figure>"},
                        "metadata": {},
                    }
                ],
            }
        )
    return {
        "cells": nb_cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def change_one_cell(nb: dict, n: int) -> None:
    nb["cells"][n % len(nb["cells"])]["source"] = f"plot(data[{n}])\n# edited {n} at {time.time()}"


def dir_bytes(path: Path) -> int:
    total = 0
    for root, _dirs, files in os.walk(path):
        for f in files:
            with contextlib.suppress(FileNotFoundError):
                total += os.lstat(os.path.join(root, f)).st_size
    return total


# ---------------------------------------------------------------------------------------------
# A real server on loopback
# ---------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, name: str, ours: bool, extra: list[str], store: bool = False):
        self.name = name
        self.root = Path(tempfile.mkdtemp(prefix=f"bench-{name}-"))
        if store:
            extra = [*extra, f"--CheckpointStore.root_dir={self.root / STORE_DIR}"]
        self.port = free_port()
        args = [
            sys.executable, "-m", "jupyter_server",
            f"--ServerApp.port={self.port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}", "--ServerApp.open_browser=False",
            f"--IdentityProvider.token={TOKEN}", "--ServerApp.allow_root=True",
            f"--ContentsManager.checkpoints_class={OURS_CLASS if ours else STOCK_CLASS}",
            f"--ServerApp.jpserver_extensions=jupyterlab_checkpoints={ours}",
            *extra,
        ]  # fmt: skip
        self.log = open(self.root.parent / f"bench-{name}-{self.port}.log", "w")  # noqa: SIM115 - closed by stop()
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {TOKEN}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if self.http.get(f"{self.base}/api/status", timeout=2).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.2)
        raise RuntimeError(f"{name} server did not start; see {self.log.name}")

    def url(self, path: str, *parts: str) -> str:
        return "/".join([f"{self.base}/api/contents/{path}", *parts])

    def put_notebook(self, path: str, nb: dict) -> None:
        r = self.http.put(self.url(path), data=json.dumps({"type": "notebook", "content": nb}))
        r.raise_for_status()

    def create(self, path: str) -> tuple[float, dict]:
        t0 = time.perf_counter()
        r = self.http.post(self.url(path, "checkpoints"))
        dt = time.perf_counter() - t0
        r.raise_for_status()
        return dt, r.json()

    def list(self, path: str) -> tuple[float, list]:
        t0 = time.perf_counter()
        r = self.http.get(self.url(path, "checkpoints"))
        dt = time.perf_counter() - t0
        r.raise_for_status()
        return dt, r.json()

    def restore(self, path: str, cid: str) -> float:
        t0 = time.perf_counter()
        r = self.http.post(self.url(path, "checkpoints", cid))
        dt = time.perf_counter() - t0
        r.raise_for_status()
        return dt

    def checkpoint_bytes(self) -> int:
        store = self.root / STORE_DIR
        if store.exists():
            return dir_bytes(store)
        return sum(dir_bytes(p) for p in self.root.rglob(".ipynb_checkpoints"))

    def rss(self) -> int:
        return psutil.Process(self.proc.pid).memory_info().rss

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


class PeakRss:
    """Samples a server's resident memory every few milliseconds while a block runs."""

    def __init__(self, server: Server):
        self.server, self.peak, self._stop = server, 0, threading.Event()

    def __enter__(self):
        self.base = self.server.rss()
        self.peak = self.base
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, self.server.rss())
            time.sleep(0.005)

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def floor_read_hash(path: Path) -> float:
    """Reading the file and hashing every byte once: the least any checkpoint can cost."""
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        hashlib.sha256(path.read_bytes()).digest()
        best = min(best, time.perf_counter() - t0)
    return best


def floor_copy(path: Path) -> float:
    target = path.with_suffix(".copy")
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        shutil.copy2(path, target)
        best = min(best, time.perf_counter() - t0)
    target.unlink()
    return best


def median(xs):
    return statistics.median(xs) if xs else float("nan")


# ---------------------------------------------------------------------------------------------
# The work
# ---------------------------------------------------------------------------------------------
def bench_create(servers, size_mb, repeats, rows):
    nb = make_notebook(size_mb)
    path = f"nb-{size_mb}mb.ipynb"
    first, change = {}, {}
    mem = {}
    for s in servers.values():
        s.put_notebook(path, nb)
    floor = floor_read_hash(servers["ours"].root / path)
    copy = floor_copy(servers["ours"].root / path)
    for name, s in servers.items():
        with PeakRss(s) as m:
            first[name], _ = s.create(path)
        mem[name] = m.peak - m.base
        times = []
        for i in range(repeats):
            change_one_cell(nb, i)
            s.put_notebook(path, nb)
            times.append(s.create(path)[0])
        change[name] = median(times)
    size = (servers["ours"].root / path).stat().st_size
    rows.append((f"create first, {size_mb} MB", first["ours"], first["stock"], floor, copy, "s"))
    rows.append((f"create after 1-cell change, {size_mb} MB", change["ours"], change["stock"], floor, copy, "s"))
    rows.append((f"server memory growth in create, {size_mb} MB", mem["ours"], mem["stock"], size, None, "B"))
    return size


def bench_bytes(servers, size_mb, count, rows):
    nb = make_notebook(size_mb, seed=1)
    path = f"bytes-{size_mb}mb.ipynb"
    before = {name: s.checkpoint_bytes() for name, s in servers.items()}
    for s in servers.values():
        for i in range(count):
            change_one_cell(nb, i)
            s.put_notebook(path, nb)
            s.create(path)
    size = (servers["ours"].root / path).stat().st_size
    used = {name: s.checkpoint_bytes() - before[name] for name, s in servers.items()}
    rows.append(
        (
            f"bytes for {count} checkpoints, {size_mb} MB, 1 cell changed each",
            used["ours"],
            used["stock"],
            size,
            count * size,
            "B",
        )
    )


def bench_list(servers, many, rows):
    path = "many.ipynb"
    nb = make_notebook(0.01, cells=5)
    for name, s in servers.items():
        for i in range(many if name == "ours" else 1):
            # A new content each time: a create of unchanged content adds no checkpoint.
            change_one_cell(nb, i)
            s.put_notebook(path, nb)
            s.create(path)
    lat = {}
    for name, s in servers.items():
        times = [s.list(path)[0] for _ in range(50)]
        lat[name] = median(times)
        n = len(s.list(path)[1])
        if name == "ours" and n != many:
            print(f"warning: listed {n} checkpoints, expected {many}", file=sys.stderr)
    rows.append((f"list p50, {many} checkpoints (stock: 1)", lat["ours"], lat["stock"], None, None, "s"))
    return lat["ours"]


def bench_list_many_files(servers, files, rows, list_before):
    s = servers["ours"]
    text = "x = 1\n"
    # Files go straight to disk (the contents API would only slow set-up), checkpoints through REST.
    for i in range(files):
        p = s.root / f"tree/d{i // 500}/f{i}.py"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text + f"# {i}\n")
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda i: s.create(f"tree/d{i // 500}/f{i}.py"), range(files)))
    times = [s.list("many.ipynb")[0] for _ in range(50)]
    lat = median(times)
    rows.append(
        (f"list p50, 1,000-checkpoint file, store with {files:,} more files", lat, None, list_before, None, "s")
    )


def bench_restore(servers, size_mb, rows):
    path = f"nb-{size_mb}mb.ipynb"
    lat = {}
    for name, s in servers.items():
        _, cps = s.list(path)
        times = [s.restore(path, cps[0]["id"]) for _ in range(3)]
        lat[name] = median(times)
    floor = floor_copy(servers["ours"].root / path)
    rows.append((f"restore, {size_mb} MB", lat["ours"], lat["stock"], None, floor, "s"))


def fmt(v, unit):
    if v is None:
        return "-"
    if unit == "s":
        return f"{v * 1000:.1f} ms"
    if abs(v) >= 1024 * 1024:
        return f"{v / 1024 / 1024:.2f} MB"
    return f"{v / 1024:.1f} KB"


def ratio(a, b):
    return f"{a / b:.2f}x" if a is not None and b else "-"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1,10,50", help="notebook sizes in MB for create latency")
    ap.add_argument("--repeats", type=int, default=3, help="one-cell-change creates per size")
    ap.add_argument("--bytes-size", type=float, default=20, help="MB of the notebook checkpointed 20 times")
    ap.add_argument("--bytes-count", type=int, default=20)
    ap.add_argument("--many", type=int, default=1000, help="checkpoints of one file for list latency")
    ap.add_argument("--files", type=int, default=10000, help="other files in the store for list latency")
    ap.add_argument("--markdown", help="also write the table to this markdown file")
    args = ap.parse_args(argv)

    sizes = [float(s) if "." in s else int(s) for s in args.sizes.split(",")]
    servers = {
        "ours": Server("ours", True, [f"--CheckpointStore.max_unpinned={max(args.many, 10)}"], store=True),
        "stock": Server("stock", False, []),
    }
    rows: list = []
    try:
        for size in sizes:
            bench_create(servers, size, args.repeats, rows)
        bench_bytes(servers, args.bytes_size, args.bytes_count, rows)
        list_lat = bench_list(servers, args.many, rows)
        bench_restore(servers, sizes[-1], rows)
        if args.files:
            bench_list_many_files(servers, args.files, rows, list_lat)
    finally:
        for s in servers.values():
            s.stop()

    header = ("work", "ours", "stock", "ours/stock", "floor", "ours/floor", "copy", "ours/copy")
    table = [header]
    for name, ours, stock, floor, copy, unit in rows:
        table.append(
            (name, fmt(ours, unit), fmt(stock, unit), ratio(ours, stock), fmt(floor, unit), ratio(ours, floor),
             fmt(copy, unit), ratio(ours, copy))
        )  # fmt: skip
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in table]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    machine = (
        f"{platform.node()}: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}"
    )
    out = "\n".join([f"Machine: {machine}", "", *lines])
    print(out)
    print(
        "\nfloor = read the file + sha256 of every byte (create) or the file size (memory, bytes); "
        "copy = shutil.copy2 of the file (create, restore) or N full copies (bytes)."
    )
    if args.markdown:
        Path(args.markdown).write_text(out + "\n")


if __name__ == "__main__":
    main()
