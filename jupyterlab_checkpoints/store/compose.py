"""A notebook checkpoint composed from an earlier checkpoint's pieces and the cells that changed.

A notebook written in nbformat's layout is stored as: the opening `{"cells": [`, then per cell a start
piece (`\\n  {\\n`, holding its id among the keys before its outputs), one piece per output and, after
outputs, a tail piece (`\\n   ],\\n` and the source), then the end of the cell list with the metadata
(snapshot.py). So a new checkpoint is the base's pieces for cells that did not change, the pieces of the
changed cells' text, and the pieces of the new end: cut exactly where snapshot.py would cut the whole
notebook, so the pieces, the index and the bytes equal those of a create from the whole file. Outputs
of unchanged cells are never read; what each piece is (kind, size, the id in a start piece) is kept by
digest, so once a checkpoint is composed or read, the next one reads nothing of it.

The one thing a reused cell may need is its last piece with or without the "," that separates it from
a next cell (a cell that becomes, or stops being, the last one): that piece alone is read and stored
again. When the base cannot be used the create answers 409 with a reason, and the page sends the
whole notebook instead.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from .errors import Conflict, NotFound
from .manifest import Manifest
from .objects import DamagedPiece, ObjectStore
from .snapshot import _CUTS, _FALLBACK_MIN_BYTES, CHUNKED, Planned, _pieces

OPENING = b'{\n "cells": ['
CELL_START = b"\n  {\n"
OUTPUT_START = b"\n    {\n"
OUTPUTS_END = b"\n   ],\n"
CELLS_END = b"\n ],\n"
# A cell's own keys are the only lines indented by 3 in a cell (and JSON strings hold no raw newline).
_ID = re.compile(rb'\n   "id": "([a-zA-Z0-9_-]{1,64})"')


class ComposeConflict(Conflict):
    """409 with a `reason` the page acts on: `no-base`, `unknown-cell`, `layout` or `file-changed`."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass(frozen=True)
class PieceInfo:
    kind: str  # opening, cell (a cell's start), output, tail, end (the end of the cell list), other
    size: int
    cell_id: str | None
    comma: bool  # ends with "},": a cell (or output) followed by another


def describe(data: bytes | memoryview) -> PieceInfo:
    head = bytes(data[: len(OPENING) + 1])
    cell_id = None
    if head == OPENING:
        kind = "opening"
    elif head.startswith(OUTPUT_START):
        kind = "output"
    elif head.startswith(CELL_START):
        kind = "cell"
        m = _ID.search(data)
        cell_id = m.group(1).decode() if m else None
    elif head.startswith(OUTPUTS_END):
        kind = "tail"
    elif head.startswith(CELLS_END):
        kind = "end"
    else:
        kind = "other"
    return PieceInfo(kind, len(data), cell_id, bytes(data[-2:]) == b"},")


class _Infos:
    """PieceInfo by digest (pieces never change), bounded, shared by the request threads."""

    def __init__(self, limit: int = 200_000):
        self.limit = limit
        self._items: OrderedDict[str, PieceInfo] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, objects: ObjectStore, digest: str) -> PieceInfo:
        with self._lock:
            hit = self._items.get(digest)
        return hit if hit is not None else self.put(digest, describe(objects.get(digest)))

    def put(self, digest: str, info: PieceInfo) -> PieceInfo:
        with self._lock:
            self._items[digest] = info
            while len(self._items) > self.limit:
                self._items.popitem(last=False)
        return info


INFOS = _Infos()


@dataclass
class _BaseCell:
    digests: list[str]
    comma: bool


def base_cells(objects: ObjectStore, digests: list[str]) -> dict[str, _BaseCell]:
    """The base's cells by id, from its piece list; ComposeConflict("layout") when it is not nbformat's."""

    def layout(why: str) -> ComposeConflict:
        return ComposeConflict("layout", f"the base checkpoint cannot be reused ({why}); send the whole notebook")

    infos = [INFOS.get(objects, d) for d in digests]
    if not infos or infos[0].kind != "opening":
        raise layout("it was not written in nbformat's layout")
    cells: dict[str, _BaseCell] = {}
    i = 1
    while i < len(infos):
        if infos[i].kind == "end":
            return cells
        if infos[i].kind != "cell":
            raise layout("it was not written in nbformat's layout")
        cid = infos[i].cell_id
        if cid is None:
            raise layout("a cell has no id")
        if cid in cells:
            raise layout(f"two cells have the id {cid!r}")
        j = i + 1
        while j < len(infos) and infos[j].kind == "output":
            j += 1
        if j > i + 1:
            if j >= len(infos) or infos[j].kind != "tail":
                raise layout("a cell's outputs do not end")
            j += 1
        cells[cid] = _BaseCell(digests[i:j], infos[j - 1].comma)
        i = j
    raise layout("its cell list does not end")


