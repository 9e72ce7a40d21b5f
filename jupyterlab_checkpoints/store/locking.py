"""Inter-process locks (flock), so two servers on the same store never interleave their writes.

flock locks belong to an open file description, so two threads of one process that each open the lock
file exclude each other too.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path


@contextlib.contextmanager
def flock(path: Path, shared: bool = False):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
