"""Benchmark: folder checkpoints with the store on S3-compatible object storage (moto's S3 server on
loopback) against the local store, in one run, with the S3 requests each operation sends (botocore's
event hooks, as bench_s3.py) and the bytes it uploads.

A folder of FILES files (notebooks of 10 cells for one in ten, the rest text and binary files of
2-40 KB, in 10 subfolders) is checkpointed: first (every file read), again with nothing changed, after
one file changed, again by a second store on the same bucket (a server started later: it knows no
piece), listed, opened as a new folder, downloaded as a .zip, restored whole after five files
changed, and the pieces no checkpoint refers to collected.

    python scripts/bench_s3_folders.py                 # 200 files
    python scripts/bench_s3_folders.py --files 1000 --repeat 5

moto answers from memory in Python on this machine: the times show the store's own work and the
number of round trips, not a real S3's latency; `--rtt-ms 20` adds a round trip to each request, so
what goes in parallel shows.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_s3 import Requests, fmt_ms, moto_bucket

from jupyterlab_checkpoints.folders import FolderCheckpoints
from jupyterlab_checkpoints.folders.archive import ZipStream
from jupyterlab_checkpoints.store import CheckpointStore

FOLDER = "project"


def make_folder(root: Path, files: int, seed: int = 0) -> list[Path]:
    rng = random.Random(seed)
    paths = []
    for i in range(files):
        sub = root / FOLDER / f"part{i % 10}"
        sub.mkdir(parents=True, exist_ok=True)
        if i % 10 == 0:
            p = sub / f"analysis-{i:04d}.ipynb"
            cells = [{"cell_type": "code", "execution_count": n, "id": f"c{n}", "metadata": {}, "outputs": [],
                      "source": f"result_{n} = compute({n}, {rng.random()})"} for n in range(10)]  # fmt: skip
            nb = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
            p.write_bytes(json.dumps(nb, indent=1).encode())
        elif i % 2:
            p = sub / f"notes-{i:04d}.txt"
            p.write_text("\n".join(f"line {n} of file {i}: {rng.random()}" for n in range(rng.randint(50, 800))))
        else:
            p = sub / f"data-{i:04d}.bin"
            p.write_bytes(rng.randbytes(rng.randint(2_000, 40_000)))
        paths.append(p)
    return paths


def change(path: Path) -> None:
    path.write_bytes(path.read_bytes() + b"\nchanged")


def delay(store: CheckpointStore, rtt_ms: float) -> None:
    """moto on loopback answers at once: `--rtt-ms` adds a round trip to every request (a sleep, which
    lets requests in flight together overlap as they would on a network)."""
    if rtt_ms:
        store.storage.client.meta.events.register("before-send.s3", lambda **_: time.sleep(rtt_ms / 1000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the quick rows (medians)")
    parser.add_argument(
        "--rtt-ms", type=float, default=0, help="wait this long before each S3 request: a network's round trip"
    )
    args = parser.parse_args()
    rows: list[tuple] = []
    with moto_bucket(), tempfile.TemporaryDirectory() as tmp:
        # The same folder twice: each store checkpoints and restores its own copy.
        roots = {name: Path(tmp) / name for name in ("local", "s3")}
        paths = {name: make_folder(root, args.files) for name, root in roots.items()}
        size = sum(p.stat().st_size for p in paths["s3"])
        time.sleep(1.2)  # past the racy window: the files' stats vouch for them (folders/disk_read.py)
        stores = {
            "local": CheckpointStore(contents_root=str(roots["local"]), root_dir=f"{tmp}/store", fsync=True),
            "s3": CheckpointStore(contents_root=str(roots["s3"]), url="s3://bench/store"),
        }
        folders = {name: FolderCheckpoints(stores[name], str(roots[name])) for name in stores}
        counter = Requests(stores["s3"].storage.client)  # only the S3 store sends requests
        delay(stores["s3"], args.rtt_ms)

        def both(label: str, fn, runs: int = 1, prepare=None) -> None:
            """`fn(folders, name)` on each store, on the same state; the median time, requests per run."""
            spent, result = {"local": [], "s3": []}, None
            counter.take()
            for _ in range(runs):
                if prepare:
                    prepare()
                for name in ("local", "s3"):
                    t = time.perf_counter()
                    result = fn(folders[name], name)
                    spent[name].append(time.perf_counter() - t)
            total, text, up = counter.take(runs)
            rows.append((label, statistics.median(spent["local"]), statistics.median(spent["s3"]), total, text, up,
                         result))  # fmt: skip

        def create(f, _name):
            _m, cost = f.create(FOLDER)
            return f"read {cost['read']}, reused {cost['reused']}"

        both(f"first checkpoint ({args.files} files, every file read)", create)
        both("again, nothing changed", create, args.repeat)
        time.sleep(1.2)
        both("after 1 file changed", create, 1, lambda: [change(paths[n][37]) for n in paths])
        # The file just changed is read again next time (racy window): wait it out, as minutes would.
        time.sleep(1.2)
        both("again, nothing changed", create, args.repeat)
        # A server started later: a store of its own on the same bucket, knowing no piece.
        later = FolderCheckpoints(CheckpointStore(contents_root=str(roots["s3"]), url="s3://bench/store"),
                                  str(roots["s3"]))  # fmt: skip
        counter_later = Requests(later.store.storage.client)
        delay(later.store, args.rtt_ms)
        t = time.perf_counter()
        _m, cost = later.create(FOLDER)
        spent = time.perf_counter() - t
        total, text, up = counter_later.take()
        rows.append(("nothing changed, by a second server", None, spent, total, text, up,
                     f"read {cost['read']}, reused {cost['reused']}"))  # fmt: skip
        both("list", lambda f, _n: f"{len(f.list(FOLDER))} checkpoints", args.repeat * 5)

        def restore(f, name):
            result = f.restore_folder(FOLDER, f.list(FOLDER)[0].id)
            return f"{len(result['restored'])} files written back"

        extracted = iter(range(10_000))

        def extract(f, _name):
            f.extract(FOLDER, f.list(FOLDER)[-1].id, f"{FOLDER} copy {next(extracted)}")
            return f"{args.files} files written"

        both("open as a new folder (every file read back)", extract)

        def download(f, _name):
            m = f.list(FOLDER)[-1]
            stream = ZipStream(f.store.objects, f.entries(m), FOLDER, m.created)
            size = 0
            while (chunk := stream.next_chunk()) is not None:
                size += len(chunk)
            return f"{size / 1024 / 1024:.1f} MB of zip"

        both("download as .zip", download)
        both(
            "restore whole folder, 5 files changed",
            restore,
            1,
            lambda: [change(p) for n in paths for p in paths[n][1:50:10]],
        )
        # Every index is read and every checkpoint's references listed (folder ones: their runs and
        # notebooks' piece lists) while creates wait; then the pieces nobody refers to go.
        both("collect unreferenced pieces", lambda f, _n: f"{f.store.maintenance.gc(0)[0]} pieces removed")
    print(
        f"Machine: {platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    rtt = f", {args.rtt_ms:g} ms added to each request" if args.rtt_ms else ""
    print(f"Folder: {args.files} files, {size / 1024 / 1024:.1f} MB; local store with fsync; S3 on moto{rtt}")
    print()
    print("| work | local | S3 (moto) | S3 requests | of which | uploaded | S3 result |")
    print("|---|---|---|---|---|---|---|")
    for label, local_s, s3_s, total, text, up, result in rows:
        here = fmt_ms(local_s) if local_s is not None else "-"
        print(f"| {label} | {here} | {fmt_ms(s3_s)} | {total:g} | {text} | {up / 1024:.1f} KB | {result} |")


if __name__ == "__main__":
    main()
