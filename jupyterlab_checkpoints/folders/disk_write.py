"""Writing recorded entries back to disk, never through a link and never outside the server's root.

Parents are made as plain folders; a parent that is a link or a file refuses the write (Conflict) before
anything changes. Files and links replace what stands there by rename (store/atomic.py), so a link in
the way is replaced, not written through, and a reader sees the old file or the new one.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from ..store.atomic import write_atomic
from ..store.errors import Conflict


def os_path_in(os_dir: str, rel: str) -> str:
    return os.path.join(os_dir, *rel.split("/"))


def check_place(os_dir: str, rel: str) -> None:
    """Refuse (Conflict) when `rel` cannot be written under `os_dir`: a parent that is not a plain folder,
    or a folder where the entry goes."""
    current = os_dir
    parts = rel.split("/")
    for part in parts[:-1]:
        current = os.path.join(current, part)
        try:
            st = os.lstat(current)
        except FileNotFoundError:
            return  # made when written
        if not stat.S_ISDIR(st.st_mode):
            raise Conflict(f"{rel} cannot be written: {part} is not a folder now; nothing was changed")
    try:
        st = os.lstat(os.path.join(current, parts[-1]))
    except FileNotFoundError:
        return
    if stat.S_ISDIR(st.st_mode):
        raise Conflict(f"{rel} is a folder now; nothing was changed")


def _parent(os_dir: str, rel: str) -> str:
    parent = os.path.dirname(os_path_in(os_dir, rel))
    os.makedirs(parent, exist_ok=True)
    return parent


def write_entry(os_dir: str, rel: str, entry: dict, raw: bytes | None) -> None:
    """Write one recorded entry (`raw`: a file's bytes) at `rel` under `os_dir`."""
    check_place(os_dir, rel)
    parent = _parent(os_dir, rel)
    name = os.path.basename(rel)
    target = os.path.join(parent, name)
    if entry["type"] == "link":
        tmp = os.path.join(parent, f".~{name}.{secrets.token_hex(4)}")
        os.symlink(entry["target"], tmp)
        try:
            os.replace(tmp, target)
        except BaseException:
            os.unlink(tmp)
            raise
        return
    # Hidden and named like jupyter_server's own atomic writes, should a crash leave it behind.
    write_atomic(Path(target), raw or b"", Path(parent), True, mode=entry.get("mode", 0o644), prefix=f".~{name}.")
