"""The one table of checkpoint kinds on the server (the page has its own in `src/kinds.ts`; a test
checks that the two agree).

`automatic`: made without the user asking. When the unpinned limit is reached these go before manual
ones. `rank`: when a create finds the newest checkpoint already holding its content, the entry takes
the kind of the higher rank (a Ctrl+K right after a save turns the save entry into a manual one).
`creatable`: clients may ask for it; `legacy` is only given to imported `.ipynb_checkpoints` files,
`replaced` only by the server.

`unsaved` keeps what the page held and neither saved nor ran: sent before JupyterLab's own dialogs
discard it (Revert, close without saving, Reload from Disk) and after a while without edits. Its rank
is the lowest: the same content kept again by a save, a run or Ctrl+K takes their kind, and an
`unsaved` create never renames an entry that already holds its content.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    name: str
    automatic: bool
    rank: int
    creatable: bool = True


TABLE: tuple[Kind, ...] = (
    Kind("manual", automatic=False, rank=5),
    Kind("save", automatic=True, rank=1),
    Kind("auto", automatic=True, rank=3),
    Kind("failure", automatic=True, rank=4),
    Kind("before-restore", automatic=True, rank=2),
    Kind("rollback", automatic=True, rank=2),
    # The shared state a collaboration room replaced with the file on disk (collaboration_events.py).
    Kind("replaced", automatic=True, rank=2, creatable=False),
    Kind("legacy", automatic=True, rank=0, creatable=False),
    Kind("unsaved", automatic=True, rank=0),
)

BY_NAME = {k.name: k for k in TABLE}
KINDS = tuple(k.name for k in TABLE)
CREATABLE = tuple(k.name for k in TABLE if k.creatable)


def is_automatic(kind: str) -> bool:
    found = BY_NAME.get(kind)
    return found.automatic if found else True


def rank(kind: str) -> int:
    found = BY_NAME.get(kind)
    return found.rank if found else 0
