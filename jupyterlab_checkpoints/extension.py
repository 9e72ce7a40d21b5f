"""Server extension entry: make the contents manager use the store, and add the REST routes.

The checkpoint class is chosen when the extension is linked, before the server builds its contents
manager: jupyter_server reads only `ServerApp.jpserver_extensions` from the package's file in
`jupyter_server_config.d`, so that file's `ContentsManager.checkpoints_class` alone never reaches the
contents manager, and every default start switched the class at load time with a warning. The link step
applies the same setting unless the user's configuration names a checkpoint class; the load-time switch
(with its warning) stays for configurations that name another one.
"""

from __future__ import annotations

import contextlib

from jupyter_server.services.contents.manager import AsyncContentsManager

from .collaboration_events import listen
from .contents_checkpoints import StoreCheckpoints
from .routes import setup_handlers
from .store import StoreError
from .store_guard import guard_store

CLASS_NAME = f"{StoreCheckpoints.__module__}.{StoreCheckpoints.__name__}"


def _names_checkpoints(config, manager_class) -> bool:
    """Whether the configuration names a checkpoint class (or instance) for `manager_class`: under its
    own section or any base class's (`ContentsManager`, `FileContentsManager`...), as traitlets reads it."""
    for klass in manager_class.__mro__:
        section = klass.__name__
        if section in config and ({"checkpoints_class", "checkpoints"} & set(config[section])):
            return True
    return False


def select_checkpoints_class(server_app) -> None:
    """Make the store's class the contents manager's default checkpoint class (called at link time)."""
    manager_class = server_app.contents_manager_class
    if not issubclass(manager_class, AsyncContentsManager):
        return  # install_checkpoints says why it cannot switch a synchronous manager
    if _names_checkpoints(server_app.config, manager_class):
        return  # the user's choice; install_checkpoints switches it, with its warning, if it is another class
    server_app.config.ContentsManager.checkpoints_class = CLASS_NAME


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
    # The link step normally selects the class; a configuration naming another checkpoint class gets
    # here: switch it, so the stock contents API and the extension's routes share one store.
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
