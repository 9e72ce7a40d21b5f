"""The whole store in the bucket (the storage contract's `whole`, base.py), for the command line's
`verify`, `stats` and `gc`, and for collection (store/inventory.py, store/maintenance.py).

`WholeStore` is given the S3Storage core (to read indexes as the store reads them) and its
collection (collect.py). Enumerating histories LISTs `tree/`, `trash/` and `folders/` (paged, 1000
keys a request) and GETs each index; the figures LIST `objects/` once. An admin's command may afford
that; the panel's path never LISTs. Reading the whole store takes no lock (`S3Storage.scanning`): a
history moving meanwhile is listed where it was or where it went, as another server left it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from ...folder_area import FOLDERS
from ...manifest import Manifest
from ..base import Listed
from .collect import Collection
from .folders import ROOT
from .history import S3History
from .layout import INDEX
from .trash import decoded_path

if TYPE_CHECKING:
    from . import S3Storage

# (area as listed, its top folder in the bucket)
AREAS = (("files", "tree"), ("deleted", "trash"), ("folders", FOLDERS))


class WholeStore:
    def __init__(self, core: S3Storage, collection: Collection):
        self.core, self.layout, self.collection = core, core.layout, collection

    @property
    def suspended(self) -> str:
        """Why the last collection removed nothing (a damaged index), or ""."""
        return self.collection.suspended

    def histories(self) -> Iterator[Listed]:
        """(area, history, its contents path or None, manifests, damaged ids, its index's bytes) of every
        history holding a checkpoint or a damaged entry: existing files' (`files`), deleted files' kept
        for recovery (`deleted`, trash/<entry>/h/...), then folders' (`folders`). The path is the one
        the history's name stands for (None when a name in it was hashed; "" for the server root's
        folder history); a deleted history's is its path when it was deleted."""
        for area, top in AREAS:
            for o in self.layout.listing(f"{top}/"):
                key = o["Key"]
                if not key.endswith(INDEX):
                    continue  # a deletion's origin.json
                rel = key[len(f"{self.layout.prefix}{top}/") : -len(INDEX)]
                history = self._history(area, top, rel)
                if history is None:
                    continue
                index, _etag = self.core.read_index(key)
                if not index.manifests and not index.damaged_ids:
                    continue  # only another version's entries: nothing this one lists
                path = "" if area == "folders" and rel == ROOT else decoded_path(history.rel)
                yield area, history, path, index.manifests, index.damaged_ids, int(o["Size"])

    @staticmethod
    def _history(area: str, top: str, rel: str) -> S3History | None:
        if area != "deleted":
            return S3History(rel, top)
        entry, sep, inner = rel.partition("/h/")
        return S3History(inner, f"trash/{entry}/h") if sep else None

    def pieces(self) -> Iterator[tuple[str, int, float]]:
        """(digest, bytes, Last-Modified as a timestamp) of every piece: one paged LIST of `objects/`."""
        return self.layout.pieces()

    def piece_figures(self) -> tuple[int, int]:
        """(pieces, bytes) of `objects/`: one paged LIST, no piece is read."""
        count = size = 0
        for _digest, n, _modified in self.layout.pieces():
            count, size = count + 1, size + n
        return count, size

    def collecting(self) -> bool:
        """Whether a collection (any server's, collect.py) is announced and running now."""
        return self.collection.running()

    def collect(self, grace_seconds: float, refs_of: Callable[[Manifest], Iterable[str]]) -> tuple[int, int]:
        """Delete pieces no checkpoint refers to (collect.py); nothing while a damaged index is in the
        bucket (`suspended` then says which)."""
        return self.collection.collect(grace_seconds, refs_of)
