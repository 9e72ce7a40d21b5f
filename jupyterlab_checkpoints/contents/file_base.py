"""A delta composed on the file as the page loaded or saved it (`"base": {"file": <last_modified>}`).

The first checkpoint after a notebook is opened has no earlier checkpoint to count changes from, but
the page knows the file it loaded: it sends the cells changed since, and the server composes them with
the file's pieces, cut as a create of the file cuts them (store/snapshot.py; recent.py spares the
hashing when the file's content was stored or restored last). The file is read, never written, under
the store's lock for it, and only while its last_modified is still the one the page names.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable

from ..store.compose import INFOS, ComposeConflict, Composed, base_cells, describe
from ..store.objects import ObjectStore
from ..store.snapshot import Planned, recent_key


def last_modified(os_path: str) -> dt.datetime:
    """The file's last_modified as jupyter_server's contents API reports it (its mtime, in UTC)."""
    return dt.datetime.fromtimestamp(os.lstat(os_path).st_mtime, dt.timezone.utc)


def _changed(message: str) -> ComposeConflict:
    return ComposeConflict("file-changed", f"{message}; send the whole notebook")


def read_unchanged(os_path: str | None, expected: dt.datetime) -> bytes:
    """The file's bytes, when its last_modified is `expected` before and after reading them."""
    if os_path is None:
        raise _changed("this server's files are not on its disk, so the file cannot be a base")
    try:
        before = last_modified(os_path)
        if before == expected:
            with open(os_path, "rb") as f:
                raw = f.read()
            if last_modified(os_path) == expected:
                return raw
    except FileNotFoundError:
        raise _changed("the file no longer exists") from None
    raise _changed("the file changed since the page loaded it")


class FileComposed(Composed):
    """A Composed whose base is the file's bytes: pieces of it the store lacks are written with the
    new checkpoint (those it has cost nothing, as for any create)."""

    _stored = 0

    def __init__(self, read: Callable[[], bytes], path: str, cells, texts, tail):
        super().__init__(lambda: None, cells, texts, tail)
        self.read, self.path = read, path
        self._data: dict[str, memoryview] = {}

    def _base(self, objects: ObjectStore, walk: bool):
        raw = self.read()  # checks the file even when every cell changed: the page's view is stale
        if not walk:
            return {}, []
        pieces = Planned(raw, True, recent_key(objects, self.path, True)).pieces[:-1]  # less the index
        for digest, view in pieces:
            INFOS.put(digest, describe(view))
            self._data[digest] = view
        digests = [d for d, _ in pieces]
        return base_cells(objects, digests), digests

    def _piece(self, objects: ObjectStore, digest: str) -> bytes:
        view = self._data.get(digest)
        return bytes(view) if view is not None else objects.get(digest)

    def plan(self, objects: ObjectStore):
        pieces, size = super().plan(objects)
        # The file's pieces it reuses are stored first (object storage sends them in parallel); the
        # composition then takes them as a checkpoint base's.
        needed = [(d, self._data[d]) for d, data in pieces if data is None and d in self._data]
        self._stored = objects.put_many(needed)
        return pieces, size

    def write(self, objects: ObjectStore) -> int:
        self._stored = 0
        return super().write(objects) + self._stored
