"""Tiered retention in the store, on both backends, with weeks of history made through a clock the test
moves (`CheckpointStore(clock=...)`): what a file keeps, what a deleted file's history keeps.

The history starts on a Thursday four weeks before today (its last day is a Wednesday), so that
object storage's own deletion times (from the real clock) never make a deleted history expire here.
"""

from __future__ import annotations

import datetime as dt

import pytest

from .backends import nb  # `make_store`: both backends, a local folder and S3 (tests/backends.py)

UTC = dt.timezone.utc
HOUR = dt.timedelta(hours=1)
DAY = dt.timedelta(days=1)


class Clock:
    def __init__(self, start: dt.datetime):
        self.now = start

    def __call__(self) -> float:
        return self.now.timestamp()


@pytest.fixture
def clock() -> Clock:
    today = dt.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return Clock(today - dt.timedelta(days=(today.weekday() - 3) % 7 + 28))


def work(store, clock: Clock, days: int, every_hours: int = 3, path: str = "a.ipynb", origin=None) -> dict[str, str]:
    """A run every `every_hours` (automatic) and a Ctrl+K at 16:30 on weekdays; id -> "day HH:MM kind",
    days counted from `origin` (default: the start)."""
    made = {}
    start = clock.now
    origin = origin or start
    for step in range(days * 24 // every_hours):
        clock.now = start + step * every_hours * HOUR
        if clock.now.hour == 15 and clock.now.weekday() < 5:
            clock.now += 90 * dt.timedelta(minutes=1)
            m = store.create(path, nb(f"ctrl-k {step}"), kind="manual")
            made[m.id] = f"{(clock.now - origin).days} 16:30 manual"
            clock.now -= 90 * dt.timedelta(minutes=1)
        m = store.create(path, nb(f"run {step}"), kind="auto")
        made[m.id] = f"{(clock.now - origin).days} {clock.now:%H:%M} auto"
    return made


def kept(store, made, path="a.ipynb") -> list[str]:
    return [made[m.id] for m in store.list(path)]


def on_day(listed: list[str], day: int) -> list[str]:
    return [e.split(" ", 1)[1] for e in listed if int(e.split()[0]) == day]


def test_three_weeks_thinned_by_hour_day_and_week(make_store, clock):
    store = make_store(clock=clock)
    made = work(store, clock, 21)
    end = clock.now  # day 20 (a Wednesday), 21:00, the last run
    listed = kept(store, made)
    # The newest 10: today's and yesterday's last run; every run of the last 24 hours is the last of its
    # hour too. Yesterday keeps its Ctrl+K besides (it wins the day over the runs after it).
    assert on_day(listed, 20) == ["00:00 auto", "03:00 auto", "06:00 auto", "09:00 auto", "12:00 auto", "15:00 auto",
                                  "16:30 manual", "18:00 auto", "21:00 auto"]  # fmt: skip
    assert on_day(listed, 19) == ["16:30 manual", "21:00 auto"]
    # 3 days back a Sunday keeps its last run; 7 and 20 days back, weekdays, their Ctrl+K.
    assert on_day(listed, 17) == ["21:00 auto"] and on_day(listed, 13) == ["16:30 manual"]
    assert on_day(listed, 0) == ["16:30 manual"]
    assert len(listed) == 9 + 2 + 19
    # Without tiers the same work keeps 10 entries, already after three days of it (26 made; more days make
    # more creates, not another answer).
    clock.now = end - 20 * DAY - 21 * HOUR
    bare = make_store(clock=clock, keep_hourly=0, keep_daily=0, keep_weekly=0)
    bare_made = work(bare, clock, 3, path="b.ipynb")
    assert len(bare_made) == 26 and len(kept(bare, bare_made, "b.ipynb")) == 10

    # Two days later, after ten more runs: the last two days keep only their winners, every older day
    # the same entry as before.
    clock.now = end + 2 * DAY
    made.update(work(store, clock, 1, every_hours=2, origin=end - 20 * DAY - 21 * HOUR))
    later = kept(store, made)
    assert on_day(later, 20) == ["16:30 manual"] and on_day(later, 19) == ["16:30 manual"]
    assert [e for e in listed if int(e.split()[0]) < 19] == [e for e in later if int(e.split()[0]) < 19]


def test_pinned_and_restored_states_stay_past_every_tier(make_store, clock):
    store = make_store(clock=clock, keep_hourly=2, keep_daily=2, keep_weekly=1)
    first = store.create("a.ipynb", nb("pin me"), kind="manual")
    store.update("a.ipynb", first.id, pinned=True)
    made = work(store, clock, 14)
    ids = [m.id for m in store.list("a.ipynb")]
    assert ids[0] == first.id and len(ids) == 1 + 10 + 1  # pinned, the newest 10, yesterday's Ctrl+K
    old = ids[1]  # the oldest unpinned, kept by the daily tier only
    assert made[old] == "12 16:30 manual"  # kept by the daily tier only
    clock.now += 3 * DAY  # past its tier: a restore's target is protected while retention runs
    doc = {"raw": nb("current")}
    store.restore("a.ipynb", old, lambda: doc["raw"], lambda raw: doc.update(raw=raw))
    assert doc["raw"] == store.read_bytes(store.get("a.ipynb", old))
    assert old in [m.id for m in store.list("a.ipynb")]


def test_a_deleted_files_history_keeps_its_tiers_until_restored(make_store, clock):
    store = make_store(clock=clock, keep_hourly=24, keep_daily=7, keep_weekly=2)
    made = work(store, clock, 21, every_hours=6)
    before = [m.id for m in store.list("a.ipynb")]
    assert len(before) > 10
    store.deleted.add("a.ipynb")
    clock.now += 10 * DAY
    [deleted] = store.deleted.list()
    assert [c["id"] for c in deleted["checkpoints"]] == before  # nothing thinned while it is deleted
    m, history = store.deleted.find("a.ipynb", before[-1])
    store.deleted.adopt(history, "a.ipynb")
    # Recovered 10 days later: past every tier now, so only the newest 10 stay.
    assert [made[m.id] for m in store.list("a.ipynb")] == [made[i] for i in before[-10:]]
