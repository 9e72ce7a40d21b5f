"""A server started as users start it, with the package's server config installed the way a wheel
installs it (`jupyter_server_config.d`), uses the store and logs no switch of the checkpoint class; a
configuration naming another checkpoint class is still switched, and the log says so.

A real server process: its whole log, from the first line, is what users read (pytest-jupyter's
in-process server drops the log of its start-up).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import requests

from .server_process import TOKEN, free_port

PACKAGE_CONFIG = Path(__file__).resolve().parents[2] / "jupyter-config/server-config/jupyterlab_checkpoints.json"
SWITCH_MESSAGE = "switching it to"


def start_and_stop(tmp_path: Path, *args: str) -> tuple[dict, str]:
    """Start `jupyter server` with the package's config, read `info`, stop it: (info, the log)."""
    config_path = tmp_path / "etc"
    (config_path / "jupyter_server_config.d").mkdir(parents=True)
    shutil.copy(PACKAGE_CONFIG, config_path / "jupyter_server_config.d")
    root, log = tmp_path / "root", tmp_path / "server.log"
    root.mkdir()
    port = free_port()
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "JUPYTER_CONFIG_PATH": str(config_path),
        **{f"JUPYTER_{d}_DIR": str(tmp_path / d.lower()) for d in ("CONFIG", "DATA", "RUNTIME")},
    }
    command = [
        sys.executable, "-m", "jupyter_server", f"--ServerApp.port={port}", "--ServerApp.ip=127.0.0.1",
        "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}", "--ServerApp.open_browser=False",
        f"--IdentityProvider.token={TOKEN}", "--ServerApp.allow_root=True",
        f"--CheckpointStore.root_dir={tmp_path / 'store'}", "--CheckpointStore.fsync=False", *args,
    ]  # fmt: skip
    headers = {"Authorization": f"token {TOKEN}"}
    with open(log, "w") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        try:
            deadline = time.time() + 90
            while True:
                try:
                    r = requests.get(f"http://127.0.0.1:{port}/jupyterlab-checkpoints/info", headers=headers, timeout=5)
                    if r.ok:
                        break
                except requests.RequestException:
                    pass
                assert proc.poll() is None and time.time() < deadline, log.read_text()
                time.sleep(0.2)
            info = r.json()
        finally:
            proc.terminate()
            proc.wait(20)
    return info, log.read_text()


def switch_warnings(log: str) -> list[str]:
    return [line for line in log.splitlines() if SWITCH_MESSAGE in line]


def test_default_start_uses_the_store_without_a_warning(tmp_path):
    info, log = start_and_stop(tmp_path)
    assert "jupyterlab_checkpoints: checkpoint store at" in log  # the extension loaded and said where
    assert info["limits"]["max_unpinned"] > 0  # the store answers
    assert switch_warnings(log) == []


def test_a_configured_other_class_is_switched_with_a_warning(tmp_path):
    other = "jupyter_server.services.contents.filecheckpoints.AsyncFileCheckpoints"
    info, log = start_and_stop(tmp_path, f"--FileContentsManager.checkpoints_class={other}")
    assert "jupyterlab_checkpoints: checkpoint store at" in log
    warnings = switch_warnings(log)
    assert warnings and all("used AsyncFileCheckpoints" in w for w in warnings), log
