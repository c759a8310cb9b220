"""Which number in the text is which parameter of an item family, and what cannot be trusted.

A description says "input 380-480 V 50/60 Hz, output 0-1500 Hz, 2.2 kVA, frequency accuracy
±0.01 %": the frequency changer family has one power, one frequency and one fraction parameter,
so the units decide, and the cue words ("output", "accuracy"; not "input") settle which frequency.
When a family has two parameters of one kind (tensile strength and modulus, both in GPa), only a
cue word assigns a number. Problems found on the way (a unit that contradicts its cue word, an
impossible value, an unknown unit right after a cue word, two spellings of one value that
disagree) are returned, and the classifier answers `insufficient_data` instead of guessing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import pairwise

from interdictor.goods.extract import Quantity
from interdictor.goods.spec import Family, ParamDef
from interdictor.goods.units import KIND_BOUNDS

__all__ = ["Reading", "Value", "assign_parameters"]

_DELIMITER = re.compile(r"[,;|\n\t•()\[\]]|\.\s")
_WINDOW = 60
_AFTER = 4  # a cue right after the value ("10 Torr full scale", "150 mm ID")
_NOT_UNITS = frozenset(
    {
        "pcs",
        "pc",
        "pieces",
        "piece",
        "units",
        "unit",
        "x",
        "and",
        "or",
        "to",
        "of",
        "per",
        "with",
        "qty",
        "nos",
        "sets",
        "set",
        "channels",
        "channel",
        "years",
        "year",
        "months",
        "days",
        "series",
        "class",
        "grade",
        "type",
        "model",
        "version",
        "no",
        "nr",
        "ea",
        "each",
        "lot",
        "lots",
        "rolls",
        "off",
        "mm",
    }
)
G0 = 9.80665


@dataclass(slots=True)
class Value:
    """A parameter value: canonical low and high, where it came from, how confidently assigned."""

    lo: float
    hi: float
    start: int
    end: int
    cued: bool
    basis: str | None = None
    derived_from: tuple[str, ...] = ()
    better_strict: bool = False


@dataclass(slots=True)
class Reading:
    """Everything read from one text for one family."""

    values: dict[str, list[Value]] = field(default_factory=dict)
    materials: dict[str, tuple[list[str], int, int]] = field(default_factory=dict)
    kinds: dict[str, set[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def best(self, param: ParamDef, want_high: bool) -> Value | None:
        values = self.values.get(param.name)
        if not values:
            return None
        cued = [v for v in values if v.cued] or values
        if param.range == "max" or (param.range == "capability" and want_high):
            return max(cued, key=lambda v: v.hi)
        return min(cued, key=lambda v: v.lo)


def _window_start(low: str, pos: int, floor: int) -> int:
    """Start of the text that can hold this value's cue: back to the last delimiter, or one further when
    the value opens its own segment and the segment before holds no number ("sheet, 0.8 mm")."""
    start = max(floor, pos - _WINDOW)
    delimiters = [m for m in _DELIMITER.finditer(low, start, pos)]
    if not delimiters:
        return start
    last = delimiters[-1].end()
    if low[last:pos].strip() == "":
        previous = delimiters[-2].end() if len(delimiters) > 1 else start
        if not any(c.isdigit() for c in low[previous : delimiters[-1].start()]):
            return previous
    return last


def _cue_distance(param: ParamDef, low: str, q: Quantity, ws: int, after_end: int) -> int | None:
    """Distance from the value to this parameter's nearest cue, or None (no cue, or a not-cue is closer)."""
    best: int | None = None
    best_pos = -1
    if param.cues is not None:
        for match in param.cues.finditer(low, ws, q.start):
            best_pos = match.end()
        if best_pos >= 0:
            best = q.start - best_pos
        after = param.cues.match(low, q.end + (1 if low[q.end : q.end + 1] == " " else 0), after_end)
        if after is not None:
            best = 0
    if param.not_cues is not None:
        not_pos = -1
        for match in param.not_cues.finditer(low, ws, q.start):
            not_pos = match.end()
        if not_pos >= 0 and not_pos >= best_pos and best != 0:
            return None
    return best


def _fits(q: Quantity, param: ParamDef) -> bool:
    span = q.values(param.kind)
    if span is None:
        return False
    lo, hi = span
    if param.kind == "voltage":
        lo, hi = sorted((abs(lo), abs(hi)))
    return _plausible(param, lo, hi)


