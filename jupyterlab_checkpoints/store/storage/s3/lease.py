"""Locks shared by every server on one bucket: a lease object per history, created with
`If-None-Match: *` (only one server can create it), deleted with `If-Match: <its etag>` (a server only
ever removes its own lease).

A lease older than `seconds` (judged by the bucket's own clock: the object's Last-Modified against the
response's Date, so servers' clocks never matter) belongs to a server that died holding it: it is
replaced with `If-Match` on the etag seen, so of two servers breaking it at once only one wins.

A long operation (the first checkpoint of a big notebook over a slow link uploads thousands of pieces)
keeps its lease fresh: a `Heartbeat` re-writes it with `If-Match` every quarter of `seconds`, with the
same body, so its etag stays the one a collection waits for (collect.py). A server that stalls stalls
its heartbeat too: its lease lapses, and the index it writes is guarded by `If-Match` (s3/__init__.py),
so it gets a refusal, never a lost write.
"""

from __future__ import annotations

import random
import secrets
import threading
import time
from email.utils import parsedate_to_datetime

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from ...errors import Conflict
from .client import status_of, unavailable


class Leases:
    def __init__(self, client, bucket: str, where: str, seconds: float = 30.0, wait: float = 60.0):
        self.client, self.bucket, self.where = client, bucket, where
        self.seconds, self.wait = seconds, wait
        self.owner = secrets.token_hex(8)
        self.renew_every = seconds / 4  # 0: no heartbeat (tests of a stalled server)

    def _body(self) -> bytes:
        return orjson.dumps({"owner": self.owner, "seconds": self.seconds})

    def acquire(self, key: str) -> str:
        """Wait for the lease `key`; returns its etag (for `release`)."""
        body = self._body()
        deadline = time.monotonic() + self.wait
        delay = 0.01
        while True:
            try:
                return self.client.put_object(Bucket=self.bucket, Key=key, Body=body, IfNoneMatch="*")["ETag"]
            except ClientError as e:
                if status_of(e) not in (409, 412):  # 409: another conditional write raced this one
                    raise unavailable(self.where, e) from e
            except BotoCoreError as e:
                raise unavailable(self.where, e) from e
            taken = self._break_stale(key, body)
            if taken:
                return taken
            if time.monotonic() > deadline:
                raise Conflict("another server has been changing these checkpoints for too long; try again later")
            time.sleep(delay * (1 + random.random()))
            delay = min(delay * 2, 0.25)

    def _break_stale(self, key: str, body: bytes) -> str | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=key)
        except ClientError as e:
            if status_of(e) == 404:
                return None  # released meanwhile: try again
            raise unavailable(self.where, e) from e
        now = parsedate_to_datetime(head["ResponseMetadata"]["HTTPHeaders"]["date"])
        if (now - head["LastModified"]).total_seconds() <= self.seconds:
            return None
        try:
            return self.client.put_object(Bucket=self.bucket, Key=key, Body=body, IfMatch=head["ETag"])["ETag"]
        except ClientError as e:
            if status_of(e) in (404, 409, 412):
                return None  # another server broke it first, or it was released
            raise unavailable(self.where, e) from e

    def renew(self, key: str, etag: str) -> str | None:
        """Refresh the lease `key` if it is still `etag`; its new etag, or None when it is not ours any
        more (broken or released). Other failures raise: the next beat tries again."""
        try:
            return self.client.put_object(Bucket=self.bucket, Key=key, Body=self._body(), IfMatch=etag)["ETag"]
        except ClientError as e:
            if status_of(e) in (404, 409, 412):
                return None
            raise

    def release(self, key: str, etag: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key, IfMatch=etag)
        except ClientError as e:
            if status_of(e) not in (404, 412):  # 412: it was broken and is another server's now
                raise unavailable(self.where, e) from e
        except BotoCoreError:
            pass  # unreachable: the lease expires by itself


class Heartbeat:
    """Renews one held lease (`held`: its `lease_key`, `lease_etag`, `acquired`, `lost`, `guard`) until
    stopped. It gives up, marking `held.lost`, when the lease may already have lapsed (a beat came later
    than 0.8 `seconds` after the last renewal) or was taken; `S3Storage._put` then refuses to write.
    `collecting()` says whether a collection runs: one that listed the lease before a renewal changed
    its etag (a store that does not use the body's MD5 as etag) no longer waits for it."""

    def __init__(self, leases: Leases, held, collecting):
        self.leases, self.held, self.collecting = leases, held, collecting
        self._stop = threading.Event()
        self._thread = None
        if leases.renew_every > 0:
            self._thread = threading.Thread(target=self._run, name="checkpoints-lease", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        held, leases = self.held, self.leases
        while not self._stop.wait(leases.renew_every):
            with held.guard:
                if self._stop.is_set():
                    return
                if time.monotonic() - held.acquired > 0.8 * leases.seconds:
                    held.lost = True  # too late to be sure nobody broke it meanwhile
                    return
                sent = time.monotonic()
                try:
                    etag = leases.renew(held.lease_key, held.lease_etag)
                    if etag is not None and etag != held.lease_etag and self.collecting():
                        etag = None
                except Exception:  # unreachable for a moment: the next beat tries again
                    continue
                if etag is None:
                    held.lost = True
                    return
                held.lease_etag, held.acquired = etag, sent

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
