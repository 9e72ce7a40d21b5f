"""Benchmark: disk-use figures and Clean Up on a store of 1,000 files (store/storage/local/usage.py, store/cleanup.py).

Builds a store in a temporary folder (notebooks of 20 cells, a few checkpoints each, retention dropping
some, 30% of the files deleted, a third of those 10 days ago, some holding a pinned checkpoint), then
prints what the figures and the clean-up cost: times, with the full walk the figure replaces as the
ratio's base, and the memory the clean-up takes. Figures only, nothing asserted.

    python scripts/bench_cleanup.py                 # 1,000 files, about a minute on 2 cores
    python scripts/bench_cleanup.py --files 200     # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.storage.local.usage import Usage


def notebook(file: int, version: int, cells: int = 20) -> bytes:
    out = []
    for c in range(cells):
        # Each version changes two cells; the rest stay as they were (shared pieces).
        v = version if c in (version % cells, (version * 7 + file) % cells) else 0
        source = f"# file {file} cell {c} version {v}\n" + "result = compute(data)\n" * 6
        outputs = [{"output_type": "stream", "name": "stdout", "text": f"{file}-{c}-{v}\n" * 30}] if c % 3 else []
        out.append(
            {"cell_type": "code", "execution_count": c, "id": f"c{c}", "metadata": {}, "outputs": outputs,
             "source": source}
        )  # fmt: skip
    nb = {"cells": out, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(nb, indent=1).encode()


def walk_total(root: Path) -> int:
    """What `info` cost before: lstat every file of the store."""
    total = 0
    for dirpath, _dirs, names in os.walk(root):
        for n in names:
            total += os.lstat(os.path.join(dirpath, n)).st_size
    return total


def counted_on_disk(root: Path) -> int:
    """What the store's `bytes` figure counts, walked: objects, manifests and deletion records."""
    records = sum(f.stat().st_size for b in ("tree", "trash") for f in (root / b).rglob("*.json"))
    return walk_total(root / "objects") + records


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def peak_memory(fn) -> tuple[int, object]:
    tracemalloc.start()
    try:
        result = fn()
        return tracemalloc.get_traced_memory()[1], result
    finally:
        tracemalloc.stop()


def age(root: Path, seconds: float) -> None:
    for f in (root / "objects").rglob("*"):
        if f.is_file():
            st = f.stat()
            os.utime(f, (st.st_atime - seconds, st.st_mtime - seconds))


def age_deletions(root: Path, fraction: float, days: float) -> None:
    records = sorted((root / "trash").glob("*/origin.json"))
    for f in records[: int(len(records) * fraction)]:
        origin = json.loads(f.read_text())
        origin["deleted"] = time_iso(days)
        f.write_text(json.dumps(origin))


def time_iso(days_ago: float) -> str:
    import datetime as dt

    return (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=days_ago)).isoformat()


def build(base: Path, files: int, versions: int, fsync: bool) -> tuple[CheckpointStore, float]:
    store = CheckpointStore(contents_root=str(base), root_dir=str(base / "store"), fsync=fsync, max_unpinned=4)
    t = time.perf_counter()
    for f in range(files):
        for v in range(versions):
            store.create(f"project/{f // 100}/nb{f}.ipynb", notebook(f, v), pinned=(v == 0 and f % 20 in (0, 1)))
    for f in range(files):
        if f % 10 in (1, 2, 3):  # 30% of the files deleted, one in six of them holding a pinned checkpoint
            store.deleted.add(f"project/{f // 100}/nb{f}.ipynb")
    return store, time.perf_counter() - t


