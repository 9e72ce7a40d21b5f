"""What the store takes on disk: its total, kept up to date as it changes, and one history's figure.

Store total (`usage.json` in the store root): objects (count, bytes), manifests (count, and the bytes of
every `*.json` under tree/ and trash/, deletion records included) and histories (file histories holding
a manifest, deleted files' included). `bytes` = objects + manifests; the few small bookkeeping files
(format.json, this file, locks, .gitignore) and tmp/ (writes in progress) are left out.

Kept incrementally, never by walking the store per request:
- a new object adds itself (`ObjectStore.on_write`, called by every put that wrote a file);
- a history folder is measured (its `*.json`, one scandir) before the first manifest write or removal
  of an operation (`touch`), and again when the operation releases its locks: the difference is what
  changed, whichever way (retention, a failed restore removing its own entry, a moved checkpoint);
- collections, purges and clean-ups add what they removed.
Differences wait in a per-thread list; `flush` adds them to usage.json (in place, under its flock). The store
calls it before releasing the locks the change was made under (`_locks`; gc.lock for a collection).

After a crash: a process killed between a change and its flush leaves the total wrong. Each process
holds an exclusive flock on its own file in `live/` while the store is open, and removes the file when
it closes it; a file there that another process can lock belongs to a process that died. The next
reader then recounts the whole store once, holding tree.lock and gc.lock exclusively (every change is
made under one of them and flushed before it is released, so nothing is half-counted), and removes the
dead file. A missing or unreadable usage.json (a new store, one an older version wrote, a failed flush)
is recounted the same way. The clean-up, which reads everything anyway, writes an exact count too.
Known drift until the next recount: two creates writing the same new piece at the same instant count
it twice; a merge of two histories (a rename onto a path with its own history) that overwrote a manifest.

One file's figure (`history_figure`): the bytes of the distinct pieces its checkpoints refer to (a
piece shared with other files is counted in each) plus its manifests. It reads only that history
(a manifest and an index object per checkpoint, a stat per piece) and is cached until the history
folder's manifests change (their names, inodes, times and sizes).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import threading
import weakref
from collections.abc import Callable
from pathlib import Path

import orjson

from ...atomic import write_atomic
from ...attached import attached_objects
from ...location import ensure_gitignore
from ...manifest import SUFFIX, list_manifests
from ...objects import ObjectStore
from ...snapshot import referenced_objects

FIELDS = ("objects", "object_bytes", "manifests", "manifest_bytes", "histories")
_WIDTH = 400  # usage.json is always this long (padded), so an update in place never leaves a tail behind


def _encode(data: dict) -> bytes:
    raw = orjson.dumps({k: int(data[k]) for k in FIELDS})
    return raw + b" " * (_WIDTH - 1 - len(raw)) + b"\n"


def _decode(raw: bytes) -> dict | None:
    try:
        data = orjson.loads(raw)
        return {k: int(data[k]) for k in FIELDS}
    except (orjson.JSONDecodeError, KeyError, TypeError, ValueError, AttributeError):
        return None


_CACHE_LIMIT = 4096


def measure_history(folder: Path) -> tuple[int, int]:
    """(manifests, bytes) of the `*.json` directly in `folder`."""
    count = size = 0
    try:
        entries = os.scandir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return 0, 0
    with entries:
        for e in entries:
            if e.name.endswith(SUFFIX):
                with contextlib.suppress(FileNotFoundError):
                    size += e.stat(follow_symlinks=False).st_size
                    count += 1
    return count, size


def _release(path: str, fd: int) -> None:
    # Removed before the lock goes, so a reader never takes a cleanly closed store for a dead one.
    with contextlib.suppress(OSError):
        os.unlink(path)
    os.close(fd)


class Usage:
    def __init__(self, root: Path, tree: Path, trash: Path, objects: ObjectStore, tmp: Path, exclusive=None):
        self.file, self.live = root / "usage.json", root / "live"
        self._exclusive = exclusive  # tree.lock and gc.lock exclusively, for a recount (storage/local/)
        self.tree, self.trash, self.objects, self.tmp = tree, trash, objects, tmp
        self._local = threading.local()
        self._stale = False
        self._figures: dict[Path, tuple[tuple, dict]] = {}
        self._name = self._register()

    # ---------------------------------------------------------------- this process's presence
    def _register(self) -> str | None:
        name = f"{os.getpid()}-{secrets.token_hex(4)}"
        try:
            self.live.mkdir(exist_ok=True)
            # Read-only: a file open for writing would stop the store's disk being remounted read-only.
            fd = os.open(self.live / name, os.O_RDONLY | os.O_CREAT, 0o644)
        except OSError:
            return None  # a store that cannot be written: this process changes nothing to count
        fcntl.flock(fd, fcntl.LOCK_EX)
        self._finalizer = weakref.finalize(self, _release, str(self.live / name), fd)
        return name

    def close(self) -> None:
        if self._name is not None:
            self._finalizer()

    def _dead(self) -> list[tuple[str, int]]:
        """Files in live/ of processes that died (returned locked, for `_bury`)."""
        found = []
        try:
            entries = list(os.scandir(self.live))
        except OSError:
            return []
        for e in entries:
            if e.name == self._name:
                continue
            try:
                fd = os.open(e.path, os.O_RDONLY)
            except OSError:
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)  # held: its process is alive
                continue
            found.append((e.path, fd))
        return found

    @staticmethod
    def _bury(dead: list[tuple[str, int]]) -> None:
        for path, fd in dead:
            _release(path, fd)

    # ---------------------------------------------------------------- differences
    def _pending(self) -> dict:
        p = getattr(self._local, "pending", None)
        if p is None:
            p = self._local.pending = {"delta": dict.fromkeys(FIELDS, 0), "touched": {}}
        return p

    def add(self, **delta: int) -> None:
        d = self._pending()["delta"]
        for k, v in delta.items():
            d[k] += v

    def object_written(self, size: int) -> None:
        self.add(objects=1, object_bytes=size)

    def touch(self, history: Path) -> None:
        """Call before an operation's first manifest write or removal in `history`."""
        touched = self._pending()["touched"]
        if history not in touched:
            touched[history] = measure_history(history)

    def flush(self) -> None:
        """Add this thread's differences to usage.json. Never raises: it runs while locks are released."""
        p = getattr(self._local, "pending", None)
        if p is None:
            return
        self._local.pending = None
        delta = p["delta"]
        try:
            for history, (count, size) in p["touched"].items():
                now_count, now_size = measure_history(history)
                delta["manifests"] += now_count - count
                delta["manifest_bytes"] += now_size - size
                delta["histories"] += (now_count > 0) - (count > 0)
        except Exception:
            self.invalidate()  # a folder that cannot be read: the figure cannot be trusted
            return
        if not any(delta.values()):
            return
        try:
            # Updated in place under its own flock: creating a file per change would cost more than the
            # change. Every flush runs under tree.lock or gc.lock, and usage.json is only replaced
            # (`set_exact`) under both exclusively, so the file opened here is the current one.
            fd = os.open(self.file, os.O_RDWR)
        except FileNotFoundError:
            return  # a recount is due and will see this change on disk
        except OSError:
            self.invalidate()
            return
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            data = _decode(os.pread(fd, _WIDTH * 2, 0))
            if data is not None:
                os.pwrite(fd, _encode({k: data[k] + delta[k] for k in FIELDS}), 0)
        except Exception:
            self.invalidate()  # a full disk still allows the unlink: every process recounts
        finally:
            os.close(fd)

    def invalidate(self) -> None:
        """Something changed uncounted: whoever reads next recounts."""
        self._local.pending = None
        self._stale = True
        with contextlib.suppress(OSError):
            self.file.unlink()

    # ---------------------------------------------------------------- the total
    def _read(self) -> dict | None:
        try:
            fd = os.open(self.file, os.O_RDONLY)
        except OSError:
            return None
        try:
            fcntl.flock(fd, fcntl.LOCK_SH)  # never half of a flush's write
            return _decode(os.pread(fd, _WIDTH * 2, 0))
        finally:
            os.close(fd)

    def figures(self, exclusive: Callable[[], contextlib.AbstractContextManager]) -> dict:
        """The store total; recounted (under `exclusive`: tree.lock and gc.lock) when it cannot be trusted."""
        data = None if self._stale else self._read()
        dead = self._dead()
        if data is not None and not dead:
            return data
        try:
            with exclusive():
                data = self.count()
                self.set_exact(data)
        except BaseException:
            for _path, fd in dead:
                os.close(fd)  # still dead: the next reader tries again
            raise
        self._bury(dead)
        return data

    def totals(self) -> dict:
        """The store's totals (`figures`, recounted under the storage's exclusive locks when needed), and
        whether git leaves the store out (location.py)."""
        return {**self.figures(self._exclusive), "gitignore": ensure_gitignore(self.file.parent, self.tmp)}

    def set_exact(self, data: dict) -> None:
        """Record a total counted while nothing could change the store (caller holds tree and gc locks)."""
        self._local.pending = None
        try:
            # No fsync: after a power loss every process is gone, so the next reader recounts anyway.
            write_atomic(self.file, _encode(data), self.tmp, False, mode=0o644, prefix="usage-")
            self._stale = False
        except OSError:
            self._stale = True

    def count(self) -> dict:
        """Walk the whole store (only for a recount). The caller holds the locks that keep it still."""
        data = dict.fromkeys(FIELDS, 0)
        for sub in _scan(self.objects.root):
            for obj in _scan(sub.path):
                with contextlib.suppress(FileNotFoundError):
                    data["object_bytes"] += obj.stat(follow_symlinks=False).st_size
                    data["objects"] += 1
        for base in (self.tree, self.trash):
            for k, v in self.measure(base).items():
                data[k] += v
        return data

    def measure(self, folder: Path) -> dict:
        """Manifests, their bytes and histories under `folder` (a trash entry's `origin.json`: bytes only)."""
        out = {"manifests": 0, "manifest_bytes": 0, "histories": 0}
        for dirpath, _dirs, _files in os.walk(folder):
            count, size = measure_history(Path(dirpath))
            out["manifest_bytes"] += size
            if Path(dirpath).parent != self.trash:  # a trash entry's own folder holds its record only
                out["manifests"] += count
                out["histories"] += count > 0
        return out

    def removed(self, before: dict, folder: Path) -> None:
        """`folder`, measured as `before`, was (perhaps partly) removed: count the difference."""
        after = self.measure(folder) if folder.exists() else dict.fromkeys(before, 0)
        self.add(**{k: after[k] - before[k] for k in before})

    # ---------------------------------------------------------------- one history
    def history_figure(self, history: Path) -> dict:
        """{"bytes", "objects", "checkpoints"} of one history folder (see the module's docstring)."""
        entries = []
        for e in _scan(history):
            if e.name.endswith(SUFFIX):
                with contextlib.suppress(FileNotFoundError):
                    st = e.stat(follow_symlinks=False)
                    entries.append((e.name, st.st_ino, st.st_mtime_ns, st.st_size))
        signature = tuple(sorted(entries))
        cached = self._figures.get(history)
        if cached is not None and cached[0] == signature:
            return dict(cached[1])
        digests: set[str] = set()
        manifests = list_manifests(history)
        for m in manifests:
            with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
                digests.update(referenced_objects(self.objects, m.content))
                digests.update(attached_objects(self.objects, m.extra))
        piece_bytes = found = 0
        for d in digests:
            with contextlib.suppress(OSError, ValueError):
                piece_bytes += self.objects.path(d).stat().st_size
                found += 1
        figure = {
            "bytes": piece_bytes + sum(e[3] for e in entries),
            "objects": found,
            "checkpoints": len(manifests),
        }
        if len(self._figures) >= _CACHE_LIMIT:
            self._figures.clear()
        self._figures[history] = (signature, figure)
        return dict(figure)


def _scan(folder) -> list[os.DirEntry]:
    try:
        with os.scandir(folder) as it:
            return list(it)
    except (FileNotFoundError, NotADirectoryError):
        return []
