"""Splitting a file into content-addressed pieces and joining them back.

A notebook's bytes are cut where nbformat's layout (indent 1) starts a cell, starts an output, ends a
cell's outputs and ends the cell list, so each cell's source part, each output and the notebook metadata become separate
objects: a checkpoint that changed one cell writes about that cell, and editing a cell's source does
not write its outputs again. JSON strings never hold a raw newline, so these byte patterns only occur
as structure. Joining the pieces gives back the exact bytes, whatever the layout: a notebook written
differently is still stored and restored exactly, only with coarser pieces. Cutting needs no JSON
parsing, which for a 50 MB notebook costs more than reading and hashing it; JSON is parsed only when a
checkpoint's content is asked for. Other files are stored whole.
"""

from __future__ import annotations

import hashlib
import re

import orjson

from .objects import ObjectStore
from .recent import RECENT

CHUNKED = "chunked"
FILE = "file"
# A folder checkpoint's content: an index object (JSON) listing runs of entries, each file's with a
# content of the two kinds above (folders/index.py), so pieces are shared with file checkpoints.
FOLDER = "folder"

# Before: a cell ("  {"), an output ("    {"), the end of a cell's outputs ("   ],", so the "source"
# that sorts after "outputs" gets a piece of its own), the end of the cell list (" ],").
_CUTS = re.compile(rb"\n(?:  |    )\{\n|\n(?: |   )\],\n")


# A notebook in another layout (minified, written by other tools) yields almost no such cuts; it is then
# cut after each "}," that is followed by "{", which in compact JSON is where two cells or two outputs
# meet. A cut inside a string is harmless: the pieces still join back to the exact bytes.
_FALLBACK_CUTS = re.compile(rb"\}\s*,\s*(?=\{)")
_FALLBACK_MIN_BYTES = 64 * 1024


_CUT_PATTERNS = (b"\n  {\n", b"\n    {\n", b"\n ],\n", b"\n   ],\n")  # what _CUTS matches


def cut_starts(raw: bytes) -> list[int]:
    """Where _CUTS matches in `raw` (the same list as `finditer`). Notebooks are mostly a few very long
    lines (images, large outputs): going from newline to newline (`find`, at memchr speed) is several
    times faster than the regex there; where lines turn out short, the regex does the rest."""
    out: list[int] = []
    find, at = raw.find, raw.startswith
    i, seen = find(b"\n"), 0
    while i >= 0:
        seen += 1
        if seen > 1024 and i < seen * 2048:
            out.extend(m.start() for m in _CUTS.finditer(raw, i))
            return out
        for pattern in _CUT_PATTERNS:
            if at(pattern, i):
                out.append(i)
                i += len(pattern) - 1  # as finditer, resume after the match
                break
        i = find(b"\n", i + 1)
    return out


def split_notebook(raw: bytes) -> list[memoryview]:
    """Consecutive slices of `raw` (views, not copies); their concatenation is `raw`."""
    view = memoryview(raw)
    starts = [0, *cut_starts(raw), len(raw)]
    if len(starts) < 5 and len(raw) >= _FALLBACK_MIN_BYTES:
        starts = [0, *(m.end() for m in _FALLBACK_CUTS.finditer(raw)), len(raw)]
    return [view[a:b] for a, b in zip(starts, starts[1:], strict=False) if b > a]


