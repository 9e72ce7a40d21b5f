"""Benchmark: what three weeks of history cost with tiered retention, and how fast the panel reads it.

Three weeks of work simulated through the store with its clock injected (`CheckpointStore(clock=...)`):
on weekdays from 09:00 to 17:00, a run every 5 minutes on a notebook of 5 MB (100 code cells, each with
a text and an incompressible image output), Ctrl+S every 30 minutes and Ctrl+K at 12:00 and 16:45.
Each run re-runs one cell, whose outputs change: one of the 10 cells the day's work is about (`region`,
the default: a different 10 each day), or the next of all 100 in turn (`cycle`: by the end of a day
every output has changed, the worst case for sharing pieces). Each create applies retention as the
server does. Then:
- the store's bytes on disk (after collecting unreferenced pieces) against one copy of the notebook,
  beside what as many full copies would take, and the same work with the tiers off (10 kept);
- on the resulting history, at the end of the three weeks: the list the panel shows, the change
  summaries (warm: the panel's second look), and a search over every kept checkpoint (cold: caches
  emptied; warm).

    python scripts/bench_depth.py                 # about 10 minutes on 2 cores
    python scripts/bench_depth.py --changes cycle --days 7 --size 20
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_history import CELLS, clear_caches, median_of, ms

from jupyterlab_checkpoints.history import service
from jupyterlab_checkpoints.history.entries import entries_of
from jupyterlab_checkpoints.store import CheckpointStore
from jupyterlab_checkpoints.store.retention import counted

PATH = "analysis.ipynb"
TARGETS = {"list": 0.050, "summaries (warm)": 0.050, "search (cold)": 0.500}
START = dt.datetime(2026, 11, 2, tzinfo=dt.timezone.utc)  # a Monday


class Clock:
    def __init__(self):
        self.now = START

    def __call__(self) -> float:
        return self.now.timestamp()


def notebook_bytes(size_mb: float, last_run: list[int], images: dict, rng: random.Random) -> bytes:
    """nbformat's layout; cell i as its last run (`last_run[i]`) left it: a source, a text output and an
    incompressible image, new at each run."""
    per_cell = int(size_mb * 1024 * 1024 / CELLS * 3 / 4)
    cells = []
    for i, run in enumerate(last_run):
        if (i, run) not in images:
            images[(i, run)] = base64.b64encode(rng.randbytes(per_cell)).decode()
        outputs = [
            {"name": "stdout", "output_type": "stream", "text": [f"mean of series {i}: {run}.5\n"]},
            {"data": {"image/png": images[(i, run)], "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
             "metadata": {}, "output_type": "display_data"},
        ]  # fmt: skip
        source = ["fig, ax = plt.subplots()\n", f"ax.plot(data[{i}])\n"]
        cells.append({"cell_type": "code", "execution_count": run + 1, "id": f"cell-{i}", "metadata": {},
                      "outputs": outputs, "source": source})  # fmt: skip
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    return (json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


def simulate(store, clock: Clock, days: int, size_mb: float, every: int, changes: str) -> tuple[int, int, float]:
    """(creates, notebook bytes, seconds spent creating)."""
    rng, images, run, creates, spent = random.Random(0), {}, 0, 0, 0.0
    last_run = [0] * CELLS
    raw = notebook_bytes(size_mb, last_run, images, rng)
    for day in range(days):
        if (START + dt.timedelta(days=day)).weekday() >= 5:
            continue  # weekends off
        for minute in range(9 * 60, 17 * 60 + 1):
            clock.now = START + dt.timedelta(days=day, minutes=minute)
            kinds = []
            if minute % every == 0:
                run += 1
                cell = run % CELLS if changes == "cycle" else (day * 10 + run % 10) % CELLS
                images.pop((cell, last_run[cell]), None)  # never asked for again: memory stays flat
                last_run[cell] = run
                raw = notebook_bytes(size_mb, last_run, images, rng)
                kinds.append("auto")
            if minute % 30 == 0:
                kinds.append("save")  # the content of the last run: the newest entry, unchanged
            if minute in (12 * 60, 16 * 60 + 45):
                kinds.append("manual")  # Ctrl+K: the newest entry becomes a manual one
            for kind in kinds:
                t0 = time.perf_counter()
                store.create(PATH, raw, kind=kind)
                spent += time.perf_counter() - t0
                creates += 1
    return creates, len(raw), spent


def cold(fn, n: int = 3) -> float:
    times = []
    for _ in range(n):
        clear_caches()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def run_case(days: int, size_mb: float, every: int, changes: str, tiers: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-depth-") as tmp:
        clock = Clock()
        off = {} if tiers else {"keep_hourly": 0, "keep_daily": 0, "keep_weekly": 0}
        store = CheckpointStore(tmp, root_dir=str(Path(tmp) / "store"), fsync=False, clock=clock,
                                gc_after_deletes=10**9, **off)  # fmt: skip
        creates, size, spent = simulate(store, clock, days, size_mb, every, changes)
        store.maintenance.gc(grace_seconds=0)  # what retention dropped, collected now rather than in the background
        figures = store.maintenance.info(PATH)
        on_disk = sum(f.stat().st_size for f in Path(tmp, "store").rglob("*") if f.is_file())
        manifests = store.list(PATH)

        def listing():
            # What GET checkpoints answers: the kept entries, which of them take a slot, their models.
            found = store.list(PATH)
            taking = {m.id for m in counted(found, store.retention.free_of_slots(found))}
            return [m.model() if m.id in taking else {**m.model(), "counted": False} for m in found]

        def listed():
            found = store.list(PATH)
            return entries_of(store.objects, found, [m.model() for m in found], None)

        out = {
            "creates": creates,
            "kept": len(manifests),
            "notebook": size,
            "store bytes": on_disk,
            "history bytes": figures["file"]["bytes"],
            "create": spent / creates,
        }
        if tiers:
            out["list"] = median_of(listing)
            out["summaries (cold)"] = cold(lambda: service.summaries(listed()), 1)
            out["summaries (warm)"] = median_of(lambda: service.summaries(listed()))
            # Text in a few checkpoints only: every kept checkpoint's pieces are searched.
            out["search (cold)"] = cold(lambda: service.search(listed(), "mean of series 7: 1", 100))
            out["search (warm)"] = median_of(lambda: service.search(listed(), "mean of series 7: 1", 100))
        store.close()
        return out


def mb(n: float) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=21, help="days of work simulated (weekends off)")
    parser.add_argument("--size", type=float, default=5, help="notebook size in MB")
    parser.add_argument("--every", type=int, default=5, help="minutes between runs")
    parser.add_argument("--changes", choices=("region", "cycle"), default="region", help="which cell a run re-runs")
    args = parser.parse_args(argv)
    print(f"Machine: {platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    print(f"Load average at start (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"Work: {args.days} days (weekdays 09:00-17:00), a run every {args.every} min on a {args.size:g} MB "
          f"notebook, re-running cells by `{args.changes}`")  # fmt: skip
    print()
    tiered = run_case(args.days, args.size, args.every, args.changes, tiers=True)
    bare = run_case(args.days, args.size, args.every, args.changes, tiers=False)
    one = tiered["notebook"]
    print("| retention | creates | kept | store on disk | x one notebook | as full copies | create (mean) |")
    print("|---|---|---|---|---|---|---|")
    for name, r in (("tiers (10 recent, hourly 24, daily 30, weekly 26)", tiered), ("tiers off (10 recent)", bare)):
        print(f"| {name} | {r['creates']} | {r['kept']} | {mb(r['store bytes'])} | {r['store bytes'] / one:.2f}x "
              f"| {mb(r['kept'] * one)} | {ms(r['create'])} |")  # fmt: skip
    print()
    print(f"On the tiered history ({tiered['kept']} checkpoints, {mb(tiered['history bytes'])} of pieces):")
    print()
    print("| work | time | target |")
    print("|---|---|---|")
    for name in ("list", "summaries (cold)", "summaries (warm)", "search (cold)", "search (warm)"):
        target = TARGETS.get(name)
        print(f"| {name} | {ms(tiered[name])} | {ms(target) if target else '-'} |")
    print(f"Load average at the end: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
