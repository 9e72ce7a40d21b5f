"""Deleted files' histories on a local disk: `trash/<when>-<rand>/h` is the moved history folder (one
`os.rename`, nothing copied) and `trash/<when>-<rand>/origin.json` says what was deleted. What the
store does with them (listing, recovery, expiry) is store/trash.py's, on every backend."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path

import orjson

from ... import paths as P
from ...manifest import list_manifests
from .moves import histories_under


class LocalTrash:
    def __init__(self, storage):
        self.storage = storage
        self.dir: Path = storage.trash_dir

    def move_in(self, path: str, now) -> bool:
        storage = self.storage
        with storage.tree_locked():
            src = storage.moves.existing(path)
            if src is None:
                return False
            entry = self.dir / (now.strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3))
            entry.mkdir(parents=True)
            origin = {"path": path, "is_dir": src.name.lower().startswith("d."), "deleted": now.isoformat()}
            record = orjson.dumps(origin)
            (entry / "origin.json").write_bytes(record)
            storage.usage.add(manifest_bytes=len(record))  # the store's total counts deletion records
            src.rename(entry / "h")
            storage.usage.flush()
        return True

    def entries(self) -> list[tuple[Path, dict]]:
        out = []
        for entry in self.dir.iterdir():
            try:
                origin = orjson.loads((entry / "origin.json").read_bytes())
            except (OSError, orjson.JSONDecodeError):
                continue
            out.append((entry, origin))
        out.sort(key=lambda e: e[1]["deleted"], reverse=True)
        return out

    def files(self, entry: Path, origin: dict) -> Iterator[tuple[str, Path]]:
        root = entry / "h"
        if not origin["is_dir"]:
            yield origin["path"], root
            return
        for h in histories_under(root):
            names = [P.decode_segment(s)[1] for s in h.relative_to(root).parts]
            if any(n is None for n in names):
                # A hashed (very long) name: the manifests remember the path.
                manifests = list_manifests(h)
                if manifests:
                    yield manifests[-1].path, h
                continue
            yield "/".join([origin["path"], *names]), h

    def entry_of(self, history: Path) -> Path | None:
        """The trash entry a history folder inside a deleted folder's entry belongs to."""
        depth = len(self.dir.parts)
        if len(history.parts) > depth + 1 and history.parts[:depth] == self.dir.parts:
            return Path(*history.parts[: depth + 1])
        return None

    def purge(self, entries: list[Path]) -> int:
        usage = self.storage.usage
        # The tree lock (shared) keeps a recount or a clean-up from seeing an entry half-removed.
        with self.storage.scanning():
            for entry in entries:
                before = usage.measure(entry)
                shutil.rmtree(entry, ignore_errors=True)
                usage.removed(before, entry)
            usage.flush()
        return len(entries)
