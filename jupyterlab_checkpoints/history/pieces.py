"""A notebook checkpoint's cells, read from its stored pieces.

The store cuts a notebook written in nbformat's layout (indent 1) before each cell, each output, the end
of a cell's outputs and the end of the cell list (store/snapshot.py). So a checkpoint's piece list reads
as: the opening `{"cells": [`, then per cell either one piece (a cell without outputs) or a head piece
(ending in `"outputs": [`), one piece per output and a tail piece (the end of the outputs and the
source), then the notebook's metadata. Only the heads and tails are parsed (small: source, metadata);
outputs are known by their piece digests, and their first bytes tell them from a tail. Everything
derived is cached by digest, so each distinct cell is parsed once however many checkpoints hold it.

A notebook in another layout (or cut at the store's fallback points) is parsed whole, once per index
digest; its outputs then become in-memory pieces named by the sha256 of their canonical JSON.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

import orjson

from ..store.objects import ObjectStore
from ..store.snapshot import CHUNKED, referenced_objects, split_notebook
from .cache import LRU

OPENING = b'{\n "cells": ['
CELL = b"\n  {\n"
OUTPUT = b"\n    {\n"
OUTPUTS_END = b"\n   ],\n"
CELLS_END = b"\n ],\n"
OUTPUTS_OPEN = b'"outputs": ['


class Layout(Exception):
    """The pieces do not follow nbformat's layout: the notebook is parsed whole instead."""


def joined(value) -> str:
    """nbformat keeps multi-line strings as lists of lines; the API answers with one string."""
    if isinstance(value, list):
        return "".join(v for v in value if isinstance(v, str))
    return value if isinstance(value, str) else ""


@dataclass(eq=False)
class CellPart:
    """Everything of a cell but its outputs."""

    data: dict  # the cell as stored, without `outputs`
    id: str | None
    cell_type: str
    source: str
    execution_count: object
    metadata_key: bytes
    has_outputs: bool  # a code cell (markdown and raw cells have no `outputs` key)

    @classmethod
    def of(cls, data: dict) -> CellPart:
        if not isinstance(data, dict) or not isinstance(data.get("cell_type"), str):
            raise Layout("not a cell")
        has_outputs = "outputs" in data
        data = {k: v for k, v in data.items() if k != "outputs"}
        cid = data.get("id")
        return cls(
            data=data,
            id=cid if isinstance(cid, str) else None,
            cell_type=data["cell_type"],
            source=joined(data.get("source")),
            execution_count=data.get("execution_count"),
            metadata_key=orjson.dumps(data.get("metadata"), option=orjson.OPT_SORT_KEYS),
            has_outputs=has_outputs,
        )


@dataclass(eq=False)
class Cell:
    part: CellPart
    outputs: tuple[str, ...]  # piece digests, in order

    @property
    def id(self) -> str | None:
        return self.part.id

    @property
    def version(self) -> tuple:
        """What makes a distinct version of a cell: type, source and outputs."""
        return (self.part.cell_type, self.part.source, self.outputs)


@dataclass(eq=False)
class NotebookCells:
    cells: tuple[Cell, ...]
    metadata_key: object  # equal keys: equal notebook metadata
    loose: dict[str, bytes] = field(default_factory=dict)  # pieces that are not in the store

    @property
    def weight(self) -> int:
        return 512 + sum(256 + len(c.part.source) for c in self.cells) + sum(map(len, self.loose.values()))


class PieceReader:
    """Reads pieces from the store, or from `loose` (a file's bytes cut in memory)."""

    def __init__(self, objects: ObjectStore | None, loose: dict[str, bytes] | None = None):
        self.objects = objects
        self.loose = loose or {}

    def get(self, digest: str) -> bytes:
        hit = self.loose.get(digest)
        if hit is not None:
            return hit
        if self.objects is None:
            raise KeyError(digest)
        return self.objects.get(digest)

    def start(self, digest: str, n: int) -> bytes:
        hit = self.loose.get(digest)
        if hit is not None:
            return hit[:n]
        return self.objects.read_start(digest, n)  # an output may be megabytes: read its start only


