"""Locks shared by every server on one bucket: a lease object per history, created with
`If-None-Match: *` (only one server can create it), deleted with `If-Match: <its etag>` (a server only
ever removes its own lease).

A lease older than `seconds` (judged by the bucket's own clock: the object's Last-Modified against the
response's Date, so servers' clocks never matter) belongs to a server that died holding it: it is
replaced with `If-Match` on the etag seen, so of two servers breaking it at once only one wins. An
operation never takes longer than a lease: the index it writes is guarded by `If-Match` too (see
s3/__init__.py), so a server whose lease was broken while it stalled gets a refusal, never a lost write.
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
        self._local = threading.local()

    def acquire(self, key: str) -> str:
        """Wait for the lease `key`; returns its etag (for `release`)."""
        body = orjson.dumps({"owner": self.owner, "seconds": self.seconds})
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

    def release(self, key: str, etag: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=key, IfMatch=etag)
        except ClientError as e:
            if status_of(e) not in (404, 412):  # 412: it was broken and is another server's now
                raise unavailable(self.where, e) from e
        except BotoCoreError:
            pass  # unreachable: the lease expires by itself
