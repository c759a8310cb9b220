"""Assess transactions: goods verdicts, screening hits, red flags, a score and actions per deal.

`assess(records, as_actor=...)` groups records into deals (order_ref / inquiry_ref), classifies
every line item once (`interdictor.goods.classify`, with the deal's destination so catch-all rules
apply), screens every party through a `ScreeningSource` if one is given, evaluates the catalogue
flags visible to the actor, and combines the fired flags into a score (score.py). Records of other
deals in the same batch, `history` and, with a `store`, the assessed records kept there
(assess/history.py) are what history rules look back on (flags/history.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from interdictor.assess.actions import ACTOR_CODE, Actor, recommend
from interdictor.assess.history import RecordHistory
from interdictor.assess.score import RiskScore, score
from interdictor.assess.screening import ScreeningSource, screen_records
from interdictor.flags.catalogue import Catalogue, default_catalogue
from interdictor.flags.deal import Deal, group_deals
from interdictor.flags.history import History
from interdictor.flags.model import FlagResult, Outcome
from interdictor.flags.reference import ReferenceData, default_reference
from interdictor.flags.rules import evaluate_flag
from interdictor.goods import Classification, classify
from interdictor.model import LineItem, Record

__all__ = ["Assessment", "GoodsVerdict", "PartyScreening", "assess"]


class GoodsVerdict(BaseModel):
    record_id: str
    line: int
    description: str
    status: str
    entries: list[str] = Field(default_factory=list)
    near_entries: list[str] = Field(default_factory=list)
    reasons: list[str] = Field(default_factory=list)


class PartyScreening(BaseModel):
    record_id: str
    party_ref: str
    name: str
    role: str
    matches: list[dict[str, str | float]] = Field(default_factory=list)


class Assessment(BaseModel):
    """The assessment of one deal, as `interdictor assess --json` prints it and the API returns it."""

    deal_id: str
    record_ids: list[str]
    actor: str
    goods: list[GoodsVerdict]
    screening: list[PartyScreening] | None = Field(description="None when no screening source was available")
    fired: list[FlagResult]
    not_evaluable: list[FlagResult]
    questions: list[FlagResult] = Field(description="Judgement and graph flags, shown as questions")
    clear: list[str]
    risk: RiskScore
    actions: list[str]
    catalogue_size: int
    reference_version: str


def _destination(records: list[Record]) -> str | None:
    for record in records:
        country = getattr(record, "destination_country", None)
        if country:
            return str(country)
    for record in records:
        for party in record.parties:
            if party.role.value in {"end_user", "consignee"} and party.country:
                return party.country
    return None


GoodsCache = dict[tuple[str, str | None, str | None], Classification]


def _goods_lookup(
    records: list[Record], shared: GoodsCache
) -> tuple[dict[tuple[str, int], Classification], Deal]:
    """The deal with a classification per line item; identical lines are classified once per batch."""
    destination = _destination(records)
    cache: dict[tuple[str, int], Classification] = {}

    def lookup(record: Record, item: LineItem) -> Classification:
        key = (record.id, item.line)
        if key not in cache:
            text = (item.description, item.hs_code, destination)
            if text not in shared:
                shared[text] = classify(item.description, item.hs_code, destination)
            cache[key] = shared[text]
        return cache[key]

    deal = Deal(id=records[0].id, records=records, goods=lookup)
    for record, item in deal.line_items():
        lookup(record, item)
    return cache, deal


def assess(
    records: Iterable[Record],
    *,
    as_actor: Actor = "analyst",
    screening: ScreeningSource | None = None,
    history: Iterable[Record] | History | None = None,
    store: RecordHistory | None = None,
    catalogue: Catalogue | None = None,
    reference: ReferenceData | None = None,
) -> list[Assessment]:
    """One `Assessment` per deal in `records`, in order of first appearance.

    History rules see `history` (records or a prepared `History`), the other deals of the batch and,
    with `store`, the stored records within ten years of the batch (EU-07 looks back that far); the
    batch and its assessments are then saved to `store`.
    """
    if as_actor not in ACTOR_CODE:
        raise ValueError(f"unknown actor {as_actor!r}; expected one of {', '.join(ACTOR_CODE)}")
    cat = catalogue or default_catalogue()
    ref = reference or default_reference()
    items = list(records)
    past = history if isinstance(history, History) else History(history or [])
    if store is not None and items:
        past.add(store.window(min(r.date for r in items), max(r.date for r in items)))
    past.add(items)
    flags = cat.select(actor=ACTOR_CODE[as_actor])
    shared: GoodsCache = {}
    out: list[Assessment] = []
    for group in group_deals(items):
        cache, deal = _goods_lookup(group, shared)
        deal.history = past
        deal.screening = screen_records(screening, group)
        results = [evaluate_flag(flag, deal, ref) for flag in flags]
        risk = score(results)
        goods = [
            GoodsVerdict(
                record_id=rid,
                line=line,
                description=next(
                    i.description for r, i in deal.line_items() if r.id == rid and i.line == line
                ),
                status=c.status.value,
                entries=c.entries,
                near_entries=c.near_entries,
                reasons=c.reasons[:3],
            )
            for (rid, line), c in cache.items()
        ]
        screened = None
        if deal.screening is not None:
            screened = [
                PartyScreening(
                    record_id=r.id,
                    party_ref=p.ref,
                    name=p.name,
                    role=p.role.value,
                    matches=[
                        {
                            "list": h.list_name,
                            "entity_id": h.entity_id,
                            "matched_name": h.matched_name,
                            "score": h.score,
                        }
                        for h in deal.screening.get((r.id, p.ref), [])
                    ],
                )
                for r in group
                for p in r.parties
            ]
        by = {o: [r for r in results if r.outcome == o] for o in Outcome}
        out.append(
            Assessment(
                deal_id=deal.id,
                record_ids=[r.id for r in group],
                actor=as_actor,
                goods=goods,
                screening=screened,
                fired=by[Outcome.FIRED],
                not_evaluable=by[Outcome.NOT_EVALUABLE],
                questions=by[Outcome.NOT_EXECUTABLE],
                clear=[r.flag_id for r in by[Outcome.CLEAR]],
                risk=risk,
                actions=recommend(as_actor, risk.band, results),
                catalogue_size=len(cat),
                reference_version=ref.version,
            )
        )
    if store is not None:
        store.save(items, out)
    return out
