"""What every `jupyter checkpoints` subcommand shares: the server's configuration, the store the server
would open, and errors as one line on stderr with exit code 2.

The store is opened exactly as the server opens it: the contents manager the server's configuration
names (`c.ServerApp.contents_manager_class`, rooted at `c.ServerApp.root_dir` or `--root-dir`), given
the checkpoint class the extension installs (contents_checkpoints.py), whose `open_store` reads
`c.CheckpointStore.*`. So a subcommand reads and restores documents as the server does, and uses the
store's locks, which keep it safe beside running servers.
"""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jupyter_core.application import JupyterApp, base_aliases, base_flags
from tornado.web import HTTPError
from traitlets import TraitError, Unicode
from traitlets.utils.importstring import import_item

from .._version import __version__
from ..store import CheckpointStore, StoreError

if TYPE_CHECKING:
    from ..contents.checkpoints import StoreCheckpoints

EXIT_ERROR = 2  # unknown path or id, bad arguments, a store that cannot be opened

aliases = {
    **base_aliases,
    "root-dir": "CheckpointsCommand.root_dir",
    "store-dir": "CheckpointStore.root_dir",
}
flags = dict(base_flags)


class CommandError(Exception):
    """A user-facing failure: printed as one line, exit code 2."""


class CheckpointsCommand(JupyterApp):
    """Base of the subcommands. `run()` does the work; `start()` turns failures into exit codes."""

    version = __version__
    aliases = aliases
    flags = flags
    classes = [CheckpointStore]
    # The server's own configuration files: jupyter_server_config.py / .json in the Jupyter config path.
    config_file_name = Unicode("jupyter_server_config", config=True, help="Base name of the config files to load.")
    root_dir = Unicode(
        "",
        config=True,
        help="The contents root, as c.ServerApp.root_dir (default: that setting, else the current folder).",
    )
    command = ""  # the subcommand's word: `jupyter checkpoints <command>`
    # Positional arguments this subcommand takes, for the usage line and the check.
    arguments: tuple[str, ...] = ()

    _checkpoints: StoreCheckpoints | None = None

    # ---------------------------------------------------------------- configuration
    def _server_setting(self, name: str) -> Any:
        return self.config.ServerApp.get(name) if "ServerApp" in self.config else None

    def contents_root(self) -> str:
        root = self.root_dir or self._server_setting("root_dir") or self._server_setting("notebook_dir") or os.getcwd()
        return os.path.abspath(os.path.expanduser(str(root)))

    def contents_manager(self):
        """The contents manager the server would run, with the extension's checkpoint class."""
        # Imported here: `--help` needs neither (they bring nbformat and its JSON schema checks).
        from jupyter_server.services.contents.largefilemanager import AsyncLargeFileManager

        from ..contents.checkpoints import StoreCheckpoints
        from ..contents.managed import file_based

        cls = self._server_setting("contents_manager_class") or AsyncLargeFileManager
        if isinstance(cls, str):
            try:
                cls = import_item(cls)
            except (ImportError, AttributeError, ValueError) as e:
                raise CommandError(f"cannot import the contents manager {cls!r}: {e}") from e
        # As the server makes it: a file manager takes its root from its parent's `root_dir`, which
        # also names the store of managers without files on disk (contents/managed.py).
        self.root_dir = self.contents_root()
        try:
            cm = cls(parent=self, log=self.log)
        except TraitError as e:
            raise CommandError(f"the contents manager cannot be made: {e}") from e
        if file_based(cm) and not os.path.isdir(cm.root_dir):
            raise CommandError(f"the contents root {cm.root_dir} is not a folder (--root-dir, c.ServerApp.root_dir)")
        cm.checkpoints = StoreCheckpoints(parent=cm, log=self.log)
        return cm

    @property
    def checkpoints(self) -> StoreCheckpoints:
        if self._checkpoints is None:
            checkpoints = self.contents_manager().checkpoints
            self._require_store(checkpoints)
            # A store that cannot be opened stops here, with its message.
            store = checkpoints.open_store()
            # Retention is the server's: whatever limits it runs with, a command drops nothing (store.py).
            store.applies_retention = False
            self._checkpoints = checkpoints
        return self._checkpoints

    def _require_store(self, checkpoints: StoreCheckpoints) -> None:
        """Refuse to start a new, empty store: pointed at the wrong folder, `verify` would find nothing
        wrong and `list` nothing at all. Looks where the server would (store/location.py)."""
        from ..contents.managed import file_based, store_place
        from ..store.location import DEFAULT_FOLDER, fallback_folder

        conf = self.config.get("CheckpointStore", {})
        if conf.get("url"):
            return  # a store named by URL (object storage): its backend says whether it exists
        cm = checkpoints.parent
        if conf.get("root_dir"):
            places = [Path(conf["root_dir"]).expanduser()]
        elif not file_based(cm):
            places = [Path(store_place(checkpoints, cm)[0]["root_dir"])]
        else:
            places = [Path(cm.root_dir, DEFAULT_FOLDER), fallback_folder(conf.get("fallback_dir", ""), cm.root_dir)]
        if not any((p / "format.json").is_file() for p in places):
            looked = " nor ".join(str(p) for p in places)
            raise CommandError(
                f"no checkpoint store in {looked}; check the contents root (--root-dir, c.ServerApp.root_dir) "
                "and the store folder (--store-dir, c.CheckpointStore.root_dir)"
            )

    @property
    def cm(self):
        return self.checkpoints.parent

    @property
    def store(self) -> CheckpointStore:
        return self.checkpoints.open_store()

    # ---------------------------------------------------------------- arguments and output
    def args(self) -> list[str]:
        if len(self.extra_args) != len(self.arguments):
            usage = " ".join(a.upper() for a in self.arguments)
            raise CommandError(f"expected {usage or 'no arguments'}; see `jupyter checkpoints {self.command} --help`")
        return list(self.extra_args)

    @staticmethod
    def out(text: str = "") -> None:
        print(text, flush=True)

    # ---------------------------------------------------------------- running
    def run(self) -> int:  # pragma: no cover - every subcommand defines it
        raise NotImplementedError

    def start(self) -> None:
        try:
            code = self.run()
        except HTTPError as e:
            self.fail(e.log_message or str(e))
        except (CommandError, StoreError) as e:
            self.fail(str(e))
        except BrokenPipeError:
            # The reader went away (`show ... | head`): nothing more to say, and nothing to flush at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            code = 1
        except OSError as e:
            self.fail(f"{e.strerror or e}{f': {e.filename}' if e.filename else ''}")
        finally:
            if self._checkpoints is not None and self._checkpoints._store is not None:
                self._checkpoints._store.close()
        self.exit(code or 0)

    def fail(self, message: str) -> None:
        print(f"jupyter checkpoints {self.command}: {message}", file=sys.stderr, flush=True)
        self.exit(EXIT_ERROR)

    @staticmethod
    def wait(coro):
        """Run one of the checkpoint class's coroutines (they hand blocking work to threads)."""
        return asyncio.run(coro)
