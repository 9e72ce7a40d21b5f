"""Validation of contents paths and checkpoint ids, and their place in the store.

A file's history lives in a folder that mirrors the contents tree: directory `a` becomes `d.a`, file
`b.ipynb` becomes `f.b.ipynb`. The prefixes keep a file and a folder of the same name apart, make a
directory rename a single `os.rename`, and let one file's history be read without scanning the store.
"""

from __future__ import annotations

import hashlib
import re

from .errors import InvalidInput

ID_RE = re.compile(r"^[\w-]{1,64}$", re.ASCII)
# Names longer than this (in bytes, with the prefix) would not fit a file-system name.
_MAX_SEGMENT_BYTES = 240


def normalize_path(path: str) -> str:
    """Contents path without leading/trailing slashes; refuses anything that could leave the root."""
    if not isinstance(path, str):
        raise InvalidInput("path must be a string")
    clean = path.strip("/")
    if not clean:
        raise InvalidInput("path is empty")
    if "\x00" in clean or len(clean) > 4096:
        raise InvalidInput("path is not valid")
    parts = clean.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise InvalidInput(f"path {path!r} is not a normalised relative path")
    return clean


def validate_id(checkpoint_id: str) -> str:
    if not isinstance(checkpoint_id, str) or not ID_RE.match(checkpoint_id):
        raise InvalidInput("checkpoint id must be 1-64 letters, digits, '_' or '-'")
    return checkpoint_id


def _segment(prefix: str, name: str) -> str:
    encoded = f"{prefix}.{name}"
    if len(encoded.encode("utf-8", "surrogateescape")) <= _MAX_SEGMENT_BYTES:
        return encoded
    # Upper-case prefixes mark hashed names, so they can never collide with a plain one.
    digest = hashlib.sha256(name.encode("utf-8", "surrogateescape")).hexdigest()[:40]
    return f"{prefix.upper()}.{digest}"


def history_parts(path: str, is_dir: bool = False) -> list[str]:
    """Folder names, relative to the store's tree, of the history of `path` (already normalised)."""
    parts = path.split("/")
    out = [_segment("d", p) for p in parts[:-1]]
    out.append(_segment("d" if is_dir else "f", parts[-1]))
    return out


def decode_segment(segment: str) -> tuple[str, str | None]:
    """('d'|'f', name) of a store folder name; name is None when it was hashed."""
    prefix, _, name = segment.partition(".")
    if prefix in ("d", "f"):
        return prefix, name
    return prefix.lower(), None
