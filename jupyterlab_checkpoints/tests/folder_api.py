"""Requests of the folder checkpoint API over jp_fetch, and a small project to checkpoint."""

import json
import os

import pytest
from tornado.httpclient import HTTPClientError

from .conftest import notebook

BASE = ("jupyterlab-checkpoints", "folders", "checkpoints")


# The folder tests run on both backends: a local store folder and S3 (moto's server, s3_fixtures.py;
# skipped where moto is not installed). Use as `@pytest.fixture(params=BACKENDS)` on jp_server_config.
BACKENDS = ["local", "s3"]


def store_config(request, store_dir) -> dict:
    """The CheckpointStore options of the backend `request.param` names."""
    if request.param == "s3":
        return {"url": request.getfixturevalue("s3_url")}
    return {"root_dir": str(store_dir), "fsync": False}


def folder_config(store: dict, **folders):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        "CheckpointStore": store,
        "FolderCheckpoints": folders,
    }


def on_s3(config) -> bool:
    return "url" in config["CheckpointStore"]


def stored(config) -> list[str]:
    """Everything the store holds (locks and scratch files aside): files of the store folder, or keys
    of the bucket."""
    where = config["CheckpointStore"]
    if "url" in where:
        from .s3_fixtures import keys

        return sorted(k for k in keys(where["url"]) if "/locks/" not in k and "/gc/" not in k)
    return sorted(p for p in tree(where["root_dir"]) if not p.endswith(".lock") and not p.startswith(("live/", "tmp/")))


class FolderApi:
    def __init__(self, fetch):
        self.fetch = fetch

    async def call(self, method, *parts, body=None, raw=False, **params):
        if body is None and method in ("POST", "PATCH"):
            body = {}
        r = await self.fetch(
            *BASE, *parts, method=method, params=params, body=None if body is None else json.dumps(body),
            allow_nonstandard_methods=True,
        )  # fmt: skip
        if raw:
            return r
        return json.loads(r.body) if r.body else None

    async def create(self, path, **body):
        return await self.call("POST", body=body, path=path)

    async def list(self, path):
        return (await self.call("GET", path=path))["checkpoints"]

    async def detail(self, path, cid):
        return await self.call("GET", cid, path=path)

    async def restore(self, path, cid, **body):
        return await self.call("POST", cid, "restore", body=body, path=path)

    async def status(self, method, *parts, body=None, **params):
        """The HTTP status of a request expected to fail, and its message."""
        with pytest.raises(HTTPClientError) as e:
            await self.call(method, *parts, body=body, **params)
        return e.value.code, json.loads(e.value.response.body).get("message", "")


def write(root, rel, data):
    p = os.path.join(root, *rel.split("/"))
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f:
        f.write(data)


def read(root, rel):
    with open(os.path.join(root, *rel.split("/")), "rb") as f:
        return f.read()


def tree(root):
    """{relative path: bytes} of every file under `root` (hidden ones too)."""
    out = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            p = os.path.join(dirpath, name)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root).replace(os.sep, "/")] = f.read()
    return out


PROJECT = {
    "a.txt": b"alpha\n",
    "b.ipynb": json.dumps(notebook(["print(1)", "x = 2"]), indent=1).encode(),
    "sub/c.bin": bytes(range(256)) * 40,
    "sub/deep/d.txt": b"delta\n",
}


def make_project(root, folder="proj"):
    for rel, data in PROJECT.items():
        write(root, f"{folder}/{rel}", data)
    return os.path.join(root, folder)
