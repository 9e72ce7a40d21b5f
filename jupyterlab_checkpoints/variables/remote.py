"""Kernel variables' blobs on object storage: moving the kernel's pickle files to the bucket.

Each pickle is hashed on the server and sent only when the bucket lacks it: a piece this server knows
of costs no request, any other one a HEAD, never its bytes again (a conditional PUT would send all of
them to learn it is there). The kernel's files stay until the checkpoint names the pieces: under that
file's lease and the collection guard, a piece a collection took since it was found present (an old,
unreferenced one) is put back from its file (`put_back`), so the snapshot neither fails nor names a
piece that is gone. The local store keeps its own path (variables/storage.py): pieces move by rename.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def _digest(file: Path) -> str:
    with open(file, "rb") as f:  # streamed: a variable may be hundreds of MB
        return hashlib.file_digest(f, "sha256").hexdigest()


def _present(objects, digest: str) -> bool:
    try:
        objects.touch(digest)
        return True
    except FileNotFoundError:
        return False


def upload(objects, file: Path) -> tuple[str, int]:
    """(digest, bytes written: 0 when the bucket holds the piece) of one pickle; the file is kept."""
    digest = _digest(file)
    if _present(objects, digest):
        return digest, 0
    return objects.put(file.read_bytes(), digest)


def put_back(objects, pieces: dict[str, Path | bytes]) -> None:
    """Put back any of `pieces` (digest -> its file or bytes) that is gone; run under the collection
    guard, right before the manifest names them."""
    for digest, source in pieces.items():
        if not _present(objects, digest):
            objects.put(source if isinstance(source, bytes) else source.read_bytes(), digest)
