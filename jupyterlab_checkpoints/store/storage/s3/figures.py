"""One file's disk figures on object storage, kept in its index object.

The figure has the local meaning (storage/local/usage.py `history_figure`): the bytes of the distinct pieces its
checkpoints refer to (a piece shared with other files counts in each) plus its index object, and the
number of those pieces. Reading it costs nothing more than the one GET of the index the panel makes
anyway; no LIST, no request per piece.

It is computed whenever the index is written (under the history's lease, so it always describes the
manifests beside it) and stored there as `{"figures": {"piece_bytes", "objects"}}`; the index's own
bytes are added when it is read. Pieces are immutable, so what a piece refers to and its size never
change: both are remembered by this process (`refs_of` results by content, sizes from the pieces it
wrote or read), and only the pieces it has not met cost a request (HEAD, in parallel). A figure that
cannot be had within half the lease is left out rather than delay the change. An index written
without one (that way, or by a version without figures) reads as null until the file's next change.

`Figures` is the part of S3Storage that measures (`S3Storage.measure`); it is given the client, the
bucket and the pieces' store (for their keys and the sizes it already knows).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from ...manifest import Manifest
from .client import status_of
from .objects import PARALLEL

_CACHE_LIMIT = 100_000


class Figures:
    def __init__(self, client, bucket: str, objects):
        self.client, self.bucket, self.objects = client, bucket, objects
        # Set by the store (`maintenance.refs_of`): every piece a manifest refers to (content, what is kept with it).
        self.refs_of: Callable[[Manifest], Iterable[str]] | None = None
        self._refs: dict | None = None

    def _manifest_refs(self, m: Manifest) -> list[str]:
        if self._refs is None or len(self._refs) >= _CACHE_LIMIT:
            self._refs = {}
        key = orjson.dumps([m.content, m.extra], option=orjson.OPT_SORT_KEYS)
        if key not in self._refs:
            self._refs[key] = list(self.refs_of(m))
        return self._refs[key]

    def _size(self, digest: str) -> int | None:
        try:
            size = self.client.head_object(Bucket=self.bucket, Key=self.objects.key(digest))["ContentLength"]
        except ClientError as e:
            if status_of(e) == 404:
                return None  # a missing piece takes no room (as a missing file on disk)
            raise
        self.objects.sizes[digest] = size
        return size

    def figures_of(self, manifests: list[Manifest], deadline: float) -> dict | None:
        """{"piece_bytes", "objects"} of these manifests, or None when they cannot be measured now or
        before `deadline` (monotonic): the change they describe must be written within its lease, and
        matters more than its figure."""
        if self.refs_of is None:
            return None
        try:
            digests: set[str] = set()
            for m in manifests:
                if time.monotonic() > deadline:
                    return None
                with contextlib.suppress(FileNotFoundError, ValueError, KeyError, TypeError):
                    digests.update(self._manifest_refs(m))  # a broken checkpoint refers to nothing
            sizes = self.objects.sizes
            unknown = [d for d in digests if d not in sizes]
            if unknown and time.monotonic() < deadline:
                with ThreadPoolExecutor(min(PARALLEL, len(unknown))) as pool:
                    list(pool.map(self._size, unknown))
            if time.monotonic() > deadline:
                return None
            found = [sizes[d] for d in digests if d in sizes]
        except (BotoCoreError, ClientError, OSError):
            return None  # the figures are left out; the change itself goes on
        return {"piece_bytes": sum(found), "objects": len(found)}

    @staticmethod
    def read_figures(raw: dict, index_bytes: int) -> dict:
        """{"bytes", "objects"} of a history from its index object as read (null when it has none)."""
        f = raw.get("figures") if isinstance(raw, dict) else None
        if (
            not isinstance(f, dict)
            or not isinstance(f.get("piece_bytes"), int)
            or not isinstance(f.get("objects"), int)
        ):
            return {"bytes": None, "objects": None}
        return {"bytes": f["piece_bytes"] + index_bytes, "objects": f["objects"]}
