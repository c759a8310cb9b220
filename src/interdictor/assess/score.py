"""The combining rule: fired flags become a risk score, shown row by row, then a band.

The rule is data (`scoring.yaml` next to this module, validated on load). Each flag earns the points
of its severity (H=5, M=2, L=1; REDFLAGS.md section 5) unless an override with a stated reason says
it proves less on its own. Flags that describe one fact from different documents form a family: the
family counts its strongest flag plus one corroboration point, so one fact seen four times does not
score four times. ORD-25 counts only when another flag fired. Bands: `high` at 10 points, or when a
list match (ORD-01) or a DPRK / Iran / Syria nexus (ORD-26) fired (hold and escalate), or when three
distinct facts each worth at least 2 points (after overrides; ORD-25 never) corroborate one another
(`corroborated_high`: REDFLAGS.md section 5's combination principle; a minimum number of stages can be
required); `medium` at 5 points or with three distinct families of medium or high flags; `low` when
anything else fired.

Every contribution row names its family and whether it was the family's lead or a corroboration, and
the rows add up to the total (a test keeps it so).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, Field

from interdictor.exc import ReferenceDataError
from interdictor.flags.model import FlagResult, Outcome

__all__ = [
    "COMBINING_RULE", "Contribution", "RiskScore", "ScoringRule", "conduct_band", "load_scoring", "score",
]  # fmt: skip

SCORING_FILE = Path(__file__).with_name("scoring.yaml")
COMBINING_RULE = "families-v2"

Band = Literal["none", "low", "medium", "high"]


class Contribution(BaseModel):
    flag_id: str
    severity: str
    weight: int
    family: str | None = Field(default=None, description="The family the flag counts in, if any")
    note: str | None = None


class RiskScore(BaseModel):
    rule: str = COMBINING_RULE
    total: int
    band: Band
    contributions: list[Contribution] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class ScoringRule:
    """`scoring.yaml` as read: see the header of that file for the meaning of each part."""

    version: int
    weights: dict[str, int]
    overrides: dict[str, tuple[int, str]]
    family_of: dict[str, str]
    corroboration: int
    corroboration_cap: int
    weak_alone: frozenset[str]
    escalate: frozenset[str]
    escalate_countries: frozenset[str]
    high: int
    medium: int
    medium_families: int
    corroborated_facts: int = 0
    corroborated_points: int = 2
    corroborated_stages: int = 2
    conduct_leaves_out: frozenset[str] = frozenset()

    @property
    def name(self) -> str:
        return f"{COMBINING_RULE}/{self.version}"

    def points(self, result: FlagResult) -> tuple[int, str | None]:
        found = self.overrides.get(result.flag_id)
        if found is not None:
            return found[0], found[1]
        return self.weights[result.severity], None


def load_scoring(path: Path = SCORING_FILE) -> ScoringRule:
    """Read and check a scoring file; every problem is reported at once."""
    try:
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{path}: cannot read the scoring rule: {exc}") from exc
    problems: list[str] = []
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path}: expected a mapping")
    known = {
        "version", "weights", "overrides", "families", "corroboration", "corroboration_cap",
        "weak_alone", "escalate", "escalate_countries", "bands", "corroborated_high", "conduct_leaves_out",
    }  # fmt: skip
    problems += [f"unknown key {k!r}" for k in data if k not in known]
    weights = data.get("weights") or {}
    if set(weights) != {"H", "M", "L"} or not all(isinstance(v, int) for v in weights.values()):
        problems.append("weights: give integer points for H, M and L")
    overrides: dict[str, tuple[int, str]] = {}
    for flag, spec in (data.get("overrides") or {}).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("points"), int) or not spec.get("why"):
            problems.append(f"overrides.{flag}: needs integer 'points' and a 'why'")
            continue
        overrides[flag] = (spec["points"], " ".join(str(spec["why"]).split()))
    family_of: dict[str, str] = {}
    for name, spec in (data.get("families") or {}).items():
        flags = spec.get("flags") if isinstance(spec, dict) else None
        if not isinstance(flags, list) or not flags:
            problems.append(f"families.{name}: needs a list of flags")
            continue
        for flag in flags:
            if flag in family_of:
                problems.append(f"families.{name}: {flag} is already in family {family_of[flag]}")
            family_of[flag] = name
    bands = data.get("bands") or {}
    for key in ("high", "medium", "medium_families"):
        if not isinstance(bands.get(key), int):
            problems.append(f"bands.{key}: needs an integer")
    corroborated = data.get("corroborated_high") or {"facts": 0, "points": 2, "stages": 2}
    if not isinstance(corroborated, dict) or not all(
        isinstance(corroborated.get(k), int) for k in ("facts", "points", "stages")
    ):
        problems.append("corroborated_high: needs integer 'facts', 'points' and 'stages'")
        corroborated = {"facts": 0, "points": 2, "stages": 2}
    if problems:
        raise ReferenceDataError(f"{len(problems)} problems in {path}:\n  " + "\n  ".join(problems))
    return ScoringRule(
        version=int(data.get("version", 1)),
        weights=dict(weights),
        overrides=overrides,
        family_of=family_of,
        corroboration=int(data.get("corroboration", 1)),
        corroboration_cap=int(data.get("corroboration_cap", 1)),
        weak_alone=frozenset(data.get("weak_alone") or ()),
        escalate=frozenset(data.get("escalate") or ()),
        escalate_countries=frozenset(data.get("escalate_countries") or ()),
        high=bands["high"],
        medium=bands["medium"],
        medium_families=bands["medium_families"],
        corroborated_facts=corroborated["facts"],
        corroborated_points=corroborated["points"],
        corroborated_stages=corroborated["stages"],
        conduct_leaves_out=frozenset(data.get("conduct_leaves_out") or ()),
    )


@cache
def default_scoring() -> ScoringRule:
    return load_scoring()


def _escalates(result: FlagResult, rule: ScoringRule) -> bool:
    if result.flag_id not in rule.escalate:
        return False
    if result.flag_id != "ORD-26":
        return True
    return any(str(e.value) in rule.escalate_countries for e in result.evidence)


@cache
def _catalogue_stages() -> dict[str, str]:
    from interdictor.flags import default_catalogue

    return {flag.id: flag.stage for flag in default_catalogue()}


def stage_of(flag_id: str) -> str:
    """The catalogue's stage of a flag: facts seen at different stages come from different actors and
    documents. A flag the catalogue does not hold is a stage of its own."""
    return _catalogue_stages().get(flag_id, flag_id)


def _corroborated(
    fired: list[FlagResult], rows: dict[str, Contribution], rule: ScoringRule
) -> tuple[set[str], set[str]]:
    """The distinct facts (families, or single flags) whose lead earns at least `corroborated_points`
    after overrides, and the stages they were seen at."""
    facts: set[str] = set()
    stages: set[str] = set()
    for result in fired:
        if result.flag_id in rule.weak_alone or rule.points(result)[0] < rule.corroborated_points:
            continue
        row = rows[result.flag_id]
        facts.add(row.family or result.flag_id)
        stages.add(stage_of(result.flag_id))
    return facts, stages


def score(results: list[FlagResult], rule: ScoringRule | None = None) -> RiskScore:
    """The score of the fired results among `results`, with one contribution row per fired flag."""
    rule = rule or default_scoring()
    fired = [r for r in results if r.outcome == Outcome.FIRED]
    others = [r for r in fired if r.flag_id not in rule.weak_alone]
    # strongest first within each family, so the lead is the flag that proves most
    ranked = sorted(fired, key=lambda r: -rule.points(r)[0])
    extra: dict[str, int] = {}
    leads: set[str] = set()
    rows: dict[str, Contribution] = {}
    for result in ranked:
        points, why = rule.points(result)
        family = rule.family_of.get(result.flag_id)
        note = why
        if result.flag_id in rule.weak_alone and not others:
            points, note = 0, "counts only together with another flag"
        elif family is not None and family in leads:
            used = extra.get(family, 0)
            points = max(0, min(rule.corroboration, rule.corroboration_cap - used, points))
            extra[family] = used + points
            note = f"corroborates {family} (counted once)"
        elif family is not None:
            leads.add(family)
        rows[result.flag_id] = Contribution(
            flag_id=result.flag_id, severity=result.severity, weight=points, family=family, note=note
        )
    contributions = [rows[r.flag_id] for r in fired]
    total = sum(row.weight for row in contributions)
    facts = {rule.family_of.get(r.flag_id, r.flag_id) for r in others if r.severity in {"M", "H"}}
    reasons: list[str] = []
    escalate = sorted({r.flag_id for r in fired if _escalates(r, rule)})
    if escalate:
        reasons.append(f"{', '.join(escalate)} fired: hold and escalate")
    if total >= rule.high:
        reasons.append(f"score {total} >= {rule.high}")
    elif total >= rule.medium:
        reasons.append(f"score {total} >= {rule.medium}")
    if len(facts) >= rule.medium_families:
        reasons.append(f"{len(facts)} distinct facts of medium or high severity")
    strong, stages = _corroborated(fired, rows, rule)
    corroborated = (
        rule.corroborated_facts > 0
        and len(strong) >= rule.corroborated_facts
        and len(stages) >= rule.corroborated_stages
    )
    if corroborated and not escalate and total < rule.high:
        reasons.append(
            f"{len(strong)} distinct facts of at least {rule.corroborated_points} points each, seen at"
            f" {len(stages)} stages ({', '.join(sorted(stages))}): corroborated"
        )
    band: Band
    if escalate or total >= rule.high or corroborated:
        band = "high"
    elif total >= rule.medium or len(facts) >= rule.medium_families:
        band = "medium"
    elif total > 0:
        band = "low"
    else:
        band = "none"
    return RiskScore(rule=rule.name, total=total, band=band, contributions=contributions, reasons=reasons)


def conduct_band(results: list[FlagResult], rule: ScoringRule | None = None) -> Band:
    """The band a deal's own records earn, without the flags `conduct_leaves_out` names (list matches):
    what the graph counts as a flagged deal when it looks for recurring facilitators (NET-12)."""
    rule = rule or default_scoring()
    return score([r for r in results if r.flag_id not in rule.conduct_leaves_out], rule).band
