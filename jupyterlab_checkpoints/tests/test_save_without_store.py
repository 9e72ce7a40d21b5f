"""A save succeeds whenever the file is written, even with the checkpoint store unavailable; the panel's
routes still answer the store's clear 503 message."""

from __future__ import annotations

import json
import logging

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook

UNAVAILABLE = {"folder": "cannot be written", "s3": "cannot reach the object storage"}


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(record.getMessage())


@pytest.fixture(params=["folder", "s3"])
def unavailable(request, tmp_path, monkeypatch):
    """A store configured where it cannot work: a store folder path that is a file, or an S3 url at
    an endpoint nothing answers."""
    if request.param == "folder":
        not_a_folder = tmp_path / "store-is-a-file"
        not_a_folder.write_text("")
        return request.param, {"root_dir": str(not_a_folder), "fsync": False}
    pytest.importorskip("botocore")
    monkeypatch.setenv("AWS_ENDPOINT_URL", request.getfixturevalue("unreachable_endpoint"))
    for k, v in {"AWS_ACCESS_KEY_ID": "k", "AWS_SECRET_ACCESS_KEY": "s", "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(k, v)
    return request.param, {"url": "s3://bucket/p", "storage_options": {"config": {"retries": {"max_attempts": 1}}}}


@pytest.fixture
def jp_server_config(unavailable):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": unavailable[1],
    }


async def test_a_notebook_saves_while_the_store_is_unavailable(jp_fetch, jp_root_dir, unavailable, jp_serverapp):
    kind, _ = unavailable
    name = f"{kind}.ipynb"  # one file per case: each gets its own first warning
    records = _Records()
    jp_serverapp.contents_manager.log.addHandler(records)
    for version in ("first", "second"):  # the first save of a new file, then a save over it
        body = json.dumps({"type": "notebook", "content": notebook([version])})
        r = await jp_fetch("api", "contents", name, method="PUT", body=body)
        assert r.code in (200, 201)
        assert json.loads((jp_root_dir / name).read_text())["cells"][0]["source"] in (version, [version])
    log = records.lines
    warned = [line for line in log if f"{name} was saved without a checkpoint" in line]
    assert len(warned) == 1 and UNAVAILABLE[kind] in warned[0], log  # once, not on every save

    # The panel's list (the stock route) and the extension's routes still say why.
    for parts, method in [(("api", "contents", name, "checkpoints"), "GET"),
                          (("api", "contents", name, "checkpoints"), "POST"),
                          (("jupyterlab-checkpoints", "checkpoints"), "GET")]:  # fmt: skip
        with pytest.raises(HTTPClientError) as e:
            await jp_fetch(*parts, method=method, body="" if method == "POST" else None, params={"path": name})
        assert e.value.code == 503, parts
        assert UNAVAILABLE[kind] in json.loads(e.value.response.body)["message"]
