"""`list`, `show` and `export`: reading one file's checkpoints, as the server lists and reads them."""

from __future__ import annotations

import os
import sys

from jupyter_server.utils import ensure_async
from traitlets import Bool

from .base import CheckpointsCommand, CommandError, flags
from .output import as_json, checkpoint_record, checkpoint_table


class ListCommand(CheckpointsCommand):
    command = "list"
    name = "jupyter-checkpoints-list"
    description = """Usage: jupyter checkpoints list PATH [--json]

    List the checkpoints of one file, oldest first: id, creation time, kind, pinned, size
    and label. PATH is the file's path in the contents root, as the server names it."""
    examples = "\n".join(
        [
            "jupyter checkpoints list analysis/report.ipynb",
            "jupyter checkpoints list --json analysis/report.ipynb",
        ]
    )
    arguments = ("path",)
    json = Bool(False, config=True, help="Print a JSON list (id, created, kind, label, pinned, size) for scripts.")
    flags = {**flags, "json": ({"ListCommand": {"json": True}}, "Print JSON instead of a table.")}

    def run(self) -> int:
        (path,) = self.args()
        models = self.wait(self.checkpoints.list_checkpoints(path))
        if not models and not self.wait(ensure_async(self.cm.file_exists(path.strip("/")))):
            raise CommandError(f"no file and no checkpoints at {path}")
        records = [checkpoint_record(m) for m in models]
        self.out(as_json(records) if self.json else checkpoint_table(records))
        return 0


class ShowCommand(CheckpointsCommand):
    command = "show"
    name = "jupyter-checkpoints-show"
    description = """Usage: jupyter checkpoints show PATH ID

    Write the exact bytes checkpoint ID of PATH holds to standard output."""
    examples = "\n".join(
        [
            "jupyter checkpoints show analysis/report.ipynb 20261123T101500123456-a1b2c3 > old.ipynb",
        ]
    )
    arguments = ("path", "id")

    def run(self) -> int:
        path, checkpoint_id = self.args()
        raw, _ = self.wait(self.checkpoints.read_checkpoint(path, checkpoint_id))
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()
        return 0


class ExportCommand(CheckpointsCommand):
    command = "export"
    name = "jupyter-checkpoints-export"
    description = """Usage: jupyter checkpoints export PATH ID FILE [--force]

    Write checkpoint ID of PATH to the file FILE (the exact bytes it holds). An existing
    FILE is left alone unless --force is given."""
    examples = "\n".join(
        [
            "jupyter checkpoints export analysis/report.ipynb 20261123T101500123456-a1b2c3 /tmp/report-monday.ipynb",
        ]
    )
    arguments = ("path", "id", "file")
    force = Bool(False, config=True, help="Overwrite FILE when it exists.")
    flags = {**flags, "force": ({"ExportCommand": {"force": True}}, "Overwrite FILE when it exists.")}

    def run(self) -> int:
        path, checkpoint_id, target = self.args()
        target = os.path.abspath(os.path.expanduser(target))
        if os.path.isdir(target):
            raise CommandError(f"{target} is a folder; give a file name")
        if os.path.lexists(target) and not self.force:
            raise CommandError(f"{target} exists; nothing was written (add --force to overwrite it)")
        raw, _ = self.wait(self.checkpoints.read_checkpoint(path, checkpoint_id))
        write_file(target, raw, overwrite=self.force)
        self.out(f"wrote {len(raw)} bytes of checkpoint {checkpoint_id} of {path} to {target}")
        return 0


def write_file(target: str, raw: bytes, overwrite: bool) -> None:
    """Write `raw` to `target` whole or not at all: a temporary file beside it, then renamed (overwrite)
    or linked (not: a file that appeared meanwhile is still not replaced)."""
    folder, name = os.path.split(target)
    tmp = os.path.join(folder, f".~{name}.{os.getpid()}.tmp")
    with open(tmp, "xb") as f:
        f.write(raw)
    try:
        if overwrite:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)
        except FileExistsError as e:
            raise CommandError(f"{target} exists; nothing was written (add --force to overwrite it)") from e
        except OSError:  # a file system without hard links: create-only, written in place
            with open(target, "xb") as f:
                f.write(raw)
    finally:
        if os.path.lexists(tmp):
            os.unlink(tmp)
