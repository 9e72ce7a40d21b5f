"""A notebook model as the contents manager would write it, whole or one cell at a time.

jupyter_server's save writes `nbformat.write(from_dict(content), version=NO_CONVERT)`: validation
(which also gives cells without an id a fresh one), then nbformat's JSON writer (indent 1, sorted keys,
`ensure_ascii=False`, multi-line strings split into lines, transient fields dropped) and a final newline.
A checkpoint made from a model the page sends holds exactly those bytes, so it equals (and deduplicates
with) the checkpoint of the file that save writes.

A delta (store/compose.py) needs the same bytes piece by piece: each changed cell is written alone at
the depth it has in a notebook (cells sit at the same depth whatever their neighbours, so its text is the
text it has in the whole notebook), and the part after the cell list (metadata, nbformat) alike.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import nbformat
from nbformat import ValidationError
from nbformat.v4 import nbjson

from ..store import paths as P
from ..store.errors import InvalidInput

# nbformat 4.5's cell id schema.
_CELL_ID = re.compile(r"[a-zA-Z0-9_-]{1,64}")
_OPENING = '{\n "cells": ['
_NO_CELLS = '{\n "cells": []'


def _encode(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as e:  # a lone surrogate: the contents manager could not write it either
        raise InvalidInput(f"the notebook holds text that cannot be written as UTF-8: {e.reason}") from e


def _validated(content, what: str = "the notebook") -> nbformat.NotebookNode:
    if not isinstance(content, dict):
        raise InvalidInput(f"{what} must be a JSON object")
    if content.get("nbformat") != 4 or not isinstance(content.get("nbformat_minor"), int):
        raise InvalidInput(f"{what} must be an nbformat 4 notebook (nbformat 4, an integer nbformat_minor)")
    nb = nbformat.from_dict(content)
    try:
        # As the save does; it also gives a cell without an id a new one.
        nbformat.validate(nb)
    except ValidationError as e:
        raise InvalidInput(f"{what} is not a valid notebook: {getattr(e, 'message', e)}") from e
    except (KeyError, TypeError, AttributeError, ValueError) as e:
        raise InvalidInput(f"{what} is not a valid notebook: {e}") from e
    return nb


def notebook_bytes(content) -> bytes:
    """The bytes the contents manager writes when saving the notebook model `content` (400 if invalid)."""
    text = nbjson.writes(_validated(content))
    return _encode(text if text.endswith("\n") else text + "\n")


@dataclass(frozen=True)
class FileBase:
    """A delta's base that is the file itself, as the page loaded or saved it."""

    last_modified: dt.datetime


def _base_of(base) -> str | FileBase:
    if isinstance(base, dict) and set(base) == {"file"} and isinstance(base["file"], str):
        try:
            when = dt.datetime.fromisoformat(base["file"])
        except ValueError as e:
            raise InvalidInput(f"delta.base.file must be an ISO time: {e}") from e
        if when.tzinfo is None:
            raise InvalidInput("delta.base.file must be an ISO time with its time zone")
        return FileBase(when)
    if not isinstance(base, str):
        raise InvalidInput('delta.base must be a checkpoint id (a string) or {"file": <last_modified>}')
    P.validate_id(base)
    return base


@dataclass
class DeltaPlan:
    """A delta body, checked and serialised: what store/compose.py needs."""

    base: str | FileBase
    cells: list[str]  # cell ids, in notebook order
    texts: dict[str, bytes]  # a changed cell's text, from its opening "\n  {" to its closing "}"
    tail: bytes  # from the end of the cell list ("\n ],") to the last newline


def _written(cells: list, metadata: dict, minor: int) -> str:
    return nbjson.writes(
        nbformat.from_dict({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": minor})
    )


def _cell_text(cell: nbformat.NotebookNode, minor: int) -> bytes:
    text = _written([cell], {}, minor)
    return _encode(text[len(_OPENING) : text.rindex('\n ],\n "metadata": {}')])


def _tail_text(metadata: dict, minor: int) -> bytes:
    text = _written([], metadata, minor)
    return _encode("\n ]" + text[len(_NO_CELLS) :] + "\n")


def delta_plan(delta) -> DeltaPlan | bytes:
    """Check a delta body and serialise what it changes (400 for anything malformed). A delta without
    cells is a whole notebook already: its bytes are returned instead."""
    if not isinstance(delta, dict):
        raise InvalidInput("delta must be a JSON object")
    base, cells, changed = delta.get("base"), delta.get("cells"), delta.get("changed", {})
    metadata, minor = delta.get("metadata"), delta.get("nbformat_minor")
    base = _base_of(base)
    if not isinstance(cells, list) or not all(isinstance(c, str) for c in cells):
        raise InvalidInput("delta.cells must be a list of cell ids (strings)")
    if len(set(cells)) != len(cells):
        raise InvalidInput("delta.cells lists a cell id twice")
    bad = next((c for c in cells if not _CELL_ID.fullmatch(c)), None)
    if bad is not None:
        raise InvalidInput(f"{bad!r} is not a cell id (1 to 64 letters, digits, '-' or '_')")
    if not isinstance(changed, dict) or not all(isinstance(c, dict) for c in changed.values()):
        raise InvalidInput("delta.changed must map cell ids to cells (JSON objects)")
    stray = next((c for c in changed if c not in cells), None)
    if stray is not None:
        raise InvalidInput(f"delta.changed holds cell {stray!r}, which delta.cells does not list")
    if not isinstance(metadata, dict):
        raise InvalidInput("delta.metadata must be a JSON object")
    if not isinstance(minor, int) or isinstance(minor, bool) or minor < 5:
        raise InvalidInput("delta.nbformat_minor must be 5 or more: a delta names cells by their ids")
    if delta.get("nbformat", 4) != 4:
        raise InvalidInput("delta.nbformat must be 4")
    for cid, cell in changed.items():
        if cell.get("id", cid) != cid:
            raise InvalidInput(f"the cell given for {cid!r} has the id {cell.get('id')!r}")
    # One validation for all changed cells and the metadata: a notebook of just those.
    ordered = [{**changed[c], "id": c} for c in cells if c in changed]
    nb = _validated({"cells": ordered, "metadata": metadata, "nbformat": 4, "nbformat_minor": minor}, "delta")
    if not cells:
        return notebook_bytes(nb)
    texts = {cell["id"]: _cell_text(cell, minor) for cell in nb.cells}
    return DeltaPlan(base, cells, texts, _tail_text(nb.metadata, minor))
