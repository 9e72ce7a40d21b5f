"""A folder checkpoint as a .zip, made entry by entry so the answer streams: each call of `next_chunk`
adds one entry and returns the bytes made since, never the whole archive at once.

An archive is unpacked by other tools on other systems, so it holds portable names only: "/"-separated,
relative, no empty, "." or ".." segment, no backslash (a separator on Windows; written as "_"), and a
name that became a duplicate gets a suffix. A link goes in only when its target is relative and stays
inside the archive's folder; others (absolute, or climbing out) are left out, never written.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import stat
import zipfile

from ..store.objects import ObjectStore
from .fetching import files_bytes


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
        self.files = files_bytes(objects, list(entries))  # fetched a batch at a time (fetching.py)
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
        if name is None or (e["type"] == "link" and not _link_inside(e["path"], str(e.get("target", "")))):
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


def _link_inside(path: str, target: str) -> bool:
    """Whether a link at `path` (relative to the archive's folder) naming `target` stays inside it."""
    if not target or target.startswith("/") or "\\" in target:
        return False
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    return resolved != ".." and not resolved.startswith("../") and not resolved.startswith("/")
