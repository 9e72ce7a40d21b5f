"""Running the installed `jupyter-checkpoints` console script in a subprocess, beside a running server.

Asynchronous, so the server of the same test (pytest-jupyter runs it in the test's event loop) keeps
answering while the command runs.
"""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent
SCRIPT = BIN / "jupyter-checkpoints"
SUBCOMMANDS = ("list", "show", "export", "restore", "verify", "gc", "stats")


@dataclass
class Result:
    code: int
    out: bytes
    err: str

    @property
    def text(self) -> str:
        return self.out.decode()


def script() -> Path:
    if not SCRIPT.exists():
        pytest.fail(f"{SCRIPT} is missing: install the package (pip install -e .) to get its console script")
    return SCRIPT


def write_config(folder: Path, root: Path, store: Path) -> Path:
    """A server configuration file naming the contents root and the store, as a server admin writes it."""
    folder.mkdir(parents=True, exist_ok=True)
    f = folder / "jupyter_server_config.py"
    f.write_text(
        f"c.ServerApp.root_dir = {str(root)!r}\n"
        f"c.CheckpointStore.root_dir = {str(store)!r}\n"
        "c.CheckpointStore.fsync = False\n"
    )
    return f


async def run(*args: str, cwd: Path | None = None, env: dict | None = None) -> Result:
    proc = await asyncio.create_subprocess_exec(
        str(script()), *args,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        cwd=cwd, env={**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}", **(env or {})},
    )  # fmt: skip
    out, err = await asyncio.wait_for(proc.communicate(), 120)
    return Result(proc.returncode, out, err.decode())


def assert_clean_error(result: Result, *words: str) -> None:
    """Exit code 2 and one clear line on stderr naming `words`, no traceback."""
    assert result.code == 2, (result.code, result.err)
    assert "Traceback" not in result.err
    lines = [line for line in result.err.splitlines() if line.strip()]
    assert len(lines) == 1, result.err
    for w in words:
        assert w in lines[0], (w, lines[0])
