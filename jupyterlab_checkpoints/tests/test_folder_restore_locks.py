"""A whole-folder restore and saves of the folder's files: the per-path lock taken from the restore's
worker thread (contents/saving.py), and a save landing after the before-restore checkpoint (kept as the
file's own checkpoint, folders/restore.py). The race with a real client is in
test_reliability_folder_races.py.
"""

from __future__ import annotations

import asyncio
import threading

import pytest

from ..contents import saving
from ..contents.saving import LockWaitTimeout, path_lock, path_lock_from_thread
from ..folders import FolderCheckpoints
from .folder_api import FolderApi, read, write


@pytest.fixture
def fapi(jp_fetch):
    return FolderApi(jp_fetch)


async def test_a_thread_waits_for_the_lock_a_save_holds_while_the_loop_runs_on():
    loop = asyncio.get_running_loop()
    entered = threading.Event()

    def restore_one_file():
        with path_lock_from_thread(loop, "proj/a.txt"):
            entered.set()

    async with path_lock("proj/a.txt"):  # a save of that file is running
        thread = threading.Thread(target=restore_one_file)
        thread.start()
        for _ in range(20):  # the loop is free meanwhile: these sleeps end on time
            await asyncio.sleep(0.01)
        assert not entered.is_set(), "the thread wrote while the save held the file's lock"
    await asyncio.to_thread(thread.join, 10)
    assert entered.is_set()
    await asyncio.sleep(0.05)  # the thread gives the lock back through the loop
    assert "proj/a.txt" not in saving._locks


async def test_a_thread_gives_up_after_its_timeout_and_leaves_the_lock_usable():
    loop = asyncio.get_running_loop()

    def wait_briefly():
        with path_lock_from_thread(loop, "proj/a.txt", timeout=0.2):
            pass  # pragma: no cover - never reached while the lock is held

    async with path_lock("proj/a.txt"):
        with pytest.raises(LockWaitTimeout):
            await asyncio.to_thread(wait_briefly)

    # Nothing left taken: the lock is free at once and forgotten after use.
    async def take_and_give_back():
        async with path_lock("proj/a.txt"):
            pass

    await asyncio.wait_for(take_and_give_back(), 1)
    assert "proj/a.txt" not in saving._locks


async def test_a_save_landing_after_the_before_restore_checkpoint_is_kept(fapi, jp_serverapp, jp_root_dir, monkeypatch):
    """A save that lands once the before-restore folder checkpoint has read the file, before the
    restore writes it, is in no folder checkpoint: the restore keeps it as the file's own checkpoint."""
    write(jp_root_dir, "proj/a.txt", b"recorded\n")
    write(jp_root_dir, "proj/b.txt", b"untouched\n")
    target = await fapi.create("proj")
    write(jp_root_dir, "proj/a.txt", b"changed since\n")

    real = FolderCheckpoints.snapshot

    def snapshot_then_a_save(self, path, os_dir, history, kind, *args, **kwargs):
        out = real(self, path, os_dir, history, kind, *args, **kwargs)
        if kind == "before-restore":  # as another process (or an unlocked writer) saving right now
            write(jp_root_dir, "proj/a.txt", b"landed meanwhile\n")
        return out

    monkeypatch.setattr(FolderCheckpoints, "snapshot", snapshot_then_a_save)
    result = await fapi.restore("proj", target["id"])

    assert result["restored"] == ["a.txt"]
    assert read(jp_root_dir, "proj/a.txt") == b"recorded\n"
    cp = jp_serverapp.contents_manager.checkpoints
    kept = [await cp.read_checkpoint("proj/a.txt", c["id"]) for c in await cp.list_checkpoints("proj/a.txt")]
    assert (b"landed meanwhile\n", False) in kept, "the save that landed during the restore is in no checkpoint"
    # The state the before-restore folder checkpoint read is there, as before.
    kept_folder = await fapi.call("GET", result["kept"], "file", path="proj", file="a.txt", raw=True)
    assert kept_folder.body == b"changed since\n"
