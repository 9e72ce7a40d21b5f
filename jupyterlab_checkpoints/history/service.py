"""The readable-history answers for one file, run in a worker thread (StoreCheckpoints.call)."""

from __future__ import annotations

from .cache import LRU
from .cells import cell_history, deleted_cells
from .changes import notebook_summary, text_summary
from .entries import UNREADABLE, Entry
from .search import search

# Summaries by the content keys of the pair (older, newer): both name immutable content, so a cached
# summary is right for as long as it is kept; a warm list of 20 entries is 20 look-ups.
_SUMMARIES: LRU[dict] = LRU(8 * 1024 * 1024, weigh=lambda s: 600 + len(s.get("strip", "")))


def _summary(older: Entry | None, newer: Entry) -> dict | None:
    if older is not None and older.notebook != newer.notebook:
        return None  # a file that changed kind (renamed over another): nothing meaningful to compare
    key = (older.key if older is not None else None, newer.key)
    hit = _SUMMARIES.get(key)
    if hit is not None:
        return hit
    try:
        if newer.notebook:
            summary = notebook_summary(older.cells() if older is not None else None, newer.cells())
        else:
            summary = text_summary(older.text() if older is not None else None, newer.text())
    except UNREADABLE:
        return None
    return _SUMMARIES.put(key, summary)


def summaries(entries: list[Entry]) -> dict:
    """Each entry against the one just older than it (entries oldest first)."""
    out = {}
    for i, entry in enumerate(entries):
        summary = _summary(entries[i - 1] if i else None, entry)
        # Copies: callers may change what they return, never what is cached.
        out[entry.id] = dict(summary) if summary is not None else None
    return {"summaries": out}


__all__ = ["cell_history", "deleted_cells", "search", "summaries"]
