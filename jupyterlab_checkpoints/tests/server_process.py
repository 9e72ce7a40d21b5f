"""A real Jupyter server in its own process on loopback, that tests can kill -9 and restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

TOKEN = "reliability-token"
# One line per reliability category; conftest prints them in pytest's terminal summary.
SUMMARY_LINES: list[str] = []


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


NOBODY = 65534
REPO = Path(__file__).resolve().parents[2]


def unprivileged_prefix() -> tuple[list[str], str]:
    """A command prefix that runs Python without root's power over permission bits, and how.

    As root, permission bits do not bite (os.access says yes to everything), so permission tests run
    the server as `nobody` when it can read this checkout and its packages; otherwise (a checkout under
    a private home) as root without capabilities, for which the owner's bits apply just the same.
    """
    site = next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    boot = f"import site, sys; site.addsitedir({site!r}); sys.path.insert(0, {str(REPO)!r}); "
    as_nobody = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "/usr/bin/python3", "-c"]
    probe = subprocess.run([*as_nobody, boot + "import jupyter_server, jupyterlab_checkpoints"], capture_output=True)
    if probe.returncode == 0:
        return [
            *as_nobody,
            boot + "from jupyter_server.serverapp import main; sys.argv[0] = 'jupyter-server'; main()",
        ], "nobody"
    return [
        "setpriv",
        "--inh-caps=-all",
        "--bounding-set=-all",
        sys.executable,
        "-m",
        "jupyter_server",
    ], "root without capabilities"


class ServerProcess:
    """`store=None`: the store where the server puts it by default (no `CheckpointStore.root_dir`)."""

    def __init__(
        self, root: Path, store: Path | None, log: Path, port: int | None = None, extra: list[str] | None = None,
        prefix: list[str] | None = None,
    ):  # fmt: skip
        self.root, self.store, self.log_path = root, store, log
        self.port = port or free_port()
        self.extra = extra or []
        self.prefix = prefix or [sys.executable, "-m", "jupyter_server"]
        self.base = f"http://127.0.0.1:{self.port}"
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {TOKEN}"
        self.proc: subprocess.Popen | None = None

    def start(self) -> ServerProcess:
        args = [
            *self.prefix,
            f"--ServerApp.port={self.port}", "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0",
            f"--ServerApp.root_dir={self.root}", "--ServerApp.open_browser=False",
            f"--IdentityProvider.token={TOKEN}", "--ServerApp.allow_root=True",
            "--ContentsManager.checkpoints_class=jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints",
            "--ServerApp.jpserver_extensions=jupyterlab_checkpoints=True",
            *([f"--CheckpointStore.root_dir={self.store}"] if self.store is not None else []),
            *self.extra,
        ]  # fmt: skip
        home = (self.store if self.store is not None else self.log_path).parent
        jupyter_dirs = {f"JUPYTER_{d}_DIR": str(home / f"jupyter-{d.lower()}") for d in ("RUNTIME", "DATA", "CONFIG")}
        # JUPYTER_NO_CONFIG: no config file of this environment, so only this extension loads (as in the
        # in-process servers of pytest-jupyter), not JupyterLab, collaboration and the rest installed
        # beside it: a third less CPU per start for tests that start a server a dozen times.
        env = {**os.environ, "JUPYTER_PLATFORM_DIRS": "1", "HOME": str(home), "JUPYTER_NO_CONFIG": "1", **jupyter_dirs}
        self._log = open(self.log_path, "a")  # noqa: SIM115 - open while the server runs; closed by stop()
        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT, env=env)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if self.http.get(f"{self.base}/api/status", timeout=2).ok:
                    return self
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start, see {self.log_path}")

    def kill9(self) -> None:
        if self.proc and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        self._log.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self._log.close()

    # REST helpers -------------------------------------------------------------------------------
    def contents(self, path: str, *parts: str) -> str:
        return "/".join([f"{self.base}/api/contents/{path}", *parts])

    def ext(self, endpoint: str) -> str:
        return f"{self.base}/jupyterlab-checkpoints/{endpoint}"
