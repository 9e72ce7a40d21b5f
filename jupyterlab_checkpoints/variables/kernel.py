"""Running kernel_code.py in one of the server's kernels: silently, without history, never queued.

The server talks to the kernel on its own shell connection (its replies come back to it alone), checks
the kernel is an IPython one, and refuses when the kernel is running a cell rather than waiting behind
it. Results come back through a file (kernel_code.py), not through output.

A kernel failing under a call answers with a clear status, never a bare 500: 409 when the kernel stopped
(died, restarted, shut down) or was interrupted meanwhile, which the user can retry; 504 when it did not
answer within `kernel_timeout`; 502 when the kernel raised in the variables code.
"""

from __future__ import annotations

import time
from importlib.resources import files

from jupyter_client.asynchronous import AsyncKernelClient
from tornado import web

_SOURCE = files(__package__).joinpath("kernel_code.py").read_text(encoding="utf-8")
INFO_TIMEOUT = 10.0
# How often a wait for the kernel's reply checks that the kernel is still the one asked: a kernel that
# died or restarted never replies, and waiting the whole `kernel_timeout` for it says nothing useful.
POLL = 0.5


def kernel_of(kernel_manager, kernel_id: str | None):
    """The server's kernel `kernel_id`; 400 without an id, 404 when there is no such kernel, 409 when it
    is running a cell (a snapshot never waits behind the user's work)."""
    if not kernel_id:
        raise web.HTTPError(400, "the 'kernel' query argument (a kernel id) is required")
    if kernel_id not in kernel_manager:
        raise web.HTTPError(404, f"no running kernel {kernel_id!r}")
    kernel = kernel_manager.get_kernel(kernel_id)
    state = getattr(kernel, "execution_state", "idle")
    if state == "busy":
        raise web.HTTPError(409, "the kernel is running a cell; try again when it is idle")
    if state in ("dead", "restarting"):
        raise web.HTTPError(409, f"the kernel is {state}")
    return kernel


def _process(kernel):
    """Which process runs the kernel: a restart keeps the kernel's id and ports, not its process."""
    return getattr(getattr(kernel, "provisioner", None), "pid", None)


class KernelCall:
    """One shell connection to a kernel, closed on exit. `what` names the call in messages."""

    def __init__(self, kernel, what: str):
        self.kernel, self.what = kernel, what
        self.process = _process(kernel)
        self.client = AsyncKernelClient()
        self.client.load_connection_info(kernel.get_connection_info(session=False))

    async def __aenter__(self) -> KernelCall:
        self.client.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        return self

    async def __aexit__(self, *exc) -> None:
        self.client.stop_channels()

    async def _stopped(self) -> bool:
        kernel = self.kernel
        if getattr(kernel, "execution_state", "idle") in ("dead", "restarting"):
            return True
        if _process(kernel) != self.process:
            return True
        alive = getattr(kernel, "is_alive", None)
        return alive is not None and not await alive()

    async def _reply(self, msg_id: str, timeout: float) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise web.HTTPError(504, f"the kernel did not finish the {self.what} within {timeout:g} s")
            try:
                msg = await self.client.get_shell_msg(timeout=min(left, POLL))
            except Exception:  # queue.Empty: no reply yet
                if await self._stopped():
                    raise web.HTTPError(
                        409, f"the kernel stopped (died, restarted or shut down) during the {self.what}"
                    ) from None
                continue
            if msg.get("parent_header", {}).get("msg_id") == msg_id:
                return msg["content"]

    async def require_ipython(self) -> None:
        content = await self._reply(self.client.kernel_info(), INFO_TIMEOUT)
        if content.get("implementation") != "ipython":
            name = content.get("implementation") or "unknown"
            raise web.HTTPError(400, f"variables can be saved only from an IPython kernel (this one is {name!r})")

    async def run(self, function: str, timeout: float, *args) -> None:
        """Call `function(*args)` of kernel_code.py in the kernel, in a namespace of its own."""
        call = f"{_SOURCE}\n{function}(*{args!r})\n"
        code = f"exec(compile({call!r}, '<checkpoint variables>', 'exec'), {{'__name__': '_checkpoint_variables'}})"
        msg_id = self.client.execute(code, silent=True, store_history=False, allow_stdin=False)
        content = await self._reply(msg_id, timeout)
        if content.get("status") == "ok":
            return
        if content.get("ename") == "KeyboardInterrupt":
            raise web.HTTPError(409, f"the kernel was interrupted during the {self.what}")
        detail = f"{content.get('ename', 'error')}: {content.get('evalue', '')}"
        raise web.HTTPError(502, f"the kernel failed the {self.what}: {detail}"[:500])
