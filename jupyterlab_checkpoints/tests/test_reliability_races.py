"""Reliability, races: a client saving a file while restores of it run (issue 25, item 3).

A real server process on loopback, a client thread saving the same notebook through the contents API
and three threads restoring it to older checkpoints meanwhile. Every saved state a restore replaced
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


def save(server: ServerProcess, http: requests.Session, text: str) -> bool:
    body = json.dumps({"type": "notebook", "content": notebook(text)})
    return http.put(server.contents(PATH), data=body, timeout=30).status_code in (200, 201)


def test_saves_racing_restores_are_never_lost(tmp_path):
    root = tmp_path / "root"
    root.mkdir()
    # Retention is not what this attacks: every kept state stays listed.
    extra = ["--CheckpointStore.max_unpinned=100000", "--CheckpointStore.fsync=False"]
    server = ServerProcess(root, tmp_path / "store", tmp_path / "server.log", extra=extra).start()
    try:
        targets = []
        for i in range(3):
            assert save(server, server.http, f"checkpointed {i}")
            targets.append(server.http.post(server.contents(PATH, "checkpoints")).json()["id"])
        replaced: list[str] = []  # saves a restore replaced
        done = threading.Event()
        restores = [0] * RESTORERS

        def saver():
            # Each save waits until a restore has replaced it before the next one: a state a later
            # save replaces is the user's own doing, one a restore replaces must be kept.
            http = requests.Session()
            http.headers.update(server.http.headers)
            try:
                for i in range(SAVES):
                    text = f"saved <{i}>"
                    if not save(server, http, text):
                        continue
                    deadline = time.monotonic() + 5
                    while time.monotonic() < deadline:
                        if text not in http.get(server.contents(PATH), timeout=30).text:
                            replaced.append(text)
                            break
                        time.sleep(0.005)
            finally:
                done.set()

        def restorer(n: int):
            http = requests.Session()
            http.headers.update(server.http.headers)
            while not done.is_set():
                cid = targets[(restores[n] + n) % len(targets)]
                if http.post(server.contents(PATH, "checkpoints", cid), timeout=30).status_code == 204:
                    restores[n] += 1

        threads = [threading.Thread(target=saver), *(threading.Thread(target=restorer, args=(n,)) for n in range(3))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(300)
        assert not any(t.is_alive() for t in threads)

        # What the file and every checkpoint hold, as text (a torn state would not parse as a notebook).
        held = [json.dumps(server.http.get(server.contents(PATH)).json()["content"])]
        listed = server.http.get(server.contents(PATH, "checkpoints")).json()
        for c in listed:
            r = server.http.get(server.ext(f"checkpoints/{c['id']}/content"), params={"path": PATH}, timeout=30)
            assert r.status_code == 200, r.text
            held.append(json.dumps(r.json()["content"]))
        lost = [text for text in replaced if not any(text in h for h in held)]
        SUMMARY_LINES.append(
            f"save/restore race: {len(replaced)} saves replaced by one of {sum(restores)} restores "
            f"in {RESTORERS} threads, "
            f"{len(listed)} checkpoints, {len(lost)} saved states lost"
        )
        assert sum(restores) >= 20 and len(replaced) >= SAVES // 2
        assert not lost, f"{len(lost)} states a restore replaced are kept nowhere: {lost[:5]}"
    finally:
        server.stop()
