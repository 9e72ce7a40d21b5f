"""REST routes of the readable history: change summaries, a cell's versions, deleted cells, search.

All GET, authenticated and authorized as the `contents` resource like every other route; the file is
the `path` query argument. The work runs in a worker thread through `StoreCheckpoints.call` and reads
the store's pieces (history/).
"""

from __future__ import annotations

import re

from jupyter_server.auth.decorator import authorized
from jupyter_server.utils import ensure_async, url_path_join
from tornado import web

from ..history import service
from ..history.entries import entries_of
from ..history.search import DEFAULT_LIMIT, MAX_LIMIT, MAX_QUERY
from .base import BaseHandler

MAX_CELL_ID = 256
_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only: str.isdigit() also takes '²'


class HistoryHandler(BaseHandler):
    async def entries(self, path: str):
        """The file's checkpoints (oldest first) as history entries; 404 when the file has neither
        checkpoints nor a document."""
        docs = self.checkpoints.documents(self.contents_manager)
        await docs.check_path(path)  # hidden files, folders, the store itself: as every route
        cp = self.checkpoints
        models = await cp.list_checkpoints(path)
        if not models and not await ensure_async(self.contents_manager.file_exists(path)):
            raise web.HTTPError(404, f"file {path} does not exist")
        store = self.store
        manifests = await cp.call(store.list, path)
        return await cp.call(entries_of, store.objects, manifests, models, cp._legacy_file(path))


class SummariesHandler(HistoryHandler):
    @web.authenticated
    @authorized
    async def get(self):
        entries = await self.entries(self.file_path())
        self.send(await self.checkpoints.call(service.summaries, entries))


class CellHistoryHandler(HistoryHandler):
    @web.authenticated
    @authorized
    async def get(self):
        path = self.file_path()
        cell = self.get_query_argument("cell", None)
        raw_index = self.get_query_argument("index", None)
        if (cell is None) == (raw_index is None):
            raise web.HTTPError(400, "give either 'cell' (a cell id) or 'index' (a cell position)")
        index = None
        if cell is not None and not 0 < len(cell) <= MAX_CELL_ID:
            raise web.HTTPError(400, f"'cell' must be 1 to {MAX_CELL_ID} characters")
        if raw_index is not None:
            if not _NUMBER.fullmatch(raw_index):
                raise web.HTTPError(400, "'index' must be a cell position (0, 1, 2...)")
            index = int(raw_index)
        entries = await self.entries(path)
        if entries and not any(e.notebook for e in entries):
            raise web.HTTPError(400, f"{path} is not a notebook: it has no cells")
        self.send(await self.checkpoints.call(service.cell_history, entries, cell, index))


class DeletedCellsHandler(HistoryHandler):
    @web.authenticated
    @authorized
    async def get(self):
        path = self.file_path()
        entries = await self.entries(path)
        if not any(e.notebook for e in entries):
            self.send({"cells": []})  # a text file has no cells to lose
            return
        try:
            current, is_notebook = await self.checkpoints.read_document(self.contents_manager, path)
        except web.HTTPError as e:
            if e.status_code != 404:
                raise
            current, is_notebook = None, True  # the file is gone: every cell of its history is
        self.send(await self.checkpoints.call(service.deleted_cells, entries, current if is_notebook else None))


class SearchHandler(HistoryHandler):
    @web.authenticated
    @authorized
    async def get(self):
        path = self.file_path()
        query = self.get_query_argument("q", None)
        if query is None or not query.strip():
            raise web.HTTPError(400, "the 'q' query argument (the text to find) is required")
        if len(query) > MAX_QUERY:
            raise web.HTTPError(400, f"'q' is longer than {MAX_QUERY} characters")
        raw_limit = self.get_query_argument("limit", None)
        limit = DEFAULT_LIMIT
        if raw_limit is not None:
            if not _NUMBER.fullmatch(raw_limit) or not 1 <= int(raw_limit) <= MAX_LIMIT:
                raise web.HTTPError(400, f"'limit' must be a number from 1 to {MAX_LIMIT}")
            limit = int(raw_limit)
        entries = await self.entries(path)
        self.send(await self.checkpoints.call(service.search, entries, query, limit))


def history_routes(base: str) -> list[tuple]:
    return [
        (url_path_join(base, "summaries"), SummariesHandler),
        (url_path_join(base, "cells", "history"), CellHistoryHandler),
        (url_path_join(base, "cells", "deleted"), DeletedCellsHandler),
        (url_path_join(base, "search"), SearchHandler),
    ]
