"""The user's clean-up on object storage: freeing a plan of cleanup.py in a bucket (storage/s3/cleanup.py).

1. The plan is made first, reading the whole store while creates go on (as `cleanup_plan`); it records
   the version (etag) of every index it read.
2. Then, under the collection's announcement (s3/collect.py), every change that could add a reference
   to a piece has finished and none starts until the end. One LIST gives every index's version now;
   the indexes that changed since the plan (or appeared) are read again, and whatever they refer to
   stays. A piece a create reused meanwhile (its PUT answered 412, or not sent because that server
   knew the piece) is thus spared, so the rest of the plan stays unreferenced while it is deleted.
   Creates on every server wait only for this step, not for the plan's reading of the whole store.
3. Each planned history is removed under its lease after its index is read again there: one that
   gained a pinned or unreadable checkpoint since stays, and so do the pieces it refers to. A deletion
   record goes once every history of its entry is gone. Pieces written within the grace period stay
   (`waiting`), as planned.
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


def _referenced_since(store, plan) -> set[str]:
    """What the indexes changed or added since `plan` refer to (2. of the module's docstring)."""
    now = store.storage.cleaning.index_versions()
    changed = {h for h, etag in now.items() if plan.versions.get(h) != etag}
    if not changed:
        return set()
    return set().union(*(f.refs for f in store._remote_folders(changed).values()))


def remote_cleanup(store, days: float | None) -> dict:
    storage = store.storage
    plan = store._plan(days, time.time())
    with storage.cleaning.announced() as started_monotonic:
        still_used = _referenced_since(store, plan)
        freed = histories = 0
        spared: set = set()  # histories that stay after all
        for r in plan.removals:
            removed = storage.cleaning.remove_deleted_history(r.folder, _keep)
            if removed is None:
                spared.add(r.folder)
                continue
            freed += removed
            histories += 1
        for r in plan.removals:
            if r.record_bytes and not any(o.entry == r.entry and o.folder in spared for o in plan.removals):
                storage.cleaning.remove_record(r.entry)
                freed += r.record_bytes
        still_used |= set().union(*(r.refs for r in plan.removals if r.folder in spared))
        pieces = {d: size for d, size in (plan.unreferenced | plan.freed_pieces).items() if d not in still_used}
        objects_removed, pieces_freed = storage.cleaning.delete_pieces(pieces, started_monotonic)
    return {"freed_bytes": freed + pieces_freed, "objects_removed": objects_removed, "histories_removed": histories}
