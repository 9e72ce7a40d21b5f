"""Content-addressed pieces in S3: `objects/ab/cdef...`, the same names as on a local disk.

A piece is created with `If-None-Match: *`: a 412 answer means it is there already (another file,
another server), which is the deduplication, with no read before the write. Pieces this process wrote
or was told exist are remembered (`known`), so a checkpoint that changed one cell of a big notebook
sends only that cell's new pieces, not a request per unchanged one. That is safe because pieces are
immutable, and forgotten whenever a collection ran (collect.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError

from ...objects import checked
from .client import is_missing_key, status_of, unavailable

_DIGEST = re.compile(r"[0-9a-f]{64}")
_KNOWN_LIMIT = 1_000_000
# Requests in flight per operation: a notebook is hundreds of pieces, and each request waits on the
# network far longer than on the CPU.
PARALLEL = 16


class S3Objects:
    parallel_reads = PARALLEL  # each read waits on the network far longer than on the hashing

    def __init__(self, client, bucket: str, prefix: str, where: str):
        self.client, self.bucket, self.prefix, self.where = client, bucket, prefix, where
        self.on_write: Callable[[int], None] | None = None
        self.known: set[str] = set()
        # Sizes of pieces met (written, found present, read): immutable, so never stale (figures.py).
        self.sizes: dict[str, int] = {}

    def key(self, digest: str) -> str:
        # Digests come from manifests: anything but a sha256 hex digest could name another object.
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise ValueError(f"not a content digest: {digest!r}")
        return f"{self.prefix}objects/{digest[:2]}/{digest[2:]}"

    def _remember(self, digest: str, size: int | None = None) -> None:
        if len(self.known) >= _KNOWN_LIMIT:
            self.known.clear()
        self.known.add(digest)
        if size is not None:
            if len(self.sizes) >= _KNOWN_LIMIT:
                self.sizes.clear()
            self.sizes[digest] = size

    def put(self, data: bytes | memoryview, digest: str | None = None, count: bool = True) -> tuple[str, int]:
        """As ObjectStore.put: (digest, bytes written, 0 when the piece was there already)."""
        digest = digest or hashlib.sha256(data).hexdigest()
        key = self.key(digest)
        if digest in self.known:
            return digest, 0
        try:
            self.client.put_object(Bucket=self.bucket, Key=key, Body=bytes(data), IfNoneMatch="*")
        except ClientError as e:
            # 409: a concurrent conditional write of the same piece is in flight; it holds the same bytes.
            if status_of(e) not in (409, 412):
                raise unavailable(self.where, e) from e
            self._remember(digest, len(data))
            return digest, 0
        except BotoCoreError as e:
            raise unavailable(self.where, e) from e
        self._remember(digest, len(data))
        if count and self.on_write is not None:
            self.on_write(len(data))
        return digest, len(data)

    def put_many(self, pieces: Sequence[tuple[str, bytes | memoryview]]) -> int:
        """Put (digest, data) pieces in parallel; returns the bytes newly written."""
        todo = [(d, data) for d, data in pieces if d not in self.known]
        if len(todo) <= 1:
            return sum(self.put(data, d)[1] for d, data in todo)
        with ThreadPoolExecutor(min(PARALLEL, len(todo))) as pool:
            # count=False: `on_write` is told here, in the caller's thread (usage.py keeps per-thread counts).
            sizes = list(pool.map(lambda p: self.put(p[1], p[0], count=False)[1], todo))
        if self.on_write is not None:
            for n in sizes:
                if n:
                    self.on_write(n)
        return sum(sizes)

    def get_many(self, digests: Sequence[str]) -> list[bytes]:
        if len(digests) <= 1:
            return [self.get(d) for d in digests]
        with ThreadPoolExecutor(min(PARALLEL, len(digests))) as pool:
            return list(pool.map(self.get, digests))

    def get(self, digest: str) -> bytes:
        try:
            data = self.client.get_object(Bucket=self.bucket, Key=self.key(digest))["Body"].read()
        except ClientError as e:
            if is_missing_key(e):
                raise FileNotFoundError(digest) from e  # the store reports a missing or damaged checkpoint
            raise unavailable(self.where, e) from e
        except BotoCoreError as e:
            raise unavailable(self.where, e) from e
        data = checked(digest, data)  # as on a local disk (store/objects.py): a damaged piece is refused
        self._remember(digest, len(data))
        return data

    def read_start(self, digest: str, n: int) -> bytes:
        """As ObjectStore.read_start: one ranged GET."""
        try:
            body = self.client.get_object(Bucket=self.bucket, Key=self.key(digest), Range=f"bytes=0-{max(n, 1) - 1}")
            return body["Body"].read()[:n]
        except ClientError as e:
            if is_missing_key(e):
                raise FileNotFoundError(digest) from e
            raise unavailable(self.where, e) from e
        except BotoCoreError as e:
            raise unavailable(self.where, e) from e

    def touch(self, digest: str) -> None:
        """As ObjectStore.touch: FileNotFoundError when the piece is not there. Nothing to refresh: a
        collection here is announced and waits for creates in flight (collect.py)."""
        if digest in self.known:
            return
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.key(digest))
        except ClientError as e:
            if is_missing_key(e) or status_of(e) == 404:
                raise FileNotFoundError(digest) from e
            raise unavailable(self.where, e) from e
        except BotoCoreError as e:
            raise unavailable(self.where, e) from e
        self._remember(digest, head.get("ContentLength"))

    blob_folder = None  # a kernel cannot read the bucket: every variable is pickled again

    def _present(self, digest: str) -> bool:
        try:
            self.touch(digest)
            return True
        except FileNotFoundError:
            return False

    def put_file(self, file: Path) -> tuple[str, int]:
        """(digest, bytes written: 0 when the bucket holds the piece) of a kernel's pickle file, hashed
        here and sent only when the bucket lacks it: a piece this server knows of costs no request, any
        other one a HEAD, never its bytes again. The file stays until the checkpoint names the piece
        (`put_back`), then the caller removes it."""
        with open(file, "rb") as f:  # streamed: a variable may be hundreds of MB
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        if self._present(digest):
            return digest, 0
        return self.put(Path(file).read_bytes(), digest)

    def put_back(self, pieces: dict) -> None:
        """Put back any of `pieces` (digest -> its file or bytes) that is gone: run under the history's
        lease and the collection guard, right before the record names them, so a piece a collection
        took since it was found present (an old, unreferenced one) is there again."""
        for digest, source in pieces.items():
            if not self._present(digest):
                self.put(source if isinstance(source, bytes) else Path(source).read_bytes(), digest)

    def file_of(self, digest: str, dest: Path) -> Path:
        """The piece's bytes, checked (`get`), written to `dest`. FileNotFoundError, DamagedPiece."""
        Path(dest).write_bytes(self.get(digest))
        return Path(dest)

    def sweep(self, referenced: set[str], grace_seconds: float) -> tuple[int, int]:
        """Collection on object storage must be announced first: the store calls `collect` (collect.py)."""
        raise NotImplementedError("S3Storage.collect")
