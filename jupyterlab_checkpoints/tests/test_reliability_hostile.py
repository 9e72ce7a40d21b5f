"""Reliability against hostile content and roles: real server processes on loopback, bounded loops.

- Availability: a folder whose `.gitignore` holds a backtracking pattern and whose `.checkpointignore`
  is a FIFO, and eight large worst-case searches at once; meanwhile /api/status is polled and must keep
  answering at once, and the checkpoint and the searches must end.
- Odd inputs: oversized paths and names, bodies nested 500 deep, against every extension route.
- Permissions and the store: a role granted files only cannot reach a kernel through the variables
  routes; with `allow_hidden` on, the store cannot be read or written through the contents API or /files/.

Each test adds one summary line (docs/reliability.md keeps the figures).
"""

from __future__ import annotations

import json
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .server_process import SUMMARY_LINES, ServerProcess
from .test_auth import ENDPOINTS

BACKTRACKING = "*a*a*a*a*a*a*a*a*a*a*b"
WORST_QUERY = "a" * 199 + "b"


class StatusProbe:
    """Polls /api/status every 50 ms while a block runs; keeps the slowest answer (a timeout: 5 s)."""

    def __init__(self, server: ServerProcess):
        self.server, self.slowest, self.polls = server, 0.0, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        http = requests.Session()
        http.headers.update(self.server.http.headers)
        while not self._stop.is_set():
            started = time.perf_counter()
            try:
                http.get(f"{self.server.base}/api/status", timeout=5).raise_for_status()
                waited = time.perf_counter() - started
            except requests.RequestException:
                waited = 5.0
            self.slowest, self.polls = max(self.slowest, waited), self.polls + 1
            self._stop.wait(0.05)

    def __enter__(self) -> StatusProbe:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(10)


