"""`jupyter checkpoints`: the command that dispatches to the subcommands."""

from __future__ import annotations

import sys

from jupyter_core.application import JupyterApp

from .._version import __version__
from .base import EXIT_ERROR

SUBCOMMANDS = {
    "list": ("jupyterlab_checkpoints.cli.reading.ListCommand", "List the checkpoints of a file."),
    "show": ("jupyterlab_checkpoints.cli.reading.ShowCommand", "Write a checkpoint's content to stdout."),
    "export": ("jupyterlab_checkpoints.cli.reading.ExportCommand", "Write a checkpoint's content to a file."),
    "restore": ("jupyterlab_checkpoints.cli.restoring.RestoreCommand", "Restore a file to a checkpoint, safely."),
    "verify": ("jupyterlab_checkpoints.cli.maintenance.VerifyCommand", "Check every checkpoint's pieces."),
    "gc": ("jupyterlab_checkpoints.cli.maintenance.GcCommand", "Remove pieces no checkpoint refers to."),
    "stats": ("jupyterlab_checkpoints.cli.maintenance.StatsCommand", "Files, checkpoints, bytes, dedup ratio."),
}


class CheckpointsApp(JupyterApp):
    name = "jupyter-checkpoints"
    version = __version__
    description = """Checkpoints of JupyterLab and Jupyter Notebook files, from the command line. Reads the
    server's configuration (jupyter_server_config.py, --config) and uses the store the server uses,
    safely while servers run. `jupyter checkpoints <subcommand> --help` tells more."""
    examples = "\n".join(
        [
            "jupyter checkpoints list analysis/report.ipynb",
            "jupyter checkpoints restore analysis/report.ipynb 20261123T101500123456-a1b2c3",
            "jupyter checkpoints verify",
        ]
    )
    subcommands = SUBCOMMANDS

    def start(self) -> None:
        super().start()  # runs the subcommand, if one was given
        names = ", ".join(SUBCOMMANDS)
        print(f"jupyter checkpoints: give a subcommand ({names}); see `jupyter checkpoints --help`", file=sys.stderr)
        self.exit(EXIT_ERROR)


main = launch_new_instance = CheckpointsApp.launch_instance

if __name__ == "__main__":  # pragma: no cover
    main()
