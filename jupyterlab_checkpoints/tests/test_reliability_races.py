"""Reliability, races: a client saving a file while restores of it run (issue 25, item 3).

A real server process on loopback, a client thread saving the same notebook through the contents API
and three threads restoring it to older checkpoints meanwhile through the REST API; and, for a
restore in another process, a save made at the worst instant. Every saved state a restore replaced
must still exist afterwards: in some checkpoint (the restore keeps the state it replaces), or as the
file's content. Bounded: a fixed number of saves. docs/reliability.md keeps the figures.
"""

from __future__ import annotations

import json
import threading
import time

import requests

from .server_process import SUMMARY_LINES, ServerProcess

SAVES = 120
RESTORERS = 3
PATH = "raced.ipynb"


def notebook(text: str) -> dict:
    return {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "c0", "metadata": {}, "outputs": [],
                   "source": text}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip


def save(server: ServerProcess, http: requests.Session, text: str, path: str = PATH) -> bool:
    body = json.dumps({"type": "notebook", "content": notebook(text)})
    return http.put(server.contents(path), data=body, timeout=30).status_code in (200, 201)


def start_server(tmp_path) -> ServerProcess:
    root = tmp_path / "root"
    root.mkdir()
    # Retention is not what this attacks: every kept state stays listed.
    extra = ["--CheckpointStore.max_unpinned=100000", "--CheckpointStore.fsync=False"]
    return ServerProcess(root, tmp_path / "store", tmp_path / "server.log", extra=extra).start()


def session(server: ServerProcess) -> requests.Session:
    http = requests.Session()
    http.headers.update(server.http.headers)
    return http


def race(
    server: ServerProcess, restore_once, restorers: int, saves: int, targets: list[str], path: str = PATH
) -> tuple[list[str], int]:
    """Saves of `path` while `restorers` threads call `restore_once(n, one of targets)` (True:
    restored); returns the saved states a restore replaced, and the number of restores."""
    replaced: list[str] = []
    done = threading.Event()
    restores = [0] * restorers

    def saver():
        # Each save waits until a restore has replaced it before the next one: a state a later save
        # replaces is the user's own doing, one a restore replaces must be kept.
        http = session(server)
        try:
            for i in range(saves):
                text = f"saved <{i}>"
                if not save(server, http, text, path):
                    continue
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    if text not in http.get(server.contents(path), timeout=30).text:
                        replaced.append(text)
                        break
                    time.sleep(0.005)
        finally:
            done.set()

    def restorer(n: int):
        while not done.is_set():
            restores[n] += restore_once(n, targets[(restores[n] + n) % len(targets)])

    threads = [threading.Thread(target=saver)]
    threads += [threading.Thread(target=restorer, args=(n,)) for n in range(restorers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert not any(t.is_alive() for t in threads)
    return replaced, sum(restores)


def file_states(server: ServerProcess, path: str = PATH) -> tuple[list[str], int]:
    """Every content of `path` the file and its checkpoints hold (as text: a torn state would not parse
    as a notebook); and the number of checkpoints."""
    held = [json.dumps(server.http.get(server.contents(path)).json()["content"])]
    listed = server.http.get(server.contents(path, "checkpoints")).json()
    for c in listed:
        r = server.http.get(server.ext(f"checkpoints/{c['id']}/content"), params={"path": path}, timeout=30)
        assert r.status_code == 200, r.text
        held.append(json.dumps(r.json()["content"]))
    return held, len(listed)


def unheld(replaced: list[str], held: list[str]) -> list[str]:
    """The states of `replaced` that nothing in `held` holds: saves a restore lost."""
    return [text for text in replaced if not any(text in h for h in held)]


def test_saves_racing_restores_are_never_lost(tmp_path):
    server = start_server(tmp_path)
    try:
        sessions = [session(server) for _ in range(RESTORERS)]

        def restore_once(n: int, cid: str) -> bool:
            return sessions[n].post(server.contents(PATH, "checkpoints", cid), timeout=30).status_code == 204

        targets = []
        for i in range(3):
            assert save(server, server.http, f"checkpointed {i}")
            targets.append(server.http.post(server.contents(PATH, "checkpoints")).json()["id"])
        replaced, restores = race(server, restore_once, RESTORERS, SAVES, targets)
        held, listed = file_states(server)
        lost = unheld(replaced, held)
        SUMMARY_LINES.append(
            f"save/restore race: {len(replaced)} saves replaced by one of {restores} restores in {RESTORERS} "
            f"threads, {listed} checkpoints, {len(lost)} saved states lost"
        )
        assert restores >= 20 and len(replaced) >= SAVES // 2
        assert not lost, f"{len(lost)} states a restore replaced are kept nowhere: {lost[:5]}"
    finally:
        server.stop()


async def test_a_save_landing_right_before_the_restore_writes_is_kept(jp_serverapp, api, jp_root_dir):
    """Another process (`jupyter checkpoints restore` beside the server) is not held off by the server's
    lock: a save landing at the worst instant, after the restore kept the file and before it writes,
    is handed back by the swap and kept (replacing.py). The writer below is the real one, with that
    save made just before it runs."""
    import asyncio
    import os

    cp, cm = jp_serverapp.contents_manager.checkpoints, jp_serverapp.contents_manager
    await api.put_notebook(PATH, notebook("old"))
    old = (await api.create(PATH))["id"]
    await api.put_notebook(PATH, notebook("current"))
    landed = (jp_root_dir / PATH).read_bytes().replace(b'"current"', b'"landed meanwhile"')
    read, write = cp.documents(cm).blocking_io(PATH, asyncio.get_running_loop(), True)

    def write_after_a_save(data, seen=None):
        tmp = jp_root_dir / ".other-process-save"
        tmp.write_bytes(landed)
        os.replace(tmp, jp_root_dir / PATH)  # as jupyter_server's atomic save does
        return write(data) if seen is None else write(data, seen)

    for name in ("pieces", "release", "keeps_landed"):
        setattr(write_after_a_save, name, getattr(write, name, None))
    result = await cp.call(cp.store.restore, PATH, old, read, write_after_a_save, notebook=True)

    assert (await api.get_nb(PATH))["cells"][0]["source"] == "old" and not result.warning
    held = []
    for m in await api.list(PATH):
        raw, _ = await cp.read_checkpoint(PATH, m["id"])
        held.append(raw)
    assert landed in held, "the save made during the restore is in no checkpoint"
    assert not list(jp_root_dir.glob(".~*")), "the swapped-out file was left behind"
