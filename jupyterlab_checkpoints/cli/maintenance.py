"""`verify`, `gc` and `stats`: the whole store, for admins."""

from __future__ import annotations

from traitlets import Bool

from ..store.inventory import PieceCheck, histories
from .base import CheckpointsCommand, flags
from .output import as_json, human_size, table

EXIT_BROKEN = 1
AREA_NOTE = {"files": "", "deleted": " (deleted file)", "folders": " (folder checkpoint)"}


class VerifyCommand(CheckpointsCommand):
    command = "verify"
    name = "jupyter-checkpoints-verify"
    description = """Usage: jupyter checkpoints verify

    Check that every checkpoint in the store (of files, of deleted files kept for
    recovery, of folders) has all its pieces, each with the right sha256. Prints each broken checkpoint
    and what is wrong; exit code 1 when any is broken, 0 when all are sound. Reads only.

    On object storage (c.CheckpointStore.url = "s3://..."), verify downloads every piece the
    checkpoints refer to, once each (about the store's size in bytes transferred, one GET per piece),
    plus a LIST of the indexes and a GET of each: run it where transfer is cheap. A checkpoint record
    that no longer parses is broken too: delete it to let collection resume."""
    examples = "\n".join(
        [
            "jupyter checkpoints verify",
            "jupyter checkpoints verify --root-dir /srv/notebooks",
        ]
    )

    def run(self) -> int:
        self.args()
        store = self.store
        check = PieceCheck(store.objects, parallel=store.objects.parallel_reads)
        checked = broken = 0
        for h in histories(store):
            for m in h.manifests:
                problems = check.manifest(m)
                if problems and not h.still_holds(m.id):
                    continue  # deleted (and then collected) while this ran: not broken
                checked += 1
                if problems:
                    broken += 1
                    for problem in problems:
                        self.out(f"BROKEN {h.path}{AREA_NOTE[h.area]} checkpoint {m.id}: {problem}")
        # Records that no longer parse are checkpoints nobody can restore: broken too (maintenance.py).
        for area, path, checkpoint_id in store.maintenance.damaged_records():
            checked, broken = checked + 1, broken + 1
            self.out(
                f"BROKEN {path}{AREA_NOTE[area]} checkpoint {checkpoint_id}: its record is damaged (it no longer "
                "parses); no piece is collected until it is deleted"
            )
        self.out(f"{checked} checkpoints checked in {store.storage.describe()}: {broken} broken")
        return EXIT_BROKEN if broken else 0


class GcCommand(CheckpointsCommand):
    command = "gc"
    name = "jupyter-checkpoints-gc"
    description = """Usage: jupyter checkpoints gc

    Remove the pieces no checkpoint refers to any more (left by deleted checkpoints and
    retention), as the server's background collection does. Pieces younger than
    c.CheckpointStore.gc_grace_seconds are kept: a checkpoint being made may be about to use them.
    Safe while servers run. On object storage it is the servers' own announced collection: it
    waits for changes in flight, and does nothing when another collection is running."""
    examples = "\n".join(
        [
            "jupyter checkpoints gc",
        ]
    )

    def run(self) -> int:
        self.args()
        store = self.store
        if store.storage.whole.collecting():
            # Not an error: that collection does this run's work.
            self.out(f"another collection of {store.storage.describe()} is running; nothing was removed")
            return 0
        removed, freed = store.maintenance.gc()
        if store.maintenance.gc_suspended:
            self.out(f"nothing was removed: {store.maintenance.gc_suspended}")
            return EXIT_BROKEN
        self.out(
            f"freed {human_size(freed)} ({freed} bytes): {removed} unreferenced pieces removed; "
            f"pieces younger than {store.gc_grace_seconds:g} s are left for a later run"
        )
        return 0


class StatsCommand(CheckpointsCommand):
    command = "stats"
    name = "jupyter-checkpoints-stats"
    description = """Usage: jupyter checkpoints stats [--json]

    The store's figures: files with checkpoints and their checkpoints (and those of deleted
    files and folders), the bytes the store takes (content pieces and manifests), the bytes the
    checkpoints would take stored one full copy each, and the dedup ratio: those bytes divided by the
    content pieces' bytes. On object storage: a LIST of the pieces (their sizes, none is read)
    and of the indexes, and a GET of each index."""
    examples = "\n".join(
        [
            "jupyter checkpoints stats",
            "jupyter checkpoints stats --json",
        ]
    )
    json = Bool(False, config=True, help="Print the figures as JSON.")
    flags = {**flags, "json": ({"StatsCommand": {"json": True}}, "Print JSON instead of a table.")}

    def run(self) -> int:
        self.args()
        figures = store_figures(self.store)
        if self.json:
            self.out(as_json(figures))
            return 0
        rows = [
            ["store", figures["store"]],
            ["files", str(figures["files"])],
            ["checkpoints", str(figures["checkpoints"])],
            ["deleted files", f"{figures['deleted_files']} ({figures['deleted_checkpoints']} checkpoints)"],
            ["folder checkpoints", str(figures["folder_checkpoints"])],
            ["bytes stored", f"{human_size(figures['stored_bytes'])} ({figures['stored_bytes']})"],
            ["  of which content", f"{human_size(figures['content_bytes'])} ({figures['content_bytes']})"],
            ["bytes without dedup", f"{human_size(figures['logical_bytes'])} ({figures['logical_bytes']})"],
            ["dedup ratio", f"{figures['dedup_ratio']:.2f}"],
        ]
        self.out(table(["", ""], rows).split("\n", 1)[1])
        return 0


def store_figures(store) -> dict:
    counts = {"files": 0, "checkpoints": 0, "deleted_files": 0, "deleted_checkpoints": 0, "folder_checkpoints": 0}
    logical = index_bytes = 0
    for h in histories(store):
        n = len(h.manifests)
        index_bytes += h.stored_bytes or 0
        logical += sum(m.size for m in h.manifests)
        if h.area == "files":
            counts["files"] += 1
            counts["checkpoints"] += n
        elif h.area == "deleted":
            counts["deleted_files"] += 1
            counts["deleted_checkpoints"] += n
        else:
            counts["folder_checkpoints"] += n
    content = store.storage.whole.piece_figures()[1]
    stored = content + index_bytes  # the pieces, and the records (index objects) listed above
    return {
        "store": store.storage.describe(),
        **counts,
        "stored_bytes": stored,  # content pieces and manifests
        "content_bytes": content,
        "logical_bytes": logical,
        # Content against content: what one full copy per checkpoint would take per byte of pieces kept.
        "dedup_ratio": round(logical / content, 4) if content else 1.0,
    }
