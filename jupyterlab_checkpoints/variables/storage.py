"""A checkpoint's variables in the store: blobs by sha256, an index object, a reference in the manifest.

Order of writes, so a crash or a failure leaves no partial snapshot: the blobs, then the index object,
then the checkpoint's manifest (replaced atomically, through store/attachments.py) naming the index in
`extra["variables"]`, with the count and bytes the panel shows, and the index's seal (seal.py: a restore loads only what
this store wrote). Until that last step nothing refers to
the new pieces, and garbage collection reclaims them. A second snapshot of the same checkpoint replaces
the reference; store/attached.py tells collection what stays live.

The kernel writes and reads files on the server's machine, in the store's tmp folder (`store.tmp`,
local on every backend). The pieces contract does the rest (store/objects.py, storage/s3/objects.py):
`put_file` takes a pickle in (moved on a local disk; uploaded only when the bucket lacks it, the file
kept until `put_back` under the checkpoint's lock), `file_of` gives a checked file to load (the store's
own on a local disk, a download on object storage), and `blob_folder` is where the kernel may find an
unchanged array's blob instead of pickling it again (none on object storage).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from pathlib import Path

import orjson

from ..store import NotFound
from ..store.attached import VARIABLES, summary_key
from ..store.attachments import attach as attach_to_checkpoint
from ..store.attachments import attachment
from ..store.objects import DamagedPiece, ObjectStore
from .seal import seal, sealed

INDEX_FORMAT = 1
PICKLERS = ("cloudpickle", "dill", "pickle")


class Mismatch(Exception):
    """A saved variable's bytes no longer match their digest."""


def tmp_prefix(store) -> str:
    """A fresh name prefix in the store's tmp folder for the kernel's files."""
    return str(store.tmp / f"v-{secrets.token_hex(8)}-")


def discard(prefix: str) -> None:
    folder, start = Path(prefix).parent, Path(prefix).name
    for f in folder.glob(start + "*"):
        with contextlib.suppress(OSError):
            f.unlink()


def reusable(store) -> str | None:
    """Where the kernel may look for the blob of an unchanged array (None: pickle everything again)."""
    folder = store.objects.blob_folder
    return str(folder) if folder is not None else None


def read_result(prefix: str) -> dict:
    try:
        data = orjson.loads(Path(prefix + "result.json").read_bytes())
    except (OSError, orjson.JSONDecodeError) as e:
        raise RuntimeError("the kernel left no readable result") from e
    if not isinstance(data, dict):
        raise RuntimeError("the kernel's result is not an object")
    return data


def listing(index: dict, **more) -> dict:
    """The REST shape of a variables index."""
    return {
        "variables": [{k: v[k] for k in ("name", "type", "size", "hash")} for v in index["variables"]],
        "modules": [{"name": m["name"], "import": m["import"]} for m in index["modules"]],
        "skipped": index["skipped"],
        "pickler": index["pickler"],
        "created": index.get("created"),
        **more,
    }


def attach(store, path: str, checkpoint_id: str, prefix: str, result: dict, created: str, key: bytes) -> dict:
    """Move the kernel's pickles into the store and make checkpoint `checkpoint_id` refer to them."""
    if result.get("pickler") not in PICKLERS:
        raise RuntimeError("the kernel named no known pickler")
    written, variables, uploaded = 0, [], {}
    for v in result["variables"]:
        if "file" not in v:
            # An unchanged array the kernel did not pickle again (kernel_code.py): its pickle must be
            # in the store already (the kernel touched it, so collection spares it until the manifest).
            digest, size = _reused(store, v)
        else:
            file = Path(v["file"])
            if file.parent != Path(prefix).parent or not file.name.startswith(Path(prefix).name):
                raise RuntimeError("the kernel wrote outside its folder")  # never move anything else in
            size = file.stat().st_size
            digest, added = store.objects.put_file(file)
            uploaded[digest] = file  # put back from it if a collection took the piece meanwhile
            written += added
        variables.append({"name": str(v["name"]), "type": str(v["type"]), "size": size, "hash": digest})
    index = {
        "format": INDEX_FORMAT,
        "created": created,
        "pickler": result["pickler"],
        "variables": variables,
        "modules": [{k: str(m[k]) for k in ("name", "import", "module")} for m in result["modules"]],
        "skipped": [{k: str(s[k]) for k in ("name", "type", "reason")} for s in result["skipped"]],
    }
    raw_index = orjson.dumps(index)
    index_digest, added = store.objects.put(raw_index)
    written += added
    summary = {"count": len(variables), "bytes": sum(v["size"] for v in variables), "seal": seal(key, index_digest)}
    put_back = lambda: store.objects.put_back({**uploaded, index_digest: raw_index})  # noqa: E731
    # Deleted meanwhile: NotFound, and the pieces go at the next collection.
    attach_to_checkpoint(store, path, checkpoint_id, VARIABLES, index_digest, summary, put_back)
    return listing(index, bytes_written=written)


def _reused(store, v: dict) -> tuple[str, int]:
    try:
        file = store.objects.path(v["hash"])
        size = file.stat().st_size
    except (ValueError, OSError) as e:
        raise RuntimeError(f"the kernel named a saved piece the store does not hold ({v.get('name')!r})") from e
    return v["hash"], size


def load_index(store, path: str, checkpoint_id: str) -> dict:
    """The variables index of a checkpoint; NotFound when it has none."""
    digest = attachment(store, path, checkpoint_id, VARIABLES)
    if digest is None:
        raise NotFound(f"checkpoint {checkpoint_id!r} has no saved variables")
    raw = _verified(store.objects, digest)
    return orjson.loads(raw)


def sealed_index(store, path: str, checkpoint_id: str, key: bytes) -> dict:
    """The variables index of a checkpoint, only when this store wrote it (seal.py); Mismatch else."""
    digest = attachment(store, path, checkpoint_id, VARIABLES)
    if digest is None:
        raise NotFound(f"checkpoint {checkpoint_id!r} has no saved variables")
    summary = store.get(path, checkpoint_id).extra.get(summary_key(VARIABLES))
    if not sealed(key, digest, summary.get("seal") if isinstance(summary, dict) else None):
        raise Mismatch(
            "these saved variables carry no valid seal of this server's store (saved by an older version, "
            "by a server with another seal key, or written by someone else); take a new snapshot"
        )
    return orjson.loads(_verified(store.objects, digest))


def _verified(objects: ObjectStore, digest: str) -> bytes:
    try:
        raw = objects.get(digest)
    except FileNotFoundError as e:
        raise Mismatch(f"a saved piece ({digest[:12]}) is missing") from e
    if hashlib.sha256(raw).hexdigest() != digest:
        raise Mismatch(f"a saved piece ({digest[:12]}) was altered on disk")
    return raw


def verified_entries(store, index: dict, prefix: str) -> list[dict]:
    """Each saved variable's blob file, after checking every blob against its digest (the kernel checks
    again as it reads): loading pickles runs code, so only the store's own intact bytes are loaded. On
    object storage the blobs are downloaded to files under `prefix` first (`discard` removes them)."""
    entries = []
    for n, v in enumerate(index["variables"]):
        try:
            file = store.objects.file_of(v["hash"], Path(f"{prefix}in-{n}.pkl"))
        except (FileNotFoundError, ValueError, DamagedPiece) as e:
            raise Mismatch(f"the saved bytes of {v['name']!r} are missing or do not match their hash") from e
        entries.append({"name": v["name"], "file": str(file), "hash": v["hash"]})
    return entries
