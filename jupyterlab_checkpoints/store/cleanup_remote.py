"""The user's clean-up on object storage: freeing a plan of cleanup.py in a bucket (storage/s3/cleanup.py).

The plan is made under the collection's announcement (s3/collect.py): every change that could add a
reference to a piece has finished, and none starts until the end, so a piece unreferenced in the plan
stays so while it is deleted (pieces touched within the grace period stay anyway, as `waiting`). Creates
on every server wait meanwhile, as they do for a collection.

Each planned history is removed under its lease after its index is read again there: one that gained
a pinned or unreadable checkpoint since stays, and so do the pieces it refers to. A deletion record
goes once every history of its entry is gone.
"""

from __future__ import annotations

import time

from .manifest import FORMAT_VERSION


def _keep(manifests: list | None) -> bool:
    """The clean-up's rule (cleanup.py), on an index read again under its lease."""
    if manifests is None:
        return True
    return any(
        not isinstance(m, dict) or m.get("format") != FORMAT_VERSION or m.get("pinned") is not False for m in manifests
    )


def remote_cleanup(store, days: float | None) -> dict:
    storage = store.storage
    with storage.announced() as started_monotonic:
        plan = store._plan(days, time.time())
        freed = histories = 0
        spared: set = set()  # histories that stay after all
        for r in plan.removals:
            removed = storage.remove_deleted_history(r.folder, _keep)
            if removed is None:
                spared.add(r.folder)
                continue
            freed += removed
            histories += 1
        for r in plan.removals:
            if r.record_bytes and not any(o.entry == r.entry and o.folder in spared for o in plan.removals):
                storage.remove_record(r.entry)
                freed += r.record_bytes
        pieces = dict(plan.unreferenced)
        kept_refs = set().union(*(r.refs for r in plan.removals if r.folder in spared))
        pieces.update({d: size for d, size in plan.freed_pieces.items() if d not in kept_refs})
        objects_removed, pieces_freed = storage.delete_pieces(pieces, started_monotonic)
    return {"freed_bytes": freed + pieces_freed, "objects_removed": objects_removed, "histories_removed": histories}
