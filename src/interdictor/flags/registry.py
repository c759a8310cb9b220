"""Named Python predicates: the escape hatch for rules a condition tree cannot express.

A predicate is registered under a stable name that catalogue rules cite (`predicate: third_party_payer`).
It receives the deal, the item being iterated (None for a whole-deal rule), the rule's `params` and
the reference data, and returns a `Verdict`: the hits it found, the fields it lacked, and whether it
could judge anything at all. Its docstring is user-facing (docs and `flags list`), so it must say
what it checks and why; a test keeps every docstring present and distinct.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from interdictor.flags.deal import Deal, Node
from interdictor.flags.history import party_keys
from interdictor.flags.names import norm_name
from interdictor.flags.reference import ReferenceData
from interdictor.model import Party, Record

__all__ = [
    "PREDICATES",
    "Hit",
    "Predicate",
    "Verdict",
    "close_name",
    "hit",
    "predicate",
    "related_name",
    "same_name",
    "same_party",
]


@dataclass
class Hit:
    """One fact a rule found: where (record, path), what (value), and extra words for the message."""

    record: Record | None
    path: str
    value: Any
    condition: str
    reference: str | None = None
    words: dict[str, Any] = field(default_factory=dict)


@dataclass
class Verdict:
    """Three-valued: hits -> true; judged without hits -> false; nothing judged -> unknown."""

    hits: list[Hit] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    judged: bool = False

    @property
    def state(self) -> bool | None:
        if self.hits:
            return True
        return False if self.judged else None


Predicate = Callable[[Deal, Node | None, dict[str, Any], ReferenceData], Verdict]
PREDICATES: dict[str, Predicate] = {}


def predicate(name: str) -> Callable[[Predicate], Predicate]:
    """Register a predicate under `name`; names are unique and never reused for another meaning."""

    def register(func: Predicate) -> Predicate:
        if name in PREDICATES:
            raise ValueError(f"predicate {name!r} is registered twice")
        PREDICATES[name] = func
        return func

    return register


def hit(record: Record | None, path: str, value: Any, condition: str, **words: Any) -> Hit:
    reference = words.pop("reference", None)
    return Hit(record, path, value, condition, reference, words)


def same_name(a: str, b: str) -> bool:
    """Two names of one deal denote the same company: equal after case, punctuation and legal forms."""
    return norm_name(a) == norm_name(b)


def party_path(record: Record, party: Any) -> str:
    return f"parties[{record.parties.index(party)}]"


def line_path(record: Record, item: Any) -> str:
    """The evidence path of a line item's description (only records with items have lines)."""
    items: list[Any] = getattr(record, "items")  # noqa: B009
    return f"items[{items.index(item)}].description"


#: Name-screening score from which two names of one deal are taken for one company. Higher than the
#: screening alert threshold (0.7), which is tuned to let a reviewer see near misses.
SAME_COMPANY_SCORE = 0.85


def close_name(a: str, b: str) -> bool:
    """Two names are spellings of one name: the same after normalisation, nearly the same words (a typo,
    a dropped word), or the same name to the screening scorer, which knows abbreviations ("Int'l"),
    transliterations and legal forms (`interdictor.screening.score`)."""
    if same_name(a, b):
        return True
    from rapidfuzz import fuzz

    if fuzz.token_set_ratio(norm_name(a), norm_name(b)) >= 85:
        return True
    return _screening_score(*sorted((a, b))) >= SAME_COMPANY_SCORE


@lru_cache(maxsize=100_000)
def _screening_score(a: str, b: str) -> float:
    from interdictor.screening import Party as Named
    from interdictor.screening import score

    return float(score(Named([a], "Company"), Named([b], "Company")).score)


def same_party(a: Party, b: Party) -> bool:
    """Two parties as two documents name them are one company: close spellings, or a strong identifier
    (street or PO box with city, international phone, e-mail, registration, account) in common, which
    is how a reader recognises a transliterated name (Woosung / Useong) at the same address."""
    if close_name(a.name, b.name):
        return True
    return bool(set(party_keys(a)) & set(party_keys(b)))


def related_name(deal: Deal, a: str, b: str) -> bool:
    """Two names of a deal denote one company: close spellings (`close_name`), or seen with a shared
    identifier in the history."""
    return close_name(a, b) or bool(deal.history.shared_keys(a, b))
