"""Benchmark: folder checkpoints through the REST API of a real server on loopback.

A folder of FILES files (MB megabytes in all, incompressible, in subfolders) is checkpointed once;
then one file is changed and the folder checkpointed again, REPEATS times. The floor, measured in the
same run on the same (warm) files: reading every file once and hashing it with sha256, which is what a
checkpoint that trusted nothing would cost at least. Bytes written: what the store grew by on disk.

    python scripts/bench_folders.py                    # 500 files, 200 MB
    python scripts/bench_folders.py --files 100 --mb 20   # quicker
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import STORE_DIR, Server, dir_bytes, fmt

FOLDER = "project"


def make_folder(root: Path, files: int, total_mb: float) -> list[Path]:
    size = int(total_mb * 1024 * 1024 / files)
    paths = []
    for i in range(files):
        p = root / FOLDER / f"part{i % 10}" / f"data-{i:04d}.bin"
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(os.urandom(size))
        paths.append(p)
    return paths


def floor_read_hash(paths: list[Path]) -> float:
    t0 = time.perf_counter()
    for p in paths:
        hashlib.sha256(p.read_bytes()).digest()
    return time.perf_counter() - t0


def snapshot(server: Server, label: str) -> tuple[float, dict]:
    url = f"{server.base}/jupyterlab-checkpoints/folders/checkpoints"
    t0 = time.perf_counter()
    r = server.http.post(url, params={"path": FOLDER}, json={"label": label})
    dt = time.perf_counter() - t0
    r.raise_for_status()
    return dt, r.json()


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--mb", type=float, default=200.0)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    server = Server("folders", ours=True, extra=[], store=True)
    try:
        paths = make_folder(server.root, args.files, args.mb)
        total = sum(p.stat().st_size for p in paths)
        time.sleep(1.2)  # past the window in which a file's stat cannot vouch for it (folders/reading.py)
        floor = statistics.median(floor_read_hash(paths) for _ in range(3))
        store = server.root / STORE_DIR
        before = dir_bytes(store)
        first_t, first = snapshot(server, "first")
        first_written = dir_bytes(store) - before
        rows = [("first checkpoint (every file read)", first_t, first, first_written, 0)]
        times, changed_rows = [], []
        for n in range(args.repeats):
            victim = paths[(n * 37) % len(paths)]
            victim.write_bytes(os.urandom(victim.stat().st_size))
            before = dir_bytes(store)
            t, m = snapshot(server, f"change {n}")
            times.append(t)
            changed_rows.append((t, m, dir_bytes(store) - before, victim.stat().st_size))
        t, m, written, changed = sorted(changed_rows, key=lambda r: r[0])[len(changed_rows) // 2]
        rows.append((f"after 1 file changed (median of {args.repeats})", t, m, written, changed))
        before = dir_bytes(store)
        t, m = snapshot(server, "no change")
        rows.append(("nothing changed", t, m, dir_bytes(store) - before, 0))
    finally:
        server.stop()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {platform.node() or 'vm'}: {machine}")
    print(f"Folder: {args.files} files, {fmt(total, 'B')}; floor (read + sha256 of every file once): {fmt(floor, 's')}")
    print()
    head = ("work", "time", "time/floor", "files read", "files reused", "store grew by", "changed file")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for name, t, m, written, changed in rows:
        cost = m.get("cost", {})
        cells = (
            name, fmt(t, "s"), f"{t / floor:.3f}x", str(cost.get("read")), str(cost.get("reused")),
            fmt(written, "B"), fmt(changed, "B") if changed else "-",
        )  # fmt: skip
        print("| " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
