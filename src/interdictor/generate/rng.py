"""Deterministic randomness: one `random.Random` per named stream, opaque ids, cheap hashes.

Reproducibility rests on three rules: every stream is seeded from the world seed and a label
(never from the global `random` module, never from time), the same label always yields the same
stream whatever process or order computes it, and ids are bijections of counters so they are
unique without a lookup table yet reveal nothing about which records were planted.
"""

from __future__ import annotations

import hashlib
import random

__all__ = ["ID_SPACE", "mix", "opaque", "splitmix", "stream"]

_MASK64 = (1 << 64) - 1
ID_SPACE = 1 << 40
"""Counters and ids live in [0, 2**40): unique ids for a trillion records, 10 hex digits."""


def mix(seed: int, *labels: object) -> int:
    """A 64-bit integer from the seed and labels, stable across processes and Python versions."""
    text = "\x1f".join([str(seed), *map(str, labels)])
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def stream(seed: int, *labels: object) -> random.Random:
    """An independent random stream for one purpose (a chunk, a company, a network)."""
    return random.Random(mix(seed, *labels))


def splitmix(value: int) -> int:
    """SplitMix64 finaliser: a fast, well-mixed 64-bit hash of an integer (no object allocation)."""
    z = (value + 0x9E3779B97F4A7C15) & _MASK64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def opaque(counter: int, key: int) -> int:
    """A keyed bijection of [0, 2**40): distinct counters give distinct, unordered-looking ids.

    Four Feistel rounds over two 20-bit halves; the round function is splitmix of the half and key.
    """
    half = 20
    mask = (1 << half) - 1
    left, right = counter >> half & mask, counter & mask
    for round_no in range(4):
        left, right = right, left ^ (splitmix(right ^ (key + round_no * 0x632BE59BD9B4E019)) & mask)
    return (left << half) | right
