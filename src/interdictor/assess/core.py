"""Assess transactions: goods verdicts, screening hits, red flags, a score and actions per deal.

`assess(records, as_actor=...)` groups records into deals (order_ref / inquiry_ref), classifies
every line item once (`interdictor.goods.classify`, with the deal's destination so catch-all rules
apply), screens every party through a `ScreeningSource` if one is given, evaluates the catalogue
flags visible to the actor, and combines the fired flags into a score (score.py). Records of other
deals in the same batch, `history` and, with a `store`, the assessed records kept there
(assess/history.py) are what history rules look back on (flags/history.py).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable

from pydantic import BaseModel, Field

from interdictor.assess.actions import ACTOR_CODE, Actor, recommend
from interdictor.assess.cache import LruCache
from interdictor.assess.history import RecordHistory
from interdictor.assess.network import NetworkSource, merge_network
from interdictor.assess.score import Band, RiskScore, conduct_band, score
from interdictor.assess.screening import ScreeningSource, screen_records
from interdictor.flags.catalogue import Catalogue, default_catalogue
from interdictor.flags.deal import Deal, deal_corroboration, group_deals, item_text
from interdictor.flags.history import History
from interdictor.flags.model import FlagResult, FlagSpec, Outcome
from interdictor.flags.reference import ReferenceData, default_reference
from interdictor.flags.rules import evaluate_flags
from interdictor.goods import Classification, classify
from interdictor.goods import default_catalogue as goods_catalogue
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
    """The list matches of one party. Each match names the list, entry, matched name, score, the entry's
    countries and its `corroboration` under ORD-01's rule (`identifier`, `address`, `registration`,
    `country`, `no country`, or `contradicted`: a possible namesake shown for review that ORD-01 does not
    count),
    with a `note` in words."""

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
    conduct_band: Band = Field(
        description="The band of the deal's own records, without list matches or network findings:"
        " what the graph counts as a flagged deal (NET-12)"
    )
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


GoodsKey = tuple[str, str, str | None, str | None]
GOODS_CACHE: LruCache[GoodsKey, Classification] = LruCache(200_000)
"""Goods verdicts per (goods catalogue version, item text, HS code, destination), shared by every
assessment of the process: the same catalogue items come back deal after deal."""


def _goods_lookup(
    records: list[Record], cache: LruCache[GoodsKey, Classification], history: History
) -> tuple[dict[tuple[str, int], tuple[LineItem, Classification]], Deal]:
    """The deal with a classification per line item, each distinct line classified once."""
    destination = _destination(records)
    version = goods_catalogue().version
    verdicts: dict[tuple[str, int], tuple[LineItem, Classification]] = {}

    def lookup(record: Record, item: LineItem) -> Classification:
        found = verdicts.get((record.id, item.line))
        if found is None:
            text = item_text(item)
            key = (version, text, item.hs_code, destination)
            result = cache.get_or(key, lambda: classify(text, item.hs_code, destination))
            found = (item, result)
            verdicts[(record.id, item.line)] = found
        return found[1]

    deal = Deal(id=records[0].id, records=records, history=history, goods=lookup)
    for record, item in deal.line_items():
        lookup(record, item)
    return verdicts, deal


def _screened(deal: Deal, group: list[Record]) -> list[PartyScreening] | None:
    if deal.screening is None:
        return None
    return [
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
                    "countries": ",".join(c.upper() for c in h.countries),
                    "corroboration": (basis := deal_corroboration(deal, r, p, h)).basis,
                    "note": basis.note,
                }
                for h in deal.screening.get((r.id, p.ref), [])
            ],
        )
        for r in group
        for p in r.parties
    ]


def _join_fired(
    fired: list[FlagResult], extra: list[FlagResult], clear: list[FlagResult], unknown: list[FlagResult]
) -> tuple[list[FlagResult], list[FlagResult], list[FlagResult]]:
    """(fired, clear, not evaluable) once network results join the rule results: a flag both a rule and
    the graph found (ORD-17, FIN-09 have both) is one fired flag with both evidences, so it scores once;
    a flag the graph found fires even where the deal's own records left it clear or not evaluable."""
    by_id = {f.flag_id: i for i, f in enumerate(fired)}
    out = list(fired)
    for result in extra:
        if result.flag_id in by_id:
            i = by_id[result.flag_id]
            out[i] = out[i].model_copy(update={"evidence": out[i].evidence + result.evidence})
        else:
            by_id[result.flag_id] = len(out)
            out.append(result)
    found = {f.flag_id for f in extra}
    return (
        out,
        [c for c in clear if c.flag_id not in found],
        [u for u in unknown if u.flag_id not in found],
    )


