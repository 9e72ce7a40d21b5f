"""How the command line prints checkpoints and figures: aligned tables for people, JSON for scripts."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{n} B"  # pragma: no cover - the loop always returns


def when(value) -> str:
    """A checkpoint's time for a table: local time to the second."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; the last column is left unpadded (labels vary in length)."""
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(headers)]

    def line(cells: Sequence[str]) -> str:
        padded = [c.ljust(w) for c, w in zip(cells[:-1], widths[:-1], strict=True)]
        return "  ".join([*padded, cells[-1]]).rstrip()

    return "\n".join([line(headers), *(line(r) for r in rows)])


def checkpoint_record(model: dict) -> dict:
    """The fields `list --json` gives for one checkpoint (a contents-API checkpoint model)."""
    created = model["last_modified"]
    return {
        "id": model["id"],
        "created": created.isoformat() if isinstance(created, dt.datetime) else str(created),
        "kind": model.get("kind", ""),
        "label": model.get("label", ""),
        "pinned": bool(model.get("pinned", False)),
        "size": model.get("size"),
    }


def checkpoint_table(records: list[dict]) -> str:
    rows = [
        [r["id"], when(r["created"]), r["kind"], "yes" if r["pinned"] else "", human_size(r["size"] or 0), r["label"]]
        for r in records
    ]
    return table(["ID", "CREATED", "KIND", "PINNED", "SIZE", "LABEL"], rows)


def as_json(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)
