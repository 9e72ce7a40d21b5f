"""The store's configuration for object storage, and what differs there. Part of `CheckpointStore`.

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

import tempfile
from pathlib import Path

from traitlets import Dict, Float, Unicode
from traitlets.config import LoggingConfigurable

from .errors import StoreUnavailable
from .storage.base import open_storage


class RemoteStore(LoggingConfigurable):
    # A configurable itself: traits of a plain mixin class would not be set up.
    url = Unicode(
        "",
        config=True,
        help="""Where the store lives: empty or a path or `file://` url for a folder (see root_dir), or
        `s3://bucket/prefix` for S3-compatible object storage shared by several servers. Endpoint and
        credentials come from the standard AWS configuration (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
        AWS_PROFILE...). A `{username}` in it is replaced by the JUPYTERHUB_USER of the server.""",
    )
    storage_options = Dict(
        config=True,
        help="""Options of the object-storage client: `profile`, `endpoint_url`, `region_name`,
        `aws_access_key_id`, `aws_secret_access_key`, and `config` (botocore Config options).""",
    )
    lock_seconds = Float(
        30.0,
        config=True,
        help="""Object storage: a server's lock on one file's checkpoints lapses after this long, so a
        server that died holding it delays that file's next change by at most this much.""",
    )

    def _local_url(self) -> str:
        """The folder a `file://` or plain-path url names ('' when the url names none)."""
        if self.url.startswith("file://"):
            return self.url[len("file://") :]
        return "" if self.url.startswith("s3://") else self.url

    def _open_remote(self) -> None:
        import os

        user = os.environ.get("JUPYTERHUB_USER", "")
        if "{username}" in self.url and not user:
            # Never fall back to a prefix every user shares.
            raise StoreUnavailable(f"c.CheckpointStore.url {self.url} names {{username}}, but JUPYTERHUB_USER is unset")
        url = self.url.replace("{username}", user)
        storage = open_storage(url, self.storage_options, self.lock_seconds, self.log)
        # Local scratch space only: files being prepared before they become pieces (kernel variables).
        scratch = Path(tempfile.mkdtemp(prefix="jupyterlab-checkpoints-"))
        self._place(storage)
        self._scratch = scratch  # removed by `close` (each process, `jupyter checkpoints` too, makes its own)
        self.root, self.tmp = scratch, scratch / "tmp"
        self.tmp.mkdir()
        storage.refs_of = self.refs_of  # maintenance.py
        self.fallback = None