def mb(n: int) -> str:
    return f"{n / 1e6:.2f} MB"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=1000)
    ap.add_argument("--versions", type=int, default=6, help="checkpoints made per file (4 kept unpinned)")
    ap.add_argument("--fsync", action="store_true", help="fsync every write, as a server does by default")
    args = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-cleanup-"))
    rows: list[tuple[str, str]] = []
    try:
        store, build_s = build(base, args.files, args.versions, args.fsync)
        deleted = len(store.deleted.list())
        age(store.root, 7200)  # past the grace period, as pieces of a store in use for a while are
        age_deletions(store.root, 1 / 3, 10)
        store.usage.invalidate()  # the records were rewritten by hand: count again
        info = store.maintenance.info()
        rows += [
            ("store", f"{args.files} files, {deleted} deleted, {info['manifests']} manifests, "
                      f"{info['objects']} objects, {mb(info['bytes'])}; built in {build_s:.1f} s"),
        ]  # fmt: skip
        walk_s, _ = timed(lambda: walk_total(store.root), 5)
        total_s, _ = timed(store.maintenance.info, 200)
        live = args.files // 2 // 10 * 10 + 5  # a file that was not deleted
        path = f"project/{live // 100}/nb{live}.ipynb"
        store.usage._figures.clear()
        cold_s, _ = timed(lambda: store.maintenance.info(path), 1)
        warm_s, file_info = timed(lambda: store.maintenance.info(path), 200)
        rows += [
            ("size figure: store total (GET info)", f"{total_s * 1e6:.0f} us; a full walk {walk_s * 1e3:.1f} ms "
                                                    f"(walk / figure = {walk_s / total_s:.0f}x)"),
            ("size figure: one file (GET info?path)", f"first {cold_s * 1e3:.2f} ms, then {warm_s * 1e6:.0f} us "
                                                      f"({file_info['file']['objects']} pieces, "
                                                      f"{file_info['file']['checkpoints']} checkpoints)"),
        ]  # fmt: skip
        deleted_s, _ = timed(store.deleted.list, 3)
        rows.append(("GET deleted with bytes", f"{deleted_s * 1e3:.0f} ms for {deleted} deleted files"))
        (store.root / "usage.json").unlink()
        recount_s, _ = timed(store.maintenance.info, 1)
        rows.append(("recount after a crash (once)", f"{recount_s * 1e3:.0f} ms"))

        # The cost of keeping the figure on every create: creates of new content (two new cells each) with the
        # counting on, then off, in alternating batches.
        counting, keep, n = {True: 0.0, False: 0.0}, (Usage.flush, Usage.touch), 0
        for batch in range(10):
            on = batch % 2 == 0
            if not on:
                Usage.flush = Usage.touch = lambda *a: None
            t = time.perf_counter()
            for _ in range(20):
                n += 1
                store.create(f"bench/n{n % 40}.ipynb", notebook(10_000 + n % 40, n))
            counting[on] += time.perf_counter() - t
            Usage.flush, Usage.touch = keep
        store.usage.invalidate()  # the uncounted batches
        per = {k: v / 100 * 1e3 for k, v in counting.items()}
        rows.append(("create with / without counting", f"{per[True]:.2f} / {per[False]:.2f} ms "
                                                       f"({per[True] / per[False]:.2f}x)"))  # fmt: skip

        twins = []
        for name in ("alone", "traced"):  # copy2 keeps the times the grace period reads
            shutil.copytree(store.root, base / name, symlinks=True)
            twins.append(CheckpointStore(contents_root=str(base), root_dir=str(base / name), fsync=args.fsync))
        plan_s, plan = timed(lambda: store.cleanup.plan(7), 3)
        plan_mem, _ = peak_memory(lambda: store.cleanup.plan(7))
        rows.append(("clean-up plan (GET cleanup)", f"{plan_s * 1e3:.0f} ms, peak {mb(plan_mem)} of Python memory; "
                                                    f"would free {mb(plan['bytes'])}: "
                                                    f"{plan['unreferenced']['objects']} unreferenced pieces, "
                                                    f"{len(plan['deleted'])} deleted histories "
                                                    f"({len(plan['pinned_kept'])} kept for a pin)"))  # fmt: skip
        # Creates from another "server" all through the clean-up: how long does one wait at most?
        waits: list[float] = []
        running, finished = threading.Event(), threading.Event()

        def create_during():
            other = CheckpointStore(contents_root=str(base), root_dir=str(store.root), fsync=args.fsync)
            running.wait()
            i = 0
            while not finished.is_set():
                i += 1
                t = time.perf_counter()
                other.create(f"during{i % 5}.ipynb", notebook(20_000 + i % 5, i))
                waits.append(time.perf_counter() - t)

        before = walk_total(store.root)
        worker = threading.Thread(target=create_during)
        worker.start()
        running.set()
        clean_s, done = timed(lambda: store.cleanup.run(7), 1)
        finished.set()
        worker.join()
        alone_s, twin_done = timed(lambda: twins[0].cleanup.run(7), 1)
        clean_mem, _ = peak_memory(lambda: twins[1].cleanup.run(7))
        after = walk_total(store.root)
        rows += [
            ("clean-up (POST cleanup), creates running",
             f"{clean_s * 1e3:.0f} ms, peak {mb(clean_mem)} of Python memory; freed {mb(done['freed_bytes'])} "
             f"({done['objects_removed']} pieces, {done['histories_removed']} histories); "
             f"planned {mb(plan['bytes'])}"),
            ("  the same clean-up with nothing else running", f"{alone_s * 1e3:.0f} ms (a copy of the store)"),
            ("  freed / planned", f"{done['freed_bytes'] / plan['bytes']:.4f} (the copy: "
                                  f"{twin_done['freed_bytes'] / plan['bytes']:.4f})"),
            ("  store on disk before / after", f"{mb(before)} / {mb(after)} (with {len(waits)} checkpoints "
                                               "made meanwhile)"),
            ("  creates during the clean-up", f"{len(waits)}: longest {max(waits) * 1e3:.0f} ms, median "
                                              f"{statistics.median(waits) * 1e3:.1f} ms"),
            ("  figure after / disk", f"{store.maintenance.info()['bytes']} / {counted_on_disk(store.root)} bytes"),
        ]  # fmt: skip
    finally:
        shutil.rmtree(base, ignore_errors=True)
    print(f"bench_cleanup: Python {platform.python_version()}, {os.cpu_count()} CPUs, fsync={args.fsync}")
    width = max(len(k) for k, _ in rows)
    for k, v in rows:
        print(f"{k:<{width}}  {v}")


if __name__ == "__main__":
    main()
