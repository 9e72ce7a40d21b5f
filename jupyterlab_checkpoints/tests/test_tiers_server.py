"""Tiered retention in a real server whose clock the test moves: libfaketime (Debian's `faketime`)
preloaded into a `jupyter server` process, reading a relative offset from a file at every clock call.

Ten simulated days of checkpoints made through the REST API, a run every 4 hours and a Ctrl+K a day;
what the server lists then, and what the info endpoint says it keeps.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import time

import pytest

from .server_process import ServerProcess

UTC = dt.timezone.utc
FAKETIME = sorted(glob.glob("/usr/lib/*/faketime/libfaketime.so.1"))

pytestmark = pytest.mark.skipif(
    not FAKETIME, reason="libfaketime is not installed (apt-get install faketime; `make chromium` does it)"
)


class ServerClock:
    """Moves the server's clock: the offset from the real time, in seconds, that libfaketime reads."""

    def __init__(self, path):
        self.path = path
        self.set(0)

    def set(self, seconds: float) -> None:
        self.path.write_text(f"{seconds:+.0f}\n")

    def move_to(self, when: dt.datetime) -> None:
        self.set(when.timestamp() - time.time())


def notebook(text: str) -> dict:
    cell = {"cell_type": "code", "execution_count": None, "id": "c0", "metadata": {}, "outputs": [], "source": text}
    return {"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


@pytest.fixture
def server(tmp_path, monkeypatch):
    clock = ServerClock(tmp_path / "faketime")
    monkeypatch.setenv("LD_PRELOAD", FAKETIME[0])
    monkeypatch.setenv("FAKETIME_TIMESTAMP_FILE", str(clock.path))
    monkeypatch.setenv("FAKETIME_NO_CACHE", "1")
    (tmp_path / "root").mkdir()
    (tmp_path / "root" / "a.ipynb").write_text(json.dumps(notebook("")))  # on disk: a save would be a checkpoint
    s = ServerProcess(tmp_path / "root", tmp_path / "store", tmp_path / "server.log").start()
    # A connection per request: after a jump of hours the server closes a kept-alive one as idle.
    s.http.close()
    s.http.headers["Connection"] = "close"
    s.clock = clock
    yield s
    s.stop()


def create(server: ServerProcess, path: str, text: str, kind: str) -> dict:
    body = {"kind": kind, "document": {"content": notebook(text)}}
    r = server.http.post(server.ext("checkpoints"), params={"path": path}, data=json.dumps(body), timeout=30)
    assert r.status_code == 201, r.text
    return r.json()


def test_ten_days_in_a_server_whose_clock_moves(server):
    # From the next midnight (UTC) on: 10 days, a run at 00:30, 04:30, ... 20:30; a Ctrl+K at 14:30.
    start = dt.datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) + dt.timedelta(days=1)
    made = {}
    for day in range(10):
        for hour in (0, 4, 8, 12, 14, 16, 20):
            when = start + dt.timedelta(days=day, hours=hour, minutes=30)
            server.clock.move_to(when)
            kind = "manual" if hour == 14 else "auto"
            m = create(server, "a.ipynb", f"day {day} {hour}", kind)
            made[m["id"]] = (day, hour, kind)
    # The server made each entry at the time its clock said, not the real one.
    for cid, (day, hour, _) in made.items():
        created = dt.datetime.strptime(cid[:21], "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
        assert abs(created - (start + dt.timedelta(days=day, hours=hour, minutes=30))) < dt.timedelta(seconds=10)

    listed = server.http.get(server.contents("a.ipynb", "checkpoints"), timeout=30).json()
    kept = [made[c["id"]] for c in listed]
    # The newest 10 (today's 7, yesterday's last 3); every older day keeps its Ctrl+K, which wins
    # the day over the later runs, at 3 and 7 days back alike.
    assert kept == [(day, 14, "manual") for day in range(8)] + [(8, 14, "manual"), (8, 16, "auto"), (8, 20, "auto")] + [
        (9, h, "manual" if h == 14 else "auto") for h in (0, 4, 8, 12, 14, 16, 20)
    ]  # fmt: skip
    # The entries a tier keeps take no slot: the panel's count stays at 10.
    assert sum(1 for c in listed if c.get("counted", True)) == 10

    # Three days on, five more runs: day 8 keeps only its Ctrl+K, the older days the same as before.
    for hour in range(8, 13):
        server.clock.move_to(start + dt.timedelta(days=12, hours=hour, minutes=30))
        made[create(server, "a.ipynb", f"day 12 {hour}", "auto")["id"]] = (12, hour, "auto")
    listed = server.http.get(server.contents("a.ipynb", "checkpoints"), timeout=30).json()
    assert [made[c["id"]][:2] for c in listed] == [(day, 14) for day in range(9)] + [
        (9, h) for h in (8, 12, 14, 16, 20)
    ] + [(12, h) for h in range(8, 13)]  # fmt: skip

    info = server.http.get(server.ext("info"), timeout=30).json()["limits"]
    assert (info["keep_hourly"], info["keep_daily"], info["keep_weekly"]) == (24, 30, 26)
    assert info["retention"] == "10 recent · hourly for a day · daily for a month · weekly for 6 months"