def _json(piece: bytes):
    # A piece of a list ends with "," unless it is the last one; its indentation is harmless.
    return orjson.loads(piece.strip().rstrip(b","))


# Parsed cell parts by (head digest, tail digest); what each piece is, by digest.
_PARTS: LRU[CellPart] = LRU(32 * 1024 * 1024, weigh=lambda p: 256 + 2 * len(p.source) + len(p.metadata_key))
_KINDS: LRU[str] = LRU(100_000)  # about 250 bytes each: 25 MB at most


def _part(reader: PieceReader, head: str, tail: str | None) -> CellPart:
    def make() -> CellPart:
        raw = reader.get(head) + (reader.get(tail) if tail else b"")
        try:
            return CellPart.of(_json(raw))
        except orjson.JSONDecodeError as e:
            raise Layout(str(e)) from e

    return _PARTS.get_or((head, tail), make)


def _kind(reader: PieceReader, digest: str) -> str:
    """opening, cell (a whole cell), open (a cell's head, its outputs follow), output, tail (the end
    of a cell's outputs and its source), end (the end of the cell list), or other. Outputs are told by
    their first bytes: an image output is never read for this."""

    def make() -> str:
        start = reader.start(digest, len(OPENING) + 1)
        if start == OPENING:
            return "opening"
        if start.startswith(OUTPUT):
            return "output"
        if start.startswith(CELL):
            return "open" if reader.get(digest).rstrip().endswith(OUTPUTS_OPEN) else "cell"
        if start.startswith(OUTPUTS_END):
            return "tail"
        return "end" if start.startswith(CELLS_END) else "other"

    hit = _KINDS.get(digest)
    if hit is not None:
        return hit
    try:
        return _KINDS.put(digest, make())
    except FileNotFoundError:
        return "missing"  # lost from the store (not cached: a create may write it again)


def cells_from_pieces(reader: PieceReader, digests: list[str]) -> NotebookCells:
    """The cells of a notebook stored as `digests` in nbformat's layout; raises Layout otherwise."""
    kinds = [_kind(reader, d) for d in digests]
    if len(digests) < 2 or kinds[0] != "opening":
        raise Layout("no cell list where nbformat puts it")
    cells: list[Cell] = []
    i = 1
    while i < len(digests):
        kind = kinds[i]
        if kind == "end":
            meta = hashlib.sha256("".join(digests[i:]).encode()).hexdigest()
            return NotebookCells(tuple(cells), meta, reader.loose)
        if kind == "cell":
            cells.append(Cell(_part(reader, digests[i], None), ()))
            i += 1
            continue
        if kind != "open":
            raise Layout("a piece that starts no cell")
        j = i + 1
        # A lost piece among the outputs is taken for one: the cell's source and the other cells stay
        # readable, and the summaries, which compare outputs by digest, still hold.
        while j < len(digests) and kinds[j] in ("output", "missing"):
            j += 1
        if j >= len(digests) or kinds[j] != "tail":
            raise Layout("a cell's outputs do not end")
        cells.append(Cell(_part(reader, digests[i], digests[j]), tuple(digests[i + 1 : j])))
        i = j + 1
    raise Layout("the cell list does not end")


def cells_from_json(raw: bytes) -> NotebookCells:
    """Any layout: the notebook parsed whole. Raises Layout when it is not a notebook."""
    try:
        nb = orjson.loads(raw)
    except orjson.JSONDecodeError as e:
        raise Layout(str(e)) from e
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise Layout("not a notebook")
    loose: dict[str, bytes] = {}
    cells = []
    for data in nb["cells"]:
        outputs = data.get("outputs") if isinstance(data, dict) else None
        digests = []
        for out in outputs if isinstance(outputs, list) else []:
            piece = orjson.dumps(out, option=orjson.OPT_SORT_KEYS)
            digest = hashlib.sha256(piece).hexdigest()
            loose[digest] = piece
            digests.append(digest)
        cells.append(Cell(CellPart.of(data), tuple(digests)))
    meta = orjson.dumps({k: v for k, v in nb.items() if k != "cells"}, option=orjson.OPT_SORT_KEYS)
    return NotebookCells(tuple(cells), meta, loose)


