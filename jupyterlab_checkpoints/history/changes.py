"""What changed between two checkpoints: counts for the list entry and one strip character per cell.

Cells are matched by id when every cell of both checkpoints has a unique one (nbformat 4.5+), else by
content: a diff of the cell sequences (type + source), where a replaced run pairs its cells in order as
edits. Strip characters: a added, r removed, e edited (source or type), o outputs only (outputs,
execution count or the cell's metadata), u unchanged.
"""

from __future__ import annotations

import bisect
from collections import Counter
from difflib import SequenceMatcher

from .pieces import Cell, NotebookCells


def _ids(cells: tuple[Cell, ...]) -> list[str] | None:
    ids = [c.id for c in cells]
    if any(i is None for i in ids) or len(set(ids)) != len(ids):
        return None
    return ids  # type: ignore[return-value]


def align(old: tuple[Cell, ...], new: tuple[Cell, ...]) -> list[int | None]:
    """For each cell of `new`, the index of the same cell in `old`, or None for an added cell."""
    old_ids, new_ids = _ids(old), _ids(new)
    if old_ids is not None and new_ids is not None:
        where = {cid: i for i, cid in enumerate(old_ids)}
        return [where.get(cid) for cid in new_ids]
    keys = lambda cells: [(c.part.cell_type, c.part.source) for c in cells]  # noqa: E731
    matched: list[int | None] = [None] * len(new)
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys(old), keys(new), autojunk=False).get_opcodes():
        if tag in ("equal", "replace"):
            # A replaced run: its cells were edited in place, paired in order; the rest added/removed.
            for k in range(min(i2 - i1, j2 - j1)):
                matched[j1 + k] = i1 + k
    return matched


def change_of(old: Cell, new: Cell) -> str:
    if old.part.cell_type != new.part.cell_type or old.part.source != new.part.source:
        return "e"
    if (
        old.outputs != new.outputs
        or old.part.execution_count != new.part.execution_count
        or old.part.metadata_key != new.part.metadata_key
    ):
        return "o"
    return "u"


def _moved(matched: list[int | None]) -> int:
    """Kept cells out of their old order: those off the longest run that kept its order."""
    kept = [i for i in matched if i is not None]
    tails: list[int] = []
    for i in kept:
        k = bisect.bisect_left(tails, i)
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    return len(kept) - len(tails)


def strip_of(old: tuple[Cell, ...], new: tuple[Cell, ...], matched: list[int | None]) -> str:
    """One character per cell of `new`, with each removed cell placed after the cell that stood
    before it in `old` (or first, when nothing before it is kept)."""
    placed: list[tuple[int, int, int, str]] = []
    new_pos = {}
    for j, i in enumerate(matched):
        placed.append((j, 0, 0, "a" if i is None else change_of(old[i], new[j])))
        if i is not None:
            new_pos[i] = j
    anchor = -1
    for i in range(len(old)):
        if i in new_pos:
            anchor = new_pos[i]
        else:
            placed.append((anchor, 1, i, "r"))
    placed.sort()
    return "".join(p[3] for p in placed)


def notebook_summary(old: NotebookCells | None, new: NotebookCells) -> dict:
    """The change summary of `new` against `old` (None: `new` is the oldest entry)."""
    if old is None:
        n = len(new.cells)
        return {
            "kind": "notebook", "first": True, "cells": n, "added": n, "removed": 0, "edited": 0,
            "outputs": 0, "moved": 0, "metadata": False, "strip": "a" * n,
        }  # fmt: skip
    matched = align(old.cells, new.cells)
    strip = strip_of(old.cells, new.cells, matched)
    counts = Counter(strip)
    return {
        "kind": "notebook",
        "first": False,
        "cells": len(new.cells),
        "added": counts["a"],
        "removed": counts["r"],
        "edited": counts["e"],
        "outputs": counts["o"],
        "moved": _moved(matched),
        "metadata": old.metadata_key != new.metadata_key,
        "strip": strip,
    }


def text_summary(old: str | None, new: str) -> dict:
    """Lines added and removed: the lines outside the common start and end, counted as multisets (a
    line moved within the changed region counts as neither; linear, whatever the file's size)."""
    if old is None:
        lines = new.splitlines()
        return {"kind": "text", "first": True, "added_lines": len(lines), "removed_lines": 0}
    a, b = old.splitlines(), new.splitlines()
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    ca, cb = Counter(a[start : len(a) - end]), Counter(b[start : len(b) - end])
    return {
        "kind": "text",
        "first": False,
        "added_lines": sum((cb - ca).values()),
        "removed_lines": sum((ca - cb).values()),
    }
