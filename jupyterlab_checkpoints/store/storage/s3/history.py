"""The name of one history in the bucket."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class S3History:
    rel: str  # "d.dir/f.x.ipynb": the same names as the local tree (store/paths.py)
    area: str = "tree"  # or "trash/<entry>/h" for a deleted file's history

    @property
    def lease(self) -> str:
        return f"locks/{self.rel}" if self.area == "tree" else f"locks/{self.area}/{self.rel}"
