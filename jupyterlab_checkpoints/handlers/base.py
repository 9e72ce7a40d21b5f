"""The one base of every REST route of the extension: authentication and the `contents` permission
(routes that touch kernels ask for more), who made a checkpoint, the `path` argument, the JSON body.

Every request's paths and body are bounded before any work (`check_request`): a path over MAX_PATH_BYTES,
a name over MAX_NAME_BYTES (what Linux file systems take) or a JSON body nested deeper than MAX_DEPTH
answers 400 with a message, where the file system or the parser would otherwise fail with a 500.
"""

from __future__ import annotations

import json
import re

from jupyter_server.base.handlers import APIHandler
from tornado import web

from ..contents.checkpoints import StoreCheckpoints, http_error
from ..store import StoreError
from ..store import paths as P
from ..store.author import AUTHOR, author_of

NAMESPACE = "jupyterlab-checkpoints"
MAX_PATH_BYTES = 4096
MAX_NAME_BYTES = 255
# Far beyond any notebook's own nesting, and below what the JSON libraries here recurse to (orjson: 255).
MAX_DEPTH = 100
_ESCAPE = re.compile(rb"\\.", re.DOTALL)
_STRING = re.compile(rb'"[^"]*"')
_NOT_BRACKET = re.compile(rb"[^\[\]{}]+")
PATH_ARGUMENTS = ("path", "target", "file")  # query arguments and body keys naming files or folders


def check_path_size(value: str, what: str) -> None:
    """400 for a path no file system here would take."""
    size = len(value.encode("utf-8", "surrogatepass"))
    if size > MAX_PATH_BYTES:
        raise web.HTTPError(400, f"'{what}' is {size} bytes long; paths are at most {MAX_PATH_BYTES} bytes")
    for name in value.split("/"):
        if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise web.HTTPError(400, f"'{what}' has a name longer than {MAX_NAME_BYTES} bytes")


def check_depth(raw: bytes) -> None:
    """400 when the JSON text nests deeper than MAX_DEPTH. Escapes, then strings, then everything but
    brackets are cut out by linear patterns, so only the brackets are counted one by one."""
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", _ESCAPE.sub(b"", raw)))
    depth = 0
    for byte in brackets:
        depth += 1 if byte in b"[{" else -1
        if depth > MAX_DEPTH:
            raise web.HTTPError(400, f"the request body is nested deeper than {MAX_DEPTH} levels")


def _dumps(data) -> str:
    return json.dumps(data, default=lambda o: o.isoformat() if hasattr(o, "isoformat") else str(o))


class BaseHandler(APIHandler):
    auth_resource = "contents"

    async def prepare(self):
        await super().prepare()
        # Checkpoints this request makes record who made them (see store/author.py).
        AUTHOR.set(author_of(self.current_user))
        for name in PATH_ARGUMENTS:
            for value in self.get_query_arguments(name):
                check_path_size(value, name)

    @property
    def checkpoints(self) -> StoreCheckpoints:
        cp = self.contents_manager.checkpoints
        if not isinstance(cp, StoreCheckpoints):
            raise web.HTTPError(503, "the contents manager does not use the checkpoint store")
        return cp

    @property
    def store(self):
        # A store that cannot be opened (e.g. written by a newer version) answers with its message.
        return self.checkpoints.store

    def file_path(self) -> str:
        raw = self.get_query_argument("path", None)
        if raw is None:
            raise web.HTTPError(400, "the 'path' query argument is required")
        try:
            return P.normalize_path(raw)
        except StoreError as e:
            raise http_error(e) from e

    def body(self) -> dict:
        if not self.request.body:
            return {}
        check_depth(self.request.body)
        try:
            data = json.loads(self.request.body)
        except ValueError as e:
            raise web.HTTPError(400, "the request body is not valid JSON") from e
        if not isinstance(data, dict):
            raise web.HTTPError(400, "the request body must be a JSON object")
        for name in PATH_ARGUMENTS:
            if isinstance(data.get(name), str):
                check_path_size(data[name], name)
        return data

    def send(self, data, status: int = 200) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(_dumps(data))
