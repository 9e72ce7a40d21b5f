"""One check for every write a restore makes: it must land inside the server's root.

A file of the root may be a symbolic link to a file elsewhere, and a folder on the way may be a link
to a folder elsewhere; the contents manager writes through both. A restore (of a file, of a deleted
file, of one file of a folder checkpoint) therefore resolves the place it writes to and refuses with
409, changing nothing, when that place is outside the root. Managers that keep no files on this disk
have no links: nothing to check.
"""

from __future__ import annotations

import asyncio
import os

from tornado.web import HTTPError

from .documents import os_path_of


def inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _escapes(contents_mgr, path: str) -> bool:
    os_path = os_path_of(contents_mgr, path)
    if os_path is None:
        return False
    root = os.path.realpath(os_path_of(contents_mgr, ""))
    return not inside(os.path.realpath(os_path), root)


async def refuse_outside_root(contents_mgr, path: str) -> None:
    """409 when writing `path` would write outside the server's root (through a link)."""
    if await asyncio.to_thread(_escapes, contents_mgr, path):
        raise HTTPError(409, f"{path} leads out of the server's root through a link; nothing was changed")
