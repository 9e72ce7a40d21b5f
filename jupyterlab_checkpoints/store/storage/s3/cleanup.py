"""The user's clean-up on object storage: how store/cleanup.py reads and changes the bucket, through
`Cleaning`, the part of S3Storage it reaches as `storage.cleaning`. What goes and what stays is
decided there, by the same rules on both backends.

Reading (`reading`, `records`; the pieces: `storage.whole.pieces()`): a LIST of `tree/`, `trash/` and
`folders/` and a GET of each index (folder checkpoints' pieces stay like any other's), the deletion
records' sizes from the same LIST, and a LIST of `objects/` (key, size, Last-Modified). Nothing is held
meanwhile, and only when a user asks (the Clean Up dialog): the panel's path never LISTs. `versions`
LISTs the indexes' etags again, so what changed since a plan can be read again alone.

Freeing (`freeing`) runs under the collection's announcement (collect.py `announced`): every create,
restore or move that could add a reference has finished, and none starts until the end, so a piece no
index refers to then stays unreferenced while it is deleted; each server forgets the pieces it knew
exist afterwards.
A deleted file's history is removed under its lease (another server may be restoring from it or
writing it), after reading its index again there: a history that gained a pinned checkpoint since the
plan stays. Its index is deleted with If-Match on the etag read under the lease. A deletion record
goes last, once every history of its entry is gone, so an index is never left without its record.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from ...errors import Conflict
from ...folder_area import FOLDERS
from .client import is_missing_key, status_of, unavailable
from .collect import Collection
from .history import S3History
from .layout import INDEX, Layout
from .objects import PARALLEL

RECORD = "/origin.json"
_BATCH = 1000  # keys per DeleteObjects request (S3's limit)


class Cleaning:
    def __init__(self, layout: Layout, leases, collection: Collection):
        self.layout, self.leases, self.collection = layout, leases, collection
        self.client, self.bucket, self.prefix, self.url = layout.client, layout.bucket, layout.prefix, layout.url

    @contextlib.contextmanager
    def reading(self):
        yield time.time()  # nothing to hold: see the module's docstring

    def freeing(self, started: float, grace_seconds: float):
        """The collection's announcement (collect.py); yields its monotonic start, for `delete_pieces`."""
        return self.collection.announced()

    @staticmethod
    def entry_of(history) -> str | None:
        """The trash entry of a deleted file's history (area `trash/<entry>/h`)."""
        area = getattr(history, "area", "tree")
        return area.split("/")[1] if area.startswith("trash/") else None

    def _raw_index(self, key: str) -> tuple[list | None, str | None, int]:
        """(manifests as stored, None when unreadable; etag, None when missing; bytes) of one index."""
        try:
            r = self.client.get_object(Bucket=self.bucket, Key=key)
            data = r["Body"].read()
        except ClientError as e:
            if is_missing_key(e):
                return [], None, 0
            raise unavailable(self.url, e) from e
        except BotoCoreError as e:
            raise unavailable(self.url, e) from e
        try:
            found = orjson.loads(data).get("manifests")
            return (found if isinstance(found, list) else None), r["ETag"], len(data)
        except (orjson.JSONDecodeError, AttributeError):
            return None, r["ETag"], len(data)

    def _index_keys(self) -> tuple[list[tuple[S3History, str, str]], dict[str, int]]:
        """([(history, its index's key, its etag)], {trash entry: its deletion record's bytes}): a LIST
        of `tree/`, `trash/` and `folders/`, nothing read."""
        found, records = [], {}
        for base in ("tree/", "trash/", f"{FOLDERS}/"):
            for o in self.layout.listing(base):
                key = o["Key"]
                rel = key[len(self.prefix + base) :]
                if base == "trash/" and key.endswith(RECORD) and rel.count("/") == 1:
                    records[rel.split("/")[0]] = int(o["Size"])
                    continue
                if not key.endswith(INDEX):
                    continue
                rel = rel[: -len(INDEX)]
                if base != "trash/":
                    found.append((S3History(rel, base[:-1]), key, o["ETag"]))
                    continue
                entry, sep, inner = rel.partition("/h/")
                if sep:
                    found.append((S3History(inner, f"trash/{entry}/h"), key, o["ETag"]))
        return found, records

    def versions(self) -> dict[S3History, str]:
        """The etag of every index now: a LIST of `tree/` and `trash/` (1,000 indexes a request)."""
        return {h: etag for h, _key, etag in self._index_keys()[0]}

    def records(self, only: set | None = None) -> tuple[list[tuple[S3History, list | None, int, str]], dict]:
        """([(history, its manifests as stored or None when unreadable, its index's bytes, its etag)],
        {trash entry: its deletion record's bytes}) of the whole store, or of the histories `only` names.
        The indexes are read PARALLEL at a time."""
        found, records = self._index_keys()
        if only is not None:
            found = [f for f in found if f[0] in only]
        with ThreadPoolExecutor(PARALLEL) as pool:
            read = list(pool.map(lambda f: self._raw_index(f[1]), found))
        pairs = zip(found, read, strict=True)
        # An index removed since the LIST (etag None) has nothing to count or keep.
        return [(h, found, size, etag) for (h, _k, _e), (found, etag, size) in pairs if etag is not None], records

    def remove_history(self, history: S3History, keep: Callable[[list | None], bool]) -> int | None:
        """Remove a deleted file's history under its lease unless `keep` (its manifests as stored, read
        again there) says it stays; the index's bytes freed, or None when it stayed."""
        key = f"{self.prefix}{history.area}/{history.rel}{INDEX}"
        lease_key = f"{self.prefix}{history.lease}"
        lease_etag = self.leases.acquire(lease_key)
        try:
            manifests, etag, size = self._raw_index(key)
            if etag is None:
                return 0  # gone meanwhile (expired, or another server's clean-up)
            if keep(manifests):
                return None
            self.client.delete_object(Bucket=self.bucket, Key=key, IfMatch=etag)
            return size
        except ClientError as e:
            if status_of(e) in (404, 409, 412):
                return None  # changed after it was read under the lease: a lapsed lease; it stays
            raise unavailable(self.url, e) from e
        except BotoCoreError as e:
            raise unavailable(self.url, e) from e
        finally:
            self.leases.release(lease_key, lease_etag)

    def remove_record(self, entry: str) -> None:
        """Remove a deletion record whose entry holds no history any more."""
        try:
            self.client.delete_object(Bucket=self.bucket, Key=f"{self.prefix}trash/{entry}{RECORD}")
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e

    def delete_pieces(self, sizes: dict[str, int], started: float) -> tuple[int, int]:
        """Delete the pieces `sizes` names (digest -> bytes), a thousand a request; (pieces, bytes). Under
        `announced`, whose monotonic start is `started`: past the announcement's longest life it stops, as
        a collection does."""
        removed = freed = 0
        digests = sorted(sizes)
        try:
            for start in range(0, len(digests), _BATCH):
                if time.monotonic() - started > self.collection.longest():
                    raise Conflict("the clean-up took too long and stopped; what is left is freed next time")
                batch = digests[start : start + _BATCH]
                keys = [{"Key": f"{self.prefix}objects/{d[:2]}/{d[2:]}"} for d in batch]
                r = self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})
                failed = {e["Key"] for e in r.get("Errors", [])}
                for d, k in zip(batch, keys, strict=True):
                    if k["Key"] not in failed:
                        removed, freed = removed + 1, freed + sizes[d]
                if failed:
                    raise unavailable(self.url, RuntimeError(f"{len(failed)} pieces could not be deleted"))
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e
        return removed, freed
