"""Pieces a checkpoint holds besides its content: today, a snapshot of the kernel's variables.

A checkpoint's manifest names them in `extra["variables"]`: the digest of a JSON index object whose
`variables` list gives each saved variable's blob digest. Everything that decides which pieces are live
(garbage collection, clean-up, disk figures) asks here, so variable blobs live exactly as long as a
checkpoint (kept, pinned or of a deleted file) refers to them.
"""

from __future__ import annotations

import orjson

from .objects import ObjectStore

VARIABLES = "variables"


def summary_key(key: str) -> str:
    """Where the manifest keeps a short summary of what it refers to under `key` (store/attachments.py)."""
    return f"{key}_summary"


def attached_objects(objects: ObjectStore, extra) -> list[str]:
    """The digests `extra` refers to; raises like `referenced_objects` when an index is missing."""
    if not isinstance(extra, dict) or not isinstance(extra.get(VARIABLES), str):
        return []
    index = extra[VARIABLES]
    listing = orjson.loads(objects.get(index))
    return [index, *(v["hash"] for v in listing["variables"])]
