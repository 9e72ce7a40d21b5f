"""A folder checkpoint's content: one index object listing its entries, stored like any other piece.

    {"entries": [{"path": "a/b.ipynb", "type": "file", "size": 123, "mode": 420,
                  "content": {"type": "chunked", "index": "..."}, "stat": [size, mtime_ns, ino, ctime_ns],
                  "touched": ns},
                 {"path": "data", "type": "link", "target": "../shared/data"}]}

A file's `content` is exactly what a file checkpoint of the same bytes holds (store/snapshot.py), so
folder and file checkpoints share their pieces. `stat` (null when it cannot vouch, reading.py) lets the
next folder checkpoint reuse the content without reading the file; `touched`, when its pieces' times
were last refreshed (folders/checkpoints.py). Two checkpoints of the same state
have the same index object, hence the same retention key.
"""

from __future__ import annotations

import orjson

from ..store.objects import ObjectStore
from ..store.snapshot import FOLDER, load_bytes


def is_notebook_path(rel: str) -> bool:
    return rel.endswith(".ipynb")


def encode(entries: list[dict]) -> bytes:
    return orjson.dumps({"entries": sorted(entries, key=lambda e: e["path"])})


def load_entries(objects: ObjectStore, content: dict) -> list[dict]:
    if content.get("type") != FOLDER:
        raise ValueError("not a folder checkpoint")
    return orjson.loads(objects.get(content["index"]))["entries"]


def by_path(entries: list[dict]) -> dict[str, dict]:
    return {e["path"]: e for e in entries}


def file_bytes(objects: ObjectStore, entry: dict) -> bytes:
    return load_bytes(objects, entry["content"])


def same_state(a: dict, b: dict) -> bool:
    """Whether two entries hold the same thing (content, or link target)."""
    if a["type"] != b["type"]:
        return False
    if a["type"] == "link":
        return a.get("target") == b.get("target")
    return key(a) == key(b)


def key(entry: dict) -> str:
    c = entry.get("content") or {}
    return str(c.get("index") or c.get("blob") or "")
