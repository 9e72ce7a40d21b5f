"""A folder checkpoint as a .zip, made entry by entry so the answer streams: each call of `next_chunk`
adds one entry and returns the bytes made since, never the whole archive at once.

An archive is unpacked by other tools on other systems, so it holds portable names only: "/"-separated,
relative, no empty, "." or ".." segment, no backslash (a separator on Windows; written as "_"), and a
name that became a duplicate gets a suffix. A link goes in only when its target is relative and
resolves inside the archive's folder, followed through the archive's other links as an unpacking
system will (at most MAX_HOPS); others (absolute, climbing out, looping) are left out, never written.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import stat
import zipfile

from ..store.objects import ObjectStore
from .fetching import files_bytes

MAX_HOPS = 40  # links followed in one resolution, as Linux does


class _Sink:
    """A write-only file for ZipFile: it keeps what was written until taken (no tell: ZipFile then
    writes data descriptors, as a stream needs)."""

    def __init__(self):
        self.parts: list[bytes] = []

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


class ZipStream:
    def __init__(self, objects: ObjectStore, entries: list[dict], top: str, created: str):
        entries = list(entries)
        self.links = links_inside({e["path"]: str(e.get("target", "")) for e in entries if e["type"] == "link"})
        self.files = files_bytes(objects, entries)  # fetched a batch at a time (fetching.py)
        self.top = portable_segment(top) or "folder"  # the folder name every entry is under
        self.names: set[str] = set()
        when = dt.datetime.fromisoformat(created).timetuple()[:6]
        self.when = max(when, (1980, 1, 1, 0, 0, 0))
        self.sink = _Sink()
        self.zip = zipfile.ZipFile(self.sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.done = False

    def _name(self, path: str) -> str | None:
        parts = [portable_segment(p) for p in str(path).split("/")]
        if not parts or any(p is None for p in parts):
            return None
        name, n = "/".join(parts), 1
        while name in self.names:  # two names that differ only by a backslash: both kept
            n += 1
            stem, ext = posixpath.splitext(name)
            name = f"{stem}~{n}{ext}"
        self.names.add(name)
        return name

    def next_chunk(self) -> bytes | None:
        """The archive's next bytes; None once it is complete."""
        if self.done:
            return None
        e, raw = next(self.files, (None, None))
        if e is None:
            self.zip.close()
            self.done = True
            return self.sink.take()
        name = self._name(e["path"])
        if name is None or (e["type"] == "link" and e["path"] not in self.links):
            return b""  # nothing portable to write for this entry
        info = zipfile.ZipInfo(f"{self.top}/{name}", self.when)
        if e["type"] == "link":
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            self.zip.writestr(info, e.get("target", ""))
        else:
            info.external_attr = (stat.S_IFREG | e.get("mode", 0o644)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            self.zip.writestr(info, raw)
        return self.sink.take()


def portable_segment(segment: str) -> str | None:
    """One path segment as an archive may name it; None for one that must not appear."""
    segment = segment.replace("\\", "_")
    if segment in ("", ".", ".."):
        return None
    return segment


def links_inside(links: dict[str, str]) -> set[str]:
    """The links (path -> target, relative to the archive's folder) that resolve inside it when every
    link of the set is written; again after each exclusion, as a link may lead out through another."""
    kept = dict(links)
    while True:
        leaving = [path for path in kept if not _resolves_inside(kept, path)]
        if not leaving:
            return set(kept)
        for path in leaving:
            del kept[path]


def _resolves_inside(links: dict[str, str], path: str) -> bool:
    """Whether the link at `path` resolves inside the archive's folder, following `links`."""
    folder = posixpath.dirname(path)
    parts = folder.split("/") if folder else []
    pending, hops = [path.rsplit("/", 1)[-1]], 0
    while pending:
        part = pending.pop(0)
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return False
            parts.pop()
            continue
        candidate = "/".join([*parts, part])
        target = links.get(candidate)
        if target is None:
            parts.append(part)
            continue
        hops += 1
        if hops > MAX_HOPS or not target or target.startswith("/") or "\\" in target:
            return False
        pending = target.split("/") + pending  # relative to the link's own folder: `parts`
    return True
