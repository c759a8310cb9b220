"""Registered predicates that need the goods verdicts (ORD-15, ORD-16, ORD-23, ORD-28, FIN-16, SHP-10).

They read `deal.goods`, the classification the assessment computed once per line item with
`interdictor.goods.classify`; without it they report "not evaluable" instead of guessing.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from interdictor.flags.deal import Deal, Node
from interdictor.flags.predicates_history import part_families
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import Verdict, hit, line_path, party_path, predicate
from interdictor.goods import Classification, Status
from interdictor.model import Inquiry, LineItem, Order, Record, Role

__all__: list[str] = []

_NO_GOODS = "goods verdicts (no classifier was given)"


def _verdicts(deal: Deal) -> list[tuple[Record, LineItem, Classification]] | None:
    if deal.goods is None:
        return None
    found = deal.memo.get("goods")
    if found is None:
        lookup = deal.goods
        found = deal.memo["goods"] = [(r, item, lookup(r, item)) for r, item in deal.line_items()]
    return found


@predicate("goods_near_threshold")
def goods_near_threshold(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A line item classifies as near a control threshold (specified just below the limit), or the buyer
    asks for a limited item to be unlocked or upgraded to its full capability later: a de-rated variant
    (ORD-16, reference set `phrases`).
    """
    found = _verdicts(deal)
    if found is None:
        return Verdict(missing=[_NO_GOODS])
    if not found:
        return Verdict(missing=["records[].items[]"])
    verdict = Verdict(judged=True)
    phrases = ref.get(str(params["phrases"])) if params.get("phrases") else set()
    for record in deal.records:
        field = "special_instructions" if isinstance(record, Order) else "text"
        text = getattr(record, field, None) if isinstance(record, Order | Inquiry) else None
        said = next((ph for ph in sorted(phrases) if text and ph in text.casefold()), None)
        if said is not None:
            verdict.hits.append(
                hit(
                    record,
                    field,
                    text,
                    f"{field} contains a de-rating phrase ({said!r})",
                    reference=ref.cite(str(params["phrases"])),
                    where=f"{record.kind} {record.id}",
                    reason=f"the buyer asks for the limit to be lifted later ({said!r})",
                )
            )
    for record, item, result in found:
        if result.status == Status.NEAR_THRESHOLD:
            reason = "; ".join(result.reasons[:1]) or "within the margin of a limit"
            verdict.hits.append(
                hit(
                    record,
                    line_path(record, item),
                    ", ".join(result.near_entries),
                    "goods.classify status near_threshold",
                    reference=f"goods@{result.catalogue_version}",
                    line=item.line,
                    where=f"line {item.line} is near {', '.join(result.near_entries)}",
                    reason=reason,
                )
            )
    return verdict


def _possibly_controlled(result: Classification) -> bool:
    """Controlled, or of a control-list family with the deciding parameters missing (undecided)."""
    return result.status == Status.CONTROLLED or (
        result.status == Status.INSUFFICIENT_DATA and bool(result.families)
    )


def _sensitive(result: Classification) -> bool:
    return result.status in {Status.CONTROLLED, Status.NEAR_THRESHOLD} or bool(result.catch_all)


