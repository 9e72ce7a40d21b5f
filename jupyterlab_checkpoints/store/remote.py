"""Opening the store on object storage, and what differs there.

`c.CheckpointStore.url = "s3://bucket/prefix"` keeps the store in S3 (storage/s3/). Everything the
store decides (creates, retention, pins, labels, restore, renames, deletes, the clean-up) is the same
code on both backends, deleted files' histories included. Folder checkpoints keep their histories in
the bucket's `folders/` area (s3/folders.py); kernel variables use the local scratch folder below
(variables/storage.py).

Disk figures: one file's (bytes, pieces) are kept in its index object (storage/s3/figures.py), so the
panel reads them with the one GET it makes anyway. The store's totals would need a LIST of the whole
bucket: `info` leaves them null and says why (`totals`); `jupyter checkpoints stats` counts them.
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

from .errors import StoreUnavailable
from .storage.base import Storage


def local_folder(url: str) -> str:
    """The folder a `file://` or plain-path `c.CheckpointStore.url` names ('' when it names none)."""
    if url.startswith("file://"):
        return url[len("file://") :]
    return "" if url.startswith("s3://") else url


def open_storage(url: str, options: dict, lock_seconds: float, log: logging.Logger) -> Storage:
    """The S3 backend for an `s3://bucket/prefix` url (the local one is opened by the store). Imported
    here, not by the contract (storage/base.py), which names no backend."""
    try:
        from .storage.s3 import S3Storage  # imports botocore: only when configured
    except ImportError as e:
        raise StoreUnavailable(
            f"c.CheckpointStore.url is {url}, but the S3 client is not installed ({e}): "
            "pip install 'jupyterlab_checkpoints[s3]' and restart the server"
        ) from e
    return S3Storage(url, options, log, lease_seconds=lock_seconds)


def open_remote(url: str, options: dict, lock_seconds: float, log: logging.Logger) -> tuple[Storage, Path]:
    """The storage an `s3://` url names, and a new local scratch folder (with its `tmp`) for files being
    prepared before they become pieces (kernel variables). The store removes the folder when it closes
    (each process, `jupyter checkpoints` too, makes its own)."""
    user = os.environ.get("JUPYTERHUB_USER", "")
    if "{username}" in url and not user:
        # Never fall back to a prefix every user shares.
        raise StoreUnavailable(f"c.CheckpointStore.url {url} names {{username}}, but JUPYTERHUB_USER is unset")
    storage = open_storage(url.replace("{username}", user), options, lock_seconds, log)
    scratch = Path(tempfile.mkdtemp(prefix="jupyterlab-checkpoints-"))
    (scratch / "tmp").mkdir()
    return storage, scratch
