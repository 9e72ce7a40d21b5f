"""Every checkpoint the store holds, area by area, and whether each one's pieces are all there and sound.

For the command line (`jupyter checkpoints verify` / `stats`), which looks at the whole store rather than
one file. Reads only, without locks: manifests appear and go atomically, and a piece a listed manifest
refers to is never collected (maintenance.py), so what is found missing was missing, unless its
checkpoint went meanwhile; callers look the checkpoint up again before reporting it (`still_holds`).

Areas: `files` (tree/: the histories of existing files), `deleted` (trash/: deleted files' histories,
kept for recovery), `folders` (folder checkpoints; not on object storage). On object storage the
histories come from the backend (storage/s3/inventory.py: a LIST of the indexes, a GET of each).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from . import paths as P
from .attached import VARIABLES
from .folder_area import FOLDERS
from .manifest import SUFFIX, Manifest, list_manifests
from .objects import DamagedPiece, ObjectStore
from .snapshot import CHUNKED, FILE, FOLDER

DIGEST_BYTES = 32  # an index object lists its pieces as binary sha256 digests (snapshot.py)
REMOTE_PARALLEL = 16  # pieces read at a time from object storage, as its own reads do (s3/objects.py)


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


def _folders_with_manifests(base: Path) -> Iterator[Path]:
    for dirpath, _dirs, names in os.walk(base):
        if any(n.endswith(SUFFIX) for n in names):
            yield Path(dirpath)


def _decoded_path(base: Path, folder: Path) -> str | None:
    """The contents path a history folder of tree/ stands for; None when a name in it was hashed."""
    return _decoded(folder.relative_to(base).parts)


def _decoded(parts) -> str | None:
    names = [P.decode_segment(s)[1] for s in parts]
    return None if any(n is None for n in names) else "/".join(names)


def _remote_histories(store) -> Iterator[History]:
    for area, ref, path, found, _damaged, size in store.storage.whole.histories():
        if area == "folders" or not found:
            continue  # verify and stats read folders' histories and damaged records on disk only, so far
        path = path if area == "files" else None
        if area == "files":  # as the server lists them (see below)
            dropped = {m.id for m in store._over_limit(found)}
            found = [m for m in found if m.id not in dropped]
        yield History(area, path or found[-1].path, found, ref, store.storage, size)


def histories(store) -> Iterator[History]:
    """Every history holding a listed checkpoint, files first, then deleted files, then folders."""
    if not store.storage.local:
        yield from _remote_histories(store)
        return
    storage = store.storage
    for folder in _folders_with_manifests(store.tree):
        found = list_manifests(folder)
        if not found:
            continue
        # A renamed file's manifests keep the path they were made under: the folder says where it is now.
        path = _decoded_path(store.tree, folder)
        if path is None:  # a hashed (very long) name: the newest manifest's path, the folder's own list
            yield History("files", found[-1].path, found, folder, storage)
            continue
        listed = store.list(path)  # as the server lists them (a crash may leave extras that are hidden)
        if listed:
            yield History("files", path, listed, folder, storage)
    for area, base in (("deleted", store.trash), ("folders", store.root / FOLDERS)):
        for folder in _folders_with_manifests(base):
            found = list_manifests(folder)
            if found:
                yield History(area, found[-1].path, found, folder, storage)


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
