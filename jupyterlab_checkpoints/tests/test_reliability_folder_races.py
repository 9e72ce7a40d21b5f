"""Reliability, races: a client saving a file of a folder while whole-folder restores of it run.

A real server process on loopback, a client thread saving one notebook of the folder through the
contents API, and three threads putting the whole folder back to older folder checkpoints meanwhile
through the REST API. Every saved state a restore replaced must still exist afterwards: in the file,
in one of its file checkpoints, or in one of the folder's checkpoints (the restore keeps what it
replaces). Bounded: a fixed number of saves. docs/reliability.md keeps the figures.
"""

from __future__ import annotations

from .server_process import SUMMARY_LINES, ServerProcess
from .test_reliability_races import file_states, race, save, session, unheld

SAVES = 120
RESTORERS = 3
FOLDER = "project"
NAME = "raced.ipynb"
PATH = f"{FOLDER}/{NAME}"
OTHER_FILES = 20  # the folder is more than the one file: the restore has more to write


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
        assert save(server, server.http, f"checkpointed {i}", PATH)
        r = server.http.post(folder_url(server), params={"path": FOLDER}, json={}, timeout=30)
        assert r.status_code == 201, r.text
        targets.append(r.json()["id"])
    return targets


def held_states(server: ServerProcess) -> tuple[list[str], int, int]:
    """Every content of PATH the server still holds (as text), and the file and folder checkpoints."""
    held, files = file_states(server, PATH)
    folders = server.http.get(folder_url(server), params={"path": FOLDER}).json()["checkpoints"]
    for c in folders:
        r = server.http.get(
            folder_url(server, c["id"], "file"), params={"path": FOLDER, "file": NAME, "format": "json"}, timeout=30
        )
        if r.status_code == 404:  # a checkpoint taken while the file was mid-save left it out
            continue
        assert r.status_code == 200, r.text
        held.append(r.json()["content"])
    return held, files, len(folders)


def test_saves_racing_folder_restores_are_never_lost(tmp_path):
    server = start_server(tmp_path)
    try:
        sessions = [session(server) for _ in range(RESTORERS)]

        def restore_once(n: int, cid: str) -> bool:
            r = sessions[n].post(folder_url(server, cid, "restore"), params={"path": FOLDER}, json={}, timeout=60)
            assert r.status_code == 200, r.text
            return True

        replaced, restores = race(server, restore_once, RESTORERS, SAVES, folder_targets(server), PATH)
        held, files, folders = held_states(server)
        lost = unheld(replaced, held)
        SUMMARY_LINES.append(
            f"save/folder-restore race: {len(replaced)} saves replaced by one of {restores} folder restores in "
            f"{RESTORERS} threads, {folders} folder and {files} file checkpoints, {len(lost)} saved states lost"
        )
        assert restores >= 20 and len(replaced) >= SAVES // 2
        assert not lost, f"{len(lost)} states a folder restore replaced are kept nowhere: {lost[:5]}"
    finally:
        server.stop()
