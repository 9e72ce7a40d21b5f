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
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--no-fsync", action="store_true", help="c.CheckpointStore.fsync = False: what durability costs")
    args = ap.parse_args(argv)
    extra = ["--CheckpointStore.fsync=False"] if args.no_fsync else []
    server = Server("folders", ours=True, extra=extra, store=True)
    try:
        paths = make_folder(server.root, args.files, args.mb)
        total = sum(p.stat().st_size for p in paths)
        time.sleep(1.2)  # past the window in which a file's stat cannot vouch for it (folders/disk_read.py)
        store = server.root / STORE_DIR
        rows = []

        def measure(name: str, label: str, change: Path | None) -> None:
            # The floor is taken right before each checkpoint: on a shared machine the load changes.
            floor = statistics.median(floor_read_hash(paths) for _ in range(3))
            if change is not None:
                change.write_bytes(os.urandom(change.stat().st_size))
            before = dir_bytes(store)
            t, m = snapshot(server, label)
            rows.append((name, t, floor, m, dir_bytes(store) - before, change.stat().st_size if change else 0))

        measure("first checkpoint (every file read)", "first", None)
        for n in range(args.repeats):
            # Checkpoints are minutes apart in use: past the racy window, the file changed last time
            # is vouched for by its stat again.
            time.sleep(1.2)
            measure("after 1 file changed", f"change {n}", paths[(n * 37) % len(paths)])
        time.sleep(1.2)
        measure("nothing changed", "no change", None)
    finally:
        server.stop()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"Machine: {platform.node() or 'vm'}: {machine}; fsync {'off' if args.no_fsync else 'on'}")
    print(f"Folder: {args.files} files, {fmt(total, 'B')}. Floor: reading every file once and hashing it")
    print("with sha256 (warm page cache), measured right before each checkpoint.")
    print()
    head = ("work", "time", "floor", "time/floor", "files read", "files reused", "store grew by", "changed file")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for name, t, floor, m, written, changed in rows:
        cost = m.get("cost", {})
        cells = (
            name, fmt(t, "s"), fmt(floor, "s"), f"{t / floor:.3f}x", str(cost.get("read")),
            str(cost.get("reused")), fmt(written, "B"), fmt(changed, "B") if changed else "-",
        )  # fmt: skip
        print("| " + " | ".join(cells) + " |")
    changed_rows = [r for r in rows if r[0] == "after 1 file changed"]
    median_ratio = statistics.median(r[1] / r[2] for r in changed_rows)
    print()
    print(f"after 1 file changed, median of {len(changed_rows)}: time/floor {median_ratio:.3f}x")


if __name__ == "__main__":
    main()
