"""The scoring algorithm: features with weights, summed into a 0..1 score with its explanation.

Like nomenklatura's logic-v2, the algorithm is a class with a stable NAME, a version, a list of
`Feature(func, weight, qualifier)` and generated docs. Unlike it, the score is a plain sum of
weight x value over all features (clipped to 0..1, the clip shown as its own row), so the
explanation is the arithmetic: a reviewer can add the contributions up.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from pydantic import BaseModel

from interdictor.screening.explain import FeatureRow, MatchResult
from interdictor.screening.features import (
    Comparison,
    country_mismatch,
    dob_day_mismatch,
    dob_year_mismatch,
    identifier_match,
    identifier_mismatch,
    legal_form_differs,
    name_conflict,
    name_similarity,
    number_mismatch,
    unmatched_distinctive,
)
from interdictor.screening.names import EXTRA_WEIGHT
from interdictor.screening.party import Party, PreparedParty, prepare

__all__ = ["AlgorithmDocs", "Feature", "FeatureDoc", "NameScreeningV1", "ScoringAlgorithm"]

FeatureFunc = Callable[[Comparison], tuple[float, str | Callable[[], str]]]


class FeatureDoc(BaseModel):
    """A feature as published in the algorithm docs."""

    name: str
    weight: float
    qualifier: bool
    description: str


class AlgorithmDocs(BaseModel):
    """Generated documentation of an algorithm, for `GET /algorithms` and docs pages."""

    name: str
    version: str
    description: str
    threshold: float
    features: list[FeatureDoc]


class Feature:
    """A named comparison with a weight; qualifiers only adjust a score that has name or id evidence."""

    __slots__ = ("func", "name", "qualifier", "weight")

    def __init__(self, func: FeatureFunc, weight: float, qualifier: bool = False) -> None:
        self.func = func
        self.name = func.__name__
        self.weight = weight
        self.qualifier = qualifier

    @property
    def doc(self) -> str:
        return " ".join((self.func.__doc__ or "").split())


class ScoringAlgorithm:
    """Base: subclasses set NAME, VERSION, THRESHOLD, FEATURES and a description docstring."""

    NAME: ClassVar[str] = "base"
    VERSION: ClassVar[str] = "0"
    THRESHOLD: ClassVar[float] = 0.7
    FEATURES: ClassVar[list[Feature]] = []

    @classmethod
    def get_docs(cls) -> AlgorithmDocs:
        return AlgorithmDocs(
            name=cls.NAME,
            version=cls.VERSION,
            description=" ".join((cls.__doc__ or "").split()),
            threshold=cls.THRESHOLD,
            features=[
                FeatureDoc(name=f.name, weight=f.weight, qualifier=f.qualifier, description=f.doc)
                for f in cls.FEATURES
            ],
        )

    @classmethod
    def score(cls, query: PreparedParty, candidate: PreparedParty) -> MatchResult:
        """Score a prepared query against a prepared candidate (both from `prepare()`)."""
        cmp = Comparison(query, candidate)
        rows: list[FeatureRow] = []
        total = 0.0
        evidence = False
        for feature in cls.FEATURES:
            if feature.qualifier and not evidence:
                continue
            value, detail = feature.func(cmp)
            if not feature.qualifier and value > 0.0 and feature.weight > 0.0:
                evidence = True
            if value != 0.0 or detail:
                rows.append(FeatureRow(feature.name, feature.weight, value, detail))
                total += feature.weight * value
        final = min(1.0, max(0.0, total))
        if final != total:
            rows.append(FeatureRow("bounds", 1.0, final - total, f"sum {total:.3f} clipped to {final:.3f}"))
        names = (
            (cmp.evidence.alignment.query.original, cmp.evidence.alignment.candidate.original)
            if (cmp.evidence is not None)
            else (None, None)
        )
        legal: dict[str, list[str]] = {}
        if cmp.evidence is not None:
            legal = {
                "query": list(cmp.evidence.alignment.query.legal),
                "candidate": list(cmp.evidence.alignment.candidate.legal),
            }
        return MatchResult(final, rows, cls.NAME, cls.VERSION, cls.THRESHOLD, names, legal)

    @classmethod
    def score_parties(cls, query: Party, candidate: Party) -> MatchResult:
        """Convenience for one-off comparisons: prepares both sides, then scores."""
        return cls.score(prepare(query), prepare(candidate))


class NameScreeningV1(ScoringAlgorithm):
    """Screening scorer for persons, organisations and vessels. Names are compared token by token
    in any order, in any script (transliterated, with Chinese, Korean, Arabic and Persian handled
    by dedicated renderings), with typos, initials, abbreviations and run-on words tolerated and
    tokens weighted by how rare they are in sanctions lists. Conflicting name parts and numbers
    that do not agree lower the score; identifiers raise it; birth dates and countries qualify it.
    The score is the sum of weight x value over the features, clipped to 0..1; 0.7 is the default
    alert threshold."""

    NAME: ClassVar[str] = "interdictor-names"
    VERSION: ClassVar[str] = "1"
    THRESHOLD: ClassVar[float] = 0.7
    FEATURES: ClassVar[list[Feature]] = [
        Feature(name_similarity, 1.0),
        Feature(identifier_match, 0.75),
        Feature(name_conflict, -0.5, qualifier=True),
        Feature(unmatched_distinctive, -EXTRA_WEIGHT, qualifier=True),
        Feature(number_mismatch, -0.35, qualifier=True),
        Feature(legal_form_differs, 0.0, qualifier=True),
        Feature(identifier_mismatch, -0.2, qualifier=True),
        Feature(dob_year_mismatch, -0.3, qualifier=True),
        Feature(dob_day_mismatch, -0.15, qualifier=True),
        Feature(country_mismatch, -0.1, qualifier=True),
    ]
