"""One file's checkpoints as the readable history sees them: a reference for the answer, and lazy
access to the cells (notebooks) or text (other files) each one holds, cached by content digest."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..store.manifest import Manifest
from ..store.objects import ObjectStore, naming
from ..store.snapshot import is_notebook_content, load_bytes
from .cache import LRU
from .pieces import Layout, NotebookCells, raw_cells, stored_cells

# What a checkpoint's pieces may lack when the store is damaged, or hold when a file is not what its
# name says: such an entry is left out of an answer (its summary is null), never an error.
UNREADABLE = (Layout, OSError, ValueError, KeyError, TypeError, UnicodeDecodeError)

_TEXTS: LRU[str] = LRU(32 * 1024 * 1024, weigh=len)


def ref_of(model: dict) -> dict:
    """A checkpoint as the readable-history answers name it."""
    created = model.get("last_modified")
    return {
        "id": model["id"],
        "created": created.isoformat() if hasattr(created, "isoformat") else created,
        "label": model.get("label", ""),
        "kind": model.get("kind", ""),
        "pinned": bool(model.get("pinned", False)),
    }


@dataclass(eq=False)
class Entry:
    ref: dict
    notebook: bool
    key: tuple  # names the content: equal keys, equal content (the cache key of derived answers)
    objects: ObjectStore | None
    _load: Callable[[], bytes]
    _cells: NotebookCells | None = field(default=None, repr=False)

    @property
    def id(self) -> str:
        return self.ref["id"]

    def raw(self) -> bytes:
        with naming(self.id):  # a damaged piece refuses the answer, naming this checkpoint (objects.py)
            return self._load()

    def cells(self) -> NotebookCells:
        """The notebook's cells; raises one of UNREADABLE when they cannot be read."""
        with naming(self.id):
            return self._read_cells()

    def _read_cells(self) -> NotebookCells:
        if self._cells is None:
            if self.key[0] == "index":
                self._cells = stored_cells(self.objects, self.key[1], self._load)
            else:
                self._cells = raw_cells(self._load())
        return self._cells

    def text(self) -> str:
        """A text file's content; raises UnicodeDecodeError for binary files."""
        with naming(self.id):
            return _TEXTS.get_or(self.key, lambda: self._load().decode("utf-8"))


def entries_of(objects: ObjectStore, manifests: list[Manifest], models: list[dict], legacy: Path | None) -> list[Entry]:
    """The entries of a file, oldest first, in the order of `models` (the checkpoint list)."""
    by_id = {m.id: m for m in manifests}
    out = []
    for model in models:
        m = by_id.get(model["id"])
        if m is not None:
            content = m.content
            notebook = is_notebook_content(content)
            key = ("index", content["index"]) if notebook else ("blob", content.get("blob"))
            out.append(Entry(ref_of(model), notebook, key, objects, lambda c=content: load_bytes(objects, c)))
        elif legacy is not None and model["id"] == "legacy":
            try:
                raw = legacy.read_bytes()
            except OSError:
                continue
            key = ("raw", hashlib.sha256(raw).hexdigest())
            out.append(Entry(ref_of(model), legacy.name.endswith(".ipynb"), key, None, lambda r=raw: r))
    return out
