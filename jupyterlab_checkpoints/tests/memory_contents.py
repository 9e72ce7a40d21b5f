"""A contents manager that keeps documents in memory: a real `AsyncContentsManager`, like those of S3 or
databases, with no file on disk for anything it serves (the server's root folder stays empty)."""

from __future__ import annotations

import base64
import datetime as dt
import mimetypes

import nbformat
from jupyter_server.services.contents.manager import AsyncContentsManager
from tornado.web import HTTPError


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


class MemoryContentsManager(AsyncContentsManager):
    """Documents as bytes (notebooks in nbformat's JSON without a final newline, as some object stores
    hold them), folders implied by the paths under them."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.docs: dict[str, tuple[bytes, dt.datetime]] = {}

    @staticmethod
    def _norm(path: str) -> str:
        return path.strip("/")

    async def dir_exists(self, path):
        path = self._norm(path)
        return path == "" or any(p.startswith(path + "/") for p in self.docs)

    async def file_exists(self, path=""):
        return self._norm(path) in self.docs

    async def is_hidden(self, path):
        return any(part.startswith(".") for part in self._norm(path).split("/"))

    def _base(self, path: str, kind: str, when: dt.datetime) -> dict:
        return {
            "name": path.rsplit("/", 1)[-1], "path": path, "type": kind, "writable": True, "created": when,
            "last_modified": when, "mimetype": None, "content": None, "format": None, "size": None,
            "hash": None, "hash_algorithm": None,
        }  # fmt: skip

    async def get(self, path, content=True, type=None, format=None, require_hash=False):
        path = self._norm(path)
        if path not in self.docs:
            if await self.dir_exists(path):
                if type not in (None, "directory"):
                    raise HTTPError(400, f"{path} is a directory, not a {type}")
                return self._directory(path, content)
            raise HTTPError(404, f"No such file or directory: {path}")
        raw, when = self.docs[path]
        if type == "directory":
            raise HTTPError(400, f"{path} is not a directory")
        is_nb = type == "notebook" or (type is None and path.endswith(".ipynb"))
        model = self._base(path, "notebook" if is_nb else "file", when)
        model["size"] = len(raw)
        if not content:
            return model
        if is_nb:
            model.update(format="json", content=nbformat.reads(raw.decode(), as_version=nbformat.NO_CONVERT))
            return model
        model["mimetype"] = mimetypes.guess_type(path)[0] or "text/plain"
        if format != "base64":
            try:
                model.update(format="text", content=raw.decode("utf-8"))
                return model
            except UnicodeDecodeError:
                if format == "text":
                    raise HTTPError(400, f"{path} is not UTF-8 text") from None
        model.update(format="base64", content=base64.b64encode(raw).decode(), mimetype="application/octet-stream")
        return model

    def _directory(self, path: str, content: bool) -> dict:
        model = self._base(path, "directory", _now())
        if content:
            prefix = f"{path}/" if path else ""
            names = {p[len(prefix) :].split("/", 1)[0] for p in self.docs if p.startswith(prefix)}
            model.update(format="json", content=[])
            for name in sorted(names):
                child = prefix + name
                raw_when = self.docs.get(child)
                kind = ("notebook" if child.endswith(".ipynb") else "file") if raw_when else "directory"
                model["content"].append(self._base(child, kind, raw_when[1] if raw_when else _now()))
        return model

    async def save(self, model, path=""):
        path = self._norm(path)
        kind = model.get("type")
        if kind == "notebook":
            nb = nbformat.from_dict(model["content"])
            raw = nbformat.writes(nb, version=nbformat.NO_CONVERT).rstrip("\n").encode()
        elif kind == "file":
            data = model.get("content")
            raw = base64.b64decode(data) if model.get("format") == "base64" else str(data).encode("utf-8")
        elif kind == "directory":
            return self._directory(path, False)  # folders exist through their files
        else:
            raise HTTPError(400, f"unknown type {kind!r}")
        self.docs[path] = (raw, _now())
        return await self.get(path, content=False)

    async def delete_file(self, path):
        path = self._norm(path)
        if path not in self.docs:
            raise HTTPError(404, f"No such file: {path}")
        del self.docs[path]

    async def rename_file(self, old_path, new_path):
        old_path, new_path = self._norm(old_path), self._norm(new_path)
        if new_path in self.docs:
            raise HTTPError(409, f"File already exists: {new_path}")
        self.docs[new_path] = self.docs.pop(old_path)
