"""Server extension entry: make the contents manager use the store, and add the REST routes."""

from __future__ import annotations

import contextlib

from jupyter_server.services.contents.manager import AsyncContentsManager

from .collaboration_events import listen
from .contents_checkpoints import StoreCheckpoints
from .routes import setup_handlers
from .store import StoreError
from .store_guard import guard_store

CLASS_NAME = f"{StoreCheckpoints.__module__}.{StoreCheckpoints.__name__}"


def install_checkpoints(server_app) -> bool:
    """Make sure the contents manager keeps its checkpoints in the store. False when it cannot."""
    cm = server_app.contents_manager
    if isinstance(cm.checkpoints, StoreCheckpoints):
        return True
    if not isinstance(cm, AsyncContentsManager):
        # A synchronous manager would call our async methods without awaiting them.
        server_app.log.error(
            "jupyterlab_checkpoints: %s is not an async contents manager; checkpoints stay %s",
            type(cm).__name__,
            type(cm.checkpoints).__name__,
        )
        return False
    # The package's server config (jupyter_server_config.d) normally selects the class; without it
    # (config file missing, another config overriding it) switch here, so the stock contents API and
    # the extension's routes share one store.
    server_app.log.warning(
        "jupyterlab_checkpoints: the contents manager used %s; switching it to %s "
        "(set c.ContentsManager.checkpoints_class to silence this)",
        type(cm.checkpoints).__name__,
        CLASS_NAME,
    )
    cm.checkpoints_class = StoreCheckpoints
    cm.checkpoints = StoreCheckpoints(**cm.checkpoints_kwargs)
    return True


def recheck(server_app) -> None:
    """Another server extension may replace the contents manager after this one loaded (jupytext's
    does, with a fresh instance whose checkpoints come from config only): switch the new one too.
    Collaboration's rooms exist by then too: follow their events (collaboration_events.py)."""
    if not isinstance(server_app.contents_manager.checkpoints, StoreCheckpoints):
        install_checkpoints(server_app)
    checkpoints = server_app.contents_manager.checkpoints
    if isinstance(checkpoints, StoreCheckpoints):
        with contextlib.suppress(StoreError):  # the contents API never reaches into the store (store_guard.py)
            guard_store(server_app, checkpoints.open_store())
    if isinstance(checkpoints, StoreCheckpoints) and listen(server_app):
        server_app.log.info("jupyterlab_checkpoints: keeping shared states that rooms replace from disk")


def load(server_app) -> None:
    setup_handlers(server_app.web_app)
    io_loop = getattr(server_app, "io_loop", None)
    if io_loop is not None:
        io_loop.add_callback(recheck, server_app)  # runs once every extension has loaded
    if not install_checkpoints(server_app):
        return  # the routes answer 503 with a message
    try:
        store = server_app.contents_manager.checkpoints.open_store()
    except StoreError as e:
        # A store of a newer format, or a configured folder that cannot be written: every checkpoint
        # request answers with this message; the store on disk is left alone.
        server_app.log.error("jupyterlab_checkpoints: %s", e)
        return
    guard_store(server_app, store)
    if store.fallback:
        # Said once here; the info endpoint's `store.fallback` lets the page say it too.
        server_app.log.warning("jupyterlab_checkpoints: %s", store.fallback)
    else:
        server_app.log.info("jupyterlab_checkpoints: checkpoint store at %s", store.storage.describe())
