"""The whole store in the bucket, for the command line's `verify`, `stats` and `gc` (store/inventory.py).
Part of S3Storage.

Enumerating histories LISTs `tree/` and `trash/` (paged, 1000 keys a request) and GETs each index;
the figures LIST `objects/` once. An admin's command may afford that; the panel's path never LISTs.
"""

from __future__ import annotations

from collections.abc import Iterator

from botocore.exceptions import BotoCoreError, ClientError

from ...manifest import Manifest
from .client import unavailable
from .history import S3History

INDEX = "/index.json"


class S3Inventory:
    # Provided by S3Storage.
    client: object
    bucket: str
    prefix: str
    url: str

    def _get(self, key: str) -> tuple[list[Manifest], str | None]: ...  # pragma: no cover
    def _state(self) -> tuple[dict, str | None, float]: ...  # pragma: no cover
    def _running(self, state: dict, age: float) -> bool: ...  # pragma: no cover

    def _listing(self, below: str) -> Iterator[dict]:
        """Every object under `below` (relative to the store's prefix): key and size, page by page."""
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix + below
            )
            for page in pages:
                yield from page.get("Contents", [])
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e

    def all_histories(self) -> Iterator[tuple[str, S3History, list[Manifest], int]]:
        """(area, history, its manifests, its index's bytes) of every history: existing files' (`files`)
        then deleted files' kept for recovery (`deleted`, trash/<entry>/h/...)."""
        for area, base in (("files", "tree/"), ("deleted", "trash/")):
            for o in self._listing(base):
                key = o["Key"]
                if not key.endswith(INDEX):
                    continue  # a deletion's origin.json
                rel = key[len(self.prefix + base) : -len(INDEX)]
                if area == "files":
                    history = S3History(rel)
                else:
                    entry, sep, inner = rel.partition("/h/")
                    if not sep:
                        continue
                    history = S3History(inner, f"trash/{entry}/h")
                manifests, _ = self._get(key)
                if manifests:
                    yield area, history, manifests, int(o["Size"])

    def piece_figures(self) -> tuple[int, int]:
        """(pieces, bytes) of `objects/`: one paged LIST, no piece is read."""
        count = size = 0
        for o in self._listing("objects/"):
            count, size = count + 1, size + int(o["Size"])
        return count, size

    def collecting(self) -> bool:
        """Whether a collection (any server's, collect.py) is announced and running now."""
        state, _, age = self._state()
        return self._running(state, age)
