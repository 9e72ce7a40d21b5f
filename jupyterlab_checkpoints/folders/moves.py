"""Folder checkpoints follow a renamed or moved folder, as file histories do (store/moves.py): the
folder's history moves, carrying the histories of the folders inside it along (the storage's
`move_folders`: one `os.rename` on a local disk, index by index under their leases on object storage).

When the new path already has folder checkpoints (a folder of that name existed before), the two
histories are merged: every manifest has a unique id. A deleted folder's checkpoints stay where they
are: creating a folder of the same name lists them again, and a whole-folder restore brings its files
back.
"""

from __future__ import annotations

from ..store import CheckpointStore


def move_folder_history(store: CheckpointStore, old_path: str, new_path: str) -> None:
    """`old_path` was renamed to `new_path` (both normalised); a file's rename finds nothing to move."""
    store.storage.move_folders(old_path, new_path)
