"""Every checkpoint the store holds, area by area, and whether each one's pieces are all there and sound.

For the command line (`jupyter checkpoints verify` / `stats`), which looks at the whole store rather than
one file. Reads only, without locks: manifests appear and go atomically, and a piece a listed manifest
refers to is never collected (maintenance.py), so what is found missing was missing, unless its
checkpoint went meanwhile; callers look the checkpoint up again before reporting it (`still_holds`).

Areas: `files` (tree/: the histories of existing files), `deleted` (trash/: deleted files' histories,
kept for recovery), `folders` (folder checkpoints). The histories come from the storage
(`storage.whole.histories()`: a walk of the folders on disk, a LIST of the indexes and a GET of each in
a bucket).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import orjson

from .attached import VARIABLES
from .manifest import Manifest
from .objects import DamagedPiece, ObjectStore
from .snapshot import CHUNKED, FILE, FOLDER

DIGEST_BYTES = 32  # an index object lists its pieces as binary sha256 digests (snapshot.py)


@dataclass
class History:
    area: str  # files | deleted | folders
    path: str  # the file's (or folder's) contents path
    manifests: list[Manifest]
    ref: Any  # the storage's name of the history: a folder on disk, an S3History in a bucket
    storage: Any
    stored_bytes: int | None = None  # its index object's bytes (object storage only)

    def still_holds(self, checkpoint_id: str) -> bool:
        """Whether the checkpoint is still there (it may have been deleted since it was listed)."""
        return self.storage.read(self.ref, checkpoint_id) is not None


def histories(store) -> Iterator[History]:
    """Every history holding a listed checkpoint, files first, then deleted files, then folders
    (storage/base.py `WholeStore.histories`)."""
    storage = store.storage
    for area, ref, path, found, _damaged, size in storage.whole.histories():
        if area == "files":  # as the server lists them (a crash may leave extras that are hidden)
            found = store.listed(found)
        # A renamed file's manifests keep the path they were made under: the history's name says where
        # it is now, unless it was hashed (a very long name): then the newest manifest's path.
        if found:
            yield History(area, path or found[-1].path, found, ref, storage, size)


class PieceCheck:
    """Reads every piece a checkpoint refers to and checks its hash; each piece is read once per run.

    `parallel` > 1 reads a notebook's pieces that many at a time: on object storage each read waits
    on the network far longer than on the hashing (a local disk gains nothing from it)."""

    def __init__(self, objects: ObjectStore, parallel: int = 1):
        self.objects = objects
        self.parallel = parallel
        self._leaves: dict[str, str | None] = {}

    def _prefetch(self, digests: list[str]) -> None:
        todo = list(dict.fromkeys(d for d in digests if d not in self._leaves))
        if self.parallel <= 1 or len(todo) <= 1:
            return
        with ThreadPoolExecutor(min(self.parallel, len(todo))) as pool:
            for digest, problem in zip(todo, pool.map(lambda d: self._read(d)[1], todo), strict=True):
                self._leaves[digest] = problem

    def _read(self, digest) -> tuple[bytes | None, str | None]:
        try:
            data = self.objects.get(digest)
        except FileNotFoundError:
            return None, f"missing piece {digest}"
        except DamagedPiece:  # the store checks every read (objects.py)
            return None, f"piece {digest} has the wrong hash"
        except (ValueError, TypeError):
            return None, f"refers to something that is not a piece: {digest!r}"
        if hashlib.sha256(data).hexdigest() != digest:
            return None, f"piece {digest} has the wrong hash"
        return data, None

    def _leaf(self, digest) -> list[str]:
        if digest not in self._leaves:
            self._leaves[digest] = self._read(digest)[1]
        problem = self._leaves[digest]
        return [problem] if problem else []

    def _listing(self, digest, key: str) -> tuple[list, list[str]]:
        """The list under `key` in the JSON index object `digest`, or the problem reading it."""
        data, problem = self._read(digest)
        if problem:
            return [], [problem]
        try:
            return list(orjson.loads(data)[key]), []
        except (orjson.JSONDecodeError, KeyError, TypeError):
            return [], [f"index {digest} is not readable"]

    def content(self, content) -> list[str]:
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == FILE:
            return self._leaf(content.get("blob"))
        if kind == CHUNKED:
            data, problem = self._read(content.get("index"))
            if problem:
                return [problem]
            digests = [data[i : i + DIGEST_BYTES].hex() for i in range(0, len(data), DIGEST_BYTES)]
            self._prefetch(digests)
            return [p for d in digests for p in self._leaf(d)]
        if kind == FOLDER:
            runs, problems = self._listing(content.get("index"), "runs")
            for run in runs:
                entries, run_problems = self._listing(run, "entries")
                problems += run_problems
                for entry in entries:
                    if isinstance(entry, dict) and "content" in entry:
                        problems += self.content(entry["content"])
            return problems
        return [f"content of an unknown type {kind!r}"]

    def manifest(self, m: Manifest) -> list[str]:
        """What is wrong with the pieces of `m` (its content and the kernel variables kept with it)."""
        problems = self.content(m.content)
        index = m.extra.get(VARIABLES)
        if isinstance(index, str):
            variables, var_problems = self._listing(index, "variables")
            problems += var_problems
            for v in variables:
                problems += self._leaf(v.get("hash") if isinstance(v, dict) else None)
        return problems
