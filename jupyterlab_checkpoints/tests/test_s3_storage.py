"""What only object storage has to show: requests per operation, uploads of only new pieces, several
servers on one bucket, locks of dead servers, and clear refusals (moto's S3 server on loopback)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from jupyterlab_checkpoints.store import CheckpointStore, Conflict, StoreUnavailable, UnsupportedFormat

from .s3_fixtures import _free_port, keys, s3_client

pytest.importorskip("moto")


def nb(sources) -> bytes:
    cells = [{"cell_type": "code", "execution_count": 1, "id": f"c{i}", "metadata": {},
              "outputs": [{"output_type": "stream", "name": "stdout", "text": s * 20}], "source": s}
             for i, s in enumerate(sources)]  # fmt: skip
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()


def open_store(url, tmp_path, **kw) -> CheckpointStore:
    return CheckpointStore(contents_root=str(tmp_path), url=url, **kw)


class Calls:
    """The S3 operations a store's client sends (botocore's own event hooks), and the bytes of PUTs."""

    def __init__(self, store):
        self.ops: list[tuple[str, str, int]] = []
        store.storage.client.meta.events.register("before-call.s3", self._record)

    def _record(self, model, params, **_):
        body = params.get("body", b"")
        self.ops.append((model.name, params.get("url_path", ""), len(body) if isinstance(body, bytes) else 0))

    def names(self):
        return [op for op, _, _ in self.ops]

    def clear(self):
        self.ops.clear()


def test_listing_reads_one_object_and_never_lists_the_bucket(s3_url, tmp_path):
    store = open_store(s3_url, tmp_path)
    for i in range(8):
        store.create("a.ipynb", nb([f"v{i}"]))
    calls = Calls(store)
    assert len(store.list("a.ipynb")) == 8
    assert calls.names() == ["GetObject"]


def test_one_cell_change_of_a_big_notebook_uploads_only_new_pieces(s3_url, tmp_path):
    store = open_store(s3_url, tmp_path)
    sources = [f"cell {i} " + "x" * 20000 for i in range(1000)]  # about 20 MB with outputs
    raw = nb(sources)
    assert len(raw) > 20_000_000
    store.create("big.ipynb", raw)
    calls = Calls(store)
    sources[500] = "changed"
    store.create("big.ipynb", nb(sources))
    piece_puts = [(p, n) for op, p, n in calls.ops if op == "PutObject" and "/objects/" in p]
    # The changed cell's source, its output, and the piece list: nothing of the 999 unchanged cells.
    assert len(piece_puts) <= 3
    assert sum(n for _, n in piece_puts) < len(raw) / 100
    assert "ListObjectsV2" not in calls.names()


def test_a_second_server_dedups_through_conditional_creates(s3_url, tmp_path):
    first, second = open_store(s3_url, tmp_path), open_store(s3_url, tmp_path)
    first.create("a.ipynb", nb(["same"]))
    m = second.create("b.ipynb", nb(["same"]))
    assert m.extra["written"] == 0  # every piece was there: 412 answers, nothing stored twice
    assert second.read_bytes(m) == nb(["same"])


def test_two_servers_creating_and_pinning_one_file_keep_limits_and_every_acknowledged_pin(s3_url, tmp_path):
    stores = [open_store(s3_url, tmp_path, max_unpinned=5, max_pinned=4) for _ in range(2)]
    acked_pins, refusals, lock = set(), [], threading.Lock()

    def work(n):
        s = stores[n % 2]
        for i in range(8):
            pin = i % 3 == 0
            try:
                m = s.create("shared.ipynb", nb([f"w{n}-{i}"]), kind="auto", pinned=pin)
            except Conflict as e:
                refusals.append(str(e))
                continue
            if pin:
                with lock:
                    acked_pins.add(m.id)

    with ThreadPoolExecutor(6) as pool:
        list(pool.map(work, range(6)))
    listed = [stores[0].list("shared.ipynb"), stores[1].list("shared.ipynb")]
    assert [m.id for m in listed[0]] == [m.id for m in listed[1]]
    assert sum(m.pinned for m in listed[0]) == len(acked_pins) == 4
    assert {m.id for m in listed[0] if m.pinned} == acked_pins
    assert sum(not m.pinned for m in listed[0]) == 5
    assert refusals and all("pinned" in r for r in refusals)  # the pin limit, never a lost write
    for m in listed[0]:
        assert json.loads(stores[1].read_bytes(m))["cells"]


def test_concurrent_renames_and_creates_on_two_servers_lose_nothing(s3_url, tmp_path):
    one, two = open_store(s3_url, tmp_path), open_store(s3_url, tmp_path)
    made = [one.create("r.ipynb", nb(["start"])).id]

    def rename_back_and_forth():
        for _ in range(5):
            one.moves.rename_all("r.ipynb", "s.ipynb")
            one.moves.rename_all("s.ipynb", "r.ipynb")

    def create_on_both_names():
        for i in range(6):
            for name in ("r.ipynb", "s.ipynb"):
                made.append(two.create(name, nb([f"{name}{i}"]), kind="manual", pinned=True).id)

    with ThreadPoolExecutor(2) as pool:
        for f in [pool.submit(rename_back_and_forth), pool.submit(create_on_both_names)]:
            f.result()
    kept = {m.id for name in ("r.ipynb", "s.ipynb") for m in one.list(name)}
    assert set(made) <= kept  # pinned: retention never drops them; a move never loses them


def test_a_dead_servers_lock_lapses(s3_url, tmp_path):
    store = open_store(s3_url, tmp_path, lock_seconds=1.0)
    store.create("a.ipynb", nb(["1"]))
    bucket, prefix = s3_url[5:].split("/", 1)
    s3_client().put_object(Bucket=bucket, Key=f"{prefix}/locks/f.a.ipynb", Body=b"{}")  # a server died here
    store.storage.leases.wait = 0.3
    with pytest.raises(Conflict):
        store.create("a.ipynb", nb(["2"]))  # held, and young: wait, then a clear refusal
    time.sleep(2.2)
    store.storage.leases.wait = 10
    assert store.create("a.ipynb", nb(["2"])).kind == "save"
    assert not [k for k in keys(s3_url) if "/locks/" in k]


def test_a_change_longer_than_a_lease_keeps_it_and_writes(s3_url, tmp_path):
    """The first checkpoint of a big notebook over a slow link can take longer than a lease: the lease is
    renewed meanwhile, so no other server breaks in and the change is written, not refused."""
    one, other = (open_store(s3_url, tmp_path, lock_seconds=2.0) for _ in range(2))
    first = one.create("a.ipynb", nb(["1"]))
    history = one.history_of("a.ipynb")
    other.storage.leases.wait = 1.0
    with one.storage.locks(history):
        time.sleep(4.5)  # over two leases
        with pytest.raises(Conflict):
            other.create("a.ipynb", nb(["2"]))  # the lease is alive: it waits, then a clear refusal
        m = one.find(history, first.id)
        m.label = "long"
        one.storage.write(history, m)
    assert [(x.id, x.label) for x in other.list("a.ipynb")] == [(first.id, "long")]
    assert not [k for k in keys(s3_url) if "/locks/" in k]


def test_a_writer_that_lost_its_lock_is_refused_and_loses_nothing_acknowledged(s3_url, tmp_path):
    slow = open_store(s3_url, tmp_path, lock_seconds=1.0)
    fast = open_store(s3_url, tmp_path, lock_seconds=1.0)
    first = slow.create("a.ipynb", nb(["1"]))
    history = slow.history_of("a.ipynb")
    slow.storage.leases.renew_every = 0  # a stalled server's heartbeat stalls too
    with slow.storage.locks(history):  # `slow` stalls past its lease holding the index it read
        time.sleep(2.2)
        acked = fast.create("a.ipynb", nb(["2"]))
        m = slow.find(history, first.id)
        m.label = "stale write"
        slow.storage.leases.seconds = 100  # past its own refusal of late writes: If-Match must stop it
        with pytest.raises(Conflict):
            slow.storage.write(history, m)
    assert [x.id for x in fast.list("a.ipynb")] == [first.id, acked.id]
    assert fast.get("a.ipynb", first.id).label == ""


def test_missing_bucket_is_refused_clearly(s3_url, tmp_path):
    with pytest.raises(StoreUnavailable, match="bucket does not exist"):
        open_store("s3://no-such-bucket-here/x", tmp_path)


def test_unreachable_endpoint_is_refused_clearly(s3_url, tmp_path, monkeypatch, unreachable_endpoint):
    monkeypatch.setenv("AWS_ENDPOINT_URL", unreachable_endpoint)
    opts = {"config": {"retries": {"max_attempts": 1}, "connect_timeout": 1}}
    with pytest.raises(StoreUnavailable, match="cannot reach the object storage"):
        open_store(s3_url, tmp_path, storage_options=opts)


def test_denied_credentials_are_refused_clearly(tmp_path, monkeypatch, moto_endpoint):
    port = _free_port()
    env = {"INITIAL_NO_AUTH_ACTION_COUNT": "0", "PATH": "/usr/bin:/bin"}
    code = f"from moto.server import main; main(['-H', '127.0.0.1', '-p', '{port}'])"
    proc = subprocess.Popen([sys.executable, "-c", code], env=env, stderr=subprocess.DEVNULL)
    try:
        denied = {"AWS_ACCESS_KEY_ID": "nobody", "AWS_SECRET_ACCESS_KEY": "wrong"}
        for k, v in {**denied, "AWS_ENDPOINT_URL": f"http://127.0.0.1:{port}"}.items():
            monkeypatch.setenv(k, v)
        deadline = time.time() + 30
        while True:
            try:
                open_store("s3://somebucket/p", tmp_path)
            except StoreUnavailable as e:
                if "cannot reach" in str(e) and time.time() < deadline:
                    time.sleep(0.3)  # the server is starting
                    continue
                assert "access denied" in str(e)
                break
    finally:
        proc.terminate()
        proc.wait(10)


def test_an_endpoint_ignoring_conditional_writes_is_refused(s3_url, tmp_path):
    from jupyterlab_checkpoints.store.storage.s3.client import make_client, parse_url, probe

    client = make_client({})

    def drop_conditions(request, **_):  # what an S3 look-alike that ignores them receives
        for h in ("If-None-Match", "If-Match"):
            request.headers.pop(h, None)

    client.meta.events.register("before-send.s3.PutObject", drop_conditions)
    bucket, prefix = parse_url(s3_url)
    with pytest.raises(StoreUnavailable, match="ignores conditional writes"):
        probe(client, bucket, prefix, s3_url)
    probe(make_client({}), bucket, prefix, s3_url)  # the real endpoint passes


def test_a_store_of_another_format_is_left_alone(s3_url, tmp_path):
    bucket, prefix = s3_url[5:].split("/", 1)
    s3_client().put_object(Bucket=bucket, Key=f"{prefix}/format.json", Body=b'{"format": 99}')
    with pytest.raises(UnsupportedFormat):
        open_store(s3_url, tmp_path)
    assert keys(s3_url) == [f"{prefix}/format.json"]


def test_a_per_user_prefix_comes_from_jupyterhub(s3_url, tmp_path, monkeypatch):
    url = s3_url.replace("/store", "/{username}/store")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    with pytest.raises(StoreUnavailable, match="JUPYTERHUB_USER"):
        open_store(url, tmp_path)  # never a prefix every user would share
    monkeypatch.setenv("JUPYTERHUB_USER", "ada")
    open_store(url, tmp_path).create("a.ipynb", nb(["x"]))
    assert any(k.startswith("ada/store/tree/") for k in keys(s3_url))


def test_after_a_collection_a_server_uploads_again_what_it_knew(s3_url, tmp_path):
    writer, collector = open_store(s3_url, tmp_path), open_store(s3_url, tmp_path)
    m = writer.create("a.ipynb", nb(["precious"]))
    writer.delete("a.ipynb", m.id)
    assert collector.maintenance.gc(grace_seconds=0)[0] > 0  # its pieces are gone from the bucket
    again = writer.create("a.ipynb", nb(["precious"]))  # `writer` remembered them as present
    assert writer.read_bytes(again) == nb(["precious"])


def _state(url, running, generation):
    bucket, prefix = url[5:].split("/", 1)
    body = json.dumps({"running": running, "generation": generation}).encode()
    s3_client().put_object(Bucket=bucket, Key=f"{prefix}/gc/state.json", Body=body)


def test_a_create_waits_for_a_running_collection(s3_url, tmp_path):
    store = open_store(s3_url, tmp_path)
    store.create("a.ipynb", nb(["1"]))
    _state(s3_url, True, 7)  # another server is collecting
    done = []
    worker = threading.Thread(target=lambda: done.append(store.create("a.ipynb", nb(["2"]))))
    worker.start()
    time.sleep(1.0)
    assert not done and not [k for k in keys(s3_url) if "/locks/" in k]  # waiting, its lease let go
    _state(s3_url, False, 8)
    worker.join(20)
    assert done and store.read_bytes(done[0]) == nb(["2"])


def test_a_collection_waits_for_changes_in_flight(s3_url, tmp_path):
    store = open_store(s3_url, tmp_path)
    m = store.create("a.ipynb", nb(["1"]))
    store.delete("a.ipynb", m.id)
    bucket, prefix = s3_url[5:].split("/", 1)
    s3_client().put_object(Bucket=bucket, Key=f"{prefix}/locks/f.b.ipynb", Body=b"{}")  # a create in flight
    result = []
    worker = threading.Thread(target=lambda: result.append(store.maintenance.gc(grace_seconds=0)))
    worker.start()
    time.sleep(1.0)
    assert not result
    s3_client().delete_object(Bucket=bucket, Key=f"{prefix}/locks/f.b.ipynb")
    worker.join(20)
    assert result and result[0][0] > 0


def test_moves_wait_for_a_running_collection(s3_url, tmp_path):
    store = open_store(s3_url, tmp_path)
    m = store.create("a.ipynb", nb(["1"]))
    _state(s3_url, True, 3)
    done = []
    worker = threading.Thread(target=lambda: done.append(store.moves.move_one(m.id, "a.ipynb", "b.ipynb")))
    worker.start()
    time.sleep(1.0)
    assert not done and [x.id for x in store.list("a.ipynb")] == [m.id]  # not moved while it reads indexes
    _state(s3_url, False, 4)
    worker.join(20)
    assert done and [x.id for x in store.list("b.ipynb")] == [m.id]
