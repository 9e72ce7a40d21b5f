"""Where things are under the store's prefix in the bucket, and the LISTs that find them (the layout is
in s3/__init__.py's docstring). Every part of the S3 backend reaches the bucket through one `Layout`.

Only renames, deletes, the command line, the clean-up and collection LIST the bucket; the panel's
path reads one index by its key.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError

from .client import unavailable

INDEX = "/index.json"
MAX_KEY = 900  # S3 keys are at most 1024 bytes; longer histories get a hashed name


@dataclass(frozen=True)
class Layout:
    client: object
    bucket: str
    prefix: str
    url: str  # what an error names

    def index_key(self, rel: str, area: str = "tree") -> str:
        return f"{self.prefix}{area}/{rel}{INDEX}"

    def too_long(self, rel: str, area: str = "tree") -> bool:
        return len(self.index_key(rel, area).encode("utf-8", "surrogateescape")) > MAX_KEY

    def listing(self, below: str) -> Iterator[dict]:
        """Every object under `below` (relative to the prefix): key, size, etag, Last-Modified, page by page."""
        try:
            pages = self.client.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=self.prefix + below
            )
            for page in pages:
                yield from page.get("Contents", [])
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e

    def histories_below(self, rel: str, area: str = "tree") -> list[str]:
        """Relative names of the histories under folder `rel` of `area` ("": all of it)."""
        below = f"{area}/" + (f"{rel}/" if rel else "")
        start = len(f"{self.prefix}{area}/")
        return [o["Key"][start : -len(INDEX)] for o in self.listing(below) if o["Key"].endswith(INDEX)]

    def pieces(self) -> Iterator[tuple[str, int, float]]:
        """(digest, bytes, Last-Modified as a timestamp) of every piece: one paged LIST of `objects/`."""
        for o in self.listing("objects/"):
            parts = o["Key"].rsplit("/", 2)
            yield parts[-2] + parts[-1], int(o["Size"]), o["LastModified"].timestamp()
