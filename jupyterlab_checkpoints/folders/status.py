"""What changed since a folder checkpoint, entry by entry: `unchanged`, `changed`, `deleted` (recorded,
gone now), `added` (there now, not recorded). A file whose stat equals the recorded one, or whose size
differs, is decided without reading it; only files of equal size and another stat are read and hashed.
Part of `FolderCheckpoints` (a mixin)."""

from __future__ import annotations

from ..store.manifest import Manifest
from ..store.retention import key_of
from ..store.snapshot import Planned
from . import index as I
from .disk_read import read_file, stat_key
from .scan import Found


def _file_status(entry: dict, found: Found) -> str:
    if entry.get("stat") is not None and entry["stat"] == stat_key(found.st):
        return "unchanged"
    if found.st.st_size != entry.get("size"):
        return "changed"
    raw, _st, _key, reason = read_file(found.os_path)
    if reason is not None:
        return "changed"  # unreadable or changing now: it is not what was recorded, as far as we know
    same = key_of(Planned(raw, I.is_notebook_path(entry["path"])).content) == I.key(entry)
    return "unchanged" if same else "changed"


def _status(entry: dict, found: Found | None) -> str:
    if found is None:
        return "deleted"
    if found.type != entry["type"]:
        return "changed"
    if entry["type"] == "link":
        return "unchanged" if found.target == entry.get("target") else "changed"
    return _file_status(entry, found)


def _public(entry: dict, status: str) -> dict:
    out = {"path": entry["path"], "type": entry["type"], "size": entry.get("size", 0), "status": status}
    if entry["type"] == "link":
        out["target"] = entry.get("target")
    return out


class FolderStatus:
    """A folder checkpoint's entries with what became of each since."""

    def __init__(self, owner):
        self.owner = owner  # the FolderCheckpoints: paths, locks, records, retention

    def detail(self, path, checkpoint_id) -> tuple[Manifest, list[dict]]:
        """The checkpoint and its entries with their status now, recorded ones first (by path), then
        the added ones."""
        path = self.owner.folder_path(path)
        os_dir = self.owner.os_folder(path)
        m = self.owner.find(self.owner.history(path), checkpoint_id)
        recorded = self.owner.entries(m)
        now = {f.rel: f for f in self.owner.walker().scan(os_dir).found}
        out = [_public(e, _status(e, now.get(e["path"]))) for e in recorded]
        names = {e["path"] for e in recorded}
        for rel, f in sorted(now.items()):
            if rel not in names:
                added = {"path": rel, "type": f.type, "size": f.st.st_size if f.type == "file" else 0}
                if f.type == "link":
                    added["target"] = f.target
                out.append(_public(added, "added"))
        return m, out
