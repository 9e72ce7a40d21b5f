"""Benchmark: disk figures and Clean Up with the store on S3 (moto's S3 server on loopback).

Builds a store of N notebooks (20 cells, a few checkpoints each, retention dropping some), deletes 30%
of them and makes a third of those 10 days old, then prints, for each operation, its time and the S3
requests it sends (botocore's own event hooks):
- `info?path=` (the panel's figure): the one GET of the file's index;
- a create with the file's figure kept in its index, against the same create with figures off (the
  ratio is what keeping them costs), on a server that met the file's pieces and on a fresh server;
- the clean-up's plan and the clean-up itself (whole-bucket LISTs: only when a user asks), and how
  long another server's creates wait while a clean-up runs.
Figures only, nothing asserted. moto answers from memory: count round trips, not latency.

    python scripts/bench_s3_cleanup.py                 # 200 files
    python scripts/bench_s3_cleanup.py --files 50      # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from bench_s3 import Requests, moto_bucket

from jupyterlab_checkpoints.store import CheckpointStore


def notebook(file: int, version: int, cells: int = 20) -> bytes:
    out = []
    for c in range(cells):
        v = version if c in (version % cells, (version * 7 + file) % cells) else 0  # two cells change
        source = f"# file {file} cell {c} version {v}\n" + "result = compute(data)\n" * 6
        outputs = [{"output_type": "stream", "name": "stdout", "text": f"{file}-{c}-{v}\n" * 30}] if c % 3 else []
        out.append({"cell_type": "code", "execution_count": c, "id": f"c{c}", "metadata": {}, "outputs": outputs,
                    "source": source})  # fmt: skip
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()


def age_deletions(store: CheckpointStore, every: int) -> None:
    s3, bucket = store.storage.client, store.storage.bucket
    for i, (entry, origin) in enumerate(store.storage.trash.entries()):
        if i % every == 0:
            origin["deleted"] = "2000-01-01T00:00:00+00:00"
            key = f"{store.storage.prefix}trash/{entry}/origin.json"
            s3.put_object(Bucket=bucket, Key=key, Body=json.dumps(origin).encode())


def measure(label: str, counter: Requests, fn, repeat: int = 1):
    counter.take()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    total, text, _up = counter.take(repeat)
    print(f"| {label} | {statistics.median(times) * 1000:.1f} ms | {total:g} | {text} |")
    return statistics.median(times), total, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--versions", type=int, default=12)
    args = parser.parse_args()
    print(f"Machine: {platform.node()}: {platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.files} notebooks of 20 cells")  # fmt: skip
    with moto_bucket(), tempfile.TemporaryDirectory() as tmp:
        url = "s3://bench/store"
        store = CheckpointStore(contents_root=tmp, url=url, gc_grace_seconds=0)
        for f in range(args.files):
            for v in range(1 + f % 4 if f else args.versions):  # file 0: past the limit (retention)
                store.create(f"d/f{f}.ipynb", notebook(f, v))
        for f in range(1, args.files, 3):
            store.deleted.add(f"d/f{f}.ipynb")
        age_deletions(store, 3)
        time.sleep(1.1)  # past the clean-up's own second
        counter = Requests(store.storage.client)
        print("| work | time | S3 requests | of which |")
        print("|---|---|---|---|")
        measure("info?path= (the panel's figure)", counter, lambda: store.maintenance.info("d/f0.ipynb"), 20)
        versions = iter(range(100, 10_000))

        def create():
            return store.create("d/f0.ipynb", notebook(0, next(versions)))

        with_s, with_n, _ = measure("create, figure kept (warm server)", counter, create, 5)
        refs_of, store.storage.refs_of = store.storage.refs_of, None
        without_s, without_n, _ = measure("create, no figure (as before)", counter, create, 5)
        store.storage.refs_of = refs_of
        fresh = CheckpointStore(contents_root=tmp, url=url, gc_grace_seconds=0)
        fresh_counter = Requests(fresh.storage.client)
        measure("create, figure kept (fresh server, 10 checkpoints)", fresh_counter,
                lambda: fresh.create("d/f0.ipynb", notebook(0, next(versions))))  # fmt: skip
        _, _, plan = measure("clean-up plan (N = 7 days)", counter, lambda: store.cleanup.plan(7))
        _, _, done = measure("clean-up", counter, lambda: store.cleanup.run(7))
        # Another server creating all along a second clean-up: how long its creates wait for it.
        for f in range(2, args.files, 3):
            store.deleted.add(f"d/f{f}.ipynb")
        age_deletions(store, 1)
        time.sleep(1.1)
        waits: list[float] = []
        cleaning = threading.Thread(target=lambda: waits.append(-store.cleanup.run(7)["objects_removed"]))
        t0 = time.perf_counter()
        cleaning.start()
        creates = []
        while cleaning.is_alive():
            t = time.perf_counter()
            fresh.create("d/f0.ipynb", notebook(0, next(versions)))
            creates.append(time.perf_counter() - t)
        cleaning.join()
        print(f"| clean-up with another server creating | {(time.perf_counter() - t0) * 1000:.1f} ms | - | "
              f"{len(creates)} creates meanwhile: longest {max(creates) * 1000:.1f} ms, "
              f"median {statistics.median(creates) * 1000:.1f} ms |")  # fmt: skip
        print()
        print(f"create with the figure kept / without: time {with_s / without_s:.2f}x, "
              f"requests {with_n / without_n:.2f}x")  # fmt: skip
        print(f"plan: {len(plan['deleted'])} deleted histories, {plan['unreferenced']['objects']} unreferenced "
              f"pieces, {plan['bytes']} bytes; freed {done['freed_bytes']} bytes, "
              f"{done['objects_removed']} pieces, {done['histories_removed']} histories")  # fmt: skip


if __name__ == "__main__":
    main()
