"""Deleted files' histories in the bucket: `trash/<when>-<rand>/origin.json` says what was deleted,
`trash/<when>-<rand>/h/<history>/index.json` holds each of its files' checkpoints, as on disk
(store/trash.py). `Trash` is the storage contract's trash (base.py) on S3Storage, which it is given:
a deletion moves whole histories with the core's `merge`, under their leases. Listing them LISTs
`trash/`: the deleted-files view, never the panel.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterator
from typing import TYPE_CHECKING

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from ... import paths as P
from .client import is_missing_key, unavailable
from .history import S3History
from .layout import INDEX

if TYPE_CHECKING:
    from . import S3Storage

RECORD = "origin.json"


def decoded_path(rel: str) -> str | None:
    """The contents path a history's relative name stands for; None when a name in it was hashed."""
    names = [P.decode_segment(s)[1] for s in rel.split("/")]
    return None if any(n is None for n in names) else "/".join(names)


class Trash:
    def __init__(self, core: S3Storage):
        self.core, self.layout = core, core.layout
        self.client, self.bucket, self.url = core.layout.client, core.layout.bucket, core.layout.url
        self.base = f"{core.layout.prefix}trash/"

    def move_in(self, path: str, now: dt.datetime) -> bool:
        """A deleted file's (or folder's) histories go to a new trash entry with its origin; False when
        it had none."""
        kind, rels = self.core.sources(path)
        if not rels:
            return False
        entry = now.strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3)
        origin = {"path": path, "is_dir": kind == "d", "deleted": now.isoformat()}
        try:  # the record first: an index under an entry without one is never listed
            self.client.put_object(Bucket=self.bucket, Key=f"{self.base}{entry}/{RECORD}", Body=orjson.dumps(origin))
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e
        for rel in rels:
            for _ in self.core.merge(S3History(rel), S3History(rel, f"trash/{entry}/h")):
                pass
        return True

    def entries(self) -> list[tuple[str, dict]]:
        """(entry, origin) of every deletion, newest first."""
        entries, token = [], None
        try:
            while True:
                page = self.client.list_objects_v2(
                    Bucket=self.bucket,
                    Prefix=self.base,
                    Delimiter="/",
                    **({"ContinuationToken": token} if token else {}),
                )
                entries += [p["Prefix"][len(self.base) : -1] for p in page.get("CommonPrefixes", [])]
                token = page.get("NextContinuationToken")
                if not token:
                    break
            out = []
            for entry in entries:
                try:
                    body = self.client.get_object(Bucket=self.bucket, Key=f"{self.base}{entry}/{RECORD}")["Body"]
                    out.append((entry, orjson.loads(body.read())))
                except ClientError as e:
                    if not is_missing_key(e):
                        raise
                except orjson.JSONDecodeError:
                    continue
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e
        out.sort(key=lambda e: str(e[1].get("deleted", "")), reverse=True)
        return out

    def files(self, entry: str, origin: dict) -> Iterator[tuple[str, S3History]]:
        """(contents path, history) of each file of one deletion: the path its newest checkpoint carries
        (moves included); for a history holding only damaged entries, the one its name stands for."""
        area = f"trash/{entry}/h"
        for rel in self.layout.histories_below("", area):
            history = S3History(rel, area)
            index, _etag = self.core.read_index(self.layout.index_key(rel, area))
            path = index.manifests[-1].path if index.manifests else None
            if path is None and index.damaged_ids:
                path = decoded_path(rel)
            if path is not None:
                yield path, history

    def purge(self, entries: list[str]) -> int:
        """Remove trash entries whole (their histories, then their records); how many records (entries
        of their indexes) went."""
        records = 0
        for entry in entries:
            records += self._purge_entry(entry)
        return records

    def _purge_entry(self, entry: str) -> int:
        found = [o["Key"] for o in self.layout.listing(f"trash/{entry}/")]
        found.sort(key=lambda k: k.endswith(f"/{RECORD}"))  # the record last: never an unlisted leftover
        records = 0
        try:
            for key in found:
                if key.endswith(INDEX):
                    index, _etag = self.core.read_index(key)
                    records += len(index.manifests) + len(index.others) + index.broken
                self.client.delete_object(Bucket=self.bucket, Key=key)
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e
        return records
