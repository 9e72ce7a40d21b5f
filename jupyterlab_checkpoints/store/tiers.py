"""Tiered retention: which older states a history keeps beyond the newest ones. Pure: no disk, no clock.

The newest `max_unpinned` unpinned states stay as retention.py keeps them (automatic ones first to go
when protected entries take slots too). Beyond those, a history keeps the last state of each hour for
the last `hourly` hours, of each day for the last `daily` days and of each week for the last `weekly`
weeks, as Time Machine does and as restic's and borg's `--keep-hourly/--keep-daily/--keep-weekly` do;
one entry may be kept by several tiers at once, and an older entry a tier keeps takes no slot. Any
other older state goes (pinned and protected ones never: the entry just made, a restore's target),
manual ones too: a manual entry that lost its period to a later manual or failure entry goes like an
automatic one, so the tiers alone say how long a state is kept. With every tier at 0, retention.py's
rule alone, where a manual entry stays until `max_unpinned` newer manual ones push it out.

Periods are calendar buckets in UTC (hours, days, ISO weeks starting on Monday), not windows sliding
with each entry: the entry a period keeps depends only on the entries made in that period, so thinning
is deterministic. Thinning a history twice, or again a week later, keeps the same entry for every
period still inside its tier; a period leaves its tier whole. UTC, not the server's local time: servers
sharing one store (object storage) in different time zones thin alike, and a daylight-saving change
never makes an hour of 0 or 2 hours.

Within a period the last manual or failure entry wins over later automatic ones (the states someone
asked for, or the last one before something went wrong); a period without any keeps its last state.
Because a period's winner is also the winner of each shorter period containing it, and a tier covers
the period of an entry without a gap from its creation until the period leaves the tier, the entry a
period keeps is never dropped while the period is kept: narrowing from hours to days to weeks never
needs an entry that was already dropped. Pinned entries and rollback records take part like any other
state (a period whose winner is pinned keeps nothing more).

Only `Retention`, at the end, reads a clock: it is the store's part (`store.retention`) applying these
rules and retention.py's with the store's settings and clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from .core import StoreCore
from .kinds import counts_as_automatic
from .manifest import Manifest
from .retention import over_limit

HOUR = 3600
DAY = 24 * HOUR
WEEK = 7 * DAY
# 1970-01-01 was a Thursday: shifting by 3 days starts each week on Monday, as ISO weeks do.
_WEEK_SHIFT = 3 * DAY


@dataclass(frozen=True)
class Tiers:
    """How many periods of each length keep their last state; 0 turns a tier off."""

    hourly: int = 24
    daily: int = 30
    weekly: int = 26

    @property
    def off(self) -> bool:
        return self.hourly <= 0 and self.daily <= 0 and self.weekly <= 0

    def model(self) -> dict:
        return {"keep_hourly": self.hourly, "keep_daily": self.daily, "keep_weekly": self.weekly}


def _period(name: str, seconds: float) -> int:
    """The index of the calendar period (UTC) holding `seconds` since the epoch."""
    if name == "hourly":
        return int(seconds // HOUR)
    if name == "daily":
        return int(seconds // DAY)
    return int((seconds + _WEEK_SHIFT) // WEEK)


def _seconds(m: Manifest) -> float | None:
    try:
        when = dt.datetime.fromisoformat(m.created)
    except (TypeError, ValueError):
        return None  # a record without a readable time belongs to no period
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.timestamp()


def wins(m: Manifest) -> bool:
    """Manual and failure entries (and entries kept by hand) win their period over automatic ones."""
    return not counts_as_automatic(m.kind, m.extra) or m.kind == "failure"


def kept_by_tiers(manifests: Sequence[Manifest], tiers: Tiers, now: float) -> dict[str, list[str]]:
    """id -> the tiers ("hourly", "daily", "weekly") keeping that entry at `now` (seconds since the epoch)."""
    out: dict[str, list[str]] = {}
    timed = [(s, m) for m in manifests if (s := _seconds(m)) is not None]
    for name, count in (("hourly", tiers.hourly), ("daily", tiers.daily), ("weekly", tiers.weekly)):
        if count <= 0:
            continue
        first = _period(name, now) - count + 1  # the oldest period still inside this tier
        best: dict[int, tuple[tuple, Manifest]] = {}
        for seconds, m in timed:
            period = _period(name, seconds)
            if period < first:
                continue
            key = (wins(m), seconds, m.id)
            if period not in best or key > best[period][0]:
                best[period] = (key, m)
        for _key, m in best.values():
            out.setdefault(m.id, []).append(name)
    return out


# Counts that make a round larger unit, and how many of it: 26 weeks are "6 months".
_LARGER = {
    "hour": ((24, "day", 1),),
    "day": ((365, "year", 1), (30, "month", 1), (7, "week", 1)),
    "week": ((52, "year", 1), (13, "month", 3)),
}


def span(count: int, unit: str) -> tuple[int, str]:
    """(n, unit) in the largest round unit: 24 hours -> (1, "day"), 7 days -> (1, "week"), 12 days
    -> (12, "day")."""
    for size, name, times in _LARGER[unit]:
        if count % size == 0:
            return count // size * times, name
    return count, unit


def _words(count: int, unit: str) -> str:
    n, name = span(count, unit)
    return ("an hour" if name == "hour" else f"a {name}") if n == 1 else f"{n} {name}s"


def summary(max_unpinned: int, tiers: Tiers) -> str:
    """What a history keeps, in words: "10 recent · hourly for a day · daily for a month · weekly for
    6 months". The page says the same, translated (src/retentionSummary.ts)."""
    parts = [f"{max_unpinned} recent"]
    for word, count, unit in (("hourly", tiers.hourly, "hour"), ("daily", tiers.daily, "day"),
                              ("weekly", tiers.weekly, "week")):  # fmt: skip
        if count > 0:
            parts.append(f"{word} for {_words(count, unit)}")
    return " · ".join(parts)


