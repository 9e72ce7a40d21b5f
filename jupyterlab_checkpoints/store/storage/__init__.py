"""Where the store keeps its data: one interface (base.py), a local disk (local.py), S3 (s3/)."""

from .base import Storage, open_storage

__all__ = ["Storage", "open_storage"]
