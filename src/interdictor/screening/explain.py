"""Explanations: every score lists its features, and their contributions add up to the score.

The scorer builds cheap slotted `FeatureRow`s in the hot loop; `Explanation` (pydantic) is made
only when someone reads it, for the CLI's `--json`, the API and review screens.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import BaseModel, Field

__all__ = ["Explanation", "FeatureExplanation", "FeatureRow", "MatchResult"]


class FeatureRow:
    """One feature's outcome: contribution = weight * value. The sentence may be deferred (a callable)
    so that scoring thousands of candidates does not format sentences nobody reads."""

    __slots__ = ("_detail", "name", "value", "weight")

    def __init__(self, name: str, weight: float, value: float, detail: str | Callable[[], str]) -> None:
        self.name = name
        self.weight = weight
        self.value = value
        self._detail = detail

    @property
    def detail(self) -> str:
        if not isinstance(self._detail, str):
            self._detail = self._detail()
        return self._detail

    @property
    def contribution(self) -> float:
        return self.weight * self.value

    def __repr__(self) -> str:
        return f"<{self.name} {self.weight:+.2f} x {self.value:.3f}: {self.detail}>"


class FeatureExplanation(BaseModel):
    """A feature as a reviewer reads it."""

    name: str = Field(
        description="Stable feature name, see the algorithm docs.", examples=["name_similarity"]
    )
    weight: float = Field(description="Coefficient of the feature.", examples=[1.0])
    value: float = Field(description="What the feature measured, usually in 0..1.", examples=[0.93])
    contribution: float = Field(description="weight x value: what it added to the score.", examples=[0.93])
    detail: str = Field(description="A sentence naming the compared values.")


class Explanation(BaseModel):
    """The arithmetic of one score: the contributions sum to `score`."""

    algorithm: str = Field(examples=["interdictor-names"])
    version: str = Field(examples=["1"])
    score: float = Field(description="Final score in 0..1.", examples=[0.91])
    threshold: float = Field(description="Default alert threshold of the algorithm.", examples=[0.7])
    is_match: bool = Field(description="score >= threshold")
    query_name: str | None = Field(default=None, description="Query name that gave the best name evidence.")
    candidate_name: str | None = Field(default=None, description="Candidate name that gave it.")
    legal_forms: dict[str, list[str]] = Field(
        default_factory=dict, description="Legal forms recognised and set aside, per side."
    )
    features: list[FeatureExplanation]


class MatchResult:
    """Score plus lazily converted explanation, as returned by `score()`."""

    __slots__ = ("_names", "_threshold", "algorithm", "legal", "rows", "score", "version")

    def __init__(
        self,
        score: float,
        rows: list[FeatureRow],
        algorithm: str,
        version: str,
        threshold: float,
        names: tuple[str | None, str | None] = (None, None),
        legal: dict[str, list[str]] | None = None,
    ) -> None:
        self.score = score
        self.rows = rows
        self.algorithm = algorithm
        self.version = version
        self._threshold = threshold
        self._names = names
        self.legal = legal or {}

    @property
    def is_match(self) -> bool:
        return self.score >= self._threshold

    def explain(self) -> Explanation:
        """The pydantic explanation; rows with no contribution and no detail are left out."""
        return Explanation(
            algorithm=self.algorithm,
            version=self.version,
            score=self.score,
            threshold=self._threshold,
            is_match=self.is_match,
            query_name=self._names[0],
            candidate_name=self._names[1],
            legal_forms=self.legal,
            features=[
                FeatureExplanation(
                    name=r.name, weight=r.weight, value=r.value, contribution=r.contribution, detail=r.detail
                )
                for r in self.rows
            ],
        )

    def __repr__(self) -> str:
        return f"<MatchResult {self.score:.3f} {self.rows}>"
