"""Benchmark: the store on S3-compatible object storage (moto's S3 server on loopback) against the
local store, in one run: create, create after a one-cell change, list and restore, with the S3 requests
each operation sends (counted with botocore's own event hooks) and the bytes it uploads.

    python scripts/bench_s3.py                  # 1 MB and 20 MB notebooks of 100 cells
    python scripts/bench_s3.py --sizes 5 --repeat 3

moto answers from memory in Python on this machine: latencies here show the store's own work and
the number of round trips, not a real S3's. Multiply the requests by a region's round trip (10-30 ms
to S3 in-region; pieces go 16 at a time) for an estimate.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import platform
import random
import secrets
import socket
import statistics
import tempfile
import time
from collections import Counter

from jupyterlab_checkpoints.store import CheckpointStore


def make_notebook(size_mb: float, cells: int, seed: int = 0, changed: int | None = None) -> bytes:
    rng = random.Random(seed)
    per_cell = int(size_mb * 1024 * 1024 / cells * 3 / 4)
    out = []
    for i in range(cells):
        source = f"plot(data[{i}])" + (" # edited" if i == changed else "")
        image = base64.b64encode(rng.randbytes(per_cell)).decode()
        output = {"output_type": "display_data", "data": {"image/png": image}, "metadata": {}}
        out.append({"cell_type": "code", "execution_count": i + 1, "id": f"c{i}", "metadata": {},
                    "source": source, "outputs": [output]})  # fmt: skip
    return json.dumps({"cells": out, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()


class Requests:
    """S3 operations and uploaded bytes, from botocore's `before-call` events."""

    def __init__(self, client):
        self.ops: Counter = Counter()
        self.uploaded = 0
        client.meta.events.register("before-call.s3", self._record)
        client.meta.events.register("before-parameter-build.s3.PutObject", self._upload)

    def _record(self, model, **_):
        self.ops[model.name] += 1

    def _upload(self, params, **_):
        self.uploaded += len(params.get("Body", b""))

    def take(self, runs: int = 1) -> tuple[float, str, float]:
        """Per run: (requests, requests by operation, bytes uploaded); then counting starts again."""
        text = ", ".join(f"{n / runs:g} {k}" for k, n in sorted(self.ops.items()))
        total, up = sum(self.ops.values()) / runs, self.uploaded / runs
        self.ops, self.uploaded = Counter(), 0
        return total, text, up


def free_port() -> int:
    for port in range(19500, 19600):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 19500-19599")


@contextlib.contextmanager
def moto_bucket(bucket: str = "bench"):
    """moto's S3 server on a free loopback port with `bucket` created, the AWS variables pointing at
    it, for the duration of the block."""
    import boto3
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    os.environ.update(AWS_ENDPOINT_URL=f"http://127.0.0.1:{port}", AWS_ACCESS_KEY_ID="bench",
                      AWS_SECRET_ACCESS_KEY="bench", AWS_DEFAULT_REGION="us-east-1")  # fmt: skip
    try:
        boto3.client("s3").create_bucket(Bucket=bucket)
        yield
    finally:
        server.stop()


def timed(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def run(store: CheckpointStore, size: float, cells: int, repeat: int, counter: Requests | None) -> list[tuple]:
    rows = []
    name = f"bench-{secrets.token_hex(3)}.ipynb"

    def measure(label, fn, n=1):
        if counter:
            counter.take()
        seconds, result = timed(fn, n)
        total, text, up = counter.take(n) if counter else (0, "", 0)
        rows.append((label, seconds, total, text, up))
        return result

    first = make_notebook(size, cells)
    measure(f"create first, {size:g} MB", lambda: store.create(name, first))
    edits = iter(range(10_000))
    measure(f"create after 1-cell change, {size:g} MB",
            lambda: store.create(name, make_notebook(size, cells, changed=next(edits))), repeat)  # fmt: skip
    listed = measure(f"list, {len(store.list(name))} checkpoints", lambda: store.list(name), repeat * 5)
    doc = {"raw": make_notebook(size, cells, changed=999)}

    def restore():
        return store.restore(name, listed[0].id, lambda: doc["raw"], lambda raw: doc.update(raw=raw))

    measure(f"restore, {size:g} MB", restore)
    for m in store.list(name)[:2]:
        store.delete(name, m.id)
    measure(f"collect unreferenced pieces, {len(store.list(name))} checkpoints kept", lambda: store.maintenance.gc(0))
    return rows


def fmt_ms(s: float) -> str:
    return f"{s * 1000:.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,20", help="notebook sizes in MB, comma-separated")
    parser.add_argument("--cells", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(
        f"Machine: {platform.node()}: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print("| work | local | S3 (moto) | S3/local | S3 requests | of which | uploaded |")
    print("|---|---|---|---|---|---|---|")
    with moto_bucket(), tempfile.TemporaryDirectory() as tmp:
        local = CheckpointStore(contents_root=tmp, root_dir=os.path.join(tmp, "store"), fsync=True)
        t = time.perf_counter()
        remote = CheckpointStore(contents_root=tmp, url="s3://bench/store")
        opened = time.perf_counter() - t
        print(f"| open the store (probe + format) | - | {fmt_ms(opened)} | - | 6 | - | - |")
        counter = Requests(remote.storage.client)
        for size in [float(s) for s in args.sizes.split(",")]:
            ours = run(remote, size, args.cells, args.repeat, counter)
            base = run(local, size, args.cells, args.repeat, None)
            for (label, s3_s, total, text, up), (_, local_s, *_rest) in zip(ours, base, strict=True):
                print(f"| {label} | {fmt_ms(local_s)} | {fmt_ms(s3_s)} | {s3_s / local_s:.2f}x | {total:g} | "
                          f"{text} | {up / 1024:.1f} KB |")  # fmt: skip


if __name__ == "__main__":
    main()
