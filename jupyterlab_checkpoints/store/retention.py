"""Which unpinned checkpoints go when a file has more than the limit. Pure: no disk access.

The limit counts the states a user can go back to, not the records of how they got there: a
`rollback` entry (the record that a restore happened, holding the restored content) takes no slot while
another kept entry holds the same content, so a restore pushes out at most one older state (its
`before-restore` entry), and none when the replaced state was already kept.

Order (`automatic-first`, the default): the oldest automatic entry (save, auto, failure, before-restore,
rollback, legacy) goes before any manual one. `oldest-first`: by age alone. Entries in `protected` (the
one just made, the target of a restore) are never dropped; with only protected entries left over the
limit, the limit is exceeded until the next write.

Entries in `free` are kept by another rule (the tiers of tiers.py: the last state of an hour, a day, a
week): never dropped, and they take no slot, so the newest `max_unpinned` states are kept besides them
and a rollback entry whose content one of them holds takes no slot either. Entries in `first` (older
states no tier keeps) go before any other, whatever the order.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from .kinds import counts_as_automatic
from .manifest import Manifest

ORDERS = ("automatic-first", "oldest-first")


def key_of(content: dict) -> str:
    """Equal for two contents holding the same bytes (pieces are content-addressed)."""
    return str(content.get("index") or content.get("blob") or "")


def content_key(manifest: Manifest) -> str:
    return key_of(manifest.content)


def counted(manifests: Sequence[Manifest], free: Collection[str] = ()) -> list[Manifest]:
    """The unpinned entries that take a slot, oldest first."""
    plain_holders = {content_key(m) for m in manifests if m.kind != "rollback" or m.pinned or m.id in free}
    seen_rollback: set[str] = set()
    out = []
    for m in manifests:
        if m.pinned or m.id in free:
            continue
        if m.kind == "rollback":
            key = content_key(m)
            if key in plain_holders or key in seen_rollback:
                continue  # the state is kept by another entry
            seen_rollback.add(key)
        out.append(m)
    return out


def over_limit(
    manifests: Sequence[Manifest],
    max_unpinned: int,
    protected: Collection[str] = (),
    order: str = "automatic-first",
    free: Collection[str] = (),
    first: Collection[str] = (),
) -> list[Manifest]:
    """The entries to drop so that at most `max_unpinned` unpinned entries take a slot."""
    kept = list(manifests)
    dropped: list[Manifest] = []
    limit = max(0, max_unpinned)
    while True:
        taking = counted(kept, free)
        if len(taking) <= limit:
            return dropped
        candidates = [m for m in taking if m.id not in protected]
        if not candidates:
            return dropped
        if order == "automatic-first":
            victim = min(
                candidates, key=lambda m: (m.id not in first, not counts_as_automatic(m.kind, m.extra), m.created, m.id)
            )
        else:
            victim = min(candidates, key=lambda m: (m.id not in first, m.created, m.id))
        kept.remove(victim)
        dropped.append(victim)
