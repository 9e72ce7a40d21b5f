"""Server-side checkpoint store (no Jupyter server imports: usable and testable on its own)."""

from .errors import (
    Conflict,
    InvalidInput,
    NoSpace,
    NotAvailable,
    NotFound,
    StoreError,
    StoreUnavailable,
    UnsupportedFormat,
)
from .kinds import KINDS
from .manifest import FORMAT_VERSION, Manifest
from .store import CheckpointStore

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "CheckpointStore",
    "Conflict",
    "InvalidInput",
    "Manifest",
    "NoSpace",
    "NotAvailable",
    "NotFound",
    "StoreError",
    "StoreUnavailable",
    "UnsupportedFormat",
]
