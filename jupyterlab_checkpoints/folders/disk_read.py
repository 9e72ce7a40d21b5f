"""Reading one file for a checkpoint: the bytes of one moment, and whether its stat can vouch for them.

A file is read whole through one descriptor (O_NOFOLLOW: a file swapped for a link meanwhile is not
followed; O_NONBLOCK: one swapped for a FIFO does not hang the server), between two `fstat`s. Unequal
stats mean a write happened during the read: read again. A file written in place within the clock's
granularity can keep equal stats across a write, so a recently changed file is read twice and kept
only when both reads agree. A file that never holds still is left out (`changing`) rather than
recorded half old, half new. A replace by rename (how editors and Jupyter save) never disturbs a read:
the descriptor keeps the old file.

The stat key (size, mtime_ns, inode, ctime_ns: git's index uses the same) lets the next checkpoint
reuse the stored content without reading the file. It is kept only for a file last changed well before
the read began: a change within the same clock tick as the read would leave the same times behind
(git's "racily clean" entries), so such a file is read again next time.
"""

from __future__ import annotations

import os
import stat
import time

RACY_NS = 1_000_000_000  # a file changed this close to the read is not vouched for by its stat
TRIES = 5
CHANGING = "changing"
UNREADABLE = "unreadable"
SPECIAL = "special"
VANISHED = "vanished"


def stat_key(st: os.stat_result) -> list[int]:
    return [st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns]


def _read_fd(fd: int, size: int) -> bytes:
    chunks = []
    want = max(size, 0) + 1  # one more than expected: a grown file shows it
    while True:
        chunk = os.read(fd, max(want, 1 << 20))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        want = 1 << 20


def _read_once(os_path: str) -> tuple[bytes, os.stat_result, bool]:
    fd = os.open(os_path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        before = os.fstat(fd)
        if not stat.S_ISREG(before.st_mode):
            raise IsADirectoryError(SPECIAL)
        raw = _read_fd(fd, before.st_size)
        after = os.fstat(fd)
    finally:
        os.close(fd)
    still = stat_key(before) == stat_key(after) and len(raw) == after.st_size
    return raw, after, still


def read_file(os_path: str) -> tuple[bytes | None, os.stat_result | None, list[int] | None, str | None]:
    """(bytes, stat, stat key to keep or None, reason it was left out or None)."""
    started = time.time_ns()
    previous = None
    for _ in range(TRIES):
        try:
            raw, st, still = _read_once(os_path)
        except FileNotFoundError:
            return None, None, None, VANISHED
        except IsADirectoryError:
            return None, None, None, SPECIAL
        except OSError:  # permission denied, or a link now stands there (ELOOP)
            return None, None, None, UNREADABLE
        if not still:
            previous = None
            continue
        recent = st.st_mtime_ns >= started - RACY_NS or st.st_ctime_ns >= started - RACY_NS
        if not recent:
            return raw, st, stat_key(st), None
        if previous == raw:
            return raw, st, None, None  # two reads agree; its stat vouches for nothing next time
        previous = raw
    return None, None, None, CHANGING
