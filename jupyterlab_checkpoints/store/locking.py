"""Inter-process locks (flock), so two servers on the same store never interleave their writes.

flock locks belong to an open file description, so two threads of one process that each open the lock
file exclude each other too.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
from pathlib import Path


@contextlib.contextmanager
def flock(path: Path, shared: bool = False):
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as e:
        if e.errno not in (errno.EROFS, errno.EACCES):
            raise
        try:
            # A store that cannot be written (a read-only mount) can still be read and restored from:
            # a shared lock on a read-only descriptor still keeps out writers on other mounts.
            fd = os.open(path, os.O_RDONLY)
        except FileNotFoundError:
            yield  # nobody can have written this lock file, so nobody holds it
            return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock
