"""Saves that never fail because of the checkpoint store.

jupyter_server's save writes the file, then asks the checkpoint class for the file's checkpoints and
makes one when there is none. With the store unavailable (a configured folder that cannot be written,
an unreachable object storage) those two calls would turn a save that DID write the file into a
500/503 answer, and the page would tell the user their work was not saved. So while a save runs
(between the contents manager's pre-save and post-save hooks) they answer as a stock server with no
checkpoint would: no checkpoints, none made, and a warning in the log (at most once a minute per
file). Every other caller, the panel and the extension's routes, still gets the store's clear 503.

The mark is a context variable: each request runs in its own task, so it never leaks into another.

Saves and restores of one path never interleave: a restore that read the file, kept it, then renamed
its target over a save that landed meanwhile would lose that save (no checkpoint holds it). So the
contents manager's save (when it is a coroutine, as jupyter_server's default manager's is) and every
restore of a file (contents_checkpoints.restore: the stock endpoint, the extension's, the command line,
a folder checkpoint's file) take the same per-path `path_lock`; so does a checkpoint's read of the
file, as jupyter_server writes a save in place (a read in between would keep half of it). It is an
asyncio lock, held on the event loop while the work runs in a thread: a save waiting for a restore
blocks no other request.
A restore writing through a manager that keeps no files here calls the manager's own save
(`unlocked_save`), as the restore already holds the lock.
A whole-folder restore runs in a worker thread and writes many files: it takes each file's lock from
there (`path_lock_from_thread`), taken and released on the event loop while only the thread waits.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import contextvars
import inspect
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass

WARN_EVERY = 60.0  # seconds between two warnings about the same file
_WARNED_LIMIT = 10_000
THREAD_WAIT = 120.0  # seconds a worker thread waits for a path's lock (a save holding it) before giving up


@dataclass
class _Save:
    path: str
    failed: bool = False  # the store already failed in this save: do not wait on it a second time


_current: contextvars.ContextVar[_Save | None] = contextvars.ContextVar("jupyterlab_checkpoints_save", default=None)
_warned: dict[str, float] = {}


def _began(model=None, path="", **_kwargs) -> None:
    _current.set(_Save(str(path).strip("/")))


def _ended(**_kwargs) -> None:
    _current.set(None)


class _PathLock:
    def __init__(self):
        self.lock = asyncio.Lock()
        self.users = 0


_locks: dict[str, _PathLock] = {}


async def _take(key: str, timeout: float | None = None) -> _PathLock:
    entry = _locks.setdefault(key, _PathLock())
    entry.users += 1
    try:
        # A wait cut short by the timeout never holds the lock (asyncio.Lock undoes a cancelled acquire).
        await asyncio.wait_for(entry.lock.acquire(), timeout)
    except BaseException:
        _drop(key, entry)
        raise
    return entry


def _drop(key: str, entry: _PathLock) -> None:
    entry.users -= 1
    if not entry.users and _locks.get(key) is entry:  # only paths in use keep a lock
        _locks.pop(key, None)


def _give_back(key: str, entry: _PathLock) -> None:
    entry.lock.release()
    _drop(key, entry)


@contextlib.asynccontextmanager
async def path_lock(path: str) -> AsyncIterator[None]:
    """Hold the save/restore lock of `path` (a contents path) on the event loop."""
    key = str(path).strip("/")
    entry = await _take(key)
    try:
        yield
    finally:
        _give_back(key, entry)


class LockWaitTimeout(TimeoutError):
    """A path's lock stayed held (a save still running) for THREAD_WAIT seconds (a TimeoutError, so
    that code below the contents layer, a folder restore's `hold`, can catch it without importing it)."""


@contextlib.contextmanager
def path_lock_from_thread(loop: asyncio.AbstractEventLoop, path: str, timeout: float = THREAD_WAIT):
    """Hold `path`'s save/restore lock from a worker thread (never from the loop's own thread): the lock
    is taken and given back on `loop`, only this thread waits. Raises LockWaitTimeout after `timeout`."""
    key = str(path).strip("/")
    future = asyncio.run_coroutine_threadsafe(_take(key, timeout), loop)
    try:
        entry = future.result()  # bounded: _take gives up after `timeout`
    except (asyncio.TimeoutError, concurrent.futures.TimeoutError) as e:
        raise LockWaitTimeout(f"{key} was being saved for over {timeout:.0f} s") from e
    try:
        yield
    finally:
        loop.call_soon_threadsafe(_give_back, key, entry)


def unlocked_save(contents_mgr):
    """The manager's save without the path lock (for a restore, which holds it already)."""
    return getattr(contents_mgr, "_checkpoints_unlocked_save", contents_mgr.save)


def watch_saves(contents_mgr) -> None:
    """Mark the contents manager's saves, and make them take the path lock (once per manager)."""
    if getattr(contents_mgr, "_checkpoints_saves_watched", False) or not hasattr(
        contents_mgr, "register_pre_save_hook"
    ):
        return
    contents_mgr.register_pre_save_hook(_began)
    contents_mgr.register_post_save_hook(_ended)
    contents_mgr._checkpoints_saves_watched = True
    save = contents_mgr.save
    # A synchronous manager's save runs on the event loop, where it cannot wait for a lock without
    # stopping the server: only coroutine saves are serialised with restores.
    if inspect.iscoroutinefunction(save):

        async def locked_save(model, path=""):
            async with path_lock(path):
                return await save(model, path)

        contents_mgr._checkpoints_unlocked_save = save
        contents_mgr.save = locked_save


def saving(path: str) -> _Save | None:
    """The save of `path` running in this task, if any."""
    current = _current.get()
    return current if current is not None and current.path == path.strip("/") else None


def store_failed(save: _Save, log, error: Exception) -> None:
    """The store failed during a save: the save goes on; the log says why (not on every save)."""
    save.failed = True
    now = time.monotonic()
    if now - _warned.get(save.path, -WARN_EVERY) < WARN_EVERY:
        return
    if len(_warned) >= _WARNED_LIMIT:
        _warned.clear()
    _warned[save.path] = now
    message = getattr(error, "log_message", None) or str(error)
    log.warning("jupyterlab_checkpoints: %s was saved without a checkpoint: %s", save.path, message)
