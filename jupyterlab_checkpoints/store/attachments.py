"""The public way to attach pieces to a checkpoint that exists already (store/attached.py says which).

Features outside the store (variables/) store their pieces with `store.objects` first, then call
`attach`, which makes the checkpoint's manifest name them, under the same locks as every other change to
the file's history and written atomically: until then nothing refers to the new pieces, and garbage
collection reclaims them after a failure. A second `attach` of the same key replaces the first.

A short summary (e.g. how many variables and their bytes) goes into the manifest beside the reference,
so listing a file's checkpoints reads no attached piece.
"""

from __future__ import annotations

from collections.abc import Callable

from .attached import VARIABLES, attached_objects, summary_key
from .errors import InvalidInput
from .manifest import Manifest

ATTACHABLE = (VARIABLES,)


def attach(
    store,
    path: str,
    checkpoint_id: str,
    key: str,
    digest: str,
    summary: dict | None = None,
    put_back: Callable[[], None] | None = None,
) -> Manifest:
    """Make checkpoint `checkpoint_id` of `path` refer to object `digest` under `key`, with `summary`
    (JSON numbers and strings) for its listing. NotFound when the checkpoint is gone meanwhile.
    `put_back`, run first under the guard, stores again what a collection took since it was stored
    (object storage: a collection there does not go by a piece's age alone)."""
    if key not in ATTACHABLE:
        raise InvalidInput(f"nothing can be attached as {key!r}")

    def check_pieces() -> None:
        # Under the guard a collection cannot take what the record is about to name (objects.py;
        # object storage: s3/collect.py); every piece the attachment refers to must be there.
        if put_back is not None:
            put_back()
        d = digest
        try:
            store.objects.touch(d)
            for d in attached_objects(store.objects, {key: digest})[1:]:
                store.objects.touch(d)
        except ValueError as e:
            raise InvalidInput(str(e)) from e
        except FileNotFoundError as e:
            raise InvalidInput(f"object {d[:12]} is not in the store") from e  # store the pieces first

    def refer(m: Manifest) -> None:
        m.extra[key] = digest
        if summary is None:
            m.extra.pop(summary_key(key), None)
        else:
            m.extra[summary_key(key)] = summary

    return store.amend(path, checkpoint_id, refer, first=check_pieces)


def attachment(store, path: str, checkpoint_id: str, key: str) -> str | None:
    """The digest attached to a checkpoint under `key`, None when there is none; NotFound for an
    unknown checkpoint."""
    found = store.get(path, checkpoint_id).extra.get(key)
    return found if isinstance(found, str) else None
