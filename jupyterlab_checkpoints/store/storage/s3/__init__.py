"""The store on S3-compatible object storage (`c.CheckpointStore.url = "s3://bucket/prefix"`).

Layout under the prefix:
    format.json                       format version, as on disk
    objects/ab/cdef...                pieces, immutable, by sha256 (objects.py)
    tree/d.dir/f.x.ipynb/index.json   ONE index object per file: all of its manifests
    locks/d.dir/f.x.ipynb             the lease of a history while a server changes it (lease.py)
    trash/<when>-<rand>/...           indexes of deleted files, with origin.json (as on disk)

Reading a file's checkpoints (the panel) is one GET of its index; nothing LISTs the bucket on that path.

Writing: under the history's lease the index is read once (with its etag), and every change replaces
it with `If-Match: <etag>` (`If-None-Match: *` for a new one): the lease serialises servers, the
condition makes a server that lost its lease (stalled past it) fail instead of overwriting what
another server acknowledged. So creates, pins and renames on one file from several servers never lose
a checkpoint, and the limits hold (they are decided under the lease, on the current index).

Collection of pieces no checkpoint refers to: collect.py (announced, and waited for by every change
that could add a reference); the user's clean-up reads and frees the bucket through cleanup.py, under
the same announcement.
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
from .cleanup import S3Cleanup
from .client import check_format, is_missing_key, make_client, parse_url, probe, status_of, unavailable
from .collect import S3Collection
from .figures import S3Figures
from .folders import S3Folders
from .history import S3History
from .index import Index
from .index import parse as parse_index
from .inventory import S3Inventory
from .lease import Heartbeat, Leases
from .objects import S3Objects
from .trash import S3Trash

_MAX_KEY = 900  # S3 keys are at most 1024 bytes; longer histories get a hashed name


@dataclass
class _Held:
    manifests: list[Manifest] = field(default_factory=list)
    etag: str | None = None
    others: list = field(default_factory=list)  # entries kept as stored (index.py)
    broken: bool = False  # the index does not parse: every change is refused (index.py)
    lease_key: str = ""
    lease_etag: str = ""
    acquired: float = field(default_factory=time.monotonic)  # when the lease was last taken or renewed
    lost: bool = False  # the heartbeat could not renew it (lease.py)
    guard: threading.Lock = field(default_factory=threading.Lock)  # heartbeat against re-taking


class S3Storage(S3Trash, S3Collection, S3Inventory, S3Cleanup, S3Figures, S3Folders):
    local = False

    def __init__(self, url: str, options: dict, log, lease_seconds: float = 30.0):
        self.url, self.log = url, log
        self.bucket, self.prefix = parse_url(url)
        self.client = make_client(options)
        probe(self.client, self.bucket, self.prefix, url)
        check_format(self.client, self.bucket, self.prefix, FORMAT_VERSION, url)
        self.objects = S3Objects(self.client, self.bucket, self.prefix, url)
        self.leases = Leases(self.client, self.bucket, url, seconds=lease_seconds)
        self._local = threading.local()

    def describe(self) -> str:
        return self.url

    # ------------------------------------------------------------------ names
    def history(self, path: str, is_dir: bool = False) -> S3History:
        rel = "/".join(P.history_parts(path, is_dir))
        if len(self._index_key(rel).encode("utf-8", "surrogateescape")) > _MAX_KEY:
            rel = "H." + hashlib.sha256(f"{is_dir}:{path}".encode("utf-8", "surrogateescape")).hexdigest()
        return S3History(rel)

    def _index_key(self, rel: str, area: str = "tree") -> str:
        return f"{self.prefix}{area}/{rel}/index.json"

    # ------------------------------------------------------------------ one history's index
    def _held(self) -> dict[str, _Held]:
        held = getattr(self._local, "held", None)
        if held is None:
            held = self._local.held = {}
        return held

    def _get(self, key: str) -> tuple[list[Manifest], str | None]:
        index, etag = self._read_index(key)
        return index.manifests, etag

    def _read_index(self, key: str) -> tuple[Index, str | None]:
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
            index.figures = self.read_figures(orjson.loads(data), len(data))
        return index, r["ETag"]

    def _reload(self, key: str, held: _Held) -> None:
        """`held` as the index is now (after its lease was let go and taken again)."""
        index, held.etag = self._read_index(key)
        held.manifests, held.others, held.broken = index.manifests, index.others, index.broken

    def figures(self, history: S3History) -> dict:
        """{"bytes", "objects", "checkpoints"} of one history (figures.py): one GET of its index."""
        index, _etag = self._read_index(self._index_key(history.rel, history.area))
        return {**index.figures, "checkpoints": len(index.manifests)}

    def damaged(self, history: S3History) -> list[str]:
        """Ids of the history's entries that no longer parse (index.py), `damaged-index` for a whole one."""
        key = self._index_key(history.rel, history.area)
        held = self._held().get(key)
        if held is not None:
            return Index(held.manifests, held.others, held.broken).damaged_ids
        return self._read_index(key)[0].damaged_ids

    def _put(self, key: str, held: _Held) -> None:
        """Replace the index `key` if it is still the one read under the lease (If-Match)."""
        # Files' figures only: the panel shows none for a folder's history, and measuring one (every
        # file's piece, a HEAD each on a fresh server) would hold its lease for nothing.
        measured = held.manifests and not key.startswith(f"{self.prefix}{FOLDERS}/")
        figures = self.figures_of(held.manifests, held.acquired + 0.5 * self.leases.seconds) if measured else None
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
            entries = Index(held.manifests, held.others).entries()
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
        index = Index(held.manifests, held.others, held.broken)
        kept = [m for m in held.manifests if m.id != checkpoint_id]
        if len(kept) < len(held.manifests):
            held.manifests = kept
        elif index.without_damaged(checkpoint_id):
            held.others, held.broken = index.others, index.broken
        else:
            return False
        try:
            self._put(key, held)
        except Exception:
            held.manifests, held.others, held.broken = before
            raise
        return True

    # ------------------------------------------------------------------ coordination
    @contextlib.contextmanager
    def locks(self, history, exclusive_tree: bool = False):
        if not isinstance(history, S3History):
            raise NotImplementedError("whole-store locks do not exist on object storage")
        key = self._index_key(history.rel, history.area)
        held = self._held()
        if key in held:  # already held by this thread (a move holding both ends)
            yield
            return
        lease_key = f"{self.prefix}{history.lease}"
        mine = _Held(lease_key=lease_key, lease_etag=self.leases.acquire(lease_key))
        beat = Heartbeat(self.leases, mine, self.collection_running)
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
            self.pause_while_collecting()
        except BaseException:
            stack.close()
            raise
        return stack

    @contextlib.contextmanager
    def pieces_guard(self):
        self.pause_while_collecting()  # collect.py
        yield

    # ------------------------------------------------------------------ whole histories
    def _histories_below(self, rel: str, area: str = "tree") -> list[str]:
        """Relative names of the histories under folder `rel` ("": all of `area`; a LIST: renames and
        deletes only)."""
        out, token = [], None
        base = f"{self.prefix}{area}/" + (f"{rel}/" if rel else "")
        try:
            while True:
                page = self.client.list_objects_v2(
                    Bucket=self.bucket, Prefix=base, **({"ContinuationToken": token} if token else {})
                )
                for o in page.get("Contents", []):
                    if o["Key"].endswith("/index.json"):
                        out.append(o["Key"][len(f"{self.prefix}{area}/") : -len("/index.json")])
                token = page.get("NextContinuationToken")
                if not token:
                    return out
        except (BotoCoreError, ClientError) as e:
            raise unavailable(self.url, e) from e

    def _sources(self, old_path: str) -> tuple[str, list[str]]:
        """('f'|'d', histories) of `old_path`: its own index, or those under it when it is a folder."""
        rel = self.history(old_path).rel
        if self._get(self._index_key(rel))[0]:
            return "f", [rel]
        return "d", self._histories_below(self.history(old_path, is_dir=True).rel)

    def move_tree(self, old_path: str, new_path: str):
        """Move the histories of `old_path` (a file or a folder) to `new_path`, merging into histories
        already there; yields each destination while holding its lease (for retention)."""
        kind, rels = self._sources(old_path)
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
