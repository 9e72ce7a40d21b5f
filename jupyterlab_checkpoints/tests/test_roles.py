"""Every extension route asks for the permission of what it touches, under a role granted part of them.

The action follows the HTTP method as jupyter_server maps it (GET: read; POST/PATCH/DELETE: write) on
`contents`; the kernel-variables snapshot and restore run code in a kernel, so they need `execute` on
`kernels` too, as JupyterLab's own kernel routes do.
"""

import json

import pytest
from tornado.httpclient import HTTPClientError

from .role_authorizer import RoleAuthorizer
from .test_auth import ENDPOINTS

RUNS_CODE = {("checkpoints", "abc", "variables"), ("checkpoints", "abc", "variables", "restore")}


@pytest.fixture
def jp_server_config(jp_server_config):
    server = {**jp_server_config["ServerApp"], "authorizer_class": f"{RoleAuthorizer.__module__}.RoleAuthorizer"}
    return {**jp_server_config, "ServerApp": server}


@pytest.fixture
def grant():
    def set_grants(*pairs):
        RoleAuthorizer.grants = set(pairs)

    yield set_grants
    RoleAuthorizer.grants = set()


async def status(jp_fetch, method, parts) -> tuple[int, str]:
    body = "{}" if method in ("POST", "PATCH") else None
    try:
        r = await jp_fetch(
            "jupyterlab-checkpoints", *parts, method=method, body=body, params={"path": "a.txt", "kernel": "k"},
            allow_nonstandard_methods=True,
        )  # fmt: skip
        return r.code, ""
    except HTTPClientError as e:
        return e.code, e.response.body.decode() if e.response is not None else ""


def needs(method, parts) -> set[tuple[str, str]]:
    action = "read" if method == "GET" else "write"
    extra = {("execute", "kernels")} if method == "POST" and parts in RUNS_CODE else set()
    return {(action, "contents"), *extra}


@pytest.mark.parametrize("method,parts", ENDPOINTS)
async def test_each_route_refuses_a_role_missing_one_of_its_permissions(jp_fetch, grant, method, parts):
    required = needs(method, parts)
    everything = {(a, r) for a in ("read", "write", "execute") for r in ("contents", "kernels")}
    for missing in sorted(required):
        grant(*(everything - {missing}))
        code, body = await status(jp_fetch, method, parts)
        assert code == 403, f"{method} {'/'.join(parts)} answered {code} without {missing}"
        if missing == ("execute", "kernels"):
            assert "execute on kernels" in json.loads(body)["message"]
    # With exactly what it needs, the permission check passes (the request may fail further on).
    grant(*required)
    code, _ = await status(jp_fetch, method, parts)
    assert code != 403, f"{method} {'/'.join(parts)} refused a role holding {sorted(required)}"


async def test_a_files_only_role_cannot_reach_a_kernel_through_the_variables_routes(jp_fetch, grant):
    grant(("read", "contents"), ("write", "contents"))
    for parts in sorted(RUNS_CODE):
        code, body = await status(jp_fetch, "POST", parts)
        assert code == 403 and "kernels" in json.loads(body)["message"]
