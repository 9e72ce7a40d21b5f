"""Benchmark: `jupyter checkpoints verify` and `stats` on a store in S3 (moto's server on loopback).

Builds the same store as bench_cli.py (notebooks of 20 cells, checkpoints sharing most pieces) in a
bucket, runs the installed console script, and prints wall times, the requests verify makes per
checkpoint, and how much reading pieces 16 at a time gains over one at a time (the store's own piece
check, in this process, with moto in this process too). moto answers from memory on this machine, so
the piece checks are also run with a delay added before every request (--latency-ms, the round trip
to an endpoint in the same region) to show what the parallel reads are for. Figures only.

    python scripts/bench_cli_s3.py --files 20 --latency-ms 20
"""

from __future__ import annotations

import argparse
import logging
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

from bench_cli import SCRIPT, notebook
from bench_s3 import moto_bucket

from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.inventory import REMOTE_PARALLEL, PieceCheck, histories


def run(*args: str) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run([str(SCRIPT), *args], capture_output=True, timeout=3600)
    return time.perf_counter() - start, done


def check_all(store, parallel: int) -> tuple[float, int]:
    start = time.perf_counter()
    check = PieceCheck(store.objects, parallel=parallel)
    broken = sum(1 for h in histories(store) for m in h.manifests if check.manifest(m))
    return time.perf_counter() - start, broken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--checkpoints", type=int, default=10)
    parser.add_argument("--latency-ms", type=float, default=20.0)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's request log

    with moto_bucket(), tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp, "root")
        root.mkdir()
        store = CheckpointStore(str(root), url="s3://bench/store")
        for f in range(args.files):
            for v in range(args.checkpoints):
                store.create(f"project/nb{f}.ipynb", notebook(f, v))
        n = args.files * args.checkpoints
        pieces = sum(1 for _ in store.storage.whole.pieces())
        common = [f"--root-dir={root}", "--CheckpointStore.url=s3://bench/store"]
        os.environ["JUPYTER_CONFIG_DIR"] = str(Path(tmp, "config"))
        print(f"python {platform.python_version()}, {os.cpu_count()} cpus; {args.files} files x "
                  f"{args.checkpoints} checkpoints in S3 (moto), {pieces} pieces")  # fmt: skip
        t_stats, done = run("stats", "--json", *common)
        print(f"stats                      {t_stats:6.2f} s   exit {done.returncode}")
        t_verify, done = run("verify", *common)
        print(f"verify                     {t_verify:6.2f} s   exit {done.returncode}")
        print(f"  {n / t_verify:,.0f} checkpoints/s; GETs: {args.files} indexes + {pieces} pieces "
                  f"({(args.files + pieces) / n:.1f} per checkpoint)")  # fmt: skip
        for latency in (0.0, args.latency_ms / 1000):
            if latency:
                store.storage.client.meta.events.register("before-send", lambda _l=latency, **_: time.sleep(_l))
            one, _ = check_all(store, 1)
            many, _ = check_all(store, REMOTE_PARALLEL)
            print(f"piece check, +{latency * 1000:.0f} ms a request: 1 at a time {one:6.2f} s, "
                      f"{REMOTE_PARALLEL} at a time {many:6.2f} s ({one / many:.1f}x)")  # fmt: skip
        store.close()


if __name__ == "__main__":
    main()
