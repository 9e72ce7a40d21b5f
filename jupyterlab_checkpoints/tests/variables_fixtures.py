"""A real IPython kernel started by the test server, driven like a notebook would, and the variables routes."""

from __future__ import annotations

import asyncio
import json

from jupyter_client.asynchronous import AsyncKernelClient

from .conftest import notebook


class Kernel:
    def __init__(self, fetch, serverapp, kernel_id):
        self.fetch, self.serverapp, self.id = fetch, serverapp, kernel_id

    def client(self) -> AsyncKernelClient:
        kc = AsyncKernelClient()
        kc.load_connection_info(self.serverapp.kernel_manager.get_kernel(self.id).get_connection_info())
        kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
        return kc

    async def run(self, code: str, settle: bool = True, **expressions: str) -> dict:
        """Run `code` as a cell; returns the `repr` of each expression evaluated after it."""
        kc = self.client()
        try:
            msg_id = kc.execute(code, user_expressions=expressions)
            while True:
                reply = await kc.get_shell_msg(timeout=120)
                if reply["parent_header"].get("msg_id") == msg_id:
                    break
        finally:
            kc.stop_channels()
        if settle:
            await self.settled()
        content = reply["content"]
        assert content["status"] == "ok", content
        out = {}
        for name, value in content["user_expressions"].items():
            assert value["status"] == "ok", value
            out[name] = value["data"]["text/plain"]
        return out

    async def settled(self) -> None:
        """Wait until the server has seen the kernel go idle (its status arrives apart from the reply):
        the routes refuse a kernel they believe busy. The server's status subscription joins a fresh
        kernel a moment late and may miss the first statuses: run an empty cell until it sees one."""
        kernel = self.serverapp.kernel_manager.get_kernel(self.id)
        for _ in range(100):
            for _ in range(10):
                if kernel.execution_state == "idle":
                    return
                await asyncio.sleep(0.02)
            await self.run("pass", settle=False)
        raise AssertionError(f"the kernel stayed {kernel.execution_state}")

    async def restart(self) -> None:
        await self.fetch("api", "kernels", self.id, "restart", method="POST", body="")
        await self.run("pass")

    async def defined(self, *names: str) -> dict:
        found = await self.run("", **{n: f"{n!r} in globals()" for n in names})
        return {n: found[n] == "True" for n in names}


async def start_kernel(fetch, serverapp) -> Kernel:
    """A python3 kernel of the server (the server shuts it down at the end of the test)."""
    r = await fetch("api", "kernels", method="POST", body=json.dumps({"name": "python3"}))
    kernel = Kernel(fetch, serverapp, json.loads(r.body)["id"])
    await kernel.run("pass")
    return kernel


class Variables:
    """The variables routes of one notebook."""

    def __init__(self, fetch, api, path):
        self.fetch, self.api, self.path = fetch, api, path
        self.seed = 0

    async def checkpoint(self) -> str:
        self.seed += 1
        await self.api.put_notebook(self.path, notebook(["x = 1"], seed=str(self.seed)))
        return (await self.api.create_ext(self.path))["id"]

    async def call(self, method, cid, *more, kernel=None):
        params = {"path": self.path, **({"kernel": kernel} if kernel else {})}
        r = await self.fetch(
            "jupyterlab-checkpoints", "checkpoints", cid, "variables", *more,
            method=method, params=params, body="" if method == "POST" else None,
        )  # fmt: skip
        return r.code, json.loads(r.body)

    async def snapshot(self, cid, kernel):
        code, body = await self.call("POST", cid, kernel=kernel)
        assert code == 201
        return body

    async def restore(self, cid, kernel):
        code, body = await self.call("POST", cid, "restore", kernel=kernel)
        assert code == 200
        return body
