"""Search is bounded: linear matching that leaves the server answering meanwhile, a query length limit,
and a time budget after which it answers with what it found, saying it stopped early."""

import asyncio
import time

from .history_fixtures import code, nb

HUGE = 2_000_000
# The worst case of a backtracking case-insensitive scan: every position matches all but the last letter.
WORST_QUERY = "a" * 199 + "b"


async def test_the_server_answers_while_a_large_search_runs(history, jp_fetch):
    for i in range(4):
        await history.save("big.ipynb", nb([code("c", "a" * HUGE + str(i))]))
    search = asyncio.ensure_future(history.get("search", path="big.ipynb", q=WORST_QUERY))
    waits = []
    while not search.done():
        started = time.perf_counter()
        await jp_fetch("api", "status")
        waits.append(time.perf_counter() - started)
        await asyncio.sleep(0.01)
    answer = await search
    assert answer["hits"] == [] and answer["stopped_early"] is False
    assert max(waits) < 1.0, f"/api/status waited {max(waits):.2f} s during the search"


async def test_a_search_past_its_time_budget_answers_what_it_has(history, monkeypatch):
    from jupyterlab_checkpoints.history import search

    for i in range(3):
        await history.save("many.ipynb", nb([code(f"c{n}", f"needle {i} {n}") for n in range(200)]))
    full = await history.get("search", path="many.ipynb", q="needle", limit="500")
    assert len(full["hits"]) == 500 and full["stopped_early"] is False
    monkeypatch.setattr(search, "TIME_BUDGET", 0.0)
    cut = await history.get("search", path="many.ipynb", q="needle", limit="500")
    assert cut["truncated"] is True and cut["stopped_early"] is True and len(cut["hits"]) < 500


async def test_a_query_past_the_limit_is_refused_with_a_message(history):
    await history.save("q.ipynb", nb([code("c", "x")]))
    message = await history.refused("search", path="q.ipynb", q="x" * 201)
    assert "200 characters" in message
