"""The history caches stay within their budget."""

from ..history.cache import LRU


def test_least_recently_used_go_first_within_the_weight_budget():
    cache = LRU(10, weigh=len)
    cache.put("a", "xxxx")
    cache.put("b", "xxxx")
    assert cache.get("a") == "xxxx"  # "a" is now the most recently used
    cache.put("c", "xxxx")
    assert cache.get("b") is None and cache.get("a") == "xxxx" and cache.get("c") == "xxxx"
    assert cache.weight == 8


def test_a_value_heavier_than_the_budget_is_returned_not_kept():
    cache = LRU(3, weigh=len)
    assert cache.put("big", "xxxx") == "xxxx"
    assert cache.get("big") is None and cache.weight == 0


def test_get_or_makes_once_then_reuses():
    cache: LRU[int] = LRU(5)
    made = []
    for _ in range(3):
        assert cache.get_or("k", lambda: made.append(1) or 42) == 42
    assert made == [1] and len(cache) == 1
