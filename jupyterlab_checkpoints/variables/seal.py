"""Seals: proof that a variables index was written by this server's store, checked before unpickling.

Digests prove bytes are intact, not who wrote them: anyone able to write into the store folder can
add a pickle, an index naming it and a manifest naming the index, all with right digests, and loading a
pickle runs its code. So when the store writes a snapshot it also records, beside the index's digest
in the manifest, an HMAC-SHA256 of that digest under a secret key kept outside the store (by default
in Jupyter's data directory, `checkpoints/variables-seal.key`, mode 600, made on first use). A restore
loads nothing unless the seal matches: the index, then each blob (by its digest listed in the index),
are then the store's own. Servers sharing one store on object storage share the key through
`c.CheckpointVariables.seal_key_file`; snapshots saved without a seal (older versions) are refused
with a message saying so, and a new snapshot seals again.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from ..store.errors import StoreError

KEY_NAME = "variables-seal.key"
KEY_BYTES = 32


def default_key_file() -> Path:
    from jupyter_core.paths import jupyter_data_dir

    return Path(jupyter_data_dir()) / "checkpoints" / KEY_NAME


class SealUnavailable(StoreError):
    status = 503


def load_key(key_file: str = "") -> bytes:
    """The sealing key, made (atomically, readable by its owner only) when it does not exist yet."""
    path = Path(key_file).expanduser() if key_file else default_key_file()
    try:
        return _load(path)
    except (OSError, ValueError) as e:
        raise SealUnavailable(
            f"saved variables cannot be sealed or checked: the seal key {path} cannot be used ({e}); "
            "set c.CheckpointVariables.seal_key_file to a file the server can write"
        ) from e


def _load(path: Path) -> bytes:
    with contextlib.suppress(FileNotFoundError):
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, secrets.token_bytes(KEY_BYTES))
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        os.link(tmp, path)  # fails if another process made one meanwhile: theirs is used
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return _read(path)


def _read(path: Path) -> bytes:
    key = path.read_bytes()
    if len(key) < KEY_BYTES:
        raise ValueError(f"shorter than {KEY_BYTES} bytes")
    return key


def seal(key: bytes, index_digest: str) -> str:
    return hmac.new(key, index_digest.encode("ascii"), hashlib.sha256).hexdigest()


def sealed(key: bytes, index_digest: str, found) -> bool:
    return isinstance(found, str) and hmac.compare_digest(seal(key, index_digest), found)
