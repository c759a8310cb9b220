"""Classify a goods description against the control-list catalogue.

The steps, in order: refuse what cannot be read (empty, too long); find the item families the
text names (before "for ...", which names the application); keep the entries whose gates hold;
read the numbers and assign them to the family's parameters; evaluate each entry's logic; drop an
entry met only "other than" a higher entry that is also met; pick the verdict; add what to ask, the
HS check and catch-all warnings for the destination. Every step that changes the verdict leaves
a reason in `Classification.reasons`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from interdictor.goods.assign import Reading, assign_parameters
from interdictor.goods.catalogue import default_catalogue
from interdictor.goods.explain import build_classification, refuse
from interdictor.goods.extract import extract_quantities
from interdictor.goods.hs import hs_nomenclature, normalise_hs
from interdictor.goods.logic import MET, NEAR, UNKNOWN, UNKNOWN_NEAR, Evaluation, evaluate
from interdictor.goods.model import CatchAllWarning, Classification, HsCheck, Status
from interdictor.goods.spec import Catalogue, Entry, Family
from interdictor.goods.text import lower_same_length
from interdictor.goods.units import unit_table

__all__ = ["MAX_CHARS", "MAX_VALUES", "GoodsItem", "classify", "classify_batch"]

MAX_CHARS = 10_000
MAX_VALUES = 150
_ISO2 = re.compile(r"^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class GoodsItem:
    """One line of a batch: an id, the description and the optional declared HS code and destination."""

    id: str
    description: str
    hs_code: str | None = None
    destination: str | None = None


@dataclass(slots=True)
class EntryState:
    entry: Entry
    evaluation: Evaluation
    superseded_by: str | None = None


@dataclass(slots=True)
class Analysis:
    """Intermediate results handed to the explanation builder."""

    text: str
    families: list[Family]
    readings: dict[str, Reading]
    states: list[EntryState]
    reasons: list[str]
    problems: list[str]
    consumer: str | None


def _item_end(low: str, cat: Catalogue) -> int:
    """Where the text stops naming the item and starts naming its use ("motor | for FPV drones")."""
    for match in cat.marker_pattern.finditer(low):
        before = low[: match.start()].rstrip(" :").rsplit(" ", 1)[-1].strip(",.;:")
        if before not in cat.request_words:
            return match.start()
    return len(low)


def _families(low: str, item_end: int, cat: Catalogue, reasons: list[str]) -> list[Family]:
    first: dict[str, int] = {}
    application: dict[str, str] = {}
    for match in cat.term_pattern.finditer(low):
        for family_id in cat.term_families.get(match.group("t"), ()):
            if match.start() < item_end:
                first.setdefault(family_id, match.start())
            else:
                application.setdefault(family_id, match.group("t"))
    for family_id, term in application.items():
        if family_id not in first and first:
            continue
        if family_id not in first:
            reasons.append(
                f"'{term}' names the application, not the item itself ({family_id} not considered)"
            )
    found = []
    for family_id in sorted(first, key=first.__getitem__):
        family = cat.families[family_id]
        if family.exclude is not None:
            excluded = family.exclude.search(low)
            if excluded is not None:
                reasons.append(
                    f"'{excluded.group(0)}' shows the item is not a {family.title.lower()} of concern"
                )
                continue
        found.append(family)
    return found


def _candidates(family: Family, low: str, item_end: int) -> list[Entry]:
    out = []
    for entry in family.entries:
        if any(p.search(low, 0, item_end) is None for p in entry.gate):
            continue
        if any(p.search(low) is None for p in entry.context):
            continue
        if entry.exclude is not None and entry.exclude.search(low) is not None:
            continue
        out.append(entry)
    return out


def _analyse(text: str, cat: Catalogue, margin: float) -> Analysis:
    low = lower_same_length(text)
    reasons: list[str] = []
    item_end = _item_end(low, cat)
    families = _families(low, item_end, cat, reasons)
    units = unit_table()
    quantities = extract_quantities(text, units) if families else []
    readings: dict[str, Reading] = {}
    states: list[EntryState] = []
    problems: list[str] = []
    if len(quantities) > MAX_VALUES:
        # a price list or a whole data book, not one item: which number belongs to which item is a guess
        problems.append(
            f"the description holds {len(quantities)} numbers (limit {MAX_VALUES}): submit one item per line"
        )
        return Analysis(text, families, readings, states, reasons, problems, None)
    for family in families:
        candidates = _candidates(family, low, item_end)
        if not candidates:
            reasons.append(
                f"named as {family.title.lower()}, but no entry's conditions on the item type apply"
            )
            continue
        reading = assign_parameters(text, low, quantities, family)
        readings[family.id] = reading
        problems.extend(p for p in reading.problems if p not in problems)
        for entry in candidates:
            states.append(EntryState(entry, evaluate(entry.logic, family, reading, low, text, margin, units)))
    met = {s.entry.id for s in states if s.evaluation.value == MET}
    for state in states:
        if state.evaluation.value == MET:
            for higher in state.entry.other_than:
                if higher in met:
                    state.superseded_by = higher
                    break
    consumer = None
    if cat.consumer is not None:
        match = cat.consumer.search(low)
        consumer = match.group(0) if match else None
    return Analysis(text, families, readings, states, reasons, problems, consumer)


def _status(analysis: Analysis) -> Status:
    values = [s.evaluation.value for s in analysis.states if s.superseded_by is None]
    if analysis.problems:
        return Status.INSUFFICIENT_DATA
    if MET in values:
        return Status.CONTROLLED
    if NEAR in values or UNKNOWN_NEAR in values:
        return Status.NEAR_THRESHOLD
    if UNKNOWN in values:
        return Status.NOT_LISTED if analysis.consumer else Status.INSUFFICIENT_DATA
    return Status.NOT_LISTED


def _same_heading(declared: str, usual: str) -> bool:
    """Compared at the 4-digit heading; a declared chapter ("85") routes to every heading under it."""
    length = min(len(declared), len(usual), 4)
    return declared[:length] == usual[:length]


def _hs_check(hs_code: str, families: list[Family], cat: Catalogue) -> HsCheck:
    digits = normalise_hs(hs_code)
    if digits is None:
        return HsCheck(
            declared=hs_code, code="", known=False, note="not an HS code (expected 2 to 10 digits)"
        )
    nomenclature = hs_nomenclature()
    known, description = nomenclature.lookup(digits) if nomenclature else (None, None)
    routes = [f.id for f in cat.families.values() if any(_same_heading(digits, p) for p in f.hs_prefixes)]
    consistent = None
    note = None if known is not False else "not a code of the HS 2022 nomenclature"
    if families:
        consistent = any(f.id in routes for f in families)
        if not consistent:
            usual = ", ".join(sorted({p[:4] for f in families for p in f.hs_prefixes}))
            note = f"declared HS {hs_code} is not a usual heading for the item described (usual: {usual})"
    return HsCheck(
        declared=hs_code,
        code=digits,
        known=known,
        description=description,
        routes=routes,
        consistent=consistent,
        note=note,
    )


def _catch_all(
    destination: str, analysis: Analysis, status: Status, hs: HsCheck | None, cat: Catalogue, margin: float
) -> list[CatchAllWarning]:
    warnings: list[CatchAllWarning] = []
    low = lower_same_length(analysis.text)
    units = unit_table()
    seen: set[str] = set()
    for state in analysis.states:
        if state.evaluation.value == MET:
            continue  # a listed item needs a licence anyway; catch-all rules are for what the lists miss
        family = cat.families[state.entry.family]
        for rule in state.entry.catch_all:
            if (
                rule.id in seen
                or rule.note in seen
                or not (destination in rule.destinations or "*" in rule.destinations)
            ):
                continue
            if rule.when is not None:
                result = evaluate(
                    rule.when, family, analysis.readings[family.id], low, analysis.text, margin, units
                )
                if result.value != MET:
                    continue
            seen.update((rule.id, rule.note))
            warnings.append(
                CatchAllWarning(
                    rule_id=rule.id,
                    destination=destination,
                    note=rule.note,
                    entry_id=state.entry.id,
                    source=rule.source,
                )
            )
    prefixes = (
        [hs.code] if hs is not None and hs.code else [p for f in analysis.families for p in f.hs_prefixes]
    )
    family_ids = {f.id for f in analysis.families}
    for dest_rule in cat.destination_rules:
        if destination not in dest_rule.destinations:
            continue
        fires = (
            dest_rule.always
            or (
                dest_rule.hs_prefixes
                and any(p.startswith(h) for p in prefixes for h in dest_rule.hs_prefixes)
            )
            or (dest_rule.when_listed and status in (Status.CONTROLLED, Status.NEAR_THRESHOLD))
            or bool(dest_rule.when_family & family_ids)
        )
        if fires:
            warnings.append(
                CatchAllWarning(
                    rule_id=dest_rule.id,
                    destination=destination,
                    note=dest_rule.note,
                    source=dest_rule.source,
                )
            )
    return warnings


def classify(
    description: str,
    hs_code: str | None = None,
    destination: str | None = None,
    *,
    catalogue: Catalogue | None = None,
    margin: float | None = None,
    max_chars: int = MAX_CHARS,
) -> Classification:
    """Classify one description. `margin` is the near-threshold margin (default from the catalogue, 15 %).

    Never raises on bad text: an empty, oversized or self-contradictory description comes back as
    `insufficient_data` with the reason, so a batch keeps going.
    """
    cat = catalogue or default_catalogue()
    margin = cat.margin if margin is None else margin
    if not 0 <= margin < 1:
        raise ValueError(f"margin must be a fraction between 0 and 1, not {margin}")
    reasons: list[str] = []
    dest = (destination or "").strip().upper() or None
    if dest is not None and not _ISO2.match(dest):
        reasons.append(
            f"destination {destination!r} is not an ISO 3166 alpha-2 code; catch-all rules not applied"
        )
        dest = None
    if description is None or not description.strip():
        return refuse(
            "the description is empty: describe the item (type, model, key parameters)", cat, margin, dest
        )
    if len(description) > max_chars:
        return refuse(
            f"the description is {len(description):,} characters long (limit {max_chars:,}): "
            "submit the item's "
            "own description or data-sheet lines, not a whole document",
            cat,
            margin,
            dest,
        )
    analysis = _analyse(description, cat, margin)
    analysis.reasons[:0] = reasons
    status = _status(analysis)
    hs = _hs_check(hs_code, analysis.families, cat) if hs_code and hs_code.strip() else None
    if hs is not None and not analysis.families and hs.routes and status == Status.NOT_LISTED:
        status = Status.INSUFFICIENT_DATA
        analysis.reasons.append(
            f"the description names no catalogued item, but HS {hs_code} is a usual heading for "
            f"{', '.join(hs.routes)}: describe the item and its parameters"
        )
    warnings = _catch_all(dest, analysis, status, hs, cat, margin) if dest else []
    return build_classification(analysis, status, hs, warnings, dest, margin, cat)


def classify_batch(
    items: Iterable[GoodsItem | str], *, catalogue: Catalogue | None = None, margin: float | None = None
) -> Iterator[tuple[str, Classification]]:
    """Classify many descriptions lazily, yielding (id, classification); plain strings get ids 1, 2, ..."""
    cat = catalogue or default_catalogue()
    for number, item in enumerate(items, start=1):
        if isinstance(item, str):
            item = GoodsItem(str(number), item)
        yield (
            item.id,
            classify(item.description, item.hs_code, item.destination, catalogue=cat, margin=margin),
        )
