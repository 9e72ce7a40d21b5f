"""The store on S3-compatible object storage (`c.CheckpointStore.url = "s3://bucket/prefix"`).

Layout under the prefix:
    format.json                       format version, as on disk
    objects/ab/cdef...                pieces, immutable, by sha256 (objects.py)
    tree/d.dir/f.x.ipynb/index.json   ONE index object per file: all of its manifests
    locks/d.dir/f.x.ipynb             the lease of a history while a server changes it (lease.py)
    trash/<when>-<rand>/...           indexes of deleted files, with origin.json (as on disk)
    folders/d.dir/index.json          indexes of folder checkpoints (folders.py)
    gc/state.json                     whether a collection is running (collect.py)

Reading a file's checkpoints (the panel) is one GET of its index; nothing LISTs the bucket on that path.

Writing: under the history's lease the index is read once (with its etag), and every change replaces
it with `If-Match: <etag>` (`If-None-Match: *` for a new one): the lease serialises servers, the
condition makes a server that lost its lease (stalled past it) fail instead of overwriting what
another server acknowledged. So creates, pins and renames on one file from several servers never lose
a checkpoint, and the limits hold (they are decided under the lease, on the current index).

S3Storage is the core (names, one history's index read and written under its lease, moves) and is
composed of parts, each given what it needs (base.py names the contract they make up):
- `layout` (layout.py): keys under the prefix, and the LISTs;
- `measure` (figures.py): a file's disk figures, kept in its index;
- `collection` (collect.py): collection of pieces no checkpoint refers to, announced, and waited
  for by every change that could add a reference;
- `trash` (trash.py): deleted files' histories;
- `whole` (inventory.py): every history and every piece, for the command line and collection;
- `cleaning` (cleanup.py): how the user's clean-up reads and frees the bucket, under the same
  announcement;
- `folders` (folders.py): the folder checkpoints' area.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
import time
from dataclasses import asdict, dataclass, field

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from ... import paths as P
from ...errors import Conflict
from ...folder_area import FOLDERS
from ...manifest import FORMAT_VERSION, Manifest
from ...objects import DamagedIndex
from .cleanup import Cleaning
from .client import check_format, is_missing_key, make_client, parse_url, probe, status_of, unavailable
from .collect import Collection
from .figures import Figures
from .folders import FolderArea
from .history import S3History
from .index import Index
from .index import parse as parse_index
from .inventory import WholeStore
from .layout import Layout
from .lease import Heartbeat, Leases
from .objects import S3Objects
from .trash import Trash
from .usage import S3Usage


@dataclass
class _Held(Index):
    """One history's index as read under its lease (its manifests, the entries kept as stored, whether
    it is broken: index.py), and the lease."""

    etag: str | None = None
    lease_key: str = ""
    lease_etag: str = ""
    acquired: float = field(default_factory=time.monotonic)  # when the lease was last taken or renewed
    lost: bool = False  # the heartbeat could not renew it (lease.py)
    guard: threading.Lock = field(default_factory=threading.Lock)  # heartbeat against re-taking


class S3Storage:
    # Collections are announced and wait for every lease (collect.py): nothing to refresh.
    reuse_needs_touch = False

    def __init__(self, url: str, options: dict, log, lease_seconds: float = 30.0):
        self.url, self.log = url, log
        self.bucket, self.prefix = parse_url(url)
        self.client = make_client(options)
        probe(self.client, self.bucket, self.prefix, url)
        check_format(self.client, self.bucket, self.prefix, FORMAT_VERSION, url)
        self.objects = S3Objects(self.client, self.bucket, self.prefix, url)
        self.leases = Leases(self.client, self.bucket, url, seconds=lease_seconds)
        self._local = threading.local()
        self.layout = Layout(self.client, self.bucket, self.prefix, url)
        self.measure = Figures(self.client, self.bucket, self.objects)
        self.collection = Collection(self.layout, self.leases, self.objects, log, self._held, self._reload)
        self.trash = Trash(self)
        self.whole = WholeStore(self, self.collection)
        self.usage = S3Usage(self.figures)
        self.cleaning = Cleaning(self.layout, self.leases, self.collection)
        self.folders = FolderArea(self)

    @property
    def refs_of(self):
        """Every piece a manifest refers to, for the figures (figures.py): set by the store (`maintenance.refs_of`)."""
        return self.measure.refs_of

    @refs_of.setter
    def refs_of(self, refs_of) -> None:
        self.measure.refs_of = refs_of

    def describe(self) -> str:
        return self.url

    # ------------------------------------------------------------------ names
    def history(self, path: str, is_dir: bool = False) -> S3History:
        rel = "/".join(P.history_parts(path, is_dir))
        if self.layout.too_long(rel):
            rel = "H." + hashlib.sha256(f"{is_dir}:{path}".encode("utf-8", "surrogateescape")).hexdigest()
        return S3History(rel)

    def folder_history(self, path: str) -> S3History:
        return self.folders.folder_history(path)

    def _index_key(self, rel: str, area: str = "tree") -> str:
        return self.layout.index_key(rel, area)

    # ------------------------------------------------------------------ one history's index
    def _held(self) -> dict[str, _Held]:
        held = getattr(self._local, "held", None)
        if held is None:
            held = self._local.held = {}
        return held

    def _get(self, key: str) -> tuple[list[Manifest], str | None]:
        index, etag = self.read_index(key)
        return index.manifests, etag

    def read_index(self, key: str) -> tuple[Index, str | None]:
        """One index as read (index.py, with its figures: figures.py), and its etag; one GET."""
        try:
            r = self.client.get_object(Bucket=self.bucket, Key=key)
            data = r["Body"].read()
        except ClientError as e:
            if is_missing_key(e):
                return Index(), None
            raise unavailable(self.url, e) from e
        except BotoCoreError as e:
            raise unavailable(self.url, e) from e
        index = parse_index(data)
        if not index.broken:
            index.figures = self.measure.read_figures(orjson.loads(data), len(data))
        return index, r["ETag"]

    def _reload(self, key: str, held: _Held) -> None:
        """`held` as the index is now (after its lease was let go and taken again)."""
        index, held.etag = self.read_index(key)
        held.manifests, held.others, held.broken = index.manifests, index.others, index.broken

    def figures(self, history: S3History) -> dict:
        """{"bytes", "objects", "checkpoints"} of one history (figures.py): one GET of its index."""
        index, _etag = self.read_index(self._index_key(history.rel, history.area))
        return {**index.figures, "checkpoints": len(index.manifests)}

    def damaged(self, history: S3History) -> list[str]:
        """Ids of the history's entries that no longer parse (index.py), `damaged-index` for a whole one."""
        key = self._index_key(history.rel, history.area)
        held = self._held().get(key)
        if held is not None:
            return held.damaged_ids
        return self.read_index(key)[0].damaged_ids

    def _put(self, key: str, held: _Held) -> None:
        """Replace the index `key` if it is still the one read under the lease (If-Match)."""
        # Files' figures only: the panel shows none for a folder's history, and measuring one (every
        # file's piece, a HEAD each on a fresh server) would hold its lease for nothing.
        measured = held.manifests and not key.startswith(f"{self.prefix}{FOLDERS}/")
        figures = (
            self.measure.figures_of(held.manifests, held.acquired + 0.5 * self.leases.seconds) if measured else None
        )
        if held.broken:
            raise DamagedIndex(key[len(self.prefix) :])
        if held.lost or time.monotonic() - held.acquired > 0.8 * self.leases.seconds:
            # The lease may have lapsed: another server, or a collection, may have gone ahead.
            raise Conflict("changing these checkpoints took too long; nothing more was written, try again")
        try:
            if not held.manifests and not held.others:
                if held.etag is not None:
                    self.client.delete_object(Bucket=self.bucket, Key=key, IfMatch=held.etag)
                held.etag = None
                return
            entries = held.entries()
            index = {"format": FORMAT_VERSION, "manifests": entries}
            body = orjson.dumps({**index, **({"figures": figures} if figures else {})})
            cond = {"IfMatch": held.etag} if held.etag else {"IfNoneMatch": "*"}
            held.etag = self.client.put_object(Bucket=self.bucket, Key=key, Body=body, **cond)["ETag"]
        except ClientError as e:
            if status_of(e) in (404, 409, 412):
                raise Conflict(
                    "these checkpoints were changed by another server meanwhile; nothing was written, try again"
                ) from e
            raise unavailable(self.url, e) from e
        except BotoCoreError as e:
            raise unavailable(self.url, e) from e

    def exists(self, history: S3History) -> bool:
        return True  # an index that is not there reads as no checkpoints: `_find` answers NotFound

    def prepare(self, history: S3History) -> None:
        pass

    def list(self, history: S3History) -> list[Manifest]:
        key = self._index_key(history.rel, history.area)
        held = self._held().get(key)
        found = held.manifests if held is not None else self._get(key)[0]
        return [Manifest(**{**asdict(m), "extra": dict(m.extra)}) for m in found]

    def read(self, history: S3History, checkpoint_id: str) -> Manifest | None:
        return next((m for m in self.list(history) if m.id == checkpoint_id), None)

    def _holding(self, history: S3History) -> tuple[str, _Held]:
        key = self._index_key(history.rel, history.area)
        held = self._held().get(key)
        if held is None:
            raise RuntimeError("S3 history changed outside its lock")  # a bug, never user input
        return key, held

    def write(self, history: S3History, manifest: Manifest) -> None:
        key, held = self._holding(history)
        stored = Manifest(**{**asdict(manifest), "extra": dict(manifest.extra)})
        stored.extra.pop("unchanged", None)
        stored.extra.pop("written", None)
        kept = [m for m in held.manifests if m.id != manifest.id]
        before = held.manifests
        held.manifests = sorted([*kept, stored], key=lambda m: (m.created, m.id))
        try:
            self._put(key, held)
        except Exception:
            held.manifests = before
            raise

    def remove(self, history: S3History, checkpoint_id: str) -> bool:
        """Remove a checkpoint, or a damaged entry (index.py) by the id it is listed under."""
        key, held = self._holding(history)
        before = (held.manifests, held.others, held.broken)
        kept = [m for m in held.manifests if m.id != checkpoint_id]
        if len(kept) < len(held.manifests):
            held.manifests = kept
        elif not held.without_damaged(checkpoint_id):
            return False
        try:
            self._put(key, held)
        except Exception:
            held.manifests, held.others, held.broken = before
            raise
        return True

    # ------------------------------------------------------------------ coordination
    @contextlib.contextmanager
    def locks(self, history):
        if not isinstance(history, S3History):
            raise NotImplementedError("whole-store locks do not exist on object storage")
        key = self._index_key(history.rel, history.area)
        held = self._held()
        if key in held:  # already held by this thread (a move holding both ends)
            yield
            return
        lease_key = f"{self.prefix}{history.lease}"
        mine = _Held(lease_key=lease_key, lease_etag=self.leases.acquire(lease_key))
        beat = Heartbeat(self.leases, mine, self.collection.running)
        try:
            self._reload(key, mine)
            held[key] = mine
            yield
        finally:
            beat.stop()
            held.pop(key, None)
            self.leases.release(lease_key, mine.lease_etag)  # the etag of its latest taking (collect.py)

    def move_locks(self, *histories: S3History):
        stack = contextlib.ExitStack()
        # Always in the same order, so two servers moving A->B and B->A never wait on each other.
        for h in sorted(set(histories), key=lambda h: h.lease):
            stack.enter_context(self.locks(h))
        try:
            # A manifest moving between indexes must not be missed by a collection reading them.
            self.collection.pause_while_collecting()
        except BaseException:
            stack.close()
            raise
        return stack

    @contextlib.contextmanager
    def pieces_guard(self):
        self.collection.pause_while_collecting()
        yield

    def scanning(self):
        """Whole-store reads take no lock on object storage (inventory.py)."""
        return contextlib.nullcontext()

    def folder_locks(self, history: S3History):
        return self.folders.folder_locks(history)

    # ------------------------------------------------------------------ whole histories
    def sources(self, old_path: str) -> tuple[str, list[str]]:
        """('f'|'d', histories) of `old_path`: its own index, or those under it when it is a folder."""
        rel = self.history(old_path).rel
        if self._get(self._index_key(rel))[0]:
            return "f", [rel]
        return "d", self.layout.histories_below(self.history(old_path, is_dir=True).rel)

    def move_tree(self, old_path: str, new_path: str):
        """Move the histories of `old_path` (a file or a folder) to `new_path`, merging into histories
        already there; yields each destination while holding its lease (for retention)."""
        kind, rels = self.sources(old_path)
        old_rel = self.history(old_path, is_dir=kind == "d").rel
        new_rel = self.history(new_path, is_dir=kind == "d").rel
        for rel in rels:
            src, dst = S3History(rel), S3History(new_rel + rel[len(old_rel) :])
            if src != dst:
                yield from self.merge(src, dst, old_path, new_path)

    def merge(self, src: S3History, dst: S3History, old_path: str = "", new_path: str = ""):
        """Move every checkpoint of `src` into `dst` (paths under `old_path` become `new_path`'s);
        yields `dst` while holding its lease when something moved."""
        with self.move_locks(src, dst):
            src_key, held_src = self._holding(src)
            if not held_src.manifests and not held_src.others:
                return  # nothing, or a broken index (index.py): it stays where it is
            dst_key, held_dst = self._holding(dst)
            moved = {m.id: m for m in held_dst.manifests}
            for m in held_src.manifests:
                if old_path and (m.path == old_path or m.path.startswith(old_path + "/")):
                    m.path = new_path + m.path[len(old_path) :]
                moved[m.id] = m
            # The destination first: a failure in between leaves a copy, never a loss.
            held_dst.manifests = sorted(moved.values(), key=lambda m: (m.created, m.id))
            held_dst.others = [*held_dst.others, *held_src.others]  # damaged entries move along
            self._put(dst_key, held_dst)
            held_src.manifests, held_src.others = [], []
            self._put(src_key, held_src)
            yield dst

    def move_folders(self, old_path: str, new_path: str) -> None:
        self.folders.move_folders(old_path, new_path)

    def close(self) -> None:
        pass  # nothing is held between operations: each lets its leases go
