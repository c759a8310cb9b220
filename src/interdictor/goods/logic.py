"""Three-valued evaluation of an entry's logic, with a fourth value for "missed, but only just".

Each comparison is MET, NEAR (not met, but within the margin of the limit on the uncontrolled
side), NOT_MET, or UNKNOWN (the text does not give the parameter). `all` and `any` combine them:

    all: NOT_MET if any child is NOT_MET; else NEAR if any is NEAR (the entry already fails, so
         unknown siblings cannot make it controlled); else UNKNOWN if any is unknown; else MET.
    any: MET if any child is MET; else UNKNOWN if any is unknown (flagged "near" when another route
         was missed narrowly); else NEAR if any is NEAR; else NOT_MET.

So "550 Hz, stability not given" is NEAR for 3A225, and "0.55 °/h, ARW not given" is UNKNOWN with a
near route for 7A002: the first is reported near the threshold, the second too, with ARW to ask.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from interdictor.goods.assign import Reading
from interdictor.goods.spec import Condition, Family, KindLeaf, Leaf, Node, TermLeaf
from interdictor.goods.units import UnitTable

__all__ = ["MET", "NEAR", "NOT_MET", "UNKNOWN", "UNKNOWN_NEAR", "Evaluation", "evaluate"]

NOT_MET, NEAR, UNKNOWN_NEAR, UNKNOWN, MET = 0, 1, 2, 3, 4
_OUTCOME = {NOT_MET: "not_met", NEAR: "near", UNKNOWN: "unknown", UNKNOWN_NEAR: "unknown", MET: "met"}
_EPS = 1e-9


@dataclass(slots=True)
class Evaluation:
    value: int
    conditions: list[dict[str, Any]] = field(default_factory=list)  # ConditionResult fields
    missing: list[str] = field(default_factory=list)
    asks: dict[str, str] = field(default_factory=dict)  # questions for missing names that are not parameters


def _compare(op: str, value: float, limit: float) -> bool:
    if op == "<":
        return value < limit
    if op == "<=":
        return value <= limit * (1 + _EPS) if limit >= 0 else value <= limit
    if op == ">":
        return value > limit
    return value >= limit * (1 - _EPS) if limit >= 0 else value >= limit


class _Evaluator:
    def __init__(
        self, family: Family, reading: Reading, low: str, text: str, margin: float, units: UnitTable
    ):
        self.family = family
        self.reading = reading
        self.low = low
        self.text = text
        self.margin = margin
        self.units = units
        self.conditions: list[dict[str, Any]] = []
        self.missing: list[str] = []
        self.asks: dict[str, str] = {}

    def run(self, node: Condition) -> int:
        if isinstance(node, Node):
            results = [self.run(child) for child in node.children]
            if node.mode == "all":
                return min(results) if results else MET
            if MET in results:
                return MET
            unknown = any(r in (UNKNOWN, UNKNOWN_NEAR) for r in results)
            near = any(r in (NEAR, UNKNOWN_NEAR) for r in results)
            if unknown:
                return UNKNOWN_NEAR if near else UNKNOWN
            return NEAR if near else NOT_MET
        if isinstance(node, Leaf):
            return self.leaf(node)
        if isinstance(node, KindLeaf):
            mentioned = self.reading.kinds.get(node.group)
            if not mentioned:
                self._record(f"kind:{node.group}", "in", sorted(node.kinds), None, None, None, None, UNKNOWN)
                return UNKNOWN
            value = MET if mentioned & node.kinds else NOT_MET
            self._record(
                f"kind:{node.group}", "in", sorted(node.kinds), None, sorted(mentioned), None, None, value
            )
            return value
        assert isinstance(node, TermLeaf)
        match = node.pattern.search(self.low)
        if match is None:
            self._record(node.name, "mentions", list(node.terms), None, None, None, None, UNKNOWN)
            if node.ask is not None:
                self._missing(node.name)
                self.asks[node.name] = node.ask
            return UNKNOWN
        span = (match.start(), match.end())
        self._record(
            node.name, "mentions", list(node.terms), None, None, self.text[span[0] : span[1]], span, MET
        )
        return MET

    def leaf(self, leaf: Leaf) -> int:
        param = self.family.params[leaf.param]
        if leaf.op == "in":
            found = self.reading.materials.get(leaf.param)
            if found is None:
                self._missing(leaf.param)
                self._record(leaf.param, "in", sorted(leaf.values), None, None, None, None, UNKNOWN)
                return UNKNOWN
            keys, start, end = found
            outcome = MET if leaf.values.intersection(keys) else NOT_MET
            self._record(
                leaf.param, "in", sorted(leaf.values), None, keys, self.text[start:end], (start, end), outcome
            )
            return outcome
        want_high = leaf.op in (">", ">=")
        best = self.reading.best(param, want_high)
        if best is None:
            self._missing(leaf.param)
            self._record(leaf.param, leaf.op, leaf.shown_limit, leaf.unit, None, None, None, UNKNOWN)
            return UNKNOWN
        value = best.hi if (param.range == "max" or (param.range == "capability" and want_high)) else best.lo
        if param.range == "min":
            value = best.lo
        if best.better_strict and param.better is not None:
            value = value * (1 - _EPS) if param.better == "lower" else value * (1 + _EPS)
        gap = None
        if _compare(leaf.op, value, leaf.limit):
            result = MET
        else:
            if leaf.conversion.offset:
                # °C and °F: the margin applies to the limit as written (1,300 °C is 13 % below 1,500 °C)
                shown = self.units.display(value, leaf.conversion)
                gap = abs(shown - leaf.shown_limit) / abs(leaf.shown_limit) if leaf.shown_limit else None
            else:
                gap = abs(value - leaf.limit) / abs(leaf.limit) if leaf.limit else None
            result = (
                NEAR
                if (gap is not None and gap <= self.margin and not (param.discrete or param.selector))
                else NOT_MET
            )
        text = self.text[best.start : best.end] if not best.derived_from else None
        self._record(
            leaf.param,
            leaf.op,
            leaf.shown_limit,
            leaf.unit,
            self._show(value, leaf),
            text,
            (best.start, best.end),
            result,
            gap,
        )
        return result

    def _show(self, value: float, leaf: Leaf) -> float:
        return float(f"{self.units.display(value, leaf.conversion):.6g}")

    def _missing(self, name: str) -> None:
        if name not in self.missing:
            self.missing.append(name)

    def _record(
        self,
        parameter: str,
        comparator: str,
        limit: float | list[str],
        unit: str | None,
        value: float | list[str] | None,
        text: str | None,
        span: tuple[int, int] | None,
        result: int,
        gap: float | None = None,
    ) -> None:
        # plain dicts: pydantic validates the whole classification once, in Rust, at the end
        self.conditions.append(
            {
                "parameter": parameter,
                "comparator": comparator,
                "limit": limit,
                "unit": unit,
                "value": value,
                "value_text": text,
                "span": span,
                "outcome": _OUTCOME[result],
                "gap": round(gap, 4) if gap is not None else None,
            }
        )


def evaluate(
    logic: Condition | None,
    family: Family,
    reading: Reading,
    low: str,
    text: str,
    margin: float,
    units: UnitTable,
) -> Evaluation:
    """Evaluate `logic` (None means the item's identity alone decides: MET)."""
    if logic is None:
        return Evaluation(MET)
    evaluator = _Evaluator(family, reading, low, text, margin, units)
    value = evaluator.run(logic)
    return Evaluation(value, evaluator.conditions, evaluator.missing, evaluator.asks)