class Planned:
    """A content's index for a manifest and the pieces it needs, hashed but not yet written. With
    `recent` (a key of recent.RECENT: the store and the file), pieces equal to those of the file's
    previous content take their digests without hashing, and this content becomes the previous one.
    `pieces`: the content's (digest, bytes) pieces, already known (recent.RecentContents.same_file)."""

    def __init__(self, raw: bytes | None, is_notebook_path: bool, recent: tuple | None = None, pieces=None):
        if pieces is None and recent:
            pieces = RECENT.same(recent, raw)
        if pieces is None:
            views = split_notebook(raw) if is_notebook_path else [memoryview(raw)]
            known = RECENT.known(recent, raw, views) if recent else [None] * len(views)
            pieces = [(d or hashlib.sha256(p).hexdigest(), p) for d, p in zip(known, views, strict=True)]
        self.pieces = pieces
        self._recent = (recent, list(pieces)) if recent else None
        if not is_notebook_path:
            self.content = {"type": FILE, "blob": self.pieces[0][0]}
            return
        # The piece list is an object too (binary digests, 32 bytes a piece), so a manifest stays small
        # however big the notebook.
        index = b"".join(bytes.fromhex(d) for d, _ in self.pieces)
        index_digest = hashlib.sha256(index).hexdigest()
        self.pieces.append((index_digest, memoryview(index)))
        self.content = {"type": CHUNKED, "index": index_digest}

    def write(self, objects: ObjectStore) -> int:
        """Write the pieces (those already stored cost nothing); returns the bytes newly written."""
        written = objects.put_many(self.pieces)
        if self._recent is not None:
            RECENT.remember(*self._recent)
        return written


def recent_key(objects: ObjectStore, path: str, is_notebook_path: bool) -> tuple:
    """Which file's previous content (recent.py) a content of `path` is compared with."""
    # The store's folder, or its bucket and prefix on object storage: one process may open several stores.
    where = getattr(objects, "root", None) or getattr(objects, "where", "")
    return (str(where), path, is_notebook_path)


def store_content(objects: ObjectStore, raw, is_notebook_path: bool, path: str | None = None) -> tuple[dict, int]:
    """Write the pieces of `raw` (of file `path`); returns (the index to keep in the manifest, bytes newly
    written). `raw` may also be content planned elsewhere (compose.Composed), whose index is known once
    written."""
    if isinstance(raw, bytes | bytearray | memoryview):
        raw = Planned(raw, is_notebook_path, recent_key(objects, path, is_notebook_path) if path else None)
    written = raw.write(objects)
    return raw.content, written


def _pieces(objects: ObjectStore, index: str) -> list[str]:
    data = objects.get(index)
    return [data[i : i + 32].hex() for i in range(0, len(data), 32)]


def referenced_objects(objects: ObjectStore, content: dict) -> list[str]:
    if content.get("type") == CHUNKED:
        return [content["index"], *_pieces(objects, content["index"])]
    if content.get("type") == FOLDER:
        # The runs, then the notebooks' piece lists, each in one get_many: a collection reads every
        # checkpoint's references while creates wait for it, so on object storage they go in parallel.
        runs = orjson.loads(objects.get(content["index"]))["runs"]
        refs = [content["index"], *runs]
        files = [
            e["content"] for data in objects.get_many(runs) for e in orjson.loads(data)["entries"] if "content" in e
        ]
        indexes = list(dict.fromkeys(c["index"] for c in files if c.get("type") == CHUNKED))
        refs.extend(c["blob"] for c in files if c.get("type") != CHUNKED)
        refs.extend(indexes)
        for data in objects.get_many(indexes):
            refs.extend(data[i : i + 32].hex() for i in range(0, len(data), 32))
        return refs
    return [content["blob"]]


def content_pieces(objects: ObjectStore, content: dict) -> list[str]:
    """The digests of a file or notebook content's pieces, in order."""
    return _pieces(objects, content["index"]) if content.get("type") == CHUNKED else [content["blob"]]


class Joined:
    """A stored content as its pieces, joined only when asked (`bytes(content)`): a restore writes the
    file piece by piece (atomic.write_all) instead of first copying 50 MB into one buffer."""

    def __init__(self, pieces: list[tuple[str, bytes | memoryview]]):
        self.pieces = pieces
        self._size = sum(len(data) for _, data in pieces)
        self._joined: bytes | None = None

    def __len__(self) -> int:
        return self._size

    def __bytes__(self) -> bytes:
        if self._joined is None:
            self._joined = b"".join(data for _, data in self.pieces)
        return self._joined

    def chunks(self) -> list[bytes | memoryview]:
        return [data for _, data in self.pieces]


def load_bytes(objects: ObjectStore, content: dict) -> bytes:
    digests = content_pieces(objects, content)
    return b"".join(objects.get_many(digests))


def is_notebook_content(content: dict) -> bool:
    return content.get("type") == CHUNKED
