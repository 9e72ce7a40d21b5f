"""Content-addressed blobs: each distinct piece of content is written once, named by its sha256.

Every read of a whole piece checks its sha256 (`checked`, here and in storage/s3/objects.py: the one
place every read that serves a checkpoint goes through), as git and restic do: a piece truncated or
overwritten on disk raises `DamagedPiece` (409, reason `damaged`) instead of being restored into a
user's file. The store names the checkpoint it was reading (`naming`) and remembers it, so the list
marks it damaged (`found_damaged`). `read_start` (the first bytes of an output, to recognise its kind)
serves no content and is not checked.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path

from .atomic import write_atomic
from .errors import Conflict

_DIGEST = re.compile(r"[0-9a-f]{64}")
_FOUND_LIMIT = 100_000


class DamagedPiece(Conflict):
    """A stored piece whose bytes no longer match its digest; nothing was written."""

    reason = "damaged"

    def __init__(self, digest: str, checkpoint: str | None = None):
        self.digest, self.checkpoint = digest, checkpoint
        what = f"checkpoint {checkpoint}" if checkpoint else "a checkpoint this reads"
        super().__init__(
            f"{what} is damaged: its stored piece {digest} no longer matches its digest (a disk or a "
            "program changed it), so it cannot be read or restored; nothing was written"
        )


class DamagedRecord(Conflict):
    """A checkpoint whose record no longer parses (manifest.list_records): listed, never read."""

    reason = "damaged"

    def __init__(self, checkpoint: str):
        self.checkpoint = checkpoint
        super().__init__(
            f"checkpoint {checkpoint} is damaged: its record no longer parses, so it cannot be read or "
            "restored (it can be deleted); nothing was written"
        )


class DamagedIndex(DamagedRecord):
    """A history's index object (object storage) that no longer parses: nothing in it can be listed,
    so nothing is written over it."""

    def __init__(self, name: str):
        self.checkpoint = "damaged-index"
        Conflict.__init__(
            self,
            f"the checkpoint index {name} is damaged: it no longer parses, so this file's checkpoints cannot "
            "be listed or changed and nothing was written; `jupyter checkpoints verify` names it, and deleting "
            "its entry `damaged-index` removes it",
        )


# Ids of the checkpoints found damaged by this process (listed with `damaged: true`).
_found: set[str] = set()
_found_lock = threading.Lock()


def found_damaged(checkpoint_id: str) -> bool:
    return checkpoint_id in _found


@contextlib.contextmanager
def naming(checkpoint_id: str):
    """Reads of checkpoint `checkpoint_id`'s pieces: a damaged one raises naming that checkpoint."""
    try:
        yield
    except DamagedPiece as e:
        with _found_lock:
            if len(_found) >= _FOUND_LIMIT:
                _found.clear()
            _found.add(checkpoint_id)
        if e.checkpoint is not None:
            raise
        raise DamagedPiece(e.digest, checkpoint_id) from e


def checked(digest: str, data: bytes) -> bytes:
    """`data`, read as piece `digest`, when its sha256 says it is that piece; else DamagedPiece."""
    if hashlib.sha256(data).hexdigest() != digest:
        raise DamagedPiece(digest)
    return data