@pytest.fixture
def server(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    s = ServerProcess(root, tmp_path / "store", tmp_path / "server.log").start()
    yield s
    s.stop()


def test_hostile_rule_files_never_stop_the_server(server):
    proj = server.root / "proj"
    (proj / "sub").mkdir(parents=True)
    (proj / ".gitignore").write_text(f"{BACKTRACKING}\n")
    for n in (80, 160, 250):
        (proj / ("a" * n)).write_text("x")
    os.mkfifo(proj / "sub" / ".checkpointignore")
    os.mkfifo(proj / "pipe")
    with StatusProbe(server) as probe:
        started = time.perf_counter()
        r = server.http.post(server.ext("folders/checkpoints"), params={"path": "proj"}, data="{}", timeout=30)
        took = time.perf_counter() - started
    assert r.status_code == 201, r.text
    skipped = {s["path"]: s["reason"] for s in r.json()["skipped"]}
    assert skipped["pipe"] == "special"
    assert probe.slowest < 2.0, f"/api/status waited {probe.slowest:.2f} s"
    SUMMARY_LINES.append(
        f"hostile rule files: folder checkpoint with a backtracking .gitignore pattern, 250-character names and "
        f"a FIFO .checkpointignore in {took:.2f} s; /api/status slowest of {probe.polls} polls {probe.slowest:.3f} s"
    )


def test_large_searches_at_once_never_stop_the_server(server):
    for i in range(4):
        cell = {"cell_type": "code", "execution_count": None, "id": "c", "metadata": {}, "outputs": [],
                "source": "a" * 2_000_000 + str(i)}  # fmt: skip
        body = {"type": "notebook", "content": {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}}
        assert server.http.put(server.contents("big.ipynb"), data=json.dumps(body), timeout=30).ok
        assert server.http.post(server.ext("checkpoints"), params={"path": "big.ipynb"}, data="{}", timeout=30).ok

    def search(_):
        r = server.http.get(server.ext("search"), params={"path": "big.ipynb", "q": WORST_QUERY}, timeout=60)
        return r.status_code

    with StatusProbe(server) as probe, ThreadPoolExecutor(8) as pool:
        started = time.perf_counter()
        codes = list(pool.map(search, range(8)))
        took = time.perf_counter() - started
    assert codes == [200] * 8
    assert probe.slowest < 2.0, f"/api/status waited {probe.slowest:.2f} s"
    long = server.http.get(server.ext("search"), params={"path": "big.ipynb", "q": "a" * 481}, timeout=10)
    assert long.status_code == 400 and "200 characters" in long.json()["message"]
    SUMMARY_LINES.append(
        f"large searches: 8 at once, a 200-character worst-case query over 4 checkpoints of a 2 MB cell, "
        f"all answered in {took:.2f} s; /api/status slowest of {probe.polls} polls {probe.slowest:.3f} s"
    )


def test_odd_inputs_answer_4xx_with_a_message(server):
    odd = {
        "path over 4096 bytes": {"path": "/".join(["d" * 200] * 25)},
        "300-byte name": {"path": "n" * 300 + ".ipynb"},
        "body nested 500 deep": {"path": "a.ipynb", "body": '{"label": ' + "[" * 500 + "]" * 500 + "}"},
    }
    tried = 0
    for method, parts in ENDPOINTS:
        for case in odd.values():
            if "body" in case and method not in ("POST", "PATCH"):
                continue
            params = {"path": case["path"], "q": "x", "file": case["path"], "target": case["path"]}
            body = case.get("body", "{}") if method in ("POST", "PATCH") else None
            url = server.ext("/".join(parts))
            r = server.http.request(method, url, params=params, data=body, timeout=30)
            tried += 1
            assert 400 <= r.status_code < 500 and r.json()["message"], (method, parts, r.status_code, r.text[:200])
    SUMMARY_LINES.append(
        f"odd inputs: {tried} requests (long paths, long names, deep bodies), each a 4xx with a message"
    )


def test_a_files_only_role_and_hidden_files_never_reach_kernels_or_the_store(tmp_path, monkeypatch):
    root = tmp_path / "root"
    root.mkdir()
    monkeypatch.setenv("JLC_ROLE_GRANTS", "read:api,read:contents,write:contents")  # files, and /api/status
    s = ServerProcess(
        root, None, tmp_path / "server.log",
        extra=["--ContentsManager.allow_hidden=True",
               "--ServerApp.authorizer_class=jupyterlab_checkpoints.tests.role_authorizer.RoleAuthorizer"],
    ).start()  # fmt: skip
    try:
        body = json.dumps({"type": "file", "format": "text", "content": "x"})
        assert s.http.put(s.contents("a.txt"), data=body, timeout=10).status_code == 201
        cid = s.http.post(s.ext("checkpoints"), params={"path": "a.txt"}, data="{}", timeout=10).json()["id"]
        store = root / ".jupyter-checkpoints"
        before = sorted(p for p in store.rglob("*") if p.is_file() and not p.name.endswith(".lock"))
        refused = []
        for route in (f"checkpoints/{cid}/variables", f"checkpoints/{cid}/variables/restore"):
            refused.append(s.http.post(s.ext(route), params={"path": "a.txt", "kernel": "any"}, timeout=10))
        inner = before[0].relative_to(root).as_posix()
        refused += [
            s.http.get(s.contents(inner), timeout=10),
            s.http.put(s.contents(".jupyter-checkpoints/objects/planted.pkl"), data=body, timeout=10),
            s.http.get(f"{s.base}/files/{inner}", timeout=10),
        ]
        assert [r.status_code for r in refused] == [403] * len(refused)
        assert sorted(p for p in store.rglob("*") if p.is_file() and not p.name.endswith(".lock")) == before
    finally:
        s.stop()
    SUMMARY_LINES.append(
        f"roles and the store: a files-only role refused on both variables routes; with allow_hidden, "
        f"{len(refused) - 2} reads and writes of the store through /api/contents and /files/ refused, store unchanged"
    )
