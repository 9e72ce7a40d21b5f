"""The storage contract under the store: everything the store asks of wherever the data lives.

The store (store.py and the modules it composes: retention, restore, moves, deleted files, collection,
clean-up, inventory) is written once, above this contract; each backend implements all of it, with
the same meaning: the local disk (storage/local/: folders, files, flock) and S3 (storage/s3/: one index
object per history, leases, conditional writes). Nothing above it asks which backend it runs on.

Parts, each a small surface (restic's backend and fsspec's primitives are the model):
- names: `describe()`, `history(path, is_dir)`, `folder_history(path)`: a history handle is opaque
  and hashable (a folder on disk, an S3History in a bucket);
- pieces (`objects`): immutable content-addressed blobs; every read checks its digest (objects.py);
- records of one history: `exists`, `prepare`, `list` (complete manifests, oldest first), `read`,
  `write`, `remove`, `damaged` (ids of records that no longer parse: listed, never read, deletable);
  a checkpoint exists once its record is written, and a reader never sees half of one;
- coordination: `locks(h)` keeps every other writer of that history out (another thread, another
  server) while the store reads, decides and writes; `move_locks(*h)` the same for the histories a
  move touches; `pieces_guard()` is held from a create's first piece to its record, so a collection
  never deletes a piece a record being written refers to; `scanning()` is held by whole-store reads
  (no history is half-moved meanwhile); `folder_locks(h)` for a folder's history;
- moves of whole histories: `move_tree(old, new)` and `merge(src, dst)` yield each destination
  while holding its lock (the store applies retention there); `move_folders(old, new)`;
- the trash (`trash`, see Trash): histories of deleted files, kept aside with a deletion record;
- the whole store (`whole`, see WholeStore): every history and every piece, for the command line,
  the clean-up and collection;
- figures (`usage`): one history's disk figure and, where they can be had without walking the store,
  the store's totals (storage/local/usage.py on disk; none on object storage);
- `reuse_needs_touch`: whether pieces a listed checkpoint refers to must be touched to outlive a
  collection when a new checkpoint reuses them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from ..manifest import Manifest

# (area, history, its contents path or None when its name was hashed, manifests, damaged ids, bytes of
# its index object or None): `files` (existing files'), `deleted` (kept for recovery), `folders`.
Listed = tuple[str, Any, "str | None", list[Manifest], list[str], "int | None"]


class Trash(Protocol):
    def move_in(self, path: str, now: dt.datetime) -> bool:
        """Move the histories of deleted `path` (a file or a folder) into a new entry; False: none."""

    def entries(self) -> list[tuple[Any, dict]]:
        """(entry, origin: {"path", "is_dir", "deleted"}) of every deletion, newest first."""

    def files(self, entry: Any, origin: dict) -> Iterator[tuple[str, Any]]:
        """(contents path, history) of each file of one deletion."""

    def purge(self, entries: list) -> int:
        """Remove expired entries whole; how many records went."""


class WholeStore(Protocol):
    suspended: str  # why the last collection removed nothing (a damaged record, another server's running), or ""

    def histories(self) -> Iterator[Listed]: ...

    def pieces(self) -> Iterator[tuple[str, int, float]]:
        """(digest, bytes, modification time) of every piece."""

    def piece_figures(self) -> tuple[int, int]:
        """(pieces, bytes) of the whole store."""

    def collecting(self) -> bool:
        """Whether a collection (any process's) is running now."""

    def collect(self, grace_seconds: float, refs_of: Callable[[Manifest], Iterable[str]]) -> tuple[int, int]:
        """Delete pieces no record refers to and untouched for `grace_seconds`: (pieces, bytes);
        nothing while a damaged record is in the store (`suspended` then says which)."""


class Storage(Protocol):
    objects: Any
    trash: Trash
    whole: WholeStore
    usage: Any
    reuse_needs_touch: bool

    def describe(self) -> str: ...
    def history(self, path: str, is_dir: bool = False) -> Any: ...
    def folder_history(self, path: str) -> Any: ...
    def exists(self, history) -> bool: ...
    def prepare(self, history) -> None: ...
    def list(self, history) -> list[Manifest]: ...
    def read(self, history, checkpoint_id: str) -> Manifest | None: ...
    def write(self, history, manifest: Manifest) -> None: ...
    def remove(self, history, checkpoint_id: str) -> bool: ...
    def damaged(self, history) -> list[str]: ...
    def locks(self, history) -> contextlib.AbstractContextManager: ...
    def move_locks(self, *histories) -> contextlib.AbstractContextManager: ...
    def pieces_guard(self) -> contextlib.AbstractContextManager: ...
    def scanning(self) -> contextlib.AbstractContextManager: ...
    def folder_locks(self, history) -> contextlib.AbstractContextManager: ...
    def move_tree(self, old_path: str, new_path: str) -> Iterator[Any]: ...
    def merge(self, src, dst) -> Iterator[Any]: ...
    def move_folders(self, old_path: str, new_path: str) -> None: ...
    def close(self) -> None: ...