def assess(
    records: Iterable[Record],
    *,
    as_actor: Actor = "analyst",
    screening: ScreeningSource | None = None,
    history: Iterable[Record] | History | None = None,
    store: RecordHistory | None = None,
    catalogue: Catalogue | None = None,
    reference: ReferenceData | None = None,
    network: NetworkSource | None = None,
) -> list[Assessment]:
    """One `Assessment` per deal in `records`, in order of first appearance.

    History rules see `history` (records or a prepared `History`), the other deals of the batch and,
    with `store`, the stored records within ten years of the batch (EU-07 looks back that far); the
    batch and its assessments are then saved to `store`. `network` supplies graph findings (NET-xx)
    computed by the graph stage; they are merged as fired flags of the deals they concern.
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
    prefetch = getattr(screening, "prefetch", None)
    if prefetch is not None:
        prefetch(items)  # every distinct party of the batch in one batch search, not one by one
    # Judging a batch makes many small objects and no reference cycles; the cycle collector would
    # rescan the history and the caches again and again (about 15 % of the CPU), so it pauses.
    collecting = gc.isenabled()
    gc.disable()
    try:
        out = _judge(items, as_actor, screening, past, flags, cat, ref, network)
    finally:
        if collecting:
            gc.enable()
    if store is not None:
        store.save(items, out)
    return out


def _judge(
    items: list[Record],
    as_actor: Actor,
    screening: ScreeningSource | None,
    past: History,
    flags: list[FlagSpec],
    cat: Catalogue,
    ref: ReferenceData,
    network: NetworkSource | None,
) -> list[Assessment]:
    """One assessment per deal of the batch (see `assess`)."""
    out: list[Assessment] = []
    for group in group_deals(items):
        verdicts, deal = _goods_lookup(group, GOODS_CACHE, past)
        deal.screening = screen_records(screening, group)
        by = evaluate_flags(flags, deal, ref)
        fired, questions, clear = by[Outcome.FIRED], by[Outcome.NOT_EXECUTABLE], by[Outcome.CLEAR]
        unknown = by[Outcome.NOT_EVALUABLE]
        conduct = conduct_band(fired + unknown)
        if network is not None:
            found = network.findings_for(r.id for r in group)
            extra, questions, clear = merge_network(questions, clear, found, network.covers, cat.by_id)
            fired, clear, unknown = _join_fired(fired, extra, clear, unknown)
        results = fired + unknown
        risk = score(results)
        goods = [
            GoodsVerdict(
                record_id=rid,
                line=line,
                description=item.description,
                status=c.status.value,
                entries=c.entries,
                near_entries=c.near_entries,
                reasons=c.reasons[:3],
            )
            for (rid, line), (item, c) in verdicts.items()
        ]
        out.append(
            Assessment(
                deal_id=deal.id,
                record_ids=[r.id for r in group],
                actor=as_actor,
                goods=goods,
                screening=_screened(deal, group),
                fired=fired,
                not_evaluable=unknown,
                questions=questions,
                clear=[r.flag_id for r in clear],
                risk=risk,
                conduct_band=conduct,
                actions=recommend(as_actor, risk.band, results),
                catalogue_size=len(cat),
                reference_version=ref.version,
            )
        )
    return out