def _plausible(param: ParamDef, lo: float, hi: float) -> bool:
    bound_lo, bound_hi = KIND_BOUNDS.get(param.kind, (float("-inf"), float("inf")))
    if param.kind == "temperature":
        bound_lo = 0.0
    if param.plausible is not None:
        bound_lo, bound_hi = max(bound_lo, param.plausible[0]), min(bound_hi, param.plausible[1])
    return bound_lo <= lo and hi <= bound_hi


def assign_parameters(text: str, low: str, quantities: list[Quantity], family: Family) -> Reading:
    """Assign the quantities of `text` to the parameters of `family`; `low` is `text` lower-cased."""
    reading = Reading()
    params = [p for p in family.params.values() if p.derived_op is None or p.cues is not None]
    by_kind: dict[str, list[ParamDef]] = {}
    for param in params:
        by_kind.setdefault(param.kind, []).append(param)
    previous_end = 0
    for q in quantities:
        ws = _window_start(low, q.start, previous_end if previous_end <= q.start else 0)
        after_end = min(len(low), q.end + _AFTER + 24)
        delimiter = _DELIMITER.search(low, q.end, after_end)
        if delimiter is not None:
            after_end = delimiter.start()
        candidates: list[tuple[int, ParamDef]] = []
        uncued: list[ParamDef] = []
        for kind in q.kinds:
            for param in by_kind.get(kind, ()):
                distance = _cue_distance(param, low, q, ws, after_end)
                if distance is not None:
                    candidates.append((distance, param))
                elif not param.cue_required and not (
                    param.not_cues is not None and param.not_cues.search(low, ws, q.start)
                ):
                    uncued.append(param)
        chosen: list[ParamDef] = []
        cued = False
        if candidates:
            nearest = min(c[0] for c in candidates)
            # equally near cues ("DN 300" for a column and a valve size) give the value to each
            chosen = [param for distance, param in candidates if distance == nearest]
            cued = True
        elif len(uncued) > 1 and sum(_fits(q, p) for p in uncued) == 1:
            # only one parameter of this kind can physically take the value (230 GPa is a fibre's modulus,
            # 4.9 GPa its strength)
            chosen = [p for p in uncued if _fits(q, p)]
        elif len(uncued) == 1:
            chosen = uncued
        elif q.qualifier == "±" and any(p.plus_minus for p in uncued):
            # "±2 g" with no cue word is a symmetric measuring range, not a bias or an error
            chosen = [p for p in uncued if p.plus_minus]
        elif not q.kinds or q.kinds == ("number",) or all(k not in by_kind for k in q.kinds):
            _check_contradiction(q, text, low, ws, family, reading)
        previous_end = q.end
        for param in chosen:
            if cued or _fits(q, param):
                _store(q, param, cued, text, reading)
            # an uncued value that cannot be this parameter ("grade 1 bar" read as 1 bar) is not a value
    _check_equivalents(quantities, text, reading)
    for param in family.params.values():
        if param.vocabulary is not None:
            found = param.vocabulary.find(low)
            if found:
                first = min(span[0] for span in found.values())
                last = max(span[1] for span in found.values())
                reading.materials[param.name] = (list(found), first, last)
    for group, lexicon in family.kinds.items():
        mentioned = lexicon.find(low)
        if mentioned:
            reading.kinds[group] = set(mentioned)
    _derive(family, reading)
    return reading


def _store(q: Quantity, param: ParamDef, cued: bool, text: str, reading: Reading) -> None:
    """Keep one assigned value, unless it is impossible (then it becomes a problem, never a value)."""
    span = q.values(param.kind)
    if span is None:
        return
    lo, hi = span
    shown = text[q.start : q.end]
    if q.negative and param.kind not in ("temperature", "voltage"):
        reading.problems.append(f"impossible value for {param.name}: '{shown}' is negative")
        return
    if param.kind == "voltage":
        lo, hi = sorted((abs(lo), abs(hi)))
    if not _plausible(param, lo, hi):
        reading.problems.append(f"impossible value for {param.name}: '{shown}'")
        return
    reading.values.setdefault(param.name, []).append(
        Value(lo, hi, q.start, q.end, cued, q.basis, better_strict=q.qualifier == "better than")
    )


# Cue words too general to prove a unit wrong ("output 1-10 kHz" is fine for a furnace's power supply).
_GENERIC_CUES = frozenset(
    {
        "output",
        "input",
        "max",
        "max.",
        "maximum",
        "min",
        "min.",
        "range",
        "up to",
        "rated",
        "capacity",
        "size",
        "speed",
        "in",
        "into",
        "load",
        "peak",
        "rate",
        "frames",
        "tank",
        "id",
        "od",
        "dn",
        "fs",
        "ts",
        "rm",
        "gate",
    }
)


