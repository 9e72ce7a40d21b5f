"""Where the store keeps its data: one contract (base.py), a local disk (local/), S3 (s3/)."""

from .base import Storage

__all__ = ["Storage"]
