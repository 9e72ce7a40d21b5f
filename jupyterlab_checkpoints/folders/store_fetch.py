"""Reading many recorded files back (a whole-folder restore, a new folder, the .zip), a batch at a time.

One file after another costs a round trip per piece on object storage: 200 files are 450 requests in
a row. Here the pieces of a batch of files go in two `get_many` calls (parallel on object storage):
first each file's blob or notebook piece list, then the notebooks' pieces. A batch holds files up to
BATCH_BYTES together (always at least one), so a folder of large files is never held whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from ..store.objects import ObjectStore
from ..store.snapshot import CHUNKED

BATCH_BYTES = 32 * 1024 * 1024


def _first(content: dict) -> str:
    """The object to fetch first: a file's blob, or a notebook's piece list."""
    return content["index"] if content.get("type") == CHUNKED else content["blob"]


def _piece_list(data: bytes) -> list[str]:
    return [data[i : i + 32].hex() for i in range(0, len(data), 32)]  # 32-byte digests (snapshot.py)


def _fetch(objects: ObjectStore, batch: list[dict]) -> Iterator[tuple[dict, bytes | None]]:
    files = [e for e in batch if e["type"] == "file"]
    wanted = list(dict.fromkeys(_first(e["content"]) for e in files))
    got = dict(zip(wanted, objects.get_many(wanted), strict=True))
    lists = {
        _first(e["content"]): _piece_list(got[_first(e["content"])])
        for e in files
        if e["content"].get("type") == CHUNKED
    }
    pieces = list(dict.fromkeys(d for digests in lists.values() for d in digests if d not in got))
    got.update(zip(pieces, objects.get_many(pieces), strict=True))
    for e in batch:
        if e["type"] != "file":
            yield e, None
        elif e["content"].get("type") == CHUNKED:
            yield e, b"".join(got[d] for d in lists[e["content"]["index"]])
        else:
            yield e, got[e["content"]["blob"]]


def files_bytes(
    objects: ObjectStore, entries: Iterable[dict], batch_bytes: int = BATCH_BYTES
) -> Iterator[tuple[dict, bytes | None]]:
    """Each entry with its file's bytes (None for a link), in order. A missing piece raises
    FileNotFoundError, as `objects.get` does."""
    batch, size = [], 0
    for e in entries:
        batch.append(e)
        size += e.get("size", 0)
        if size >= batch_bytes:
            yield from _fetch(objects, batch)
            batch, size = [], 0
    if batch:
        yield from _fetch(objects, batch)
