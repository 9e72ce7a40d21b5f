"""Tiered retention as a pure function (store/tiers.py), driven through three weeks of history.

The history is thinned after every entry, as the store does under the file's lock, with the clock at
that entry's time: a run every 5 minutes day and night, a save at :17 and :47, a Ctrl+K at 16:02 on
most days and a failure at 11:33 on two. Weekly thinning and determinism are checked on the same work.
"""

from __future__ import annotations

import datetime as dt

import pytest

from jupyterlab_checkpoints.store.manifest import Manifest
from jupyterlab_checkpoints.store.retention import over_limit
from jupyterlab_checkpoints.store.tiers import Tiers, kept_by_tiers, span, summary, thin

UTC = dt.timezone.utc
START = dt.datetime(2026, 11, 2, tzinfo=UTC)  # a Monday
DAYS = 21
NO_CTRL_K = {0, 13}  # 2 and 15 November
FAILURES = {9, 13}  # 11 and 15 November, 11:33
END = START + dt.timedelta(days=DAYS - 1, hours=17)  # the last run: 22 November, 17:00
NOW = END + dt.timedelta(minutes=3)
DEFAULT = Tiers()  # 24 hours, 30 days, 26 weeks


def entry(when: dt.datetime, kind: str, pinned: bool = False) -> Manifest:
    stamp = when.strftime("%Y%m%dT%H%M%S%f")
    return Manifest(id=f"{stamp}-{kind[:6]}", path="a.ipynb", created=when.isoformat(), kind=kind, size=1,
                    content={"blob": stamp}, pinned=pinned)  # fmt: skip


def schedule(start: dt.datetime, end: dt.datetime, every: int = 5, saves: bool = True):
    """(time, kind) of every entry from `start` to `end`, oldest first: a run every `every` minutes."""
    t = start
    while t <= end:
        day = (t - START).days
        if (t.hour * 60 + t.minute) % every == 0:
            yield t, "auto"
        if saves and t.minute in (17, 47):
            yield t, "save"
        if (t.hour, t.minute) == (16, 2) and day not in NO_CTRL_K:
            yield t, "manual"
        if (t.hour, t.minute) == (11, 33) and day in FAILURES:
            yield t, "failure"
        t += dt.timedelta(minutes=1)


def run(kept: list[Manifest], start, end, tiers=DEFAULT, max_unpinned=10, **kw) -> list[Manifest]:
    """Each entry of the schedule added, then the history thinned with the clock at that moment."""
    for when, kind in schedule(start, end, **kw):
        new = entry(when, kind)
        kept.append(new)
        dropped = {m.id for m in thin(kept, max_unpinned, tiers, when.timestamp(), {new.id})}
        kept = [m for m in kept if m.id not in dropped]
    return kept


@pytest.fixture(scope="module")
def three_weeks() -> list[Manifest]:
    return run([], START, END)


def kept_between(kept, first: dt.datetime, last: dt.datetime) -> list[tuple[str, str]]:
    """(HH:MM, kind) of the kept entries made from `first` to before `last`."""
    out = []
    for m in kept:
        when = dt.datetime.fromisoformat(m.created)
        if first <= when < last:
            out.append((when.strftime("%H:%M"), m.kind))
    return out


def day_of(n: int) -> tuple[dt.datetime, dt.datetime]:
    first = START + dt.timedelta(days=n)
    return first, first + dt.timedelta(days=1)


def test_what_survives_three_weeks_at_each_distance(three_weeks):
    kept = three_weeks
    hour = dt.timedelta(hours=1)
    # 10 minutes back: the newest 10 entries, every one of the last 40 minutes among them.
    assert kept_between(kept, NOW - dt.timedelta(minutes=40), NOW) == [
        ("16:25", "auto"), ("16:30", "auto"), ("16:35", "auto"), ("16:40", "auto"), ("16:45", "auto"),
        ("16:47", "save"), ("16:50", "auto"), ("16:55", "auto"), ("17:00", "auto"),
    ]  # fmt: skip
    # This hour's Ctrl+K stays besides them: it wins its hour over the runs after it.
    assert kept_between(kept, END - hour, NOW - dt.timedelta(minutes=40)) == [("16:02", "manual"), ("16:20", "auto")]
    # 2 hours back: the last state of that hour only.
    assert kept_between(kept, END - 2 * hour, END - hour) == [("15:55", "auto")]
    # 1 day back: 23 hours ago is inside the hourly tier, 24 hours ago is not (only the day's Ctrl+K).
    assert kept_between(kept, END - 23 * hour, END - 22 * hour) == [("18:55", "auto")]
    yesterday = kept_between(kept, *day_of(DAYS - 2))
    assert yesterday == [("16:02", "manual")] + [(f"{h}:55", "auto") for h in range(18, 24)]
    # 3 days back: the day's Ctrl+K, which wins the day over the later runs.
    assert kept_between(kept, *day_of(DAYS - 4)) == [("16:02", "manual")]
    # 7 days back (15 November, a failure and no Ctrl+K): the failure wins the day.
    assert kept_between(kept, *day_of(DAYS - 8)) == [("11:33", "failure")]
    # 20 days back (2 November, neither): the day's last state.
    assert kept_between(kept, *day_of(0)) == [("23:55", "auto")]
    # Nothing else: the newest 10; the last of 23 more hours and this hour's Ctrl+K; yesterday's
    # Ctrl+K; one for each older day.
    assert len(kept) == 10 + 23 + 1 + (DAYS - 2)


