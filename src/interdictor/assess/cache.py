"""Verdict caches for batch assessment: parties and goods recur, so each distinct one is judged once.

A bank screens the same counterparties day after day and an exporter ships the same catalogue items,
so the assessment keeps what it already decided:

    GoodsCache      goods verdicts per (description, HS code, destination); the goods catalogue
                    version is part of the key, so a new catalogue never serves an old verdict
    ScreeningCache  list matches per (name, schema, country); it empties itself when the list
                    versions it was filled under change (see `StoreScreening`)

Both are bounded (least recently used entries go first) and hold only immutable results.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

__all__ = ["LruCache"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class LruCache(Generic[K, V]):
    """A small bounded mapping: `get_or(key, compute)` computes a missing value once and keeps it."""

    def __init__(self, size: int = 100_000) -> None:
        if size < 1:
            raise ValueError("a cache needs room for at least one entry")
        self.size = size
        self._data: OrderedDict[K, V] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def put(self, key: K, value: V) -> None:
        """Keep a value computed elsewhere (a batch computes many at once)."""
        data = self._data
        data[key] = value
        data.move_to_end(key)
        if len(data) > self.size:
            data.popitem(last=False)

    def get_or(self, key: K, compute: Callable[[], V]) -> V:
        data = self._data
        if key in data:
            self.hits += 1
            data.move_to_end(key)
            return data[key]
        self.misses += 1
        value = compute()
        data[key] = value
        if len(data) > self.size:
            data.popitem(last=False)
        return value

    def clear(self) -> None:
        self._data.clear()
