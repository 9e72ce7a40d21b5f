"""Collecting pieces no checkpoint refers to, on object storage: `Collection`, the part of S3Storage
that announces collections, waits for them and runs them (`S3Storage.collection`; the command line
and the store reach `collect` through the whole store, inventory.py).

A 412 on a piece's create does not refresh its Last-Modified, and pieces this server knows exist are
not even asked about, so a grace period alone cannot tell a piece a create is about to refer to. The
collection is therefore announced, and waited for:

1. `gc/state.json` is set to running (created or replaced with a condition: one collection at a time).
2. Every lease that exists then is waited for (gone, or lapsed). A create, restore or move checks the
   state after taking its lease and before it writes or takes pieces or moves manifests
   (`pause_while_collecting`); seeing a collection it lets its leases go, waits for the end, takes
   them again and reads its indexes again. So when the leases are gone, no change that could add a
   reference is in flight, and none starts until the end.
3. Every index (tree/, trash/ and folders/) is read, then `objects/` is listed; pieces nobody refers to and
   older than the grace period are deleted.
4. The state goes back to idle with a new generation: every server then forgets the pieces it knew
   exist (`known`), so it asks again (If-None-Match) instead of taking a deleted piece as present.

An operation that outlives its lease is refused before it writes its index (`S3Storage._put`), so a
stalled create cannot refer to a piece after a collection that no longer waited for it.

An index that does not parse (or holds an entry that does not) may refer to any piece: while one is in
the bucket nothing is deleted, and `suspended` says which (the server logs it, `gc` prints it).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from email.utils import parsedate_to_datetime

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from ...errors import Conflict
from ...folder_area import FOLDERS
from ...manifest import Manifest
from .client import is_missing_key, status_of, unavailable
from .layout import Layout


class Collection:
    def __init__(self, layout: Layout, leases, objects, log, held: Callable[[], dict], reload: Callable):
        """`held()`: this thread's leases and indexes (s3/__init__.py `_Held` by index key); `reload(key,
        held)` reads one of them again after its lease was let go and taken again."""
        self.layout, self.leases, self.objects, self.log = layout, leases, objects, log
        self.client, self.bucket, self.prefix, self.url = layout.client, layout.bucket, layout.prefix, layout.url
        self._held, self._reload = held, reload
        self._generation: object = None
        self.suspended = ""  # why the last collection deleted nothing (a damaged index, another's running), or ""

    def _index_refs(self, key: str) -> list[Manifest] | None:
        """Every manifest of one index, whatever its format; None when the index or an entry of it is
        damaged (it may then refer to any piece)."""
        try:
            data = self.client.get_object(Bucket=self.bucket, Key=key)["Body"].read()
        except ClientError as e:
            if is_missing_key(e):
                return []  # removed since the LIST
            raise
        try:
            return [Manifest(**d) for d in orjson.loads(data)["manifests"]]
        except (orjson.JSONDecodeError, KeyError, TypeError, AttributeError):
            return None

    def _state(self) -> tuple[dict, str | None, float]:
        """(state, etag, age in seconds by the bucket's clock) of `gc/state.json`."""
        try:
            r = self.client.get_object(Bucket=self.bucket, Key=f"{self.prefix}gc/state.json")
            now = parsedate_to_datetime(r["ResponseMetadata"]["HTTPHeaders"]["date"])
            return orjson.loads(r["Body"].read()), r["ETag"], (now - r["LastModified"]).total_seconds()
        except ClientError as e:
            if is_missing_key(e):
                return {"running": False, "generation": 0}, None, 0.0
            raise unavailable(self.url, e) from e
        except BotoCoreError as e:
            raise unavailable(self.url, e) from e

    def longest(self) -> float:
        return 10 * self.leases.seconds  # a collection running longer than this died: it is ignored

    def _running(self, state: dict, age: float) -> bool:
        return bool(state.get("running")) and age <= self.longest()

    def running(self) -> bool:
        """Whether a collection (any server's) is announced and running now."""
        state, _, age = self._state()
        return self._running(state, age)

    def pause_while_collecting(self) -> None:
        """Called holding leases, before pieces are written or taken as present, or manifests move."""
        state, _, age = self._state()
        if self._running(state, age):
            held = self._held()
            with contextlib.ExitStack() as guards:  # the heartbeats wait while the leases are let go
                for h in held.values():
                    guards.enter_context(h.guard)
                    self.leases.release(h.lease_key, h.lease_etag)
                deadline = time.monotonic() + self.longest()
                while self._running(state, age) and time.monotonic() < deadline:
                    time.sleep(0.2)
                    state, _, age = self._state()
                for key, h in sorted(held.items(), key=lambda kv: kv[1].lease_key):
                    h.lease_etag = self.leases.acquire(h.lease_key)
                    h.acquired, h.lost = time.monotonic(), False
                    self._reload(key, h)  # what other servers did meanwhile
        if state.get("generation") != self._generation:
            self.objects.known.clear()  # a collection ran: a known piece may be gone
            self._generation = state.get("generation")

    def _set_state(self, state: dict, etag: str | None) -> str:
        cond = {"IfMatch": etag} if etag else {"IfNoneMatch": "*"}
        key = f"{self.prefix}gc/state.json"
        try:
            return self.client.put_object(Bucket=self.bucket, Key=key, Body=orjson.dumps(state), **cond)["ETag"]
        except ClientError as e:
            if status_of(e) in (404, 409, 412):
                raise Conflict("another server is collecting unreferenced pieces") from e
            raise unavailable(self.url, e) from e

    def _wait_for_leases(self, deadline: float) -> None:
        base = f"{self.prefix}locks/"
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base)
        waiting = {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}
        while waiting:
            if time.monotonic() > deadline:
                raise Conflict("changes in flight did not finish; the collection was given up")
            for key, etag in list(waiting.items()):
                try:
                    head = self.client.head_object(Bucket=self.bucket, Key=key)
                except ClientError as e:
                    if status_of(e) != 404:
                        raise
                    waiting.pop(key)
                    continue
                now = parsedate_to_datetime(head["ResponseMetadata"]["HTTPHeaders"]["date"])
                if head["ETag"] != etag or (now - head["LastModified"]).total_seconds() > self.leases.seconds:
                    waiting.pop(key)  # taken again after the announcement (it waits for us), or lapsed
            if waiting:
                time.sleep(0.1)

    @contextlib.contextmanager
    def announced(self):
        """Steps 1, 2 and 4 of the module's docstring around what the caller does (3.): inside, no change
        that could add a reference is in flight and none starts. Yields the monotonic start, for
        `longest`. The user's clean-up runs under it too (s3/cleanup.py)."""
        state, etag, age = self._state()
        if self._running(state, age):
            raise Conflict("another server is collecting unreferenced pieces; try again in a moment")
        started = time.monotonic()
        etag = self._set_state({"running": True, "generation": state.get("generation", 0)}, etag)
        try:
            self._wait_for_leases(started + self.longest())
            yield started
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e
        finally:
            self._set_state({"running": False, "generation": state.get("generation", 0) + 1}, etag)

    def collect(self, grace_seconds: float, refs_of: Callable[[object], Iterable[str]]) -> tuple[int, int]:
        """Delete pieces no checkpoint refers to (see the module's docstring); (pieces, bytes)."""
        state, _, age = self._state()
        if self._running(state, age):
            # Said, not left as it was: the previous collection's reason (a damaged index since deleted,
            # say) would be wrong now.
            self.suspended = "another server is collecting unreferenced pieces; nothing was removed this time"
            return 0, 0
        removed = freed = 0
        with self.announced() as started:
            referenced: set[str] = set()
            damaged: list[str] = []
            self.suspended = ""
            for area in ("tree", "trash", FOLDERS):  # folder checkpoints' indexes: s3/folders.py
                for rel in self.layout.histories_below("", area):
                    manifests = self._index_refs(f"{self.prefix}{area}/{rel}/index.json")
                    if manifests is None:
                        damaged.append(f"{area}/{rel}")
                        continue
                    for m in manifests:
                        referenced.update(refs_of(m))  # a missing index object raises: nothing is deleted
            if damaged:
                self.suspended = (
                    f"{len(damaged)} damaged checkpoint index(es) ({', '.join(damaged[:5])}) may refer to any "
                    "piece; nothing is collected until they are repaired or deleted"
                )
                self.log.warning("jupyterlab_checkpoints: collection skipped: %s", self.suspended)
                return 0, 0
            cutoff = time.time() - grace_seconds
            for o in self.layout.listing("objects/"):
                digest = o["Key"].rsplit("/", 2)[-2] + o["Key"].rsplit("/", 1)[-1]
                if digest in referenced or o["LastModified"].timestamp() >= cutoff:
                    continue
                if time.monotonic() - started > self.longest():
                    raise Conflict("the collection took too long and stopped; it continues next time")
                self.client.delete_object(Bucket=self.bucket, Key=o["Key"])
                removed, freed = removed + 1, freed + o["Size"]
        return removed, freed
