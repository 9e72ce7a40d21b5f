"""One cell's versions across a file's checkpoints, and the cells that are gone from the file."""

from __future__ import annotations

from ..store.errors import NotFound
from .changes import align
from .entries import UNREADABLE, Entry
from .pieces import Cell, NotebookCells, cell_dict, cell_ids


def _readable(entries: list[Entry]) -> list[tuple[Entry, NotebookCells]]:
    """Notebook entries whose cells can be read, newest first."""
    out = []
    for entry in reversed(entries):
        if not entry.notebook:
            continue
        try:
            out.append((entry, entry.cells()))
        except UNREADABLE:
            continue
    return out


def _by_id(entries, cell_id: str):
    for entry, nb in entries:
        cell = next((c for c in nb.cells if c.id == cell_id), None)
        if cell is not None:
            yield entry, nb, cell


def _by_content(entries, index: int):
    """Follows the cell at `index` of the newest checkpoint back while each older one holds it."""
    if not entries or index >= len(entries[0][1].cells):
        return
    newer = entries[0][1]
    yield entries[0][0], newer, newer.cells[index]
    for entry, older in entries[1:]:
        matched = align(older.cells, newer.cells)
        if matched[index] is None:
            return
        index, newer = matched[index], older
        yield entry, older, older.cells[index]


def cell_history(entries: list[Entry], cell_id: str | None, index: int | None) -> dict:
    """Every distinct version (type, source, outputs) of one cell, newest first."""
    readable = _readable(entries)
    found = list(_by_id(readable, cell_id) if cell_id is not None else _by_content(readable, index or 0))
    if not found:
        what = f"cell {cell_id!r}" if cell_id is not None else f"cell {index}"
        raise NotFound(f"no checkpoint holds {what}")
    versions: dict[tuple, dict] = {}
    for entry, nb, cell in found:
        v = versions.get(cell.version)
        if v is None:
            # The newest checkpoint holding a version gives its cell (outputs read only for these).
            versions[cell.version] = {
                "checkpoint": entry.ref,
                # Entries come newest first: the last one holding the version is where it appeared.
                "first": entry.ref,
                "checkpoints": [entry.id],
                "cell": _dict(entry, nb, cell),
            }
        else:
            v["checkpoints"].append(entry.id)
            v["first"] = entry.ref
    return {"cell": cell_id if cell_id is not None else found[0][2].id, "versions": list(versions.values())}


def _dict(entry: Entry, nb: NotebookCells, cell: Cell) -> dict:
    try:
        return cell_dict(entry.objects, nb, cell)
    except UNREADABLE as e:
        raise NotFound(f"the content of checkpoint {entry.id!r} is missing or damaged") from e


def current_ids(raw: bytes | None) -> set[str]:
    """Cell ids of the notebook as saved now (none when it is not a notebook)."""
    if raw is None:
        return set()
    try:
        return cell_ids(raw)
    except UNREADABLE:
        return set()


def _neighbour(cells: tuple[Cell, ...], start: int, step: int, alive: set[str]) -> str | None:
    i = start + step
    while 0 <= i < len(cells):
        if cells[i].id in alive:
            return cells[i].id
        i += step
    return None


def deleted_cells(entries: list[Entry], current_raw: bytes | None) -> dict:
    """Cells (by id) some checkpoint holds and the file does not: the newest version of each, with
    where it stood (the nearest cells around it that still exist), newest first."""
    alive = current_ids(current_raw)
    seen: set[str] = set()
    out = []
    for entry, nb in _readable(entries):
        for i, cell in enumerate(nb.cells):
            if cell.id is None or cell.id in alive or cell.id in seen:
                continue
            try:
                data = cell_dict(entry.objects, nb, cell)
            except UNREADABLE:
                continue  # a damaged piece: an older checkpoint may hold the cell whole
            seen.add(cell.id)
            out.append(
                {
                    "cell": data,
                    "checkpoint": entry.ref,
                    "index": i,
                    "after": _neighbour(nb.cells, i, -1, alive),
                    "before": _neighbour(nb.cells, i, 1, alive),
                }
            )
    return {"cells": out}
