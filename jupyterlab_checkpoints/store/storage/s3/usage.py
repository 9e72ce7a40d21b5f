"""The figures part of the storage contract on object storage (storage/base.py `usage`).

There is no running total to keep: the store's totals would need a LIST of the whole bucket, so
`totals` is None (maintenance.py says why) and every count is dropped; one history's figure is read
from its index object (figures.py), with the one GET the panel makes anyway."""

from __future__ import annotations


class S3Usage:
    def __init__(self, figures):
        self.figures = figures  # S3Storage.figures(history)

    def touch(self, history) -> None: ...
    def flush(self) -> None: ...
    def add(self, **delta: int) -> None: ...
    def object_written(self, size: int) -> None: ...

    def history_figure(self, history) -> dict:
        return self.figures(history)

    def totals(self) -> None:
        return None

    def close(self) -> None: ...