# Analyses by index digest (a checkpoint) or by sha256 of raw bytes (a file read in memory). A stored
# checkpoint's analysis is small (sources, digests); one of bytes in memory keeps its pieces, so a few
# large ones fill the budget and go first.
_NOTEBOOKS: LRU[NotebookCells] = LRU(64 * 1024 * 1024, weigh=lambda n: n.weight)


def index_pieces(objects: ObjectStore, index: str) -> list[str]:
    """The piece digests a piece list names, read as the store reads them."""
    return referenced_objects(objects, {"type": CHUNKED, "index": index})[1:]


def stored_cells(objects: ObjectStore, index: str, load: Callable[[], bytes]) -> NotebookCells:
    """The cells of the checkpoint whose piece list is `index`; `load` gives its bytes if it must be
    parsed whole."""

    def make() -> NotebookCells:
        reader = PieceReader(objects)
        try:
            return cells_from_pieces(reader, index_pieces(objects, index))
        except Layout:
            return cells_from_json(load())

    return _NOTEBOOKS.get_or(("index", index), make)


def raw_cells(raw: bytes) -> NotebookCells:
    """The cells of a notebook's bytes (a file on disk): cut and read as the store would."""

    def make() -> NotebookCells:
        loose = {}
        digests = []
        for piece in split_notebook(raw):
            digest = hashlib.sha256(piece).hexdigest()
            loose[digest] = bytes(piece)
            digests.append(digest)
        try:
            return cells_from_pieces(PieceReader(None, loose), digests)
        except Layout:
            return cells_from_json(raw)

    return _NOTEBOOKS.get_or(("raw", hashlib.sha256(raw).hexdigest()), make)


def read_output(objects: ObjectStore | None, notebook: NotebookCells, digest: str) -> dict:
    out = _json(PieceReader(objects, notebook.loose).get(digest))
    if not isinstance(out, dict):
        raise Layout("not an output")
    return out


def cell_dict(objects: ObjectStore | None, notebook: NotebookCells, cell: Cell) -> dict:
    """The cell as nbformat has it, multi-line strings joined (as the contents API answers)."""
    data = dict(cell.part.data)
    data["source"] = cell.part.source
    if cell.part.has_outputs:
        outputs = []
        for digest in cell.outputs:
            out = read_output(objects, notebook, digest)
            if "text" in out:
                out["text"] = joined(out["text"])
            if isinstance(out.get("data"), dict):
                out["data"] = {
                    k: (joined(v) if isinstance(v, list) and not k.endswith("json") else v)
                    for k, v in out["data"].items()
                }
            outputs.append(out)
        data["outputs"] = outputs
    return data


def cell_ids(raw: bytes) -> set[str]:
    """The cell ids of a notebook's bytes (the file as saved now): only the cells' first pieces are
    parsed, nothing is hashed or kept. Raises Layout when it is not a notebook."""
    parts = split_notebook(raw)
    if len(parts) >= 2 and parts[0] == OPENING:
        ids = set()
        for part in parts[1:]:
            if part[: len(CELLS_END)] == CELLS_END:
                return ids
            if part[: len(CELL)] != CELL:
                continue
            piece = bytes(part).strip()
            # A cell's head ends inside its outputs list: closed here, it parses alone.
            piece = piece + b"]}" if piece.endswith(OUTPUTS_OPEN) else piece.rstrip(b",")
            try:
                cid = orjson.loads(piece).get("id")
            except (orjson.JSONDecodeError, AttributeError):
                break  # not nbformat's layout after all
            if isinstance(cid, str):
                ids.add(cid)
    return {c.id for c in cells_from_json(raw).cells if c.id is not None}
