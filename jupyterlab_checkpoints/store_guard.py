"""The contents API never reads or writes inside the checkpoint store, whatever `allow_hidden` says.

The store's default folder is hidden (`.jupyter-checkpoints` in the contents root), so a stock server
keeps it out of reach; with `ContentsManager.allow_hidden = True` it became a folder like any other:
its records could be read, and a pickle planted with an edited manifest ran as the server's user at the
next variables restore. Three doors are closed here, for file-based contents managers:

- Every path such a manager touches goes through its `_get_os_path` (get, save, new, copy, rename,
  delete, its checkpoints, and the routes built on them: /api/contents, nbconvert, /view/). The guard
  wraps that one method on the manager instance: a path that resolves inside the store (links
  followed; a folder's resolved path is reused for a second, see `_Folders`) answers 403 with a
  message.
- Listings leave the store's folder out (`hide_globs`), as they leave out other hidden tool folders.
- jupyter_server's `/files/` route reads the disk directly (a static file handler): when the manager
  uses the stock handler, the same route is served by a subclass that refuses the store too.

Managers without files on this disk keep the store outside anything they serve (managed_contents.py).
"""

from __future__ import annotations

import os
import time

from jupyter_server.base.handlers import AuthenticatedFileHandler
from jupyter_server.utils import url_path_join
from tornado.web import HTTPError

from .managed_contents import file_based

FOLDER_SECONDS = 1.0  # how long a folder's resolved path is reused


class _Folders:
    """Resolved folder paths, reused for a second: a listing resolves every child of one folder, and a
    full `realpath` per child (an lstat per path component) made large listings seconds slower."""

    def __init__(self):
        self.known: dict[str, tuple[str, float]] = {}

    def real(self, os_path: str) -> str:
        folder, name = os.path.split(os.path.abspath(os_path))
        now = time.monotonic()
        found = self.known.get(folder)
        if found is None or now - found[1] > FOLDER_SECONDS:
            if len(self.known) > 1024:
                self.known.clear()
            found = self.known[folder] = (os.path.realpath(folder), now)
        full = os.path.join(found[0], name)
        return os.path.realpath(full) if os.path.islink(full) else full


_FOLDERS = _Folders()


def inside_store(os_path: str, store_root: str) -> bool:
    real = _FOLDERS.real(os_path)
    return real == store_root or real.startswith(store_root.rstrip(os.sep) + os.sep)


def refusal(path: str) -> HTTPError:
    return HTTPError(403, f"{path or '/'} is inside the checkpoint store, which is never read or written as a file")


def guard_manager(contents_mgr, store_root: str) -> bool:
    """Make `contents_mgr` refuse every path inside the store; False for a manager without files."""
    original = getattr(contents_mgr, "_get_os_path", None)
    if not file_based(contents_mgr) or getattr(original, "store_root", None) == store_root:
        return False

    def _get_os_path(path):
        os_path = original(path)
        if inside_store(os_path, store_root):
            raise refusal(path)
        return os_path

    _get_os_path.store_root = store_root
    contents_mgr._get_os_path = _get_os_path
    name = os.path.basename(store_root)
    root = os.path.realpath(getattr(contents_mgr, "root_dir", "") or os.getcwd())
    if inside_store(store_root, root) and name not in contents_mgr.hide_globs:
        contents_mgr.hide_globs = [*contents_mgr.hide_globs, name]
    return True


class StoreGuardedFileHandler(AuthenticatedFileHandler):
    """jupyter_server's `/files/` handler, refusing the store as the contents manager does."""

    def validate_absolute_path(self, root: str, absolute_path: str) -> str:
        abs_path = super().validate_absolute_path(root, absolute_path)
        store_root = getattr(self.contents_manager._get_os_path, "store_root", None)
        if store_root is not None and inside_store(abs_path, store_root):
            raise refusal(os.path.relpath(abs_path, root))
        return abs_path


def guard_store(server_app, store) -> None:
    """Close the doors above for the server's contents manager and the store `store`."""
    cm = server_app.contents_manager
    if not guard_manager(cm, str(store.root)):
        return
    if cm.files_handler_class is AuthenticatedFileHandler:
        route = url_path_join(server_app.web_app.settings["base_url"], r"/files/(.*)")
        # Rules an extension adds are matched before the server's own (tornado's add_handlers).
        server_app.web_app.add_handlers(".*$", [(route, StoreGuardedFileHandler, cm.files_handler_params)])
