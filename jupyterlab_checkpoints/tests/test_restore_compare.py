"""A restore recognises a file that holds its last stored or restored content by comparing it block by
block (recent.py) instead of reading it whole; whatever the comparison says, the state it replaces is
kept byte for byte. The replaced file is freed only after the restore, and a failed write leaves the
store and the document as they were, with nothing left open."""

import errno
import hashlib
import os
import threading
import time

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_checkpoints.contents import documents, replacing
from jupyterlab_checkpoints.contents.notebook_writer import notebook_bytes
from jupyterlab_checkpoints.store import recent
from jupyterlab_checkpoints.store.recent import RecentContents
from jupyterlab_checkpoints.store.snapshot import split_notebook

from .conftest import notebook

PATH = "big.ipynb"


def pieces_of(raw):
    return [(hashlib.sha256(v).hexdigest(), v) for v in split_notebook(raw)]


@pytest.mark.parametrize(
    "change",
    [
        lambda raw: raw,
        lambda raw: b"X" + raw[1:],
        lambda raw: raw[: len(raw) // 2] + b"X" + raw[len(raw) // 2 + 1 :],
        lambda raw: raw[:-1] + b"X",
        lambda raw: raw + b"\n",
        lambda raw: raw[:-1],
    ],
    ids=["same", "first-byte", "middle-byte", "last-byte", "longer", "shorter"],
)
def test_a_file_equals_the_last_content_only_when_every_byte_does(tmp_path, monkeypatch, change):
    # Blocks far smaller than the pieces and not aligned with them: comparisons straddle both edges.
    monkeypatch.setattr(recent, "_BLOCK", 7)
    cache = RecentContents()
    raw = notebook_bytes(notebook(["a = 1", "b = 2" * 40, "c = 3"]))
    cache.remember(("s", "n.ipynb"), pieces_of(raw))
    file = tmp_path / "n.ipynb"
    file.write_bytes(change(raw))
    with open(file, "rb", buffering=0) as f:
        found = cache.same_file(("s", "n.ipynb"), f)
    if file.read_bytes() == raw:
        assert [(d, bytes(v)) for d, v in found] == [(d, bytes(v)) for d, v in pieces_of(raw)]
    else:
        assert found is None
    with open(file, "rb", buffering=0) as f:
        assert cache.same_file(("s", "other.ipynb"), f) is None


@pytest.fixture
def store(jp_serverapp):
    return jp_serverapp.contents_manager.checkpoints.store


@pytest.fixture
def compared(monkeypatch):
    """What each comparison with the last content answered (True: the file holds it)."""
    answers = []
    same_file = RecentContents.same_file

    def spy(self, key, f):
        found = same_file(self, key, f)
        answers.append(found is not None)
        return found

    monkeypatch.setattr(RecentContents, "same_file", spy)
    return answers


async def unkept_last_content(api, store, jp_root_dir):
    """The document holds the content last restored, which no entry holds any more (its checkpoint and
    rollback record deleted, its pieces collected): returns (its bytes, the id of the other checkpoint)."""
    cells = [f"cell {i}\n" + "x" * 5000 for i in range(20)]
    await api.put_notebook(PATH, notebook(cells))
    a = (jp_root_dir / PATH).read_bytes()
    first = (await api.create(PATH))["id"]
    await api.put_notebook(PATH, notebook([*cells[:-1], "changed"]))
    second = (await api.create(PATH))["id"]
    await api.restore(PATH, first)
    assert (jp_root_dir / PATH).read_bytes() == a
    for m in await api.list(PATH):
        if m["id"] != second:
            await api.delete(PATH, m["id"])
    store.maintenance.gc(grace_seconds=0)
    return a, second


async def test_a_file_holding_its_last_content_is_kept_exactly_without_reading_it_whole(
    api, store, jp_root_dir, compared
):
    a, second = await unkept_last_content(api, store, jp_root_dir)
    await api.restore(PATH, second)
    assert compared[-1] is True  # recognised by comparison: no cutting, no hashing
    (before,) = [m for m in await api.list(PATH) if m["kind"] == "before-restore"]
    # Its pieces were collected: the entry's bytes were written again from what the comparison matched.
    assert store.read_bytes(store.get(PATH, before["id"])) == a
    await api.restore(PATH, before["id"])
    assert (jp_root_dir / PATH).read_bytes() == a


@pytest.mark.parametrize("where", [0, 0.5, -2])
async def test_a_same_size_change_the_cache_does_not_hold_is_kept_exactly(api, store, jp_root_dir, compared, where):
    a, second = await unkept_last_content(api, store, jp_root_dir)
    at = int(len(a) * where) if where >= 0 else len(a) + where
    changed = a[:at] + (b"y" if a[at : at + 1] != b"y" else b"z") + a[at + 1 :]
    (jp_root_dir / PATH).write_bytes(changed)
    await api.restore(PATH, second)
    assert compared[-1] is False
    (before,) = [m for m in await api.list(PATH) if m["kind"] == "before-restore"]
    assert store.read_bytes(store.get(PATH, before["id"])) == changed


def open_on(path) -> list[str]:
    """This process's descriptors open on `path` (or on the file it named before being replaced)."""
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.removesuffix(" (deleted)") == str(path):
            out.append(target)
    return out


def eventually_none_open_on(path) -> list[str]:
    deadline = time.monotonic() + 5
    while open_on(path) and time.monotonic() < deadline:
        time.sleep(0.02)
    return open_on(path)


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
async def test_the_replaced_file_is_freed_after_the_restore(api, store, jp_root_dir, monkeypatch):
    a, second = await unkept_last_content(api, store, jp_root_dir)
    states = []
    release = documents.release

    def watched(held):
        # By now the restore's records are written: the rollback entry is listed.
        states.append((len(held), [m.kind for m in store.list(PATH)]))
        release(held)

    monkeypatch.setattr(documents, "release", watched)
    await api.restore(PATH, second)
    assert states[-1][0] == 1 and "rollback" in states[-1][1]
    assert eventually_none_open_on(jp_root_dir / PATH) == []


async def test_the_target_is_written_while_the_file_is_compared(api, store, jp_root_dir, monkeypatch):
    a, second = await unkept_last_content(api, store, jp_root_dir)
    staging = threading.Event()
    stage_document = documents.stage_document
    same_file = RecentContents.same_file

    def stage(*args):
        staging.set()
        return stage_document(*args)

    def compare(self, key, f):
        # Waits for the stage: a restore that wrote only after comparing would stop here.
        assert staging.wait(5), "the target was not being written during the comparison"
        return same_file(self, key, f)

    monkeypatch.setattr(documents, "stage_document", stage)
    monkeypatch.setattr(RecentContents, "same_file", compare)
    await api.restore(PATH, second)
    assert staging.is_set()
    assert [m["kind"] for m in await api.list(PATH)].count("before-restore") == 1


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="needs /proc")
@pytest.mark.parametrize("step", ["keep", "write_temp", "move_into_place"])
async def test_a_failed_write_changes_nothing_and_leaves_nothing_behind(
    api, store, jp_root_dir, monkeypatch, compared, step
):
    """The disk fills while the replaced state is kept (`keep`: its pieces cannot be written), while
    the target is written (`write_temp`), or when it is renamed into place (`move_into_place`)."""
    a, second = await unkept_last_content(api, store, jp_root_dir)
    listed = await api.list(PATH)
    compared.clear()
    where = store.objects if step == "keep" else replacing
    name = "put_many" if step == "keep" else step
    real = getattr(where, name)

    def disk_full(*args, **kwargs):
        if step == "write_temp":
            os.unlink(real(b"{", *args[1:], **kwargs))  # a partial write, cleaned up as write_temp does
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(where, name, disk_full)
    real_exchange = replacing.exchange
    if step == "move_into_place":  # where the system can, the file is swapped into place instead
        monkeypatch.setattr(replacing, "exchange", disk_full)
    with pytest.raises(HTTPClientError) as e:
        await api.restore(PATH, second)
    assert e.value.code == 507
    assert compared == [True]  # the before-restore entry was made from the matched content
    assert (jp_root_dir / PATH).read_bytes() == a
    assert await api.list(PATH) == listed  # the before-restore entry made for it is gone again
    assert sorted(p.name for p in jp_root_dir.iterdir() if p.name.startswith(".~")) == []  # no temporary file
    assert eventually_none_open_on(jp_root_dir / PATH) == []
    # The file's last content is unchanged too: a retry recognises the file again.
    monkeypatch.setattr(where, name, real)
    monkeypatch.setattr(replacing, "exchange", real_exchange)
    await api.restore(PATH, second)
    assert compared == [True, True]
    assert [m["kind"] for m in await api.list(PATH)].count("before-restore") == 1
