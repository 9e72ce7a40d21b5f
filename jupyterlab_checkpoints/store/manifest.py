"""The small record that makes a checkpoint exist: written last, atomically, after its content.

A checkpoint is listed only when its manifest parses and carries a known format version, so a crash at
any moment leaves either no checkpoint or a complete one.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

import orjson

from .atomic import write_atomic
from .attached import VARIABLES, summary_key

FORMAT_VERSION = 1
SUFFIX = ".json"


def new_id(now: dt.datetime) -> str:
    # Sortable by creation time; the random tail keeps concurrent creates apart.
    return now.strftime("%Y%m%dT%H%M%S%f") + "-" + secrets.token_hex(3)


@dataclass
class Manifest:
    id: str
    path: str
    created: str  # ISO-8601, UTC
    kind: str
    size: int
    content: dict
    label: str = ""
    pinned: bool = False
    format: int = FORMAT_VERSION
    extra: dict = field(default_factory=dict)

    def model(self) -> dict:
        """The checkpoint model the contents API and the extension API return."""
        return {
            "id": self.id,
            "last_modified": dt.datetime.fromisoformat(self.created),
            "label": self.label,
            "kind": self.kind,
            "pinned": self.pinned,
            "size": self.size,
            **({"unchanged": True} if self.extra.get("unchanged") else {}),
            # Kept by hand (a manual create of an event entry's content, store/kinds.py `coalesce`).
            **({"kept": True} if self.extra.get("kept") else {}),
            **({"author": self.extra["author"]} if isinstance(self.extra.get("author"), str) else {}),
            **self._variables(),
        }

    def _variables(self) -> dict:
        """Whether the kernel's variables were saved with it (store/attached.py), and when the snapshot
        said, how many and their bytes. `variables` stays a boolean, as clients before the figures read it."""
        if not isinstance(self.extra.get(VARIABLES), str):
            return {}
        summary = self.extra.get(summary_key(VARIABLES))
        if not isinstance(summary, dict):
            return {"variables": True}
        return {"variables": True, "variables_count": summary.get("count"), "variables_bytes": summary.get("bytes")}

    def dumps(self) -> bytes:
        return orjson.dumps(asdict(self))


def read_manifest(file: Path) -> Manifest | None:
    """The manifest in `file`, or None when it is unreadable or from an unknown format."""
    try:
        data = orjson.loads(file.read_bytes())
        if data.get("format") != FORMAT_VERSION:
            return None
        return Manifest(**data)
    except (OSError, orjson.JSONDecodeError, TypeError, AttributeError):
        return None


def is_damaged(file: Path) -> bool:
    """Whether the record `file` is damaged: there, but not a manifest of any format. (One of another
    format is another version's: not listed, not damaged; a store of a newer format is refused whole.)"""
    if read_manifest(file) is not None:
        return False
    try:
        data = orjson.loads(file.read_bytes())
    except FileNotFoundError:
        return False  # removed meanwhile
    except (OSError, orjson.JSONDecodeError):
        return True
    foreign = isinstance(data, dict) and isinstance(data.get("format"), int) and isinstance(data.get("content"), dict)
    return not foreign


def write_manifest(folder: Path, manifest: Manifest, tmp: Path, fsync: bool) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / (manifest.id + SUFFIX), manifest.dumps(), tmp, fsync)


# Parsed manifests by (path, inode, times, size). A manifest is never modified in place (it is replaced
# by rename), and a replaced file differs in inode or times even when the inode number is reused, so a
# hit is current whichever process wrote it. A cached list costs a readdir and a stat per checkpoint,
# no file reads or parsing.
_CACHE: dict[tuple, Manifest] = {}
_CACHE_LIMIT = 200_000


def list_manifests(folder: Path) -> list[Manifest]:
    """Complete manifests of one history folder, oldest first."""
    return list_records(folder)[0]


def list_records(folder: Path) -> tuple[list[Manifest], list[str]]:
    """The complete manifests of one history folder, oldest first, and the ids of its damaged records.

    Manifests are written atomically (a crash leaves only debris in tmp/), so a record in a history that
    does not parse was damaged after it was written (a failing disk, a stray editor): it is not a
    checkpoint anyone can use, but it may be one someone cares about, so it is listed as damaged, and
    nothing it may have referred to is collected while it is there (maintenance.py)."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.endswith(SUFFIX)]
    except (FileNotFoundError, NotADirectoryError):
        return [], []
    found, damaged = [], []
    for entry in entries:
        try:
            st = entry.stat()
        except FileNotFoundError:
            continue
        key = (entry.path, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_size)
        m = _CACHE.get(key)
        if m is None:
            m = read_manifest(Path(entry.path))
            if m is None:
                if is_damaged(Path(entry.path)):
                    damaged.append(entry.name[: -len(SUFFIX)])
                continue
            if len(_CACHE) >= _CACHE_LIMIT:
                _CACHE.clear()
            _CACHE[key] = m
        # A copy with its own `extra`: callers may annotate what they return, never the cached one.
        found.append(replace(m, extra=dict(m.extra)))
    found.sort(key=lambda m: (m.created, m.id))
    return found, sorted(damaged)


def damaged_model(checkpoint_id: str) -> dict:
    """The list entry of a damaged record: its id, when it was made (its id says, `new_id`), and
    `damaged`; it cannot be restored, read or compared, only deleted."""
    try:
        made = dt.datetime.strptime(checkpoint_id[:21], "%Y%m%dT%H%M%S%f").replace(tzinfo=dt.timezone.utc)
    except ValueError:
        made = dt.datetime.fromtimestamp(0, dt.timezone.utc)  # not an id this store made: listed first
    return {
        "id": checkpoint_id,
        "last_modified": made,
        "label": "",
        "kind": "damaged",
        "pinned": False,
        "size": 0,
        "damaged": True,
        "counted": False,
    }
