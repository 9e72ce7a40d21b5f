"""The `folders` area in the bucket (store/folder_area.py): one index object per folder's history,
`folders/d.a/d.b/index.json` (the server root's: `folders/root/index.json`), changed under its lease
like a file's (s3/__init__.py), with the lease `locks/folders/...`. `FolderArea` is given the S3Storage
core, whose `folder_history`, `folder_locks` and `move_folders` (the storage contract's, base.py) it is.

A collection reads these indexes too (collect.py), and waits for their leases like any other: so the
pieces a folder's listed checkpoints refer to stay while its lease is held, and a checkpoint reusing
them needs no request per piece (`reuse_needs_touch` is false).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from ... import paths as P
from ...folder_area import FOLDERS
from .history import S3History

if TYPE_CHECKING:
    from . import S3Storage

ROOT = "root"  # the server root's history: no "d."/"D."/"H." prefix, so never a folder's name


class FolderArea:
    def __init__(self, core: S3Storage):
        self.core, self.layout = core, core.layout

    def folder_history(self, path: str) -> S3History:
        if not path:
            return S3History(ROOT, FOLDERS)
        rel = "/".join(P.history_parts(path, is_dir=True))
        if self._too_long(rel):
            rel = "H." + hashlib.sha256(f"folder:{path}".encode("utf-8", "surrogateescape")).hexdigest()
        return S3History(rel, FOLDERS)

    def folder_locks(self, history: S3History):
        return self.core.locks(history)

    def move_folders(self, old_path: str, new_path: str) -> None:
        """Move the histories of folder `old_path` and of the folders inside it to `new_path`, each
        merged into what is there already under both leases (s3/__init__.py `merge`). A LIST of
        `folders/<old>/`: only renames pay for it."""
        old_rel = self.folder_history(old_path).rel
        new_rel = self.folder_history(new_path).rel
        if old_rel == new_rel or old_rel.startswith("H.") or not old_path:
            return  # a hashed name has no folder below it to list
        for rel in self.layout.histories_below(old_rel, FOLDERS):
            dst = new_rel + rel[len(old_rel) :]
            if rel != old_rel and (new_rel.startswith("H.") or self._too_long(dst)):
                continue  # stays under its old name: its new one would be no key, or a hashed one's child
            for _ in self.core.merge(S3History(rel, FOLDERS), S3History(dst, FOLDERS), old_path, new_path):
                pass

    def _too_long(self, rel: str) -> bool:
        return self.layout.too_long(rel, FOLDERS)
