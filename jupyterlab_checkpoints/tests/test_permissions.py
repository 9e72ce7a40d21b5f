"""Restores where the contents manager would refuse a save, run by a server without root's powers.

CI runs as root, where permission bits do not bite; these tests start a real server as an ordinary
user (see `unprivileged_prefix`).
"""

import json
import os
import shutil
import stat
import tempfile
from pathlib import Path

import pytest

from .server_process import NOBODY, SUMMARY_LINES, ServerProcess, unprivileged_prefix


def notebook(text: str) -> dict:
    cell = {"cell_type": "markdown", "id": "c0", "metadata": {}, "source": text}
    return {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture(scope="module")
def server():
    if os.geteuid() != 0:
        prefix, how = None, "the current user"
    else:
        prefix, how = unprivileged_prefix()
    # Outside pytest's private temporary folder, which an ordinary user cannot enter.
    base = Path(tempfile.mkdtemp(prefix="checkpoints-perm-"))
    base.chmod(0o755)
    root, store = base / "root", base / "store"
    for d in (root, store, base / "jupyter-runtime", base / "jupyter-data", base / "jupyter-config"):
        d.mkdir()
    if how == "nobody":
        for d in (base, *base.iterdir()):
            os.chown(d, NOBODY, NOBODY)
    s = ServerProcess(root, store, base / "server.log", prefix=prefix).start()
    s.how, s.chown = how, how == "nobody"
    yield s
    s.stop()
    shutil.rmtree(base, ignore_errors=True)


def make(server, rel: str, text: str) -> Path:
    """Save `rel` through the server (so it belongs to the server's user) and checkpoint it."""
    r = server.http.put(server.contents(rel), data=json.dumps({"type": "notebook", "content": notebook(text)}))
    assert r.status_code in (200, 201), r.text
    r = server.http.post(server.ext("checkpoints"), params={"path": rel}, data="{}")
    assert r.status_code in (200, 201), r.text
    return server.root / rel


def restore(server, rel: str, cid: str):
    return server.http.post(server.ext(f"checkpoints/{cid}/restore"), params={"path": rel}, data="{}")


def listing(server, rel: str) -> list:
    return server.http.get(server.contents(rel, "checkpoints")).json()


def test_read_only_file_is_refused_with_403_and_nothing_changes(server):
    f = make(server, "ro.ipynb", "first")
    first = listing(server, "ro.ipynb")[-1]["id"]
    make(server, "ro.ipynb", "second")
    f.chmod(0o444)
    before_bytes, before_list = f.read_bytes(), listing(server, "ro.ipynb")
    # JupyterLab's own save of this file is refused too.
    assert (
        server.http.put(
            server.contents("ro.ipynb"), data=json.dumps({"type": "notebook", "content": notebook("x")})
        ).status_code
        == 403
    )
    for attempt in (
        restore(server, "ro.ipynb", first),
        server.http.post(server.contents("ro.ipynb", "checkpoints", first)),
    ):
        assert attempt.status_code == 403
        assert "read-only" in attempt.json()["message"]
    assert f.read_bytes() == before_bytes
    assert listing(server, "ro.ipynb") == before_list  # no slot used


def test_writable_file_in_a_read_only_folder_is_restored_in_place(server):
    (server.root / "locked").mkdir()
    if server.chown:
        os.chown(server.root / "locked", NOBODY, NOBODY)
    f = make(server, "locked/nb.ipynb", "first")
    first = listing(server, "locked/nb.ipynb")[-1]["id"]
    first_bytes = f.read_bytes()
    make(server, "locked/nb.ipynb", "second")
    (server.root / "locked").chmod(0o555)
    try:
        inode = f.stat().st_ino
        r = restore(server, "locked/nb.ipynb", first)
        assert r.status_code == 200, r.text
        assert f.read_bytes() == first_bytes and f.stat().st_ino == inode
        assert stat.S_IMODE(f.stat().st_mode) & 0o200
        assert sorted(p.name for p in (server.root / "locked").iterdir()) == ["nb.ipynb"]
    finally:
        (server.root / "locked").chmod(0o755)
    SUMMARY_LINES.append(
        f"permissions: server run as {server.how}; read-only file refused (403), read-only folder restored in place"
    )


def test_the_server_really_runs_without_root_powers(server):
    """Guards the two tests above: as root with its powers they would pass for the wrong reason."""
    (server.root / "probe").mkdir()
    if server.chown:
        os.chown(server.root / "probe", NOBODY, NOBODY)
    (server.root / "probe").chmod(0o555)
    try:
        r = server.http.put(
            server.contents("probe/new.ipynb"), data=json.dumps({"type": "notebook", "content": notebook("x")})
        )
        assert r.status_code == 403, r.text
    finally:
        (server.root / "probe").chmod(0o755)
