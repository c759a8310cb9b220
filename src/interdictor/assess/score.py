"""The combining rule: flag weights add up to a risk score, shown row by row, then a band.

Score = sum of the severity weights (H=5, M=2, L=1; REDFLAGS.md section 5) of the flags that fired,
each flag counted once however many facts it found. ORD-25 (ties to a country of concern) counts
only when another flag fired: it must never raise a case on its own. Bands: `high` when score >= 10
or a list match (ORD-01) or a DPRK / Iran / Syria nexus (ORD-26) fired (hold and escalate); `medium`
(enhanced due diligence) when score >= 5 or at least three distinct M flags fired; `low` when
anything else fired; `none` otherwise.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from interdictor.flags.model import SEVERITY_WEIGHT, FlagResult, Outcome

__all__ = ["COMBINING_RULE", "Contribution", "RiskScore", "score"]

COMBINING_RULE = "sum-of-severity-v1"
HIGH, MEDIUM = 10, 5
ESCALATE = {"ORD-01", "ORD-26"}
WEAK_ALONE = {"ORD-25"}

Band = Literal["none", "low", "medium", "high"]


class Contribution(BaseModel):
    flag_id: str
    severity: str
    weight: int
    note: str | None = None


class RiskScore(BaseModel):
    rule: str = COMBINING_RULE
    total: int
    band: Band
    contributions: list[Contribution] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


#: ORD-26 escalates on its own only for these countries (UN-embargoed programmes of REDFLAGS.md: DPRK, Iran,
#: Syria); for other restricted destinations it adds its weight like any H flag.
ESCALATE_COUNTRIES = frozenset({"KP", "IR", "SY"})


def _escalates(result: FlagResult) -> bool:
    if result.flag_id != "ORD-26":
        return result.flag_id in ESCALATE
    return any(str(e.value) in ESCALATE_COUNTRIES for e in result.evidence)


def score(results: list[FlagResult]) -> RiskScore:
    fired = [r for r in results if r.outcome == Outcome.FIRED]
    others = [r for r in fired if r.flag_id not in WEAK_ALONE]
    rows: list[Contribution] = []
    for result in fired:
        weight = SEVERITY_WEIGHT[result.severity]
        note = None
        if result.flag_id in WEAK_ALONE and not others:
            weight, note = 0, "counts only together with another flag"
        rows.append(Contribution(flag_id=result.flag_id, severity=result.severity, weight=weight, note=note))
    total = sum(row.weight for row in rows)
    reasons: list[str] = []
    escalate = sorted({r.flag_id for r in fired if _escalates(r)})
    medium_flags = sum(1 for r in others if r.severity == "M")
    if escalate:
        reasons.append(f"{', '.join(escalate)} fired: hold and escalate")
    if total >= HIGH:
        reasons.append(f"score {total} >= {HIGH}")
    elif total >= MEDIUM:
        reasons.append(f"score {total} >= {MEDIUM}")
    if medium_flags >= 3:
        reasons.append(f"{medium_flags} distinct medium flags")
    band: Band
    if escalate or total >= HIGH:
        band = "high"
    elif total >= MEDIUM or medium_flags >= 3:
        band = "medium"
    elif total > 0:
        band = "low"
    else:
        band = "none"
    return RiskScore(total=total, band=band, contributions=rows, reasons=reasons)
