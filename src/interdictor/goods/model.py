"""What a classification returns: the verdict and, for every entry considered, why.

These pydantic models are the contract shared by the Python API, `interdictor classify --json` and
the HTTP API. Every verdict carries its explanation: the entry, the parameter, the value read from
the text with the span it came from, the limit and comparator, and the entry's confidence label;
limits only recalled from memory (label R) are flagged `unverified`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "CatchAllWarning",
    "Classification",
    "ConditionResult",
    "EntryResult",
    "ExtractedValue",
    "HsCheck",
    "Question",
    "Status",
]


class Status(StrEnum):
    """The four verdicts, from the most to the least actionable."""

    CONTROLLED = "controlled"
    NEAR_THRESHOLD = "near_threshold"
    INSUFFICIENT_DATA = "insufficient_data"
    NOT_LISTED = "not_listed"


Outcome = Literal["met", "near", "not_met", "unknown"]
EntryOutcome = Literal["controlled", "near_threshold", "undecided", "not_controlled", "superseded"]


class ExtractedValue(BaseModel):
    """A parameter value read from the description (or derived from values that were)."""

    parameter: str
    family: str
    value: float | None = Field(description="Value in `unit`; None for materials", default=None)
    high: float | None = Field(default=None, description="Upper end when the text gave a range")
    unit: str | None = None
    materials: list[str] = Field(default_factory=list)
    text: str = Field(description="The text it was read from, e.g. '0-10 Torr'")
    span: tuple[int, int] | None = Field(
        default=None, description="Character offsets of `text` in the description"
    )
    derived_from: list[str] = Field(default_factory=list)


class ConditionResult(BaseModel):
    """One comparison of an entry: parameter, comparator, limit, and what the text said."""

    parameter: str
    comparator: str
    limit: float | list[str] | str
    unit: str | None = None
    value: float | list[str] | None = None
    value_text: str | None = None
    span: tuple[int, int] | None = None
    outcome: Outcome
    gap: float | None = Field(default=None, description="Relative distance to the limit when not met")


class EntryResult(BaseModel):
    """How one control-list entry fared; `conditions` lists every leaf of its logic that was evaluated."""

    entry_id: str
    eu_code: str | None
    us_eccn: str | None
    regime: str
    title: str
    outcome: EntryOutcome
    confidence: str
    unverified: bool
    source: str
    conditions: list[ConditionResult] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list)
    superseded_by: str | None = None
    parent: str | None = Field(default=None, description="The heading this sub-item belongs to, e.g. 2B350")
    exclusions: list[str] = Field(default_factory=list)
    near_cues: list[str] = Field(
        default_factory=list, description="Known 'just below' patterns for this entry"
    )


class Question(BaseModel):
    """A parameter to ask the customer for, and the entries whose decision depends on it."""

    parameter: str
    ask: str
    entries: list[str]


class CatchAllWarning(BaseModel):
    rule_id: str
    destination: str
    note: str
    entry_id: str | None = None
    source: str | None = None


class HsCheck(BaseModel):
    """A declared HS code: known in HS 2022?, which families it routes to, consistent with the item?"""

    declared: str
    code: str
    known: bool | None = Field(description="None when the HS nomenclature is not available")
    description: str | None = None
    routes: list[str] = Field(default_factory=list, description="Families whose usual headings include it")
    consistent: bool | None = Field(default=None, description="False: declared code is not a usual heading")
    note: str | None = None


class Classification(BaseModel):
    """The verdict on one description, with everything needed to check it."""

    status: Status
    entries: list[str] = Field(default_factory=list, description="Entries met (the control codes)")
    near_entries: list[str] = Field(default_factory=list)
    undecided_entries: list[str] = Field(default_factory=list)
    families: list[str] = Field(default_factory=list)
    parameters: list[ExtractedValue] = Field(default_factory=list)
    explanations: list[EntryResult] = Field(default_factory=list)
    ask: list[Question] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)
    catch_all: list[CatchAllWarning] = Field(default_factory=list)
    hs: HsCheck | None = None
    destination: str | None = None
    margin: float
    catalogue_version: str
    unverified: bool = Field(default=False, description="A deciding entry rests on an unverified (R) limit")

    def codes(self, which: Literal["entries", "near_entries", "undecided_entries"] = "entries") -> list[str]:
        """Five-character control codes (2B350 for 2B350.a), unique, in order."""
        return list(dict.fromkeys(code[:5] for code in getattr(self, which)))