def _cut(text: bytes) -> list[bytes]:
    """`text` (one cell, or the end) cut where snapshot.split_notebook cuts it inside a notebook."""
    starts = [0, *(m.start() for m in _CUTS.finditer(text) if m.start() > 0), len(text)]
    return [text[a:b] for a, b in zip(starts, starts[1:], strict=False) if b > a]


class Composed:
    """A notebook content made of a base checkpoint's pieces and new text, for `CheckpointStore.create`
    (snapshot.store_content). Composed by `write`, which the store calls under the file's lock, so the
    base cannot be dropped meanwhile; `content` and `len()` are known after it."""

    def __init__(self, find_base: Callable[[], Manifest], cells: list[str], texts: dict[str, bytes], tail: bytes):
        self.find_base = find_base
        self.cells, self.texts, self.tail = cells, texts, tail
        self.content: dict = {}
        self.size = 0

    def __len__(self) -> int:
        return self.size

    def _base(self, objects: ObjectStore, walk: bool) -> tuple[dict[str, _BaseCell], list[str]]:
        try:
            base = self.find_base()
        except NotFound as e:
            raise ComposeConflict("no-base", f"the base checkpoint is not in this file's history ({e})") from e
        if not walk:  # every cell changed: nothing of the base is needed
            return {}, []
        if base.content.get("type") != CHUNKED:
            raise ComposeConflict("layout", "the base checkpoint is not a notebook; send the whole notebook")
        try:
            digests = _pieces(objects, base.content["index"])
            return base_cells(objects, digests), digests
        except (FileNotFoundError, ValueError) as e:
            raise ComposeConflict("no-base", f"the base checkpoint's content is missing ({e})") from e

    def _piece(self, objects: ObjectStore, digest: str) -> bytes:
        return objects.get(digest)

    def plan(self, objects: ObjectStore) -> tuple[list[tuple[str, bytes | None]], int]:
        """[(digest, bytes, or None for a piece the base has)] in order, and the total size."""
        cells, digests = self._base(objects, any(c not in self.texts for c in self.cells))
        out: list[tuple[str, bytes | None]] = []
        size = 0

        def new(data: bytes) -> None:
            nonlocal size
            digest = hashlib.sha256(data).hexdigest()
            out.append((digest, data))
            INFOS.put(digest, describe(data))
            size += len(data)

        def reuse(digest: str) -> None:
            nonlocal size
            out.append((digest, None))
            size += INFOS.get(objects, digest).size

        reuse(digests[0]) if digests else new(OPENING)
        last = len(self.cells) - 1
        for n, cid in enumerate(self.cells):
            comma = n != last
            if cid in self.texts:
                for piece in _cut(self.texts[cid] + (b"," if comma else b"")):
                    new(piece)
                continue
            cell = cells.get(cid)
            if cell is None:
                raise ComposeConflict("unknown-cell", f"cell {cid!r} is neither changed nor in the base checkpoint")
            for d in cell.digests[:-1]:
                reuse(d)
            if cell.comma == comma:
                reuse(cell.digests[-1])
            else:  # the cell became, or stopped being, the last one
                try:
                    piece = self._piece(objects, cell.digests[-1])
                except FileNotFoundError as e:
                    raise ComposeConflict("no-base", "the base checkpoint's content is missing") from e
                new(piece + b"," if comma else piece[:-1])
        for piece in _cut(self.tail):
            new(piece)
        return out, size

    def write(self, objects: ObjectStore) -> int:
        """Compose, store the new pieces and the index; returns the bytes newly written."""
        try:
            return self._write(objects)
        except DamagedPiece as e:  # the page then sends the whole notebook, which needs no base
            raise ComposeConflict("no-base", f"the base checkpoint cannot be reused: {e}") from e

    def _write(self, objects: ObjectStore) -> int:
        pieces, self.size = self.plan(objects)
        if len(pieces) < 4 and self.size >= _FALLBACK_MIN_BYTES:
            # snapshot.py cuts such a notebook elsewhere: store the joined bytes its own way.
            raw = b"".join(data if data is not None else objects.get(d) for d, data in pieces)
            planned = Planned(raw, True)
            self.content = planned.content
            return planned.write(objects)
        written = 0
        for digest, data in pieces:
            if data is not None:
                written += objects.put(data, digest)[1]
                continue
            try:  # as ObjectStore.put does for content it has: a running collection now spares it
                objects.touch(digest)
            except FileNotFoundError as e:
                raise ComposeConflict("no-base", "the base checkpoint's content is missing") from e
        index = b"".join(bytes.fromhex(d) for d, _ in pieces)
        digest, added = objects.put(index)
        self.content = {"type": CHUNKED, "index": digest}
        return written + added
