"""REST routes saving a kernel's variables with a checkpoint and loading them back (variables/).

Authenticated and authorized as the `contents` resource like every other route; the file is the `path`
query argument and the kernel the `kernel` one (a kernel of this server). A snapshot and a restore run
code in that kernel, so they also need what JupyterLab's own kernel routes need to run code: `execute`
on `kernels` (a role granted files only must not read or load another user's variables). A snapshot
runs silently in the kernel and is refused (409) while the kernel runs a cell, never queued behind it.
Loading pickles runs code: a restore loads only the store's own blobs: an index sealed by this store
(variables/seal.py), each blob checked against the sha256 the index lists.

A kernel that fails meanwhile answers 409 (stopped or interrupted: try again), 504 (too slow) or 502
(it raised, or left an unreadable result): see variables/kernel.py. None of these changes anything.
"""

from __future__ import annotations

import datetime as dt

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async, url_path_join
from tornado import web
from traitlets import Float, Int, Unicode
from traitlets.config import Configurable

from .handlers import BaseHandler
from .variables import storage
from .variables.kernel import KernelCall, kernel_of
from .variables.seal import load_key


class CheckpointVariables(Configurable):
    max_variable_bytes = Int(
        256 * 1024 * 1024, config=True, help="Variables whose pickle is larger than this are skipped, not saved."
    )
    kernel_timeout = Float(600.0, config=True, help="Seconds a snapshot or a restore may take in the kernel.")
    seal_key_file = Unicode(
        "",
        config=True,
        help="""File of the secret key sealing saved variables (variables/seal.py). Default:
        `checkpoints/variables-seal.key` in Jupyter's data directory, made on first use. Servers sharing
        one store on object storage set the same key file to restore each other's snapshots.""",
    )


class VariablesHandler(BaseHandler):
    def settings_of(self) -> CheckpointVariables:
        return CheckpointVariables(config=self.config)

    async def require_kernel_execute(self) -> None:
        """403 unless the user may run code in kernels, as the kernel websocket requires."""
        allowed = await ensure_async(self.authorizer.is_authorized(self, self.current_user, "execute", "kernels"))
        if not allowed:
            raise web.HTTPError(403, "this runs code in a kernel: you are not authorized to execute on kernels")

    async def target(self, checkpoint_id: str):
        """(path, kernel) after checking the permission, the file, the checkpoint and the kernel."""
        await self.require_kernel_execute()
        path = self.file_path()
        await self.checkpoints.documents(self.contents_manager).check_path(path)
        kernel = kernel_of(self.kernel_manager, self.get_query_argument("kernel", None))
        await self.checkpoints.call(self.store.get, path, checkpoint_id)  # 404 for an unknown checkpoint
        return path, kernel

    @web.authenticated
    @authorized
    async def get(self, checkpoint_id):
        path = self.file_path()
        try:
            index = await self.checkpoints.call(storage.load_index, self.store, path, checkpoint_id)
        except storage.Mismatch as e:
            raise web.HTTPError(409, str(e)) from e
        self.send(storage.listing(index))

    @web.authenticated
    @authorized
    async def post(self, checkpoint_id):
        path, kernel = await self.target(checkpoint_id)
        conf, store = self.settings_of(), self.store
        prefix = storage.tmp_prefix(store)
        created = dt.datetime.now(dt.timezone.utc).isoformat()
        try:
            async with KernelCall(kernel, "variables snapshot") as call:
                await call.require_ipython()
                reusable = storage.reusable(store)
                await call.run("snapshot", conf.kernel_timeout, prefix, conf.max_variable_bytes, reusable)
            result = await self.checkpoints.call(storage.read_result, prefix)
            key = await self.checkpoints.call(load_key, conf.seal_key_file)
            listing = await self.checkpoints.call(
                storage.attach, store, path, checkpoint_id, prefix, result, created, key
            )
        except (RuntimeError, KeyError, TypeError) as e:
            # What the kernel left is not a snapshot (a result file gone or malformed): nothing is saved.
            raise web.HTTPError(502, f"the kernel's variables snapshot is unusable: {e}") from e
        finally:
            # Whatever happened, no partial snapshot stays: pieces not yet referenced go at gc.
            await self.checkpoints.call(storage.discard, prefix)
        self.send(listing, 201)


class VariablesRestoreHandler(VariablesHandler):
    @web.authenticated
    @authorized
    async def post(self, checkpoint_id):
        path, kernel = await self.target(checkpoint_id)
        store = self.store
        prefix = storage.tmp_prefix(store)
        try:
            try:
                key = await self.checkpoints.call(load_key, self.settings_of().seal_key_file)
                index = await self.checkpoints.call(storage.sealed_index, store, path, checkpoint_id, key)
                entries = await self.checkpoints.call(storage.verified_entries, store, index, prefix)
            except storage.Mismatch as e:
                raise web.HTTPError(409, f"nothing was restored: {e}") from e
            async with KernelCall(kernel, "variables restore") as call:
                await call.require_ipython()
                await call.run(
                    "restore", self.settings_of().kernel_timeout, prefix, index["pickler"], entries, index["modules"]
                )
            result = await self.checkpoints.call(storage.read_result, prefix)
        except RuntimeError as e:
            raise web.HTTPError(502, f"the kernel's variables restore left no usable answer: {e}") from e
        finally:
            await self.checkpoints.call(storage.discard, prefix)
        if "error" in result:
            raise web.HTTPError(409, f"nothing was restored: {result['error']}")
        self.send({"restored": result["restored"], "skipped": result["skipped"]})


def variables_routes(base: str) -> list[tuple]:
    cid = r"(?P<checkpoint_id>[^/]+)"
    return [
        (url_path_join(base, "checkpoints", cid, "variables"), VariablesHandler),
        (url_path_join(base, "checkpoints", cid, "variables", "restore"), VariablesRestoreHandler),
    ]