class ObjectStore:
    # Pieces a whole-store check reads at a time (inventory.py): a local disk gains nothing from more.
    parallel_reads = 1

    def __init__(self, root: Path, tmp: Path, fsync: bool, on_write: Callable[[int], None] | None = None):
        self.root = root
        self.tmp = tmp
        self.fsync = fsync
        # Told the size of every object written (the store's running total, storage/local/usage.py).
        self.on_write = on_write

    def path(self, digest: str) -> Path:
        # Digests come from manifests on disk: anything but a sha256 hex digest could name another file.
        if not isinstance(digest, str) or not _DIGEST.fullmatch(digest):
            raise ValueError(f"not a content digest: {digest!r}")
        return self.root / digest[:2] / digest[2:]

    def put(self, data: bytes | memoryview, digest: str | None = None, count: bool = True) -> tuple[str, int]:
        """Store `data` (whose sha256 is `digest` when the caller computed it already); returns
        (digest, bytes written: 0 when it was already there). `count=False`: the caller tells
        `on_write` itself (a put from a helper thread, whose count would stay in that thread)."""
        digest = digest or hashlib.sha256(data).hexdigest()
        target = self.path(digest)
        try:
            # Refresh the time so a concurrent garbage collection (which spares recent objects) keeps it.
            os.utime(target)
            return digest, 0
        except FileNotFoundError:
            pass
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, data, self.tmp, self.fsync)
        if count and self.on_write is not None:
            self.on_write(len(data))
        return digest, len(data)

    def touch(self, digest: str) -> None:
        """Mark a stored piece as just used, so a concurrent collection (which spares recent objects)
        keeps it; FileNotFoundError when it is not there."""
        os.utime(self.path(digest))

    def put_many(self, pieces) -> int:
        """Put (digest, data) pieces; returns the bytes newly written. (Object storage sends them in
        parallel; a local disk gains nothing from it.)"""
        return sum(self.put(data, digest)[1] for digest, data in pieces)

    def get_many(self, digests) -> list[bytes]:
        """The pieces' bytes, in order (object storage fetches them in parallel)."""
        return [self.get(d) for d in digests]

    def read_start(self, digest: str, n: int) -> bytes:
        """The first `n` bytes of a piece (recognising an output needs no more than its start)."""
        with open(self.path(digest), "rb") as f:
            return f.read(n)

    def get(self, digest: str) -> bytes:
        return checked(digest, self.path(digest).read_bytes())

    def sweep(self, referenced: set[str], grace_seconds: float) -> tuple[int, int]:
        """Delete objects nobody references and nobody touched for `grace_seconds`."""
        removed = freed = 0
        cutoff = time.time() - grace_seconds
        if not self.root.exists():
            return 0, 0
        for sub in self.root.iterdir():
            for obj in sub.iterdir():
                digest = sub.name + obj.name
                if digest in referenced:
                    continue
                try:
                    st = obj.stat()
                    if st.st_mtime < cutoff:
                        obj.unlink()
                        removed += 1
                        freed += st.st_size
                except FileNotFoundError:
                    continue
        return removed, freed

    @property
    def blob_folder(self) -> Path:
        """Where a kernel may find the piece of an unchanged array itself (variables/kernel_code.py)."""
        return self.root

    def put_back(self, pieces: dict) -> None:
        """Nothing to do on a local disk: a create holds gc.lock and a collection spares what was touched
        within its grace period (see S3Objects.put_back)."""

    def file_of(self, digest: str, dest: Path) -> Path:
        """A file holding the piece's bytes, checked against its digest (streamed: a kernel variable may
        be hundreds of MB): the store's own file, read in place. FileNotFoundError, DamagedPiece."""
        file = self.path(digest)
        with open(file, "rb") as f:
            if hashlib.file_digest(f, "sha256").hexdigest() != digest:
                raise DamagedPiece(digest)
        return file

    def put_file(self, file: Path) -> tuple[str, int]:
        """Move `file` (in the tmp folder, so on the same disk) into the store under its sha256, without
        copying it; returns (digest, bytes added: 0 when that content was stored already)."""
        with open(file, "rb") as f:
            digest = hashlib.file_digest(f, "sha256").hexdigest()
        target = self.path(digest)
        try:
            os.utime(target)  # as in put(): a concurrent collection spares what was just used
            os.unlink(file)
            return digest, 0
        except FileNotFoundError:
            pass
        size = os.stat(file).st_size
        target.parent.mkdir(parents=True, exist_ok=True)
        if self.fsync:
            fd = os.open(file, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.chmod(file, 0o600)  # as mkstemp makes every other object
        os.replace(file, target)
        if self.fsync:
            dir_fd = os.open(target.parent, os.O_RDONLY)
            try:
                os.fsync(dir_fd)
            finally:
                os.close(dir_fd)
        if self.on_write is not None:
            self.on_write(size)
        return digest, size
