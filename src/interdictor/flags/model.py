"""Typed shapes of the red-flag catalogue and of what evaluating it produces.

A `FlagSpec` is one catalogue entry (catalogue/*.yaml); a `FlagResult` is what one flag said about
one deal: fired (with `Finding` evidence), clear, not evaluable (with the fields it lacked) or not
executable (a graph or judgement flag, shown as a question). Evidence always names the record,
the field path, the value, the rule version and the reference set it used, so a reviewer can
check a finding without reading code.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["SEVERITY_WEIGHT", "Evidence", "FlagResult", "FlagSpec", "Outcome", "RuleSpec"]

#: Default weights of REDFLAGS.md section 5 (the author's tuning defaults, not source values).
SEVERITY_WEIGHT: dict[str, int] = {"H": 5, "M": 2, "L": 1}

Actor = Literal["EXP", "BANK", "FWD", "CUS", "GOV"]
Kind = Literal["R", "L", "A", "G", "M"]
Stage = Literal["ordering", "financing", "shipping", "end-use", "network"]


class RuleSpec(BaseModel):
    """How an executable flag is computed: a condition tree over collections, or a named predicate."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    each: list[str] = Field(default_factory=list)
    when: dict[str, Any] | None = None
    predicate: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    message: str


class FlagSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    version: int = Field(ge=1)
    title: str
    stage: Stage
    ips: list[str]
    actors: list[Actor]
    severity: Literal["H", "M", "L"]
    kinds: list[Kind]
    description: str
    fields: list[str] = Field(default_factory=list)
    missing_data: list[str] = Field(default_factory=list)
    ask: str
    rule: RuleSpec | None = None
    sources: list[str] = Field(default_factory=list)

    @property
    def executable(self) -> bool:
        return self.rule is not None

    @property
    def kind(self) -> Kind:
        """The primary computation tag."""
        return self.kinds[0]


class Outcome(StrEnum):
    FIRED = "fired"
    CLEAR = "clear"
    NOT_EVALUABLE = "not_evaluable"
    NOT_EXECUTABLE = "not_executable"


class Evidence(BaseModel):
    """One fact that made a flag fire: where it is, what it says, and which rule and data judged it."""

    record_id: str | None = None
    record_kind: str | None = None
    field: str = Field(
        description="Path inside the record, e.g. parties[1].country", examples=["parties[1].country"]
    )
    value: Any = None
    condition: str = Field(description="The rule condition or predicate that judged the value")
    reference: str | None = Field(
        default=None, description="Reference set and its version, e.g. fatf_listed@2026-06"
    )
    message: str


class FlagResult(BaseModel):
    """What one flag said about one deal."""

    flag_id: str
    flag_version: int
    rule_version: int | None = None
    title: str
    severity: Literal["H", "M", "L"]
    outcome: Outcome
    evidence: list[Evidence] = Field(default_factory=list)
    missing: list[str] = Field(default_factory=list, description="Fields the rule needed and did not find")
    ask: str
