"""One check for every write a restore makes: it must land inside the server's root.

A file of the root may be a symbolic link to a file elsewhere, and a folder on the way may be a link
to a folder elsewhere; the contents manager writes through both. A restore (of a file, of a deleted
file, of one file of a folder checkpoint) therefore resolves the place it writes to and refuses with
409, changing nothing, when that place is outside the root (documents.py `check_writable` for every
file restore; the deleted-file and folder-file routes before theirs). Managers that keep no files on this disk
have no links: nothing to check.
"""

from __future__ import annotations

import asyncio
import os

from tornado.web import HTTPError


def inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _escapes(os_path: str, root_os_path: str) -> bool:
    return not inside(os.path.realpath(os_path), os.path.realpath(root_os_path))


async def refuse_outside_root(path: str, os_path: str | None, root_os_path: str | None) -> None:
    """409 when writing `path` (at `os_path`, in the root at `root_os_path`) would write outside the
    root through a link; nothing to check for a manager without files (os paths None)."""
    if os_path is None or root_os_path is None:
        return
    if await asyncio.to_thread(_escapes, os_path, root_os_path):
        raise HTTPError(409, f"{path} leads out of the server's root through a link; nothing was changed")
