"""A folder checkpoint as a .zip, made entry by entry so the answer streams: each call of `next_chunk`
adds one entry and returns the bytes made since, never the whole archive at once."""

from __future__ import annotations

import datetime as dt
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
        self.top = top  # the folder name every entry is under
        when = dt.datetime.fromisoformat(created).timetuple()[:6]
        self.when = max(when, (1980, 1, 1, 0, 0, 0))
        self.sink = _Sink()
        self.zip = zipfile.ZipFile(self.sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self.done = False

    def next_chunk(self) -> bytes | None:
        """The archive's next bytes; None once it is complete."""
        if self.done:
            return None
        e, raw = next(self.files, (None, None))
        if e is None:
            self.zip.close()
            self.done = True
            return self.sink.take()
        info = zipfile.ZipInfo(f"{self.top}/{e['path']}", self.when)
        if e["type"] == "link":
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            self.zip.writestr(info, e.get("target", ""))
        else:
            info.external_attr = (stat.S_IFREG | e.get("mode", 0o644)) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            self.zip.writestr(info, raw)
        return self.sink.take()
