"""A folder checkpoint's content: its entries, in pieces stored like any other content.

An entry:
    {"path": "a/b.ipynb", "type": "file", "size": 123, "mode": 420,
     "content": {"type": "chunked", "index": "..."}, "stat": [size, mtime_ns, ino, ctime_ns], "touched": ns}
    {"path": "data", "type": "link", "target": "../shared/data"}

A file's `content` is exactly what a file checkpoint of the same bytes holds (store/snapshot.py), so
folder and file checkpoints share their pieces. `stat` (null when it cannot vouch, disk_read.py) lets the
next folder checkpoint reuse the content without reading the file; `touched`, when its pieces' times
were last refreshed (folders/checkpoints.py).

The entries, sorted by path, are cut into runs (a cut after each entry whose path hashes to 0 modulo
RUN, so about RUN entries a run, and a change, insertion or removal moves only the cuts next to it);
each run is one object, and the checkpoint's index object lists the runs: `{"runs": [digest...]}`. A
checkpoint that changed one file writes one run and the small index, not the whole listing.
"""

from __future__ import annotations

import hashlib

import orjson

from ..store.objects import ObjectStore
from ..store.snapshot import FOLDER, load_bytes


def is_notebook_path(rel: str) -> bool:
    return rel.endswith(".ipynb")


RUN = 64


def _cut_after(path: str) -> bool:
    return int.from_bytes(hashlib.blake2b(path.encode(), digest_size=4).digest(), "big") % RUN == 0


def runs(entries: list[dict]) -> list[bytes]:
    """The entries' run objects, in order (see the module's docstring)."""
    out, run = [], []
    for e in sorted(entries, key=lambda e: e["path"]):
        run.append(e)
        if _cut_after(e["path"]):
            out.append(orjson.dumps({"entries": run}))
            run = []
    if run or not out:
        out.append(orjson.dumps({"entries": run}))
    return out


def index_pieces(entries: list[dict]) -> tuple[str, list[tuple[str, bytes]]]:
    """The index's digest, and the pieces to store for it: the runs and the index itself."""
    pieces = [(hashlib.sha256(data).hexdigest(), data) for data in runs(entries)]
    index = orjson.dumps({"runs": [d for d, _ in pieces]})
    digest = hashlib.sha256(index).hexdigest()
    return digest, [*pieces, (digest, index)]


def load_entries(objects: ObjectStore, content: dict) -> list[dict]:
    if content.get("type") != FOLDER:
        raise ValueError("not a folder checkpoint")
    out = []
    # The runs together: on object storage that is requests in parallel, not one after another.
    for data in objects.get_many(orjson.loads(objects.get(content["index"]))["runs"]):
        out.extend(orjson.loads(data)["entries"])
    return out


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
