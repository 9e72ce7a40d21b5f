"""Writing a folder checkpoint's new pieces together rather than one after another.

Each piece is written by the store's own put (write, fsync, rename, fsync of its folder: objects.py).
A checkpoint's pieces only need to be on disk before its manifest, not in any order among themselves,
so they are written by a few threads at once: the file system commits their fsyncs together, and a
checkpoint after a small change waits for about one round of fsyncs instead of one per piece. Pieces
wait in memory up to a bound, so a folder of large changed files is never held whole.

The store's byte count (store/storage/local/usage.py) is kept per thread and flushed under the store's locks: the
pieces the threads wrote are counted in the calling thread, which flushes the count on leaving, while
it still holds gc.lock.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from ..store.objects import ObjectStore

THREADS = 8
MAX_WAITING_BYTES = 64 * 1024 * 1024


class PieceWriter:
    def __init__(self, objects: ObjectStore, usage):  # the storage's figures (storage/base.py `usage`)
        self.objects = objects
        self.usage = usage
        self.waiting: list[tuple[str, memoryview | bytes]] = []
        self.waiting_bytes = 0
        self.written = 0
        self.pool = ThreadPoolExecutor(THREADS, thread_name_prefix="folder-checkpoint")

    def add(self, pieces) -> None:
        """Queue `(digest, data)` pieces; writes the queue once it holds more than the bound."""
        for digest, data in pieces:
            self.waiting.append((digest, data))
            self.waiting_bytes += len(data)
        if self.waiting_bytes > MAX_WAITING_BYTES:
            self.flush()

    def flush(self) -> int:
        """Write every queued piece; returns the bytes written so far (pieces already stored: 0)."""
        waiting, self.waiting, self.waiting_bytes = self.waiting, [], 0
        seen: set[str] = set()
        unique = [(d, data) for d, data in waiting if not (d in seen or seen.add(d))]
        for _digest, size in self.pool.map(lambda p: self.objects.put(p[1], p[0], count=False), unique):
            if size:
                self.usage.object_written(size)
            self.written += size
        return self.written

    def close(self) -> None:
        self.pool.shutdown(wait=True)
        self.usage.flush()

    def __enter__(self) -> PieceWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
