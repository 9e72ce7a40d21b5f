"""Whole histories moving on a local disk: a renamed or moved file or folder takes its history along in
one `os.rename` of its folder (merged into one already there), under the exclusive tree lock."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

from ...manifest import SUFFIX


def histories_under(folder: Path) -> Iterator[Path]:
    """File-history folders at or below `folder`."""
    if not folder.is_dir():
        return
    if folder.name[:2].lower() == "f.":
        yield folder
        return
    for entry in folder.iterdir():
        if entry.is_dir():
            yield from histories_under(entry)


def merge_folders(src: Path, dst: Path) -> None:
    """Every record of `src` into `dst` (ids are unique: nothing is overwritten), then `src` goes."""
    dst.mkdir(parents=True, exist_ok=True)
    for entry in src.iterdir():
        target = dst / entry.name
        if entry.is_dir():
            merge_folders(entry, target)
        elif entry.name.endswith(SUFFIX):
            os.replace(entry, target)
    shutil.rmtree(src, ignore_errors=True)


class LocalMoves:
    def __init__(self, storage):
        self.storage = storage

    def existing(self, path: str) -> Path | None:
        """The history folder of `path`, a file's or a folder's, if it has one."""
        for is_dir in (False, True):
            h = self.storage.history(path, is_dir)
            if h.is_dir():
                return h
        return None

    def _into(self, src: Path, dst: Path) -> None:
        dst.parent.mkdir(parents=True, exist_ok=True)
        if dst.exists():
            merge_folders(src, dst)
        else:
            os.rename(src, dst)

    def move_tree(self, old_path: str, new_path: str) -> Iterator[Path]:
        """Move the history of `old_path` (a file's, or a folder's with everything below) to `new_path`;
        yields every file history now there, under the exclusive tree lock (for retention)."""
        with self.storage.tree_locked():
            src = self.existing(old_path)
            if src is None:
                return
            dst = self.storage.history(new_path, is_dir=src.name.lower().startswith("d."))
            if dst == src or (dst.exists() and dst.samefile(src)):
                return  # same path (or only its case on a case-insensitive disk): merging would delete it
            self._into(src, dst)
            try:
                yield from histories_under(dst)
            finally:
                self.storage.usage.flush()  # before the lock goes (usage.py)

    def merge(self, src: Path, dst: Path) -> Iterator[Path]:
        """Give history `src` (a deleted file's) to `dst`; yields `dst` under the exclusive tree lock."""
        with self.storage.tree_locked():
            if not src.is_dir():
                return
            self._into(src, dst)
            try:
                yield dst
            finally:
                self.storage.usage.flush()
