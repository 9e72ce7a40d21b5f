"""Notebooks written to disk the way nbformat writes them, checkpointed through the REST API, and the
readable-history routes."""

import json

import pytest
from tornado.httpclient import HTTPClientError


def code(cid, source, outputs=(), execution_count=None, **extra):
    cell = {"cell_type": "code", "execution_count": execution_count, "metadata": {}, "outputs": list(outputs),
            "source": source, **extra}  # fmt: skip
    if cid is not None:
        cell["id"] = cid
    return cell


def markdown(cid, source):
    cell = {"cell_type": "markdown", "metadata": {}, "source": source}
    if cid is not None:
        cell["id"] = cid
    return cell


def stream(text):
    return {"name": "stdout", "output_type": "stream", "text": text}


def image(data, text="<Figure size 640x480 with 1 Axes>"):
    return {"data": {"image/png": data, "text/plain": text}, "metadata": {}, "output_type": "display_data"}


def nb(cells, metadata=None, minor=5):
    return {"cells": cells, "metadata": metadata or {}, "nbformat": 4, "nbformat_minor": minor}


def nbformat_bytes(content) -> bytes:
    # nbformat.writes: sorted keys, indent 1, multi-line strings kept as lists of lines.
    def split(cell):
        cell = dict(cell)
        if isinstance(cell.get("source"), str):
            cell["source"] = cell["source"].splitlines(keepends=True)
        return cell

    content = {**content, "cells": [split(c) for c in content["cells"]]}
    return (json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False) + "\n").encode()


class History:
    def __init__(self, fetch, root):
        self.fetch = fetch
        self.root = root

    async def save(self, path, content, raw=None):
        """Writes `path` and makes a checkpoint of it; returns the checkpoint id."""
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw if raw is not None else nbformat_bytes(content))
        r = await self.fetch("jupyterlab-checkpoints", "checkpoints", method="POST", params={"path": path}, body="{}")
        return json.loads(r.body)["id"]

    def write(self, path, content):
        (self.root / path).write_bytes(nbformat_bytes(content))

    async def get(self, *route, **params):
        r = await self.fetch("jupyterlab-checkpoints", *route, method="GET", params=params)
        assert r.code == 200
        return json.loads(r.body)

    async def refused(self, *route, code=400, **params):
        with pytest.raises(HTTPClientError) as e:
            await self.fetch("jupyterlab-checkpoints", *route, method="GET", params=params)
        assert e.value.code == code, (e.value.code, e.value.response.body[:300])
        assert json.loads(e.value.response.body)["message"]
        return json.loads(e.value.response.body)["message"]
