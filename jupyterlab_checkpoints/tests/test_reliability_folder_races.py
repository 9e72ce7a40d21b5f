"""Reliability, races: a client saving a file of a folder while whole-folder restores of it run.

A real server process on loopback, a client thread saving one notebook of the folder through the
contents API, and three threads putting the whole folder back to older folder checkpoints meanwhile
through the REST API. Every saved state a restore replaced must still exist afterwards: in the file,
in one of its file checkpoints, or in one of the folder's checkpoints (the restore keeps what it
replaces). Bounded: a fixed number of saves. docs/reliability.md keeps the figures.
"""

from __future__ import annotations

import json
import threading
import time

import requests

from .server_process import SUMMARY_LINES, ServerProcess
from .test_reliability_races import notebook, session

SAVES = 120
RESTORERS = 3
FOLDER = "project"
NAME = "raced.ipynb"
PATH = f"{FOLDER}/{NAME}"
OTHER_FILES = 20  # the folder is more than the one file: the restore has more to write


def save(server: ServerProcess, http: requests.Session, text: str) -> bool:
    body = json.dumps({"type": "notebook", "content": notebook(text)})
    return http.put(server.contents(PATH), data=body, timeout=30).status_code in (200, 201)


def folder_url(server: ServerProcess, *parts: str) -> str:
    return server.ext("/".join(["folders/checkpoints", *parts]))


def start_server(tmp_path) -> ServerProcess:
    root = tmp_path / "root"
    (root / FOLDER).mkdir(parents=True)
    for i in range(OTHER_FILES):
        (root / FOLDER / f"notes-{i}.txt").write_text(f"notes {i}\n")
    # Retention is not what this attacks: every kept state stays listed.
    extra = [
        "--CheckpointStore.max_unpinned=100000",
        "--FolderCheckpoints.max_unpinned=100000",
        "--CheckpointStore.fsync=False",
    ]
    return ServerProcess(root, tmp_path / "store", tmp_path / "server.log", extra=extra).start()


def folder_targets(server: ServerProcess) -> list[str]:
    """Three folder checkpoints, each with another state of the notebook."""
    targets = []
    for i in range(3):
        assert save(server, server.http, f"checkpointed {i}")
        r = server.http.post(folder_url(server), params={"path": FOLDER}, json={}, timeout=30)
        assert r.status_code == 201, r.text
        targets.append(r.json()["id"])
    return targets


def race(server: ServerProcess, targets: list[str]) -> tuple[list[str], int]:
    """Saves of PATH while RESTORERS threads restore the whole folder; returns the saved states a
    restore replaced, and the number of restores."""
    replaced: list[str] = []
    done = threading.Event()
    restores = [0] * RESTORERS

    def saver():
        # Each save waits until a restore has replaced it before the next one: a state a later save
        # replaces is the user's own doing, one a restore replaces must be kept.
        http = session(server)
        try:
            for i in range(SAVES):
                text = f"saved <{i}>"
                if not save(server, http, text):
                    continue
                deadline = time.monotonic() + 10
                while time.monotonic() < deadline:
                    if text not in http.get(server.contents(PATH), timeout=30).text:
                        replaced.append(text)
                        break
                    time.sleep(0.005)
        finally:
            done.set()

    def restorer(n: int):
        http = session(server)
        while not done.is_set():
            cid = targets[(restores[n] + n) % len(targets)]
            r = http.post(folder_url(server, cid, "restore"), params={"path": FOLDER}, json={}, timeout=60)
            assert r.status_code == 200, r.text
            restores[n] += 1

    threads = [threading.Thread(target=saver)]
    threads += [threading.Thread(target=restorer, args=(n,)) for n in range(RESTORERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(600)
    assert not any(t.is_alive() for t in threads)
    return replaced, sum(restores)


def held_states(server: ServerProcess) -> tuple[list[str], int, int]:
    """Every content of PATH the server still holds (as text), and the file and folder checkpoints."""
    held = [json.dumps(server.http.get(server.contents(PATH)).json()["content"])]
    files = server.http.get(server.contents(PATH, "checkpoints")).json()
    for c in files:
        r = server.http.get(server.ext(f"checkpoints/{c['id']}/content"), params={"path": PATH}, timeout=30)
        assert r.status_code == 200, r.text
        held.append(json.dumps(r.json()["content"]))
    folders = server.http.get(folder_url(server), params={"path": FOLDER}).json()["checkpoints"]
    for c in folders:
        r = server.http.get(
            folder_url(server, c["id"], "file"), params={"path": FOLDER, "file": NAME, "format": "json"}, timeout=30
        )
        if r.status_code == 404:  # a checkpoint taken while the file was mid-save left it out
            continue
        assert r.status_code == 200, r.text
        held.append(r.json()["content"])
    return held, len(files), len(folders)


def test_saves_racing_folder_restores_are_never_lost(tmp_path):
    server = start_server(tmp_path)
    try:
        replaced, restores = race(server, folder_targets(server))
        held, files, folders = held_states(server)
        lost = [text for text in replaced if not any(text in h for h in held)]
        SUMMARY_LINES.append(
            f"save/folder-restore race: {len(replaced)} saves replaced by one of {restores} folder restores in "
            f"{RESTORERS} threads, {folders} folder and {files} file checkpoints, {len(lost)} saved states lost"
        )
        assert restores >= 20 and len(replaced) >= SAVES // 2
        assert not lost, f"{len(lost)} states a folder restore replaced are kept nowhere: {lost[:5]}"
    finally:
        server.stop()
