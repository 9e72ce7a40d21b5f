"""Benchmark: `jupyter checkpoints` on a store of many files (cli/, store/inventory.py).

Builds a store in a temporary folder (notebooks of 20 cells, 10 checkpoints each, two cells changing
per checkpoint, so most pieces are shared), then runs the installed console script as an admin would
and prints what each subcommand costs: wall time, and for `verify` the checkpoints and content bytes
checked per second. The start-up (`--help`, no store) is the base every subcommand pays. Figures only,
nothing asserted.

    python scripts/bench_cli.py                 # 500 files, 5,000 checkpoints
    python scripts/bench_cli.py --files 100     # quicker
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyterlab_checkpoints.store import CheckpointStore

SCRIPT = Path(sys.executable).with_name("jupyter-checkpoints")


def notebook(file: int, version: int, cells: int = 20) -> bytes:
    out = []
    for c in range(cells):
        v = version if c in (version % cells, (version * 7 + file) % cells) else 0
        source = f"# file {file} cell {c} version {v}\n" + "result = compute(data)\n" * 6
        outputs = [{"output_type": "stream", "name": "stdout", "text": f"{file}-{c}-{v}\n" * 30}] if c % 3 else []
        out.append(
            {"cell_type": "code", "execution_count": c, "id": f"c{c}", "metadata": {}, "outputs": outputs,
             "source": source}
        )  # fmt: skip
    nb = {"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return (json.dumps(nb, indent=1) + "\n").encode()


def timed(*args: str, repeat: int = 3) -> tuple[float, subprocess.CompletedProcess]:
    best, done = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([str(SCRIPT), *args], capture_output=True, timeout=3600)
        best = min(best, time.perf_counter() - start)
    return best, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--files", type=int, default=500)
    parser.add_argument("--checkpoints", type=int, default=10)
    args = parser.parse_args()
    if not SCRIPT.exists():
        sys.exit(f"{SCRIPT} is missing: pip install -e . first")
    tmp = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        root = tmp / "root"
        root.mkdir()
        store = CheckpointStore(str(root), fsync=False)
        start = time.perf_counter()
        for f in range(args.files):
            for v in range(args.checkpoints):
                store.create(f"project/nb{f}.ipynb", notebook(f, v))
        built = time.perf_counter() - start
        store.close()
        common = [f"--root-dir={root}", "--CheckpointStore.fsync=False"]
        os.environ["JUPYTER_CONFIG_DIR"] = str(tmp / "config")  # no configuration but the options above

        n = args.files * args.checkpoints
        print(f"python {platform.python_version()}, {os.cpu_count()} cpus; {args.files} files x {args.checkpoints}")
        print(f"store built through the store API in {built:.1f} s")
        t_help, _ = timed("verify", "--help")
        print(f"start-up (verify --help, no store)        {t_help * 1000:7.0f} ms")
        t_list, _ = timed("list", "project/nb0.ipynb", *common)
        print(f"list one file (10 checkpoints)            {t_list * 1000:7.0f} ms")
        t_show, _ = timed("show", "project/nb0.ipynb", store.list("project/nb0.ipynb")[-1].id, *common)
        print(f"show one checkpoint                       {t_show * 1000:7.0f} ms")
        t_stats, done = timed("stats", "--json", *common)
        figures = json.loads(done.stdout)
        print(f"stats ({n} checkpoints)                 {t_stats * 1000:7.0f} ms")
        logical, content = figures["logical_bytes"] / 1e6, figures["content_bytes"] / 1e6
        print(f"  logical {logical:.1f} MB, content stored {content:.1f} MB, dedup ratio {figures['dedup_ratio']:.2f}")
        t_verify, done = timed("verify", *common, repeat=1)
        print(f"verify ({n} checkpoints)                {t_verify:7.1f} s   exit {done.returncode}")
        print(
            f"  {n / t_verify:,.0f} checkpoints/s, {figures['content_bytes'] / 1e6 / t_verify:.1f} MB of pieces read "
            f"and hashed per second; start-up is {t_help / t_verify:.0%} of it"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
