"""One history's index object in the bucket: what it holds, as read, and what a write puts back.

An index is `{"format": 1, "manifests": [...], "figures": {...}}`. Its entries are parsed into
manifests; an entry that is not one of this format is kept exactly as stored (`others`) and written
back with every change, so nothing a server cannot read is ever dropped by one that writes:
- an entry of another format version (a newer release's) is neither listed nor damaged;
- an entry that does not parse is damaged: listed as such (`damaged_ids`), never read, deletable, and
  while it is there no piece is collected (it may refer to any);
- an index that does not parse at all is `broken`: nothing in it can be listed, so every change to
  that history is refused (409, reason `damaged`) rather than replacing it, until it is deleted as the
  damaged entry `damaged-index`.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field

import orjson

from ... import paths as P
from ...manifest import FORMAT_VERSION, Manifest

BROKEN_ID = "damaged-index"  # the id a whole unreadable index is listed and deleted by


def _foreign(entry) -> bool:
    """Another version's manifest: a whole record of a format this one does not read."""
    return (
        isinstance(entry, dict)
        and isinstance(entry.get("format"), int)
        and entry.get("format") != FORMAT_VERSION
        and isinstance(entry.get("content"), dict)
    )


def damaged_id(entry) -> str:
    """The id a damaged entry is listed by: its own when it still has a valid one, else one derived
    from its bytes (stable across reads, so it can be deleted by it)."""
    own = entry.get("id") if isinstance(entry, dict) else None
    if isinstance(own, str) and P.ID_RE.match(own):
        return own
    raw = orjson.dumps(entry, option=orjson.OPT_SORT_KEYS, default=repr)
    return "damaged-" + hashlib.sha256(raw).hexdigest()[:16]


@dataclass
class Index:
    manifests: list[Manifest] = field(default_factory=list)
    others: list = field(default_factory=list)  # entries kept as stored: damaged, or another format's
    broken: bool = False  # the object does not parse: nothing in it is known
    figures: dict = field(default_factory=lambda: {"bytes": 0, "objects": 0})

    @property
    def damaged_ids(self) -> list[str]:
        if self.broken:
            return [BROKEN_ID]
        return [damaged_id(e) for e in self.others if not _foreign(e)]

    def without_damaged(self, checkpoint_id: str) -> bool:
        """Drop the damaged entry `checkpoint_id` (the whole index for BROKEN_ID); False when none is."""
        if self.broken:
            if checkpoint_id != BROKEN_ID:
                return False
            self.broken = False
            return True
        kept = [e for e in self.others if _foreign(e) or damaged_id(e) != checkpoint_id]
        if len(kept) == len(self.others):
            return False
        self.others = kept
        return True

    def entries(self) -> list:
        """What a write stores: the kept entries as they were, then the manifests."""
        return [*self.others, *(asdict(m) for m in self.manifests)]


def parse(data: bytes) -> Index:
    try:
        raw = orjson.loads(data)
    except orjson.JSONDecodeError:
        return Index(broken=True, figures={"bytes": None, "objects": None})
    entries = raw.get("manifests") if isinstance(raw, dict) else None
    if not isinstance(entries, list):
        return Index(broken=True, figures={"bytes": None, "objects": None})
    out = Index()
    for d in entries:
        try:
            if isinstance(d, dict) and d.get("format") == FORMAT_VERSION:
                out.manifests.append(Manifest(**d))
                continue
        except (TypeError, AttributeError, ValueError):
            pass
        out.others.append(d)
    out.manifests.sort(key=lambda m: (m.created, m.id))
    return out