def _check_contradiction(q: Quantity, text: str, low: str, ws: int, family: Family, reading: Reading) -> None:
    """A unit (or unknown word) right after a cue word of a parameter of another kind is reported."""
    gap = low[ws : q.start].rstrip(" :=\u00a0")
    for param in family.params.values():
        if param.cues is None or param.vocabulary is not None:
            continue
        for match in param.cues.finditer(gap):
            if match.end() != len(gap) or match.group("t") in _GENERIC_CUES:
                continue
            shown = text[q.start : q.end]
            if q.spelling is not None:
                reading.problems.append(
                    f"contradictory unit: '{text[ws + match.start() : ws + match.end()]} {shown}' gives "
                    f"{param.name} (a {param.kind}) in {q.spelling}, a unit of {'/'.join(q.kinds)}"
                )
            elif (
                q.unknown_word and q.unknown_word.lower() not in _NOT_UNITS and param.kind not in ("number",)
            ):
                reading.problems.append(
                    f"unknown unit '{q.unknown_word}' for {param.name} in "
                    f"'{text[ws + match.start() : q.end + 1 + len(q.unknown_word)].strip()}'"
                )
            return


_EQUIV = re.compile(r"\s*(?:\(|=|≈|~|/)\s*$")


def _check_equivalents(quantities: list[Quantity], text: str, reading: Reading) -> None:
    """'10 Torr (13.3 mbar)' must state one value twice; '10 Torr (100 mbar)' is a contradiction."""
    for first, second in pairwise(quantities):
        if first.spelling is None or second.spelling is None or second.start - first.end > 4:
            continue
        if not _EQUIV.match(text[first.end : second.start]):
            continue
        for kind in first.kinds:
            a, b = first.values(kind), second.values(kind)
            if a is None or b is None or max(abs(a[1]), abs(b[1])) == 0:
                continue
            if abs(a[1] - b[1]) > 0.05 * max(abs(a[1]), abs(b[1])):
                reading.problems.append(
                    f"contradictory units: '{text[first.start : first.end]}' and "
                    f"'{text[second.start : second.end]}' "
                    "are given as the same value but differ"
                )
            break


def _derive(family: Family, reading: Reading) -> None:
    """Derived parameters: specific modulus and strength, absolute accuracy at a pressure, stored energy."""
    for param in family.params.values():
        if param.derived_op is None or reading.values.get(param.name):
            continue
        args = dict(param.derived_args)
        inputs: list[Value] = []
        if param.derived_op == "specific":
            value = reading.best(family.params[str(args["value"])], want_high=True)
            density = reading.best(family.params[str(args["density"])], want_high=False)
            if value is None or density is None or density.lo <= 0:
                continue
            inputs = [value, density]
            result = (value.hi / (density.lo * G0), value.hi / (density.lo * G0))
        elif param.derived_op == "percent_at":
            from interdictor.goods.units import convert_limit

            percent = reading.best(family.params[str(args["percent"])], want_high=False)
            full_scale = reading.best(family.params[str(args["full_scale"])], want_high=True)
            if percent is None or full_scale is None:
                continue
            at = convert_limit(float(args["at_value"]), str(args["at_unit"]), "pressure")
            base = at if percent.basis == "reading" else max(full_scale.hi, at)
            inputs = [percent, full_scale]
            result = (percent.lo / 100.0 * base, percent.lo / 100.0 * base)
        elif param.derived_op == "capacitor_energy":
            capacitance = reading.best(family.params[str(args["capacitance"])], want_high=True)
            voltage = reading.best(family.params[str(args["voltage"])], want_high=True)
            if capacitance is None or voltage is None:
                continue
            inputs = [capacitance, voltage]
            energy = 0.5 * capacitance.hi * voltage.hi**2
            result = (energy, energy)
        elif param.derived_op == "first_of":
            # the first parameter when given, else the second (an inside diameter is below the outside one)
            chosen = reading.best(family.params[str(args["first"])], want_high=True)
            if chosen is None:
                chosen = reading.best(family.params[str(args["second"])], want_high=True)
            if chosen is None:
                continue
            inputs = [chosen]
            result = (chosen.lo, chosen.hi)
        else:  # pragma: no cover - the schema allows only the ops above
            continue
        reading.values[param.name] = [
            Value(
                result[0],
                result[1],
                min(v.start for v in inputs),
                max(v.end for v in inputs),
                True,
                derived_from=tuple(str(a) for k, a in param.derived_args if k not in ("at_value", "at_unit")),
            )
        ]
