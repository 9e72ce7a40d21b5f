"""Every extension endpoint refuses requests without credentials, and cross-site posts."""

import pytest
from tornado.httpclient import HTTPClientError

ENDPOINTS = [
    ("GET", ("info",)),
    ("GET", ("checkpoints",)),
    ("POST", ("checkpoints",)),
    ("PATCH", ("checkpoints", "abc")),
    ("DELETE", ("checkpoints", "abc")),
    ("GET", ("checkpoints", "abc", "content")),
    ("GET", ("deleted",)),
    ("POST", ("deleted", "restore")),
    ("GET", ("summaries",)),
    ("GET", ("cells", "history")),
    ("GET", ("cells", "deleted")),
    ("GET", ("search",)),
    ("GET", ("folders", "checkpoints")),
    ("POST", ("folders", "checkpoints")),
    ("GET", ("folders", "checkpoints", "abc")),
    ("PATCH", ("folders", "checkpoints", "abc")),
    ("DELETE", ("folders", "checkpoints", "abc")),
    ("GET", ("folders", "checkpoints", "abc", "file")),
    ("POST", ("folders", "checkpoints", "abc", "restore")),
    ("POST", ("folders", "checkpoints", "abc", "extract")),
    ("GET", ("folders", "checkpoints", "abc", "zip")),
    ("GET", ("checkpoints", "abc", "variables")),
    ("POST", ("checkpoints", "abc", "variables")),
    ("POST", ("checkpoints", "abc", "variables", "restore")),
]


@pytest.mark.parametrize("method,parts", ENDPOINTS)
async def test_refused_without_token(jp_fetch, method, parts):
    body = "{}" if method in ("POST", "PATCH") else None
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(
            "jupyterlab-checkpoints", *parts, method=method, body=body, params={"path": "a.txt"},
            headers={"Authorization": ""}, allow_nonstandard_methods=True,
        )  # fmt: skip
    assert e.value.code == 403


@pytest.mark.parametrize("method,parts", [m for m in ENDPOINTS if m[0] != "GET"])
async def test_refused_cross_site_cookie_without_xsrf(jp_fetch, method, parts):
    # What a forged cross-site form would send: a cookie, no token, no matching _xsrf value.
    with pytest.raises(HTTPClientError) as e:
        await jp_fetch(
            "jupyterlab-checkpoints", *parts, method=method, body="{}" if method != "DELETE" else None,
            params={"path": "a.txt"}, headers={"Authorization": "", "Cookie": "_xsrf=forged"},
            allow_nonstandard_methods=True,
        )  # fmt: skip
    assert e.value.code == 403