@predicate("deal_goods_sensitive")
def deal_goods_sensitive(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """Some line item of the deal is controlled, near a threshold or caught by a catch-all rule, names the
    production means of a control-list item, or is a part for a system of a control-list family (the
    entries control their specially designed components); or it is
    of a control-list family while the buyer asks for its limit to be lifted later (reference set
    `derating_phrases`, as ORD-16 reads it): a de-rated item is judged by what it is to become, not by
    the figures it ships with.
    """
    memo = deal.memo.get("goods_sensitive")
    if isinstance(memo, Verdict):
        return memo
    verdict = deal.memo["goods_sensitive"] = _goods_sensitive(deal, ref)
    return verdict


def _goods_sensitive(deal: Deal, ref: ReferenceData) -> Verdict:
    found = _verdicts(deal)
    if found is None:
        return Verdict(missing=[_NO_GOODS])
    hits = [
        hit(r, line_path(r, i), res.status.value, "goods sensitive") for r, i, res in found if _sensitive(res)
    ]
    if not hits:
        hits = [
            hit(r, line_path(r, i), i.description, "production means of a control-list item")
            for r, i, _ in found
            if _production_means(i.description, ref)
        ]
    if not hits:
        hits = [
            hit(r, line_path(r, i), i.description, "part for a system of a control-list family")
            for r, i, _ in found
            if part_families([i])
        ]
    if not hits and _derating_asked(deal, ref):
        hits = [
            hit(r, line_path(r, i), ", ".join(res.families), "control-list family, de-rating asked")
            for r, i, res in found
            if res.families
        ]
    return Verdict(hits, judged=bool(found))


@lru_cache(maxsize=8)
def _means_pattern(words: frozenset[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w.casefold()) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def _production_means(description: str, ref: ReferenceData) -> bool:
    """The line names a production means (`production_means_words`) together with the control-list item
    it makes (`production_means`), as ORD-27 reads it: the means to make a controlled item are as
    sensitive as the item (NSG Part 2 lists each item with its production equipment and technology)."""
    text = description.casefold()
    if _means_pattern(frozenset(ref.get("production_means_words"))).search(text) is None:
        return False
    return any(any(t in text for t in terms) for terms in ref.pairs("production_means").values())


def _derating_asked(deal: Deal, ref: ReferenceData) -> bool:
    """An order's instructions or an inquiry's text ask for a limit to be lifted later (ORD-16's phrases)."""
    phrases = ref.get("derating_phrases")
    for record in deal.records:
        if isinstance(record, Order):
            text = record.special_instructions
        elif isinstance(record, Inquiry):
            text = record.text
        else:
            continue
        if text and any(ph in text.casefold() for ph in phrases):
            return True
    return False


@predicate("controlled_item_to_intermediary")
def controlled_item_to_intermediary(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A controlled line item is ordered by a buyer whose type is an intermediary (ORD-15)."""
    found = _verdicts(deal)
    if found is None:
        return Verdict(missing=[_NO_GOODS])
    buyers = [(r, p) for r, p in deal.parties("buyer") if p.type is not None]
    if not buyers:
        return Verdict(missing=["orders[].parties[role=buyer].type"])
    verdict = Verdict(judged=True)
    intermediaries = ref.get("intermediary_types")
    for record, item, result in found:
        if result.status != Status.CONTROLLED:
            continue
        for _, buyer in buyers:
            if buyer.type is not None and buyer.type.value in intermediaries:
                verdict.hits.append(
                    hit(
                        record,
                        line_path(record, item),
                        ", ".join(result.entries),
                        "goods controlled AND buyer.type intermediary",
                        reference=ref.cite("intermediary_types"),
                        line=item.line,
                        name=buyer.name,
                        role="buyer",
                        type=buyer.type.value,
                    )
                )
    return verdict


@predicate("domestic_sale_of_foreign_controlled")
def domestic_sale_of_foreign_controlled(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """Seller and trading buyer share a country, the item comes from elsewhere and is controlled (or of a
    control-list family whose deciding figures the documents leave out, which a seller must treat as
    possibly controlled), and no end-user certificate exists (ORD-23)."""
    found = _verdicts(deal)
    if found is None:
        return Verdict(missing=[_NO_GOODS])
    verdict = Verdict()
    for order in deal.orders:
        seller, buyer = order.party(Role.SELLER), order.party(Role.BUYER)
        if seller is None or buyer is None or not seller.country or not buyer.country:
            verdict.missing.append("orders[].parties[role=seller|buyer].country")
            continue
        verdict.judged = True
        if (
            seller.country != buyer.country
            or deal.eucs
            or buyer.type is None
            or buyer.type.value != "trading"
        ):
            continue
        for record, item, result in found:
            if (
                record is order
                and _possibly_controlled(result)
                and item.origin_country
                and item.origin_country != seller.country
            ):
                verdict.hits.append(
                    hit(
                        order,
                        f"{party_path(order, buyer)}.country",
                        buyer.country,
                        "seller.country = buyer.country != origin AND controlled AND no EUC",
                        line=item.line,
                        other=item.origin_country,
                        name=buyer.name,
                    )
                )
    return verdict


@predicate("controlled_without_licence")
def controlled_without_licence(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A line item classifies as controlled and the deal holds no approved licence application (FIN-16)."""
    found = _verdicts(deal)
    if found is None:
        return Verdict(missing=[_NO_GOODS])
    if any(lic.decision and lic.decision.outcome == "approved" for lic in deal.licences):
        return Verdict(judged=True)
    hits = [
        hit(
            r,
            line_path(r, i),
            ", ".join(res.entries),
            "goods controlled AND no approved licence",
            line=i.line,
        )
        for r, i, res in found
        if res.status == Status.CONTROLLED and isinstance(r, Order)
    ]
    return Verdict(hits, judged=bool(found))


@lru_cache(maxsize=20_000)
def _classify_declared(description: str, hs_code: str) -> Classification:
    """The classifier's verdict on a declared description and heading (repeated lines are common)."""
    from interdictor.goods import classify

    return classify(description, hs_code)


def _same_line(description: str, lines: list[LineItem], declared: int) -> LineItem | None:
    """The order line a declared line stands for: same description (documents truncate), or the only
    line of a one-line order shipped as one line."""
    text = description.casefold().strip()
    for line in lines:
        ordered = line.description.casefold()
        if ordered == text or (len(text) >= 20 and ordered.startswith(text)):
            return line
    return lines[0] if len(lines) == 1 and declared == 1 else None


def _hs6(code: str | None) -> str | None:
    return code.replace(".", "")[:6] if code else None


@predicate("hs_code_mismatch")
def hs_code_mismatch(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """The shipment's HS code differs from the order line's, or is not a usual heading for the item
    (SHP-10).
    """
    verdict = Verdict()
    lines = [i for o in deal.orders for i in o.items]
    for shipment in deal.shipments:
        for index, goods in enumerate(shipment.goods):
            if goods.hs_code is None:
                verdict.missing.append("shipments[].goods[].hs_code")
                continue
            path = f"goods[{index}].hs_code"
            same = _same_line(goods.description, lines, len(shipment.goods))
            codes = {_hs6(i.hs_code) for i in ([same] if same is not None else lines) if i.hs_code}
            if codes:
                verdict.judged = True
                if _hs6(goods.hs_code) not in codes:
                    ordered = ", ".join(sorted(c for c in codes if c))
                    text = f"declared {goods.hs_code}, ordered as {ordered}"
                    verdict.hits.append(hit(shipment, path, text, "declared HS != order HS"))
                    continue
            if deal.goods is not None:
                result = _classify_declared(goods.description, goods.hs_code)
                identified = (
                    result.status != Status.NOT_LISTED
                )  # a keyword guess alone proves no heading wrong
                if identified and result.hs is not None and result.hs.consistent is not None:
                    verdict.judged = True
                    if result.hs.consistent is False:
                        text = f"HS {goods.hs_code} is not a usual heading for {goods.description!r}"
                        verdict.hits.append(
                            hit(
                                shipment,
                                path,
                                text,
                                "goods.classify hs.consistent is false",
                                reference=f"goods@{result.catalogue_version}",
                            )
                        )
    return verdict
