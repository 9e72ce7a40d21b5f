"""Where the store lives, and how it keeps out of the user's way there.

- Default: `.jupyter-checkpoints` in the contents root. When that root cannot be written (a read-only
  mount, a shared folder of someone else's), the store goes to Jupyter's data directory instead, one
  folder per root (`<data dir>/checkpoints/<16 hex of the sha256 of the root's real path>`), so servers
  of the same root share it and servers of different roots never mix. The reason is kept for the log
  and the info endpoint.
- A configured folder (`c.CheckpointStore.root_dir`) is never replaced by another: one that cannot be
  written is refused with a message (StoreUnavailable), answered by every checkpoint request.
- Writability is probed by writing (and removing) a file, not with os.access, which says yes to
  everything when the server runs as root. A full disk is not "unwritable": that store is kept, and
  creates answer 507 until space is freed.
- The store folder holds a `.gitignore` of `*`, as tool caches do (pytest, ruff, mypy), so `git status`
  and `git add -A` in a repository root leave the store out. Written at opening and rewritten when a
  create or the info request finds it missing.
"""

from __future__ import annotations

import errno
import hashlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from .atomic import write_atomic
from .errors import StoreUnavailable

DEFAULT_FOLDER = ".jupyter-checkpoints"
GITIGNORE = b"# Written by jupyterlab_checkpoints: the checkpoint store is not part of your project.\n*\n"
_FULL = {errno.ENOSPC, errno.EDQUOT}


def write_problem(folder: Path) -> OSError | None:
    """None when files can be created in `folder` (made if missing), else the error that stops it."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=folder, prefix=".probe-")
        os.close(fd)
        os.unlink(name)
    except OSError as e:
        return None if e.errno in _FULL else e
    return None


def fallback_folder(base: str, contents_root: str) -> Path:
    if not base:
        from jupyter_core.paths import jupyter_data_dir  # only when needed: the store imports no Jupyter

        base = os.path.join(jupyter_data_dir(), "checkpoints")
    key = hashlib.sha256(os.path.realpath(contents_root).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return Path(base).expanduser().resolve() / key


def _reason(e: OSError) -> str:
    return e.strerror or str(e)


def configured_refusal(root: Path, e: OSError) -> StoreUnavailable:
    return StoreUnavailable(
        f"the checkpoint store folder {root} (c.CheckpointStore.root_dir) cannot be written: {_reason(e)}. "
        "No checkpoints are kept: make it writable or set c.CheckpointStore.root_dir to a writable folder, "
        "then restart the server."
    )


def fallback_reason(contents_root: str, default: Path, e: OSError, fallback: Path) -> str:
    return (
        f"the server's root folder cannot hold the checkpoint store ({default}: {_reason(e)}); "
        f"checkpoints of {contents_root} are kept in {fallback}"
    )


def unusable_fallback(default: Path, e: OSError, fallback: Path, e2: OSError) -> StoreUnavailable:
    return StoreUnavailable(
        f"no writable folder for the checkpoint store: {default} ({_reason(e)}) nor {fallback} ({_reason(e2)}). "
        "Set c.CheckpointStore.root_dir to a writable folder and restart the server."
    )


def pick_root(
    contents_root: str, root_dir: str, fallback_base: str, check_format: Callable[[Path], object]
) -> tuple[Path, str | None]:
    """The store's folder, and why it is the fallback one (None when it is not).

    `check_format` raises for a store of an unknown format, before anything is written there.
    """
    if root_dir:
        root = Path(root_dir).expanduser().resolve()
        check_format(root)
        if problem := write_problem(root):
            raise configured_refusal(root, problem)
        return root, None
    # Resolved, like the paths `contains` compares it with (the root may be under a symlink).
    root = (Path(contents_root) / DEFAULT_FOLDER).resolve()
    check_format(root)
    if not (problem := write_problem(root)):
        return root, None
    alt = fallback_folder(fallback_base, contents_root)
    check_format(alt)
    if alt_problem := write_problem(alt):
        raise unusable_fallback(root, problem, alt, alt_problem)
    return alt, fallback_reason(contents_root, root, problem, alt)


def ensure_gitignore(root: Path, tmp: Path) -> bool:
    """Write the store's `.gitignore` when it is missing; whether it is there now."""
    target = root / ".gitignore"
    if target.is_file():
        return True
    try:
        write_atomic(target, GITIGNORE, tmp, False, mode=0o644, prefix="gitignore-")
    except OSError:
        return False  # a read-only store: git sees it only if someone else wrote it there
    return True
