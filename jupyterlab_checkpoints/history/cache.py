"""A bounded least-recently-used cache, safe to share between the worker threads requests run in."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class LRU(Generic[V]):
    """At most `max_weight` in total (each value weighs `weigh(value)`, 1 by default); the least
    recently used values go first. A value heavier than the whole budget is returned, not kept."""

    def __init__(self, max_weight: int, weigh: Callable[[V], int] | None = None):
        self.max_weight = max_weight
        self.weigh = weigh or (lambda _v: 1)
        self.weight = 0
        self._items: OrderedDict[Hashable, tuple[V, int]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            self._items.move_to_end(key)
            return hit[0]

    def put(self, key: Hashable, value: V) -> V:
        w = self.weigh(value)
        if w > self.max_weight:
            return value
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self.weight -= old[1]
            self._items[key] = (value, w)
            self.weight += w
            while self.weight > self.max_weight:
                _, (_, dropped) = self._items.popitem(last=False)
                self.weight -= dropped
        return value

    def get_or(self, key: Hashable, make: Callable[[], V]) -> V:
        """The cached value, or `make()` cached. Two threads may both make it: values are pure."""
        hit = self.get(key)
        return hit if hit is not None else self.put(key, make())

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.weight = 0
