"""Folder checkpoints: a whole folder's state in one checkpoint, on the file checkpoints' store."""

from .checkpoints import FolderCheckpoints

__all__ = ["FolderCheckpoints"]
