"""`restore`: the server's safe restore, run from the command line."""

from __future__ import annotations

import sys

from .base import CheckpointsCommand


class RestoreCommand(CheckpointsCommand):
    command = "restore"
    name = "jupyter-checkpoints-restore"
    description = """Usage: jupyter checkpoints restore PATH ID

    Restore PATH to checkpoint ID, as the server's restore does: under the file's lock, the
    current content is kept first (as a `before-restore` checkpoint, unless a checkpoint already holds
    it), then the file is written through the server's contents manager and a `rollback` entry records
    the restored state. Safe while servers run; an open notebook sees the file change on disk."""
    examples = "\n".join(
        [
            "jupyter checkpoints restore analysis/report.ipynb 20261123T101500123456-a1b2c3",
        ]
    )
    arguments = ("path", "id")

    def run(self) -> int:
        path, checkpoint_id = self.args()
        result = self.wait(self.checkpoints.restore(self.cm, path, checkpoint_id))
        if result.warning:
            print(f"jupyter checkpoints restore: {result.warning}", file=sys.stderr)
        kept = result.kept
        after = f"; its previous content is kept as checkpoint {kept.id}" if kept else " (there was no file to keep)"
        self.out(f"restored {path} to checkpoint {checkpoint_id}{after}")
        return 0
