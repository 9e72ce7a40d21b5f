"""A real Jupyter server (pytest-jupyter) with the extension and its checkpoint class, and the test
selections of the Makefile (markers given by file, so a new test file needs no marker to run):

- `oldest`: the files run again in the oldest supported environment (`make test-oldest`): those whose
  tests reach jupyter_server's or JupyterLab's own APIs (the contents API and its hooks, handlers and
  authorization, identities, kernels, the extension's loading and config, the wheel), where a version
  can differ. The rest (the store's logic, S3, reliability, collaboration) runs in the main
  environment only, as does every file not listed here.
- `store_unit`: the store's unit tests, no server (`make test-fast`).
- `serial`: the timing-bound files, in one process (`make test-py-serial`): servers killed and restarted
  or two servers on one store, leases and a moved clock, a kernel killed or timed out at a given moment,
  and answers timed against a bound (`oldest` ones among them run in one process in the oldest
  environment too). `make test` runs them before the UI tests start: beside the UI tests their waits
  ran out. Everything else runs in parallel processes.
"""

import json

import pytest

# s3_fixtures: a moto S3 server and a fresh bucket per test (skipped without moto); backends: the
# store's tests on both backends (`make_store`, `store`).
pytest_plugins = [
    "pytest_jupyter.jupyter_server",
    "jupyterlab_checkpoints.tests.s3_fixtures",
    "jupyterlab_checkpoints.tests.backends",
]


OLDEST_FILES = {
    "test_auth.py",
    "test_authors.py",
    "test_bad_input.py",
    "test_cli.py",
    "test_contents_api.py",
    "test_delta_create.py",
    "test_delta_file_base.py",
    "test_edge_cases.py",
    "test_extension_load.py",
    "test_folders.py",
    "test_history.py",
    "test_jupytext_extension.py",
    "test_lifecycle.py",
    "test_managed_contents.py",
    "test_permissions.py",
    "test_rename_delete.py",
    "test_restore.py",
    "test_roles.py",
    "test_save_without_store.py",
    "test_server_config.py",
    "test_store_guard.py",
    "test_store_hygiene.py",
    "test_variables.py",
    "test_variables_kernel_failures.py",
    "test_wheel.py",
}
STORE_UNIT_FILES = {
    "test_delta_property.py",
    "test_history_cache.py",
    "test_history_strip.py",
    "test_recent_contents.py",
    "test_restore_pieces.py",
    "test_snapshot.py",
    "test_store_backends.py",
}


SERIAL_FILES = {
    "test_ignore_bounds.py",
    "test_reliability.py",
    "test_reliability_hostile.py",
    "test_reliability_races.py",
    "test_s3_storage.py",
    "test_search_bounds.py",
    "test_tiers_server.py",
    "test_variables_kernel_failures.py",
}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in OLDEST_FILES:
            item.add_marker(pytest.mark.oldest)
        if item.path.name in STORE_UNIT_FILES:
            item.add_marker(pytest.mark.store_unit)
        if item.path.name in SERIAL_FILES:
            item.add_marker(pytest.mark.serial)


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
