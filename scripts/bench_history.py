"""Benchmark: readable history (change summaries, a cell's versions, search, deleted cells).

Two measurements in one run:
- server time: the store's history functions called in this process on a store of N checkpoints of a
  notebook of S MB (100 code cells, each with a text output and an incompressible image output; each
  checkpoint edits and re-runs one cell), cold (median of 3 runs, each after emptying the history
  caches; the OS page cache stays warm) and warm (median of 10);
- HTTP: the same requests against a real Jupyter server on loopback (20 MB, 20 checkpoints): the first
  of each (in the order listed, after one request to another route; later rows find the pieces the
  earlier ones read already analysed) and the warm median.
The "parse whole" column is what answering by parsing every checkpoint's notebook with orjson would
cost (measured here): the work the stored pieces avoid.

    python scripts/bench_history.py                       # a few minutes on 2 cores
    python scripts/bench_history.py --sizes 5,20 --counts 5,20 --no-http   # quicker
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import orjson
from bench_store import TOKEN, Server  # noqa: F401 - the same loopback server as the store benchmark

from jupyterlab_checkpoints.history import cache, entries, pieces, search, service
from jupyterlab_checkpoints.history.entries import entries_of
from jupyterlab_checkpoints.store import CheckpointStore

CELLS = 100
PATH = "big.ipynb"
TARGETS = {"cell history": 0.200, "search": 0.500, "summaries (warm)": 0.050}


def notebook_bytes(size_mb: float, version: int, rng: random.Random, images: dict) -> bytes:
    """nbformat's layout; cell `version % CELLS` edited and re-run in each version."""
    per_cell = int(size_mb * 1024 * 1024 / CELLS * 3 / 4)
    cells = []
    for i in range(CELLS):
        edits = [v for v in range(1, version + 1) if v % CELLS == i]
        run = edits[-1] if edits else 0
        if (i, run) not in images:
            images[(i, run)] = base64.b64encode(rng.randbytes(per_cell)).decode()
        source = f"fig, ax = plt.subplots()\nax.plot(data[{i}])  # run {run}\n"
        cells.append(
            {
                "cell_type": "code",
                "execution_count": i + 1 + run,
                "id": f"cell-{i}",
                "metadata": {},
                "outputs": [
                    {"name": "stdout", "output_type": "stream", "text": [f"mean of series {i}: {run}.5\n"]},
                    {
                        "data": {"image/png": images[(i, run)], "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
                        "metadata": {},
                        "output_type": "display_data",
                    },
                ],
                "source": source.splitlines(keepends=True),
            }
        )
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return (json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


def versions(size_mb: float, count: int):
    rng, images = random.Random(0), {}
    for v in range(count):
        yield notebook_bytes(size_mb, v, rng, images)


def clear_caches() -> None:
    for module in (pieces, entries, search, service):
        for value in vars(module).values():
            if isinstance(value, cache.LRU):
                value.clear()


def median_of(fn, n: int = 10) -> float:
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def once(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def cold(fn, n: int = 3) -> float:
    """Median of `n` runs, each with the history caches emptied first."""
    times = []
    for _ in range(n):
        clear_caches()
        times.append(once(fn))
    return statistics.median(times)


def server_time(size_mb: float, count: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        store = CheckpointStore(tmp, root_dir=str(Path(tmp) / "store"), fsync=False, max_unpinned=1000)
        last = b""
        for raw in versions(size_mb, count):
            store.create(PATH, raw, kind="manual")
            last = raw

        def listed():
            manifests = store.list(PATH)
            models = [m.model() for m in manifests]
            return entries_of(store.objects, manifests, models, None)

        work = {
            "summaries": lambda: service.summaries(listed()),
            "cell history": lambda: service.cell_history(listed(), "cell-1", None),
            "search": lambda: service.search(listed(), "series 1:", 100),
            "search, no hit": lambda: service.search(listed(), "no such text", 100),
            "search, images": lambda: service.search(listed(), "plot", 500),
            "deleted cells": lambda: service.deleted_cells(listed(), last),
        }
        out = {}
        for name, fn in work.items():
            out[name] = (cold(fn), median_of(fn))
        raws = list(versions(size_mb, 1))
        store.close()
        return out, median_of(lambda: orjson.loads(raws[0]), 3) * count


def text_search_time(size_mb: float, count: int) -> tuple[float, float]:
    """Search in a text file (a log of `size_mb` MB, one line changed per checkpoint)."""
    with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
        store = CheckpointStore(tmp, root_dir=str(Path(tmp) / "store"), fsync=False, max_unpinned=1000)
        lines = [
            f"2026-11-23 10:{i % 60:02d} worker {i % 7} processed batch {i}\n" for i in range(int(size_mb * 20_000))
        ]
        for v in range(count):
            lines[v * 97 % len(lines)] = f"2026-11-23 11:00 worker failed on batch {v}\n"
            store.create("run.log", "".join(lines).encode(), kind="manual")

        def run():
            manifests = store.list("run.log")
            listed = entries_of(store.objects, manifests, [m.model() for m in manifests], None)
            return service.search(listed, "failed", 100)

        result = (cold(run), median_of(run))
        store.close()
        return result


def http_time(size_mb: float, count: int) -> dict:
    server = Server("history", ours=True, extra=["--CheckpointStore.max_unpinned=1000"], store=True)
    try:
        last = b""
        for raw in versions(size_mb, count):
            (server.root / PATH).write_bytes(raw)
            server.http.post(
                f"{server.base}/jupyterlab-checkpoints/checkpoints", params={"path": PATH}
            ).raise_for_status()
            last = raw
        # A notebook saved with one cell fewer: the deleted-cells request has one to find.
        nb = orjson.loads(last)
        del nb["cells"][3]
        (server.root / PATH).write_text(json.dumps(nb, sort_keys=True, indent=1) + "\n")
        requests = {
            "summaries": ("summaries", {}),
            "cell history": ("cells/history", {"cell": "cell-1"}),
            "search": ("search", {"q": "series 1:"}),
            "search, no hit": ("search", {"q": "no such text"}),
            "search, images": ("search", {"q": "plot", "limit": "500"}),
            "deleted cells": ("cells/deleted", {}),
        }
        # The server's own first-request costs (authentication, first imports) are not the history's.
        server.http.get(f"{server.base}/jupyterlab-checkpoints/info", params={"path": PATH}).raise_for_status()
        out = {}
        for name, (route, params) in requests.items():

            def get(route=route, params=params):
                r = server.http.get(f"{server.base}/jupyterlab-checkpoints/{route}", params={"path": PATH, **params})
                r.raise_for_status()

            out[name] = (once(get), median_of(get))
        return out
    finally:
        server.stop()


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="5,20,50", help="notebook sizes in MB (at 20 checkpoints)")
    parser.add_argument("--counts", default="5,20,50", help="checkpoint counts (at 20 MB)")
    parser.add_argument("--no-http", action="store_true", help="skip the real-server requests")
    args = parser.parse_args(argv)
    sizes = [float(s) for s in args.sizes.split(",")]
    counts = [int(c) for c in args.counts.split(",")]
    cases = sorted({(s, 20) for s in sizes} | {(20.0, c) for c in counts})
    cores = os.cpu_count()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Machine: {platform.node()}: {platform.machine()}, {cores} cores, Python {sys.version.split()[0]}")
    print(f"Load average at start (1, 5, 15 min): {load}: other work on the machine slows every figure")
    print()
    header = (
        "| work | notebook | checkpoints | server cold | server warm | parse whole | cold/parse | target "
        "| HTTP first | HTTP warm |"
    )
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for size, count in cases:
        server, parse = server_time(size, count)
        http = http_time(size, count) if not args.no_http and (size, count) == (20.0, 20) else {}
        for name, (cold, warm) in server.items():
            target = TARGETS.get(name) or TARGETS.get(f"{name} (warm)")
            first, hwarm = http.get(name, (None, None))
            print(
                f"| {name} | {size:g} MB | {count} | {ms(cold)} | {ms(warm)} | {ms(parse)} "
                f"| {cold / parse:.2f}x | {ms(target) if target else '-'} "
                f"| {ms(first) if first else '-'} | {ms(hwarm) if hwarm else '-'} |",
                flush=True,
            )
    cold_text, warm_text = text_search_time(10, 20)
    print(f"| search, text file | 10 MB | 20 | {ms(cold_text)} | {ms(warm_text)} | - | - | - | - | - |")
    print(f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
