"""The last content stored for each file, so that the next checkpoint of it hashes only what changed.

JupyterLab makes a checkpoint after every save, and a save of a large notebook usually changes one cell:
hashing every piece again is most of a create's cost (sha256 runs at 1-2 GB/s). Comparing bytes runs
at memory speed (about 10x faster), so a piece whose bytes equal a piece of the file's previous content
takes that piece's digest without hashing. The comparison is exact, so a digest is never taken for
other bytes: a stale or wrong entry can only cost a hash, never give a wrong one.

Kept in memory only (the bytes a create read anyway), at most `BUDGET` bytes in all, least recently
used first out; a content larger than a quarter of the budget is not kept.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

BUDGET = 512 * 1024 * 1024
_SAMPLE = 16


def _key(view: bytes | memoryview) -> tuple[int, bytes]:
    # Length and a few bytes from the middle: pieces of equal length (outputs of one kind) rarely share them.
    mid = len(view) // 2
    return len(view), bytes(view[mid : mid + _SAMPLE])


@dataclass
class _Entry:
    raw: bytes
    digests: list[str]
    by_key: dict[tuple[int, bytes], list[tuple[int, str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, raw: bytes, pieces: Sequence[tuple[str, bytes | memoryview]]) -> _Entry:
        entry = cls(raw, [d for d, _ in pieces])
        offset = 0
        for digest, view in pieces:
            entry.by_key.setdefault(_key(view), []).append((offset, digest))
            offset += len(view)
        return entry

    def digests_of(self, raw: bytes, views: Sequence[memoryview]) -> list[str | None]:
        if raw == self.raw and len(views) == len(self.digests):  # unchanged: the common save
            return list(self.digests)
        out: list[str | None] = []
        for view in views:
            found = None
            for offset, digest in self.by_key.get(_key(view), ()):
                if self.raw.startswith(view, offset):  # memcmp of the piece's bytes
                    found = digest
                    break
            out.append(found)
        return out


class RecentContents:
    def __init__(self, budget: int = BUDGET):
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def known(self, key: tuple[str, str], raw: bytes, views: Sequence[memoryview]) -> list[str | None]:
        """For each piece of `raw`, its digest when the previous content of `key` held the same bytes."""
        with self._lock:
            entry = self._entries.get(key)
        if entry is None or not isinstance(raw, bytes):
            return [None] * len(views)
        return entry.digests_of(raw, views)

    def remember(self, key: tuple[str, str], raw, pieces: Sequence[tuple[str, bytes | memoryview]]) -> None:
        # Only immutable bytes: a buffer changed later would make the comparison meaningless.
        if not isinstance(raw, bytes) or len(raw) > self.budget // 4:
            return
        entry = _Entry.of(raw, pieces)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= len(old.raw)
            self._entries[key] = entry
            self.size += len(raw)
            while self.size > self.budget:
                _, dropped = self._entries.popitem(last=False)
                self.size -= len(dropped.raw)


RECENT = RecentContents()
