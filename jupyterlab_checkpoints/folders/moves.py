"""Folder checkpoints follow a renamed or moved folder, as file histories do (store/moves.py): one
`os.rename` of the folder's history, which carries the histories of the folders inside it along.

Under the folder's own lock, so no checkpoint of it is being written meanwhile. When the new path
already has folder checkpoints (a folder of that name existed before), the two histories are merged:
every manifest has a unique id. A deleted folder's checkpoints stay where they are: creating a folder
of the same name lists them again, and a whole-folder restore brings its files back.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..store import CheckpointStore
from ..store import paths as P
from ..store.folder_area import FOLDERS
from ..store.locking import flock
from ..store.manifest import SUFFIX


def _history(store: CheckpointStore, path: str) -> Path:
    return (store.root / FOLDERS).joinpath(*P.history_parts(path, is_dir=True))


def _merge(src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        target = dst / entry.name
        if entry.is_dir():
            _merge(entry, target)
        elif entry.name.endswith(SUFFIX) and not target.exists():
            os.rename(entry, target)


def move_folder_history(store: CheckpointStore, old_path: str, new_path: str) -> None:
    """`old_path` was renamed to `new_path` (both normalised); a file's rename finds nothing to move."""
    src, dst = _history(store, old_path), _history(store, new_path)
    if src == dst or not src.is_dir():
        return
    with flock(src / ".lock"):
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.exists():
            _merge(src, dst)
        else:
            os.rename(src, dst)