def _newest(manifests: Sequence[Manifest], max_unpinned: int) -> set[str]:
    unpinned = sorted((m for m in manifests if not m.pinned), key=lambda m: (m.created, m.id))
    return {m.id for m in unpinned[-max_unpinned:]} if max_unpinned > 0 else set()


def free_of_slots(manifests: Sequence[Manifest], max_unpinned: int, tiers: Tiers, now: float) -> set[str]:
    """The entries the tiers keep that take no slot: those older than the newest `max_unpinned`
    unpinned ones. The last state of the current hour is usually among the newest and takes its slot,
    so a burst of changes keeps `max_unpinned` of them, as without tiers."""
    return set(kept_by_tiers(manifests, tiers, now)) - _newest(manifests, max_unpinned)


def thin(
    manifests: Sequence[Manifest],
    max_unpinned: int,
    tiers: Tiers,
    now: float,
    protected: Collection[str] = (),
    order: str = "automatic-first",
) -> list[Manifest]:
    """The entries to drop at `now`. With every tier off, retention.py's rule alone. Otherwise the newest
    `max_unpinned` unpinned entries, and any a tier keeps; the older ones no tier keeps go first (a
    manual one that lost its period too: the tiers say how long states are kept), then retention.py's
    order among the newest, when protected entries (a restore's target) take slots too."""
    if tiers.off:
        return over_limit(manifests, max_unpinned, protected, order)
    kept = kept_by_tiers(manifests, tiers, now)
    newest = _newest(manifests, max_unpinned)
    older = {m.id for m in manifests if not m.pinned and m.id not in kept and m.id not in newest}
    dropped = over_limit(manifests, max_unpinned, protected, order, set(kept) - newest, older)
    return [m for m in dropped if m.id not in kept]


class Retention:
    """The store's retention as configured (`c.CheckpointStore.max_unpinned`, `retention_order`,
    `keep_hourly`, `keep_daily`, `keep_weekly`), read at each use: what goes, and what takes no slot.
    `store.retention`; the settings and the clock are the store's (core.py)."""

    def __init__(self, store: StoreCore):
        self.store = store

    @property
    def tiers(self) -> Tiers:
        s = self.store
        return Tiers(s.keep_hourly, s.keep_daily, s.keep_weekly)

    def over_limit(self, manifests: Sequence[Manifest], protected: Collection[str] = ()) -> list[Manifest]:
        """The entries `thin` drops now; none in `jupyter checkpoints` (`applies_retention`, store.py)."""
        s = self.store
        if not s.applies_retention:
            return []
        return thin(manifests, s.max_unpinned, self.tiers, s.clock(), protected, s.retention_order)

    def free_of_slots(self, manifests: Sequence[Manifest]) -> set[str]:
        """The entries the tiers keep now that take no slot of `max_unpinned`."""
        return free_of_slots(manifests, self.store.max_unpinned, self.tiers, self.store.clock())

    def summary(self) -> str:
        return summary(self.store.max_unpinned, self.tiers)
