"""What the store's parts use of the store itself: `CheckpointStore` (store.py) as a small contract.

The store is its core (create, list, update, delete, and the rules every change to a history follows)
and parts it composes, each holding the store (as this `StoreCore`) and, when it needs one, another
part: `retention` (tiers.py), `maintenance` (maintenance.py), `cleanup` (cleanup.py), `deleted`
(trash.py), `moves` (moves.py) and `restoring` (restore.py). A part reads the store's settings when
it runs (a test, or a command, may change them after opening), and changes a history under its lock
as the store's own operations do, its records through `write`, `remove` and `enforce_retention` below
(so that figures, collection and retention follow).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import Any, Protocol

from .manifest import Manifest
from .objects import ObjectStore
from .storage.base import Storage


class StoreCore(Protocol):
    # Where the data lives (storage/base.py), and where the store says it is (location.py).
    storage: Storage
    objects: ObjectStore
    fallback: str | None
    log: logging.Logger
    clock: Callable[[], float]  # seconds since the epoch

    # Settings (`c.CheckpointStore.*`) the parts read.
    max_unpinned: int
    retention_order: str
    keep_hourly: int
    keep_daily: int
    keep_weekly: int
    applies_retention: bool
    max_label_length: int
    deleted_retention_days: float
    gc_after_deletes: int
    gc_grace_seconds: float

    def history_of(self, path: str, is_dir: bool = False) -> Any:
        """The history of normalised contents path `path` (an opaque handle, storage/base.py)."""

    def locks(self, history) -> contextlib.AbstractContextManager:
        """Keep every other writer of `history` out; figures are counted before the locks go."""

    def find(self, history, checkpoint_id: str) -> Manifest:
        """The record of `checkpoint_id`; NotFound, or DamagedRecord when its record no longer parses."""

    def write(self, history, manifest: Manifest) -> None:
        """Write a record (the last step of a change: it makes the checkpoint exist); NoSpace when full."""

    def remove(self, history, manifest: Manifest) -> None:
        """Remove a record; counted towards the next collection of unreferenced pieces."""

    def enforce_retention(self, history, protected=()) -> list[Manifest]:
        """Drop what retention says is over the limit (never pinned or `protected` ids)."""

    def new_manifest(self, path, raw, content, kind, label="", pinned=False, created=None) -> Manifest:
        """A new record of `path` (not written yet), made now by the current author."""

    def clean_label(self, label) -> str:
        """`label` as stored, or InvalidInput."""

    def utcnow(self) -> dt.datetime: ...
