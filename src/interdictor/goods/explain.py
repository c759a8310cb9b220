"""Turn an analysis into the `Classification` a reviewer reads: entries, values, reasons, questions.

Kept apart from the decision logic so the wording of explanations can change without touching
what decides a verdict.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from interdictor.goods.logic import MET, NEAR, NOT_MET, UNKNOWN, UNKNOWN_NEAR
from interdictor.goods.model import (
    CatchAllWarning,
    Classification,
    HsCheck,
    Status,
)
from interdictor.goods.spec import Catalogue

if TYPE_CHECKING:
    from interdictor.goods.engine import Analysis, EntryState

__all__ = ["build_classification", "refuse"]

_OUTCOME = {
    MET: "controlled",
    NEAR: "near_threshold",
    UNKNOWN_NEAR: "near_threshold",
    UNKNOWN: "undecided",
    NOT_MET: "not_controlled",
}
_OP_WORDS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥", "in": "in"}


def refuse(reason: str, cat: Catalogue, margin: float, destination: str | None) -> Classification:
    """`insufficient_data` for text that cannot be classified at all (empty, oversized)."""
    return Classification(
        status=Status.INSUFFICIENT_DATA,
        reasons=[reason],
        destination=destination,
        margin=margin,
        catalogue_version=cat.version,
    )


def _entry_result(state: EntryState) -> dict[str, Any]:
    """The fields of an EntryResult (validated with the whole classification)."""
    entry = state.entry
    value = state.evaluation.value
    outcome = "superseded" if state.superseded_by else _OUTCOME[value]
    return {
        "entry_id": entry.id,
        "eu_code": entry.eu,
        "us_eccn": entry.us,
        "regime": entry.regime,
        "title": entry.title,
        "outcome": outcome,
        "confidence": entry.confidence,
        "unverified": entry.unverified,
        "source": entry.source,
        "conditions": state.evaluation.conditions,
        "missing": state.evaluation.missing,
        "superseded_by": state.superseded_by,
        "parent": entry.parent,
        "near_cues": list(entry.near_cues) if value in (NEAR, UNKNOWN_NEAR, UNKNOWN) else [],
        "exclusions": list(entry.exclusions),
    }


def _other_kind(state: EntryState) -> bool:
    """An entry for another sub-type than the one named (a turning entry for a milling machine): not shown."""
    return state.evaluation.value == NOT_MET and any(
        c["outcome"] == "not_met" and c["parameter"].startswith("kind:") for c in state.evaluation.conditions
    )


def _describe(state: EntryState) -> str:
    entry = state.entry
    label = f"{entry.id} ({entry.regime}{', unverified limit' if entry.unverified else ''})"
    value = state.evaluation.value
    parts = []
    for cond in state.evaluation.conditions:
        if cond["outcome"] == "unknown" or (value == MET and cond["outcome"] != "met"):
            continue
        if value in (NEAR, UNKNOWN_NEAR) and cond["outcome"] != "near":
            continue
        if value == NOT_MET and cond["outcome"] != "not_met":
            continue
        if cond["parameter"].startswith("kind:") or cond["parameter"] == "term":
            continue
        if cond["comparator"] == "mentions":
            # a named term condition (especially_designed): show the words that met it
            parts.append(f"{cond['parameter']}: '{cond['value_text']}'")
            continue
        shown = cond["value_text"] or cond["value"]
        unit = f" {cond['unit']}" if cond["unit"] else ""
        limit = ", ".join(cond["limit"]) if isinstance(cond["limit"], list) else f"{cond['limit']:g}{unit}"
        derived = f"{cond['value']:g}{unit} (derived)" if cond["value_text"] is None else ""
        near = (
            f", {cond['gap']:.0%} from the limit"
            if cond["outcome"] == "near" and cond["gap"] is not None
            else ""
        )
        parts.append(
            f"{cond['parameter']} {derived or shown} vs {_OP_WORDS.get(cond['comparator'], '?')} "
            f"{limit}{near}"
        )
    if value == MET:
        return f"{label} met: " + ("; ".join(parts) if parts else "the item type alone is listed")
    if value in (NEAR, UNKNOWN_NEAR):
        return f"{label} just missed: " + "; ".join(parts)
    if value == NOT_MET:
        return f"{label} not met: " + ("; ".join(parts) if parts else "the item is another sub-type")
    return f"{label} undecided: needs " + ", ".join(state.evaluation.missing or ["the item type"])


def build_classification(
    analysis: Analysis,
    status: Status,
    hs: HsCheck | None,
    warnings: list[CatchAllWarning],
    destination: str | None,
    margin: float,
    cat: Catalogue,
) -> Classification:
    active = [s for s in analysis.states if s.superseded_by is None]
    controlled = [s for s in active if s.evaluation.value == MET]
    near = [s for s in active if s.evaluation.value in (NEAR, UNKNOWN_NEAR)]
    undecided = [s for s in active if s.evaluation.value in (UNKNOWN, UNKNOWN_NEAR)]
    if analysis.problems:
        # the text contradicts itself: no entry is reported as met or near, all stay undecided
        undecided = [s for s in active if s.evaluation.value != NOT_MET]
        controlled, near = [], []
    reasons = list(analysis.reasons)
    reasons.extend(f"input problem: {p}" for p in analysis.problems)
    if status != Status.INSUFFICIENT_DATA or not analysis.problems:
        for state in controlled + near + (undecided if not controlled else []):
            reasons.append(_describe(state))
        if status == Status.NOT_LISTED:
            # say why each candidate entry was cleared, so the audit trail shows what was compared
            reasons.extend(
                _describe(s) for s in active if s.evaluation.value == NOT_MET and not _other_kind(s)
            )
    if status == Status.NOT_LISTED and analysis.consumer and undecided:
        reasons.append(
            f"'{analysis.consumer}' places the item in everyday use; no listed limit is shown to be met"
        )
    if not analysis.families and not reasons:
        reasons.append("the description names none of the item families in the catalogue")
    questions: dict[str, dict[str, Any]] = {}  # Question fields, keyed by the question asked
    if status != Status.CONTROLLED:
        for state in undecided + near:
            family = cat.families[state.entry.family]
            for name in state.evaluation.missing:
                ask = state.evaluation.asks.get(name) or family.params[name].ask
                question = questions.get(ask)
                if question is None:
                    question = questions[ask] = {"parameter": name, "ask": ask, "entries": []}
                if state.entry.id not in question["entries"]:
                    question["entries"].append(state.entry.id)
    parameters: list[dict[str, Any]] = []
    for family_id, reading in analysis.readings.items():
        family = cat.families[family_id]
        for name, values in reading.values.items():
            for value in values:
                parameters.append(
                    {
                        "parameter": name,
                        "family": family_id,
                        "value": float(f"{value.lo:.6g}"),
                        "high": float(f"{value.hi:.6g}") if value.hi != value.lo else None,
                        "unit": _canonical_unit(family.params[name].kind),
                        "text": analysis.text[value.start : value.end] if not value.derived_from else "",
                        "span": (value.start, value.end),
                        "derived_from": list(value.derived_from),
                    }
                )
        for name, (keys, start, end) in reading.materials.items():
            parameters.append(
                {
                    "parameter": name,
                    "family": family_id,
                    "materials": keys,
                    "text": analysis.text[start:end],
                    "span": (start, end),
                }
            )
    if hs is not None and hs.note:
        reasons.append(hs.note)
    deciding = controlled if controlled else near
    return Classification.model_validate(
        {
            "status": status,
            "entries": [s.entry.id for s in controlled],
            "near_entries": [s.entry.id for s in near],
            "undecided_entries": [s.entry.id for s in undecided],
            "families": [f.id for f in analysis.families],
            "parameters": parameters,
            "explanations": [_entry_result(s) for s in analysis.states if not _other_kind(s)],
            "ask": list(questions.values()),
            "reasons": reasons,
            "catch_all": warnings,
            "hs": hs,
            "destination": destination,
            "margin": margin,
            "catalogue_version": cat.version,
            "unverified": any(s.entry.unverified for s in deciding),
        }
    )


_CANONICAL = {
    "pressure": "Pa",
    "length": "m",
    "frequency": "Hz",
    "flow": "m³/s",
    "temperature": "K",
    "power": "W",
    "voltage": "V",
    "current": "A",
    "capacitance": "F",
    "inductance": "H",
    "energy": "J",
    "time": "s",
    "frame_rate": "1/s",
    "sample_rate": "S/s",
    "acceleration": "g",
    "mass": "kg",
    "angular_rate": "°/h",
    "arw": "°/√h",
    "resistance": "Ω",
    "area": "m²",
    "volume": "m³",
    "force": "N",
    "rotational_speed": "rpm",
    "density": "kg/m³",
    "ion_mass": "u",
    "fraction": "%",
    "speed": "m/s",
    "sfc": "kg/(N·h)",
    "unbalance": "g·mm/kg",
    "specific_length": "m",
}


def _canonical_unit(kind: str) -> str | None:
    return _CANONICAL.get(kind)
