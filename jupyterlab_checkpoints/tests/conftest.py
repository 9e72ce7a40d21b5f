"""A real Jupyter server (pytest-jupyter) with the extension and its checkpoint class."""

import json

import pytest

# s3_fixtures: a moto S3 server and a fresh bucket per test (skipped without moto).
pytest_plugins = ["pytest_jupyter.jupyter_server", "jupyterlab_checkpoints.tests.s3_fixtures"]


def pytest_terminal_summary(terminalreporter):
    from .server_process import SUMMARY_LINES

    for line in SUMMARY_LINES:
        terminalreporter.write_line(f"reliability {line}")


@pytest.fixture
def store_dir(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def jp_server_config(store_dir):
    return {
        "ServerApp": {"jpserver_extensions": {"jupyterlab_checkpoints": True}},
        "ContentsManager": {"checkpoints_class": "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"},
        # fsync off: these tests check logic, not durability across power loss.
        "CheckpointStore": {"root_dir": str(store_dir), "fsync": False},
    }


def notebook(cells, seed=""):
    return {
        "cells": [
            {
                "cell_type": "code",
                "execution_count": None,
                "id": f"c{i}",
                "metadata": {},
                "outputs": [],
                "source": src,
            }
            for i, src in enumerate(cells)
        ],
        "metadata": {"seed": seed},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


class Api:
    """Small helpers over jp_fetch for the stock contents API and the extension API."""

    def __init__(self, fetch):
        self.fetch = fetch

    async def put_notebook(self, path, nb):
        await self.fetch("api", "contents", path, method="PUT", body=json.dumps({"type": "notebook", "content": nb}))

    async def put_text(self, path, text):
        body = {"type": "file", "format": "text", "content": text}
        await self.fetch("api", "contents", path, method="PUT", body=json.dumps(body))

    async def create(self, path):
        r = await self.fetch("api", "contents", path, "checkpoints", method="POST", body="")
        assert r.code in (200, 201)  # 200: the newest checkpoint already held this content
        return json.loads(r.body)

    async def create_ext(self, path, **body):
        r = await self.fetch(
            "jupyterlab-checkpoints", "checkpoints", method="POST", params={"path": path}, body=json.dumps(body)
        )
        assert r.code in (200, 201)  # 200: the newest checkpoint already held this content
        return json.loads(r.body)

    async def create_changed(self, path, n, **body):
        """`n` checkpoints of `path`, each of a different content (an unchanged create adds none)."""
        ids = []
        for i in range(n):
            await self.put_notebook(path, notebook(["x"], seed=f"{path}-{i}-{len(body)}"))
            ids.append((await self.create_ext(path, **body) if body else await self.create(path))["id"])
        return ids

    async def list(self, path):
        r = await self.fetch("api", "contents", path, "checkpoints", method="GET")
        return json.loads(r.body)

    async def restore(self, path, cid):
        r = await self.fetch("api", "contents", path, "checkpoints", cid, method="POST", body="")
        assert r.code == 204

    async def delete(self, path, cid):
        r = await self.fetch("api", "contents", path, "checkpoints", cid, method="DELETE")
        assert r.code == 204

    async def patch(self, path, cid, **body):
        r = await self.fetch(
            "jupyterlab-checkpoints", "checkpoints", cid, method="PATCH", params={"path": path}, body=json.dumps(body)
        )
        return json.loads(r.body)

    async def get_nb(self, path):
        r = await self.fetch("api", "contents", path, method="GET")
        return json.loads(r.body)["content"]


@pytest.fixture
def api(jp_fetch):
    return Api(jp_fetch)


@pytest.fixture
def history(jp_fetch, jp_root_dir):
    """Notebooks written to disk and checkpointed, and the readable-history routes."""
    from .history_fixtures import History

    return History(jp_fetch, jp_root_dir)
