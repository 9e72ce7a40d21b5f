"""Reading and writing the user's documents for checkpoints: raw bytes where the contents manager keeps
files on disk, through the contents manager otherwise. One place decides which paths may be read or
written (not hidden when hidden files are off, not a folder, not inside the store) and whether a write
would be refused, before anything is changed.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
from pathlib import Path
from types import SimpleNamespace

from jupyter_server.utils import ensure_async
from tornado.web import HTTPError

from . import managed_contents
from .replacing import release, replace_document, stage_document
from .root_escape import refuse_outside_root
from .store import CheckpointStore, StoreError
from .store import paths as P


def http_error(e: StoreError) -> HTTPError:
    # A `reason` (e.g. why a delta cannot be composed) goes to the JSON error as is.
    return HTTPError(e.status, str(e), reason=getattr(e, "reason", None))


def norm(path: str) -> str:
    try:
        return P.normalize_path(path)
    except StoreError as e:
        raise http_error(e) from e


def os_path_of(contents_mgr, path: str) -> str | None:
    """The file behind `path` for file-based contents managers; None for others (managed_contents.py)."""
    return contents_mgr._get_os_path(path) if managed_contents.file_based(contents_mgr) else None


def write_refusal(os_path: str) -> str | None:
    """Why a save of `os_path` would be refused by the file system, or None when it would succeed."""
    target = Path(os.path.realpath(os_path))
    if target.exists():
        if not os.access(target, os.W_OK):
            return f"{target.name} is read-only"
        return None  # a writable file is written in place when its folder is read-only
    folder = target.parent
    while not folder.exists():
        folder = folder.parent
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder of {target.name} is read-only"
    return None


@contextlib.contextmanager
def _write_errors(path: str):
    """A refused write of a restore as the HTTP error the page shows (nothing was changed)."""
    try:
        yield
    except PermissionError as e:
        raise HTTPError(403, f"Permission denied: {e.strerror}; nothing was restored") from e
    except OSError as e:
        if e.errno in (errno.EROFS, errno.ENOSPC, errno.EDQUOT):
            raise HTTPError(507, f"cannot write {path}: {e.strerror}; nothing was restored") from e
        raise


class Documents:
    """The documents of one contents manager, as the checkpoint class reads and writes them."""

    def __init__(self, contents_mgr, store: CheckpointStore):
        self.cm = contents_mgr
        self.store = store

    async def check_path(self, path: str) -> str | None:
        """Refuse paths checkpoints never read or write; returns the file's os path (None: not on disk)."""
        path = norm(path)
        cm = self.cm
        # The manager's `allow_hidden = False` holds here too (its os paths skip the check).
        hidden_refused = not getattr(cm, "allow_hidden", True) and hasattr(cm, "is_hidden")
        if hidden_refused and await ensure_async(cm.is_hidden(path)):
            raise HTTPError(404, f"file {path} does not exist")
        os_path = os_path_of(cm, path)
        if os_path is not None:
            if os.path.isdir(os_path):
                raise HTTPError(400, f"{path} is a directory; checkpoints are kept for files")
            if self.store.contains(os_path):
                raise HTTPError(400, f"{path} is inside the checkpoint store")
        return os_path

    async def read(self, path: str) -> tuple[bytes, bool]:
        """The document's bytes as saved, and whether it is a notebook."""
        path = norm(path)
        os_path = await self.check_path(path)
        if os_path is not None:
            # File-based manager: the raw bytes, no parsing, no validation (see store/snapshot.py).
            try:
                raw = await asyncio.to_thread(Path(os_path).read_bytes)
            except FileNotFoundError as e:
                raise HTTPError(404, f"file {path} does not exist") from e
            return raw, path.endswith(".ipynb")
        return await managed_contents.read(self.cm, path)

    async def check_writable(self, path: str) -> None:
        """Refuse with 403 (nothing changed) where the contents manager would refuse the save."""
        os_path = await self.check_path(path)
        if os_path is None:
            return  # other managers say so when saving
        reason = await asyncio.to_thread(write_refusal, os_path)
        if reason:
            raise HTTPError(403, f"Permission denied: {reason}; nothing was restored")
        await refuse_outside_root(path, os_path, os_path_of(self.cm, ""))  # no write through a link out

    def blocking_io(self, path: str, loop: asyncio.AbstractEventLoop, is_notebook: bool):
        """(read, write) for code running in a worker thread (the store's restore holds a lock there):
        read gives the current bytes or None, write replaces them. Path checks are done beforehand."""
        path = norm(path)
        os_path = os_path_of(self.cm, path)
        if os_path is not None:

            def read_file() -> bytes | None:
                try:
                    return Path(os_path).read_bytes()
                except FileNotFoundError:
                    return None

            held: list[int] = []

            def write_file(raw) -> None:
                with _write_errors(path):
                    replace_document(os_path, raw, held)

            def stage_file(raw):
                """The first half of `write_file`, for a restore that writes while it compares."""
                with _write_errors(path):
                    staged = stage_document(os_path, raw)

                def commit() -> None:
                    with _write_errors(path):
                        staged.commit(held)

                return SimpleNamespace(commit=commit, discard=staged.discard)

            write_file.pieces = True  # a restore's pieces are written as they are (atomic.write_all)
            write_file.stage = stage_file
            write_file.release = lambda: release(held)  # the store calls it when its records are durable
            # The store may compare the file with its last content without reading it into memory.
            read_file.open = lambda: open(os_path, "rb", buffering=0)  # noqa: SIM115 - the store closes it
            return read_file, write_file

        def run(coro):
            return asyncio.run_coroutine_threadsafe(coro, loop).result()

        def read_model() -> bytes | None:
            try:
                return run(self.read(path))[0]
            except HTTPError as e:
                if e.status_code == 404:
                    return None
                raise

        def write_model(raw: bytes) -> None:
            run(self.write(path, raw, is_notebook))

        return read_model, write_model

    async def write(self, path: str, raw: bytes, is_notebook: bool) -> None:
        os_path = await self.check_path(path)
        if os_path is not None:
            await asyncio.to_thread(replace_document, os_path, raw)
            return
        await managed_contents.write(self.cm, norm(path), raw, is_notebook)
