"""Benchmark: saving a kernel's variables with a checkpoint and loading them back, against dill sessions.

Starts a real Jupyter server with this package (bench_store.Server) and a real IPython kernel, fills
the kernel with a namespace of about 1, 40 and 120 MB (a large array holding 90% of it, a small array
holding 10%, a DataFrame, a dict, a lambda), then measures through the REST API:
- snapshot: first, then again after the small array changed (what the content-addressed store writes);
- restore into the restarted kernel.
In the same kernel and run: `dill.dump_session` (first and after the change: it writes everything each
time) and `dill.load_session` after a restart. Times are wall clock, the REST ones including HTTP.
Figures only, nothing asserted.

    python scripts/bench_variables.py              # 1, 40 and 120 MB
    python scripts/bench_variables.py --sizes 1 10
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client import BlockingKernelClient

sys.path.insert(0, str(Path(__file__).parent))
from bench_store import Server  # the same loopback server as the store benchmark

NAMESPACE = """
import numpy as np, pandas as pd
big = np.random.default_rng(1).random(int({mb} * 0.9 * 2**20 / 8))
small = np.random.default_rng(2).random(int({mb} * 0.1 * 2**20 / 8))
df = pd.DataFrame({{"a": range(1000), "b": [f"row {{i}}" for i in range(1000)]}})
d = {{"x": 1, "y": list(range(100))}}
double = lambda x: x * 2
"""
DILL_DUMP = """
import time as _t, os as _os, dill as _dill
_t0 = _t.perf_counter(); _dill.dump_session({file!r}); _dill_s = _t.perf_counter() - _t0
_dill_b = _os.path.getsize({file!r})
"""
DILL_LOAD = """
import time as _t, dill as _dill
_t0 = _t.perf_counter(); _dill.load_session({file!r}); _dill_s = _t.perf_counter() - _t0
"""


class Bench:
    def __init__(self, runtime: Path):
        self.server = Server("variables", ours=True, extra=[], store=True)
        self.runtime = runtime
        r = self.server.http.post(f"{self.server.base}/api/kernels", data=json.dumps({"name": "python3"}))
        r.raise_for_status()
        self.kernel = r.json()["id"]
        self.nb = 0

    def client(self) -> BlockingKernelClient:
        kc = BlockingKernelClient()
        kc.load_connection_file(str(self.runtime / f"kernel-{self.kernel}.json"))
        kc.start_channels(iopub=False, stdin=False, hb=False, control=False)
        return kc

    def run(self, code: str, **expressions: str) -> dict:
        kc = self.client()
        try:
            msg_id = kc.execute(code, user_expressions=expressions)
            while True:
                reply = kc.get_shell_msg(timeout=600)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        finally:
            kc.stop_channels()
        content = reply["content"]
        if content["status"] != "ok":
            raise RuntimeError(f"{content.get('ename')}: {content.get('evalue')}")
        return {k: v["data"]["text/plain"] for k, v in content["user_expressions"].items()}

    def restart(self) -> None:
        self.server.http.post(f"{self.server.base}/api/kernels/{self.kernel}/restart").raise_for_status()
        self.run("pass")

    def checkpoint(self) -> str:
        self.nb += 1
        nb = {"cells": [], "metadata": {"n": self.nb}, "nbformat": 4, "nbformat_minor": 5}
        self.server.put_notebook("bench.ipynb", nb)
        return self.server.create("bench.ipynb")[1]["id"]

    def variables(self, cid: str, *more: str) -> tuple[float, dict]:
        url = "/".join([f"{self.server.base}/jupyterlab-checkpoints/checkpoints", cid, "variables", *more])
        params = {"path": "bench.ipynb", "kernel": self.kernel}
        for _ in range(100):  # the server hears the kernel go idle a moment after the reply: 409 until then
            t0 = time.perf_counter()
            r = self.server.http.post(url, params=params)
            elapsed = time.perf_counter() - t0
            if r.status_code != 409:
                break
            time.sleep(0.05)
        r.raise_for_status()
        return elapsed, r.json()

    def dill(self, code: str) -> tuple[float, int]:
        out = self.run(code, s="_dill_s", b="globals().get('_dill_b', 0)")
        return float(out["s"]), int(out["b"])


def fmt_s(s: float) -> str:
    return f"{s * 1000:.0f} ms" if s < 10 else f"{s:.1f} s"


def fmt_b(n: int) -> str:
    return f"{n / 2**20:.2f} MB" if n >= 2**20 else f"{n / 1024:.1f} KB"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 40, 120])
    args = parser.parse_args()
    runtime = Path(tempfile.mkdtemp(prefix="bench-variables-runtime-"))
    os.environ["JUPYTER_RUNTIME_DIR"] = str(runtime)  # where the server writes kernel connection files
    bench = Bench(runtime)
    rows = []
    try:
        for mb in args.sizes:
            dill_file = str(bench.server.root / f"session-{mb}.pkl")
            bench.restart()
            bench.run(NAMESPACE.format(mb=mb))
            t_first, first = bench.variables(bench.checkpoint())
            d_first, db_first = bench.dill(DILL_DUMP.format(file=dill_file))
            bench.run("small += 1")
            cid = bench.checkpoint()
            t_change, change = bench.variables(cid)
            d_change, db_change = bench.dill(DILL_DUMP.format(file=dill_file))
            bench.restart()
            t_restore, restored = bench.variables(cid, "restore")
            assert not restored["skipped"], restored
            bench.restart()
            d_load, _ = bench.dill(DILL_LOAD.format(file=dill_file))
            rows.append(
                (f"{mb:g} MB", t_first, first["bytes_written"], d_first, db_first, t_change,
                 change["bytes_written"], d_change, db_change, t_restore, d_load)
            )  # fmt: skip
    finally:
        bench.server.stop()
    machine = f"{platform.node()}: {platform.machine()}, {os.cpu_count()} cores"
    print(f"Machine: {machine}, Python {platform.python_version()}")
    print(f"pickler in the kernel: {first['pickler']}\n")
    head = ("namespace", "work", "ours", "dill session", "ours/dill")
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for name, tf, bf, df_, dbf, tc, bc, dc, dbc, tr, dl in rows:
        for work, ours, theirs, fmt in (
            ("snapshot, first: time", tf, df_, fmt_s),
            ("snapshot, first: bytes written", bf, dbf, fmt_b),
            ("snapshot, one variable changed: time", tc, dc, fmt_s),
            ("snapshot, one variable changed: bytes written", bc, dbc, fmt_b),
            ("restore into a restarted kernel: time", tr, dl, fmt_s),
        ):
            print(f"| {name} | {work} | {fmt(ours)} | {fmt(theirs)} | {ours / theirs:.2f}x |")


if __name__ == "__main__":
    main()