def test_weekly_tier_keeps_each_weeks_winner_past_the_daily_one():
    kept = run([], START, END, Tiers(hourly=0, daily=7, weekly=26))
    week_one = kept_between(kept, START, START + dt.timedelta(days=7))
    assert week_one == [("16:02", "manual")] and kept_between(kept, *day_of(6)) == week_one  # Sunday's Ctrl+K
    # The second week's last manual or failure entry is Sunday's failure, after Saturday's Ctrl+K.
    assert kept_between(kept, START + dt.timedelta(days=7), START + dt.timedelta(days=14)) == [("11:33", "failure")]
    # Older than every tier: gone, but the newest 10 and the pinned.
    far = run([entry(START - dt.timedelta(days=400), "auto", pinned=True)], START, END, Tiers(1, 1, 1))
    assert [m.pinned for m in far if m.created < START.isoformat()] == [True]
    assert kept_between(far, START, END - dt.timedelta(days=1)) == []


def test_thinning_is_deterministic(three_weeks):
    kept = three_weeks
    assert thin(kept, 10, DEFAULT, NOW.timestamp()) == []  # thinned twice: nothing more goes
    # The whole history thinned once at the end keeps what thinning at each step kept (a run an hour).
    everything = [entry(when, kind) for when, kind in schedule(START, END, every=60, saves=False)]
    dropped = {m.id for m in thin(everything, 10, DEFAULT, NOW.timestamp())}
    stepwise = run([], START, END, every=60, saves=False)
    assert [m.id for m in everything if m.id not in dropped] == [m.id for m in stepwise]
    # Three days later, after more work: every day still in the daily tier keeps the same entry.
    later = run(list(kept), END + dt.timedelta(minutes=1), END + dt.timedelta(days=3))
    for day in range(DAYS - 1):
        assert kept_between(later, *day_of(day)) == kept_between(kept, *day_of(day))[:1]


def test_manual_and_failure_entries_win_their_period():
    hour = START + dt.timedelta(hours=9)
    made = [entry(hour + dt.timedelta(minutes=m), kind) for m, kind in
            ((5, "auto"), (10, "manual"), (20, "failure"), (30, "save"), (40, "auto"))]  # fmt: skip
    later = (hour + dt.timedelta(hours=3)).timestamp()
    assert kept_by_tiers(made, Tiers(24, 0, 0), later) == {made[2].id: ["hourly"]}
    assert kept_by_tiers(made[:2] + made[3:], Tiers(24, 1, 0), later) == {made[1].id: ["hourly", "daily"]}
    assert kept_by_tiers(made[3:], Tiers(24, 0, 1), later) == {made[4].id: ["hourly", "weekly"]}
    # The newest entries, pinned or protected ones are never dropped, whatever the tiers.
    pinned = entry(hour - dt.timedelta(days=300), "auto", pinned=True)
    old = entry(hour - dt.timedelta(days=299), "auto")
    dropped = thin([pinned, old, *made], 1, Tiers(24, 0, 0), later, protected={old.id, made[4].id})
    assert {m.id for m in dropped} == {made[0].id, made[1].id, made[3].id}


def test_all_tiers_off_is_the_rule_without_tiers(three_weeks):
    off = Tiers(0, 0, 0)
    assert off.off and kept_by_tiers(three_weeks, off, NOW.timestamp()) == {}
    for order in ("automatic-first", "oldest-first"):
        assert thin(three_weeks, 10, off, NOW.timestamp(), (), order) == over_limit(three_weeks, 10, (), order)


def test_summary_is_built_from_the_numbers():
    assert summary(10, DEFAULT) == "10 recent · hourly for a day · daily for a month · weekly for 6 months"
    assert summary(5, Tiers(48, 7, 52)) == "5 recent · hourly for 2 days · daily for a week · weekly for a year"
    assert summary(10, Tiers(0, 12, 0)) == "10 recent · daily for 12 days"
    assert summary(10, Tiers(0, 0, 0)) == "10 recent"
    assert span(13, "week") == (3, "month") and span(5, "hour") == (5, "hour")
