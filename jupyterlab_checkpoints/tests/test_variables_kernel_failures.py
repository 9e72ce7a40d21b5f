"""A kernel failing under a variables call answers a clear 4xx/5xx message, never a bare 500, and
changes nothing: 409 stopped or interrupted, 504 too slow, 502 the kernel raised."""

import asyncio
import os
import signal
import time

import pytest
from tornado.httpclient import HTTPClientError

from .variables_fixtures import Variables, start_kernel

SLOW = """
import time as _t
class Slow:
    def __reduce__(self):
        _t.sleep({seconds})
        return (int, ())
slow = Slow()
"""


@pytest.fixture
def variables(jp_fetch, api):
    return Variables(jp_fetch, api, "v.ipynb")


async def refused(call) -> tuple[int, str]:
    with pytest.raises(HTTPClientError) as e:
        await call
    return e.value.code, e.value.response.body.decode()


async def nothing_saved(variables, cid, store):
    code, _ = await refused(variables.call("GET", cid))
    assert code == 404
    assert not list(store.tmp.glob("v-*"))


async def test_kernel_killed_during_snapshot_answers_409_at_once(variables, jp_fetch, jp_serverapp):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run(SLOW.format(seconds=60))
    cid = await variables.checkpoint()
    pid = jp_serverapp.kernel_manager.get_kernel(kernel.id).provisioner.pid

    async def kill_soon():
        await asyncio.sleep(1.5)  # the snapshot is pickling `slow` by then
        os.kill(pid, signal.SIGKILL)

    start = time.monotonic()
    killer = asyncio.ensure_future(kill_soon())
    code, body = await refused(variables.call("POST", cid, kernel=kernel.id))
    await killer
    assert code == 409 and "stopped" in body and "variables snapshot" in body
    assert time.monotonic() - start < 30  # told as soon as seen, not after kernel_timeout (600 s)
    await nothing_saved(variables, cid, store)


async def test_slow_kernel_answers_504(variables, jp_fetch, jp_serverapp):
    jp_serverapp.config.CheckpointVariables.kernel_timeout = 1.5
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    await kernel.run(SLOW.format(seconds=6))
    cid = await variables.checkpoint()
    code, body = await refused(variables.call("POST", cid, kernel=kernel.id))
    assert code == 504 and "within 1.5 s" in body
    code, _ = await refused(variables.call("GET", cid))
    assert code == 404


async def test_kernel_raising_in_the_variables_code_answers_502(variables, jp_fetch, jp_serverapp):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run("x = 1")
    cid = await variables.checkpoint()
    # The user's session broke what the variables code relies on.
    await kernel.run("import IPython\nIPython.get_ipython = lambda: None")
    code, body = await refused(variables.call("POST", cid, kernel=kernel.id))
    assert code == 502 and "the kernel failed the variables snapshot: AttributeError" in body
    await nothing_saved(variables, cid, store)


async def test_interrupted_snapshot_answers_409(variables, jp_fetch, jp_serverapp):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    store = jp_serverapp.contents_manager.checkpoints.store
    await kernel.run(SLOW.format(seconds=30))
    cid = await variables.checkpoint()

    async def interrupt_soon():
        await asyncio.sleep(1.5)
        await jp_fetch("api", "kernels", kernel.id, "interrupt", method="POST", body="")

    interrupter = asyncio.ensure_future(interrupt_soon())
    code, body = await refused(variables.call("POST", cid, kernel=kernel.id))
    await interrupter
    assert code == 409 and "interrupted" in body
    await nothing_saved(variables, cid, store)


async def test_kernel_restarted_during_restore_answers_409(variables, jp_fetch, jp_serverapp):
    kernel = await start_kernel(jp_fetch, jp_serverapp)
    # Loading `slow` back sleeps in the kernel: its class is defined in the session, cloudpickle saves it.
    await kernel.run(
        "import time\nclass Slow:\n    def __setstate__(self, s):\n        time.sleep(60)\nslow = Slow()\nslow.x = 1"
    )
    cid = await variables.checkpoint()
    await variables.snapshot(cid, kernel.id)
    await kernel.settled()  # the server hears the kernel go idle after the snapshot a moment later

    async def restart_soon():
        await asyncio.sleep(1.5)
        await jp_fetch("api", "kernels", kernel.id, "restart", method="POST", body="")

    restarter = asyncio.ensure_future(restart_soon())
    code, body = await refused(variables.call("POST", cid, "restore", kernel=kernel.id))
    await restarter
    assert code == 409 and "stopped" in body and "variables restore" in body
