"""Deterministic randomness: one `random.Random` per named stream, opaque ids, cheap hashes.

Reproducibility rests on three rules: every stream is seeded from the world seed and a label
(never from the global `random` module, never from time), the same label always yields the same
stream whatever process or order computes it, and ids are bijections of counters so they are
unique without a lookup table yet reveal nothing about which records were planted.

The functions here run millions of times in a large world, so they are written for CPython's
speed (constants in locals, rounds unrolled, per-key tables cached); the values they return are
those of the plain definitions kept in the tests (`tests/unit/generate/test_rng.py`).
"""

from __future__ import annotations

import hashlib
import random

__all__ = ["ID_SPACE", "Seeder", "mix", "opaque", "splitmix", "stream"]

_MASK64 = (1 << 64) - 1
_GOLDEN = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_ROUND = 0x632BE59BD9B4E019
ID_SPACE = 1 << 40
"""Counters and ids live in [0, 2**40): unique ids for a trillion records, 10 hex digits."""

_ROUND_KEYS: dict[int, tuple[int, int, int, int]] = {}


def mix(seed: int, *labels: object) -> int:
    """A 64-bit integer from the seed and labels, stable across processes and Python versions."""
    text = "\x1f".join([str(seed), *map(str, labels)])
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def stream(seed: int, *labels: object) -> random.Random:
    """An independent random stream for one purpose (a chunk, a company, a network)."""
    return random.Random(mix(seed, *labels))


class Seeder:
    """`stream(seed, *labels, n)` for many `n`, reusing one generator: re-seeding is cheaper than creating.

    The generator returned by `__call__` is the same object each time; use it before the next call.
    """

    __slots__ = ("_prefix", "_rng")

    def __init__(self, seed: int, *labels: object) -> None:
        self._prefix = ("\x1f".join([str(seed), *map(str, labels)]) + "\x1f").encode("utf-8")
        self._rng = random.Random(0)

    def value(self, n: int) -> int:
        """`mix(seed, *labels, n)`."""
        digest = hashlib.blake2b(self._prefix + str(n).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "big")

    def __call__(self, n: int) -> random.Random:
        self._rng.seed(self.value(n))
        return self._rng


def splitmix(value: int) -> int:
    """SplitMix64 finaliser: a fast, well-mixed 64-bit hash of an integer (no object allocation)."""
    z = (value + _GOLDEN) & _MASK64
    z = ((z ^ (z >> 30)) * _M1) & _MASK64
    z = ((z ^ (z >> 27)) * _M2) & _MASK64
    return z ^ (z >> 31)


def _round_keys(key: int) -> tuple[int, int, int, int]:
    keys = _ROUND_KEYS.get(key)
    if keys is None:
        k0, k1, k2, k3 = ((key + r * _ROUND) & _MASK64 for r in range(4))
        keys = _ROUND_KEYS[key] = (k0, k1, k2, k3)
    return keys


def opaque(counter: int, key: int) -> int:
    """A keyed bijection of [0, 2**40): distinct counters give distinct, unordered-looking ids.

    Four Feistel rounds over two 20-bit halves; the round function is splitmix of the half and key.
    """
    m64, g, m1, m2, mask = _MASK64, _GOLDEN, _M1, _M2, 0xFFFFF
    k0, k1, k2, k3 = _ROUND_KEYS.get(key) or _round_keys(key)
    left, right = counter >> 20 & mask, counter & mask
    z = ((right ^ k0) + g) & m64
    z = ((z ^ (z >> 30)) * m1) & m64
    z = ((z ^ (z >> 27)) * m2) & m64
    left, right = right, left ^ ((z ^ (z >> 31)) & mask)
    z = ((right ^ k1) + g) & m64
    z = ((z ^ (z >> 30)) * m1) & m64
    z = ((z ^ (z >> 27)) * m2) & m64
    left, right = right, left ^ ((z ^ (z >> 31)) & mask)
    z = ((right ^ k2) + g) & m64
    z = ((z ^ (z >> 30)) * m1) & m64
    z = ((z ^ (z >> 27)) * m2) & m64
    left, right = right, left ^ ((z ^ (z >> 31)) & mask)
    z = ((right ^ k3) + g) & m64
    z = ((z ^ (z >> 30)) * m1) & m64
    z = ((z ^ (z >> 27)) * m2) & m64
    return (right << 20) | (left ^ ((z ^ (z >> 31)) & mask))
