"""The storage interface under the store: what the store's shared logic (create, retention, pins,
restore, renames) asks of wherever the data lives.

Four parts, each with the same meaning on every backend:
- pieces (`objects`): immutable content-addressed blobs, `put`/`get` (and `put_many`/`get_many`,
  which object storage runs in parallel)/`read_start`/`touch`/`put_file`/`sweep` (objects.py);
- manifests of one file's history (`history` names it; `list`, `read`, `write`, `remove`): a
  checkpoint exists once its manifest is written, and a reader never sees half of one;
- coordination: `locks(h)` keeps every other writer of that history (another thread, another server)
  out while the store reads, decides and writes; `move_locks` the same for the histories a move
  touches; `pieces_guard` is held from a create's first piece to its manifest, so a collection never
  deletes a piece a manifest being written refers to;
- moves of whole histories (`move_tree`) for a renamed file or folder;
- folder checkpoints' histories, in their own area (store/folder_area.py): `folder_history`,
  `folder_locks`, `move_folders`, and `reuse_needs_touch` (whether pieces a listed checkpoint refers to
  must be touched to outlive a collection when a new checkpoint reuses them).

For the command line's whole-store commands (store/inventory.py), object storage adds `all_histories`
(a LIST of the indexes), `piece_figures` (a LIST of the pieces) and `collecting` (s3/inventory.py);
on the local disk inventory.py walks the folders itself. The user's clean-up (cleanup.py) and one
file's disk figure have their object-storage parts in s3/cleanup.py and s3/figures.py.

The local disk (local.py) uses folders, files and flock. S3 (s3/) keeps one index object per history,
lease objects for locks, and conditional writes: see s3/__init__.py.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, Protocol

from ..errors import StoreUnavailable
from ..manifest import Manifest


class Storage(Protocol):
    local: bool  # folders and files on this disk (usage.json's running totals, folder checkpoints)
    objects: Any  # ObjectStore's: put(_many), get(_many), read_start, touch, put_file, sweep

    def describe(self) -> str: ...
    def history(self, path: str, is_dir: bool = False) -> Any: ...
    def exists(self, history) -> bool: ...
    def prepare(self, history) -> None: ...
    def list(self, history) -> list[Manifest]: ...
    def read(self, history, checkpoint_id: str) -> Manifest | None: ...
    def write(self, history, manifest: Manifest) -> None: ...
    def remove(self, history, checkpoint_id: str) -> bool: ...
    def locks(self, history) -> contextlib.AbstractContextManager: ...
    def move_locks(self, *histories) -> contextlib.AbstractContextManager: ...
    def pieces_guard(self) -> contextlib.AbstractContextManager: ...
    def move_tree(self, old_path: str, new_path: str) -> Iterator[Any]: ...

    reuse_needs_touch: bool

    def folder_history(self, path: str) -> Any: ...
    def folder_locks(self, history) -> contextlib.AbstractContextManager: ...
    def move_folders(self, old_path: str, new_path: str) -> None: ...


def open_storage(url: str, options: dict, lock_seconds: float, log) -> Storage:
    """The S3 backend for an `s3://bucket/prefix` url (the local one is opened by the store)."""
    try:
        from .s3 import S3Storage  # imports botocore: only when configured
    except ImportError as e:
        raise StoreUnavailable(
            f"c.CheckpointStore.url is {url}, but the S3 client is not installed ({e}): "
            "pip install 'jupyterlab_checkpoints[s3]' and restart the server"
        ) from e

    return S3Storage(url, options, log, lease_seconds=lock_seconds)
