"""Every extension route asks for the permission of what it touches, under a role granted part of them.

The action follows the HTTP method as jupyter_server maps it (GET: read; POST/PATCH/DELETE: write) on
`contents`; the kernel-variables snapshot and restore run code in a kernel, so they need `execute` on
`kernels` too, as JupyterLab's own kernel routes do.
"""

import json
import re

import pytest
from tornado.httpclient import HTTPClientError

from jupyterlab_checkpoints import folder_handlers, handlers, history_handlers, variables_handlers

from .role_authorizer import RoleAuthorizer
from .test_auth import ENDPOINTS as AUTHENTICATED

RUNS_CODE = {("checkpoints", "abc", "variables"), ("checkpoints", "abc", "variables", "restore")}
ENDPOINTS = [
    *AUTHENTICATED,
    ("POST", ("checkpoints", "abc", "restore")),
    ("GET", ("cleanup",)),
    ("POST", ("cleanup",)),
    ("GET", ("checkpoints", "abc", "variables", "restore")),  # the listing, inherited by the restore route
]
METHODS = ("get", "post", "put", "patch", "delete")


def test_the_audit_covers_every_route_and_method():
    routes = [
        *handlers.routes("/x"), *history_handlers.history_routes("/x"), *folder_handlers.folder_routes("/x"),
        *variables_handlers.variables_routes("/x"),
    ]  # fmt: skip
    served = {
        (pattern, m.upper())
        for pattern, cls in routes
        for m in METHODS
        if m in vars(cls)
        or any(m in vars(base) for base in cls.__mro__[1:] if base.__module__.startswith("jupyterlab_checkpoints"))
    }
    audited = set()
    for method, parts in ENDPOINTS:
        url = "/x/" + "/".join(parts)
        audited |= {(pattern, method) for pattern, _ in routes if re.fullmatch(pattern, url)}
    assert served - audited == set()


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
