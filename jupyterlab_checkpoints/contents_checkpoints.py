"""Where users' configurations find the checkpoints class:
`c.ContentsManager.checkpoints_class = "jupyterlab_checkpoints.contents_checkpoints.StoreCheckpoints"`.
It lives in `contents/checkpoints.py`."""

from .contents.checkpoints import StoreCheckpoints

__all__ = ["StoreCheckpoints"]
