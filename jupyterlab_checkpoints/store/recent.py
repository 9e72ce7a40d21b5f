"""The last content stored or restored for each file, so that the next checkpoint of it hashes only what
changed.

JupyterLab makes a checkpoint after every save, and a save of a large notebook usually changes one cell:
hashing every piece again is most of a create's cost (sha256 runs at 1-2 GB/s). Comparing bytes runs
at memory speed (about 10x faster), so a piece whose bytes equal a piece of the file's previous content
takes that piece's digest without hashing, and content equal to the previous one is not even cut again.
The comparison is exact, so a digest is never taken for other bytes: a stale entry can only cost a
hash, never give a wrong one.

Kept in memory only (bytes a create read or a restore wrote anyway), at most `BUDGET` bytes in all,
least recently used first out; a content larger than a quarter of the budget is not kept.
"""

from __future__ import annotations

import bisect
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence

BUDGET = 512 * 1024 * 1024
_SAMPLE = 16
# Previous pieces of the same key compared with a piece before it is hashed (see `digests_of`).
_TRIES = 4
# A file compared with a previous content is read in blocks of this size into one reused buffer.
_BLOCK = 1024 * 1024

Pieces = Sequence[tuple[str, memoryview]]


def _key(view: memoryview) -> tuple[int, bytes]:
    # Length and a few bytes from the middle: pieces of equal length (outputs of one kind) rarely share them.
    mid = len(view) // 2
    return len(view), bytes(view[mid : mid + _SAMPLE])


class _Entry:
    """A file's previous content: (digest, bytes) pieces in order, never modified."""

    def __init__(self, pieces: Pieces):
        self.pieces = list(pieces)
        self.size = sum(len(v) for _, v in self.pieces)
        self.by_key: dict[tuple[int, bytes], list[int]] = {}
        for n, (_, view) in enumerate(self.pieces):
            self.by_key.setdefault(_key(view), []).append(n)

    def same(self, raw: bytes) -> bool:
        """Whether `raw` holds exactly this content (bytes.startswith compares with memcmp)."""
        if len(raw) != self.size:
            return False
        offset = 0
        for _, view in self.pieces:
            if not raw.startswith(view, offset):
                return False
            offset += len(view)
        return True

    def same_file(self, f) -> bool:
        """Whether the open binary file `f` holds exactly this content. Read block by block into one
        small buffer: reading 50 MB into a new bytes object costs about 4x more than comparing it,
        mostly in page faults on the fresh memory, and the caller needs no copy when it is equal."""
        if os.fstat(f.fileno()).st_size != self.size:
            return False
        buf = bytearray(_BLOCK)
        have = start = 0  # bytes in `buf`, and where its uncompared part begins
        for _, piece in self.pieces:
            at = 0
            while at < len(piece):
                if start == have:
                    have, start = f.readinto(buf), 0
                    if not have:
                        return False
                n = min(have - start, len(piece) - at)
                if not buf.startswith(piece[at : at + n], start):  # memcmp
                    return False
                start += n
                at += n
        return start == have and not f.read(1)  # and nothing follows (a file growing meanwhile)

    def digests_of(self, raw: bytes, views: Sequence[memoryview]) -> list[str | None]:
        """For each piece of `raw`, the digest of an equal previous piece, or None.

        Linear in the pieces: a content one cell away from the previous one holds its pieces in the
        same order, so each piece is first compared with the one after the previous match, then with
        at most `_TRIES` previous pieces of its key from that position on (a notebook of thousands of
        similar cells has thousands of pieces of one key: trying them all made a one-cell change of
        20,000 cells cost 25 times a first checkpoint). A piece not found here is only hashed."""
        out: list[str | None] = []
        offset = after = 0  # `after`: the previous piece following the last match
        pieces = self.pieces
        for view in views:
            found = None
            if after < len(pieces) and len(pieces[after][1]) == len(view) and raw.startswith(pieces[after][1], offset):
                found, after = pieces[after][0], after + 1
            else:
                candidates = self.by_key.get(_key(view), ())
                start = bisect.bisect_left(candidates, after)
                # From the expected position on, then the nearest ones before it (a moved cell).
                for n in (*candidates[start : start + _TRIES], *candidates[max(0, start - _TRIES) : start][::-1]):
                    digest, old = pieces[n]
                    if raw.startswith(old, offset):  # same length: equal bytes
                        found, after = digest, n + 1
                        break
            out.append(found)
            offset += len(view)
        return out


class RecentContents:
    def __init__(self, budget: int = BUDGET):
        self.budget = budget
        self.size = 0
        self._entries: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def _get(self, key: tuple[str, str]) -> _Entry | None:
        with self._lock:
            return self._entries.get(key)

    def same(self, key: tuple[str, str], raw: bytes) -> list[tuple[str, memoryview]] | None:
        """The previous content's pieces when `raw` is that content, else None."""
        entry = self._get(key)
        if entry is None or not isinstance(raw, bytes | bytearray) or not entry.same(raw):
            return None
        view = memoryview(raw)
        out, offset = [], 0
        for digest, old in entry.pieces:  # views of `raw`, which the caller holds
            out.append((digest, view[offset : offset + len(old)]))
            offset += len(old)
        return out

    def last(self, key: tuple[str, str]) -> list[tuple[str, memoryview]] | None:
        """The previous content's (digest, bytes) pieces, whatever the file holds now."""
        entry = self._get(key)
        return None if entry is None else list(entry.pieces)

    def same_file(self, key: tuple[str, str], f) -> list[tuple[str, memoryview]] | None:
        """The previous content's pieces (views of bytes this cache holds) when the open binary file `f`
        holds that content, else None; `f` is then read to its end or to the first difference."""
        entry = self._get(key)
        return list(entry.pieces) if entry is not None and entry.same_file(f) else None

    def known(self, key: tuple[str, str], raw: bytes, views: Sequence[memoryview]) -> list[str | None]:
        """For each piece of `raw`, its digest when the previous content of `key` held the same bytes."""
        entry = self._get(key)
        if entry is None or not isinstance(raw, bytes | bytearray):
            return [None] * len(views)
        return entry.digests_of(raw, views)

    def remember(self, key: tuple[str, str], pieces: Pieces) -> None:
        """`pieces` (digest, view) become the previous content of `key`. The views must be of bytes
        nobody changes (a create's read, a restore's pieces)."""
        entry = _Entry(pieces)
        if entry.size > self.budget // 4:
            self.forget(key)
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old.size
            self._entries[key] = entry
            self.size += entry.size
            while self.size > self.budget:
                _, dropped = self._entries.popitem(last=False)
                self.size -= dropped.size

    def forget(self, key: tuple[str, str]) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old.size


RECENT = RecentContents()
