"""Deleted files' histories in the bucket: `trash/<when>-<rand>/origin.json` says what was deleted,
`trash/<when>-<rand>/h/<history>/index.json` holds each of its files' checkpoints, as on disk
(store/trash.py). Part of S3Storage. Listing them LISTs `trash/`: the deleted-files view, never the panel.
"""

from __future__ import annotations

import datetime as dt
import secrets

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from .client import is_missing_key, unavailable
from .history import S3History


class S3Trash:
    # Provided by S3Storage.
    client: object
    bucket: str
    prefix: str
    url: str

    def _sources(self, old_path: str) -> tuple[str, list[str]]: ...  # pragma: no cover
    def _histories_below(self, rel: str, area: str = "tree") -> list[str]: ...  # pragma: no cover
    def merge(self, src, dst, old_path: str = "", new_path: str = ""): ...  # pragma: no cover

    def trash_tree(self, path: str) -> None:
        """A deleted file's (or folder's) histories go to a new trash entry with its origin."""
        kind, rels = self._sources(path)
        if not rels:
            return
        now = dt.datetime.now(dt.timezone.utc)
        entry = now.strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3)
        origin = {"path": path, "is_dir": kind == "d", "deleted": now.isoformat()}
        try:  # the record first: an index under an entry without one is never listed
            self.client.put_object(Bucket=self.bucket, Key=f"{self.prefix}trash/{entry}/origin.json",
                                   Body=orjson.dumps(origin))  # fmt: skip
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e
        for rel in rels:
            for _ in self.merge(S3History(rel), S3History(rel, f"trash/{entry}/h")):
                pass

    def trash_entries(self) -> list[tuple[str, dict]]:
        """(entry, origin) of every deletion, newest first."""
        base = f"{self.prefix}trash/"
        entries, token = [], None
        try:
            while True:
                page = self.client.list_objects_v2(
                    Bucket=self.bucket, Prefix=base, Delimiter="/", **({"ContinuationToken": token} if token else {})
                )
                entries += [p["Prefix"][len(base) : -1] for p in page.get("CommonPrefixes", [])]
                token = page.get("NextContinuationToken")
                if not token:
                    break
            out = []
            for entry in entries:
                try:
                    body = self.client.get_object(Bucket=self.bucket, Key=f"{base}{entry}/origin.json")["Body"]
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

    def deleted_histories(self, entry: str) -> list[S3History]:
        area = f"trash/{entry}/h"
        return [S3History(rel, area) for rel in self._histories_below("", area)]

    def purge_entry(self, entry: str) -> None:
        """Remove a trash entry whole (its histories, then its record)."""
        base = f"{self.prefix}trash/{entry}/"
        try:
            found = []
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=base):
                found += [o["Key"] for o in page.get("Contents", [])]
            found.sort(key=lambda k: k.endswith("/origin.json"))  # the record last: never an unlisted leftover
            for key in found:
                self.client.delete_object(Bucket=self.bucket, Key=key)
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e
