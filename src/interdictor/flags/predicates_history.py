"""Registered predicates over history and time windows: orders, inquiries and capabilities ([A] flags).

They read `deal.history` (flags/history.py), which holds the batch and whatever the store kept, and
group buyers by `History.cluster` (names sharing a phone, e-mail, address, director, registration
or account). Windows are symmetric around the record's date: in a batch an analyst sees later
records too; when records arrive one by one only earlier ones exist, so the same rule fires as soon
as the pattern is complete.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from interdictor.flags.deal import Deal, Node, item_text
from interdictor.flags.names import norm_name
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import Verdict, hit, line_path, party_path, predicate
from interdictor.goods import Classification, Status
from interdictor.model import Inquiry, LineItem, Order, Party, PartyType, Record, Role

__all__ = ["bundle_coverage", "line_families", "part_families"]

_SENSITIVE = {Status.CONTROLLED, Status.NEAR_THRESHOLD}


@lru_cache(maxsize=50_000)
def _classify(description: str, hs_code: str | None) -> Classification:
    from interdictor.goods import classify

    return classify(description, hs_code)


def line_families(items: Iterable[LineItem], *, sensitive_only: bool = False) -> set[str]:
    """Control-list families of the lines (goods catalogue ids); optionally only controlled or near ones."""
    found: set[str] = set()
    for item in items:
        result = _classify(item_text(item), item.hs_code)
        if sensitive_only and result.status not in _SENSITIVE and not result.catch_all:
            continue
        found.update(result.families)
    return found


def _buyer(record: Record) -> Party | None:
    return record.party(Role.BUYER)


def _receiver(record: Record) -> Party | None:
    return record.party(Role.END_USER) or record.party(Role.CONSIGNEE) or record.party(Role.BUYER)


@predicate("split_orders")
def split_orders(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """Linked buyers place at least `min_orders` orders of one item family within `days`, each below
    `order_limit` and together above it, spread over several buyer names or suppliers (ORD-17).
    """
    days, limit = int(params.get("days", 90)), Decimal(str(params.get("order_limit", 10000)))
    minimum = int(params.get("min_orders", 3))
    verdict = Verdict()
    for order in deal.orders:
        buyer = _buyer(order)
        if buyer is None:
            verdict.missing.append("orders[].parties[role=buyer]")
            continue
        families = line_families(order.items)
        if not families:
            verdict.judged = True
            continue
        cluster = deal.history.cluster(buyer.name)
        related = [
            o
            for o in deal.history.orders_by(cluster, order.date, days)
            if line_families(o.items) & families and o.total_value is not None
        ]
        if order.total_value is None:
            verdict.missing.append("orders[].total_value")
            continue
        verdict.judged = True
        small = [o for o in related if o.total_value is not None and o.total_value < limit]
        total = sum((o.total_value for o in small if o.total_value is not None), Decimal(0))
        buyers = {b.name.casefold() for o in small if (b := _buyer(o)) is not None}
        sellers = {s.name.casefold() for o in small if (s := o.party(Role.SELLER)) is not None}
        spread = len(buyers) >= 2 or len(sellers) >= 3
        if order.total_value < limit and len(small) >= minimum and total > limit and spread:
            verdict.hits.append(
                hit(
                    order,
                    "total_value",
                    float(order.total_value),
                    f">= {minimum} orders < {limit} of one family within {days} days, sum > {limit}",
                    name=buyer.name,
                    count=len(small),
                    total=float(total),
                    family=", ".join(sorted(families)),
                    buyers=len(buyers),
                    days=days,
                )
            )
    return verdict


def _inquiry_families(inquiry: Inquiry) -> set[str]:
    found = line_families(inquiry.items)
    if not found and inquiry.text:
        found = set(_classify(inquiry.text, None).families)
    return found


@predicate("shotgun_inquiries")
def shotgun_inquiries(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """A requester or its cluster asks at least `min_suppliers` suppliers within `days` (about one family
    when it can be told), or one inquiry covers `min_families` unrelated controlled families (ORD-22).
    """
    days, minimum = int(params.get("days", 90)), int(params.get("min_suppliers", 5))
    inquiries = deal.of(Inquiry)
    if not inquiries:
        return Verdict(missing=["inquiries[]"])
    verdict = Verdict(judged=True)
    for inquiry in inquiries:
        requester = _buyer(inquiry) or (inquiry.parties[0] if inquiry.parties else None)
        if requester is None:
            continue
        mine = _inquiry_families(inquiry)
        cluster = deal.history.cluster(requester.name)
        suppliers: set[str] = set()
        for other in deal.history.inquiries_by(cluster, inquiry.date, days):
            theirs = _inquiry_families(other)
            if mine and theirs and not mine & theirs:
                continue
            seller = other.party(Role.SELLER)
            if seller is not None:
                suppliers.add(seller.name.casefold()[:12])
        controlled = line_families(inquiry.items, sensitive_only=True)
        if len(suppliers) >= minimum or len(controlled) >= int(params.get("min_families", 3)):
            verdict.hits.append(
                hit(
                    inquiry,
                    f"{party_path(inquiry, requester)}.name",
                    requester.name,
                    f"distinct suppliers within {days} days >= {minimum}",
                    name=requester.name,
                    count=len(suppliers),
                    days=days,
                    family=", ".join(sorted(mine)) or "items",
                )
            )
    return verdict


@predicate("capability_accumulation")
def capability_accumulation(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """An end user (or its buyer cluster) buys, within `days`, sensitive items of at least `min_families`
    families covering at least `min_share` of a capability bundle (EU-08). A part or sub-assembly named as
    for a system of a family counts toward that family: buying the parts builds the capability as buying
    the system does (M-10).
    """
    days = int(params.get("days", 730))
    bundles = ref.pairs("capability_bundles")
    verdict = Verdict()
    for order in deal.orders:
        receiver = _receiver(order)
        if receiver is None:
            verdict.missing.append("orders[].parties[role=end_user|consignee|buyer]")
            continue
        verdict.judged = True
        cluster = deal.history.cluster(receiver.name)
        bought: set[str] = set()
        for other in deal.history.orders_by(cluster, order.date, days):
            bought |= line_families(other.items, sensitive_only=True) | part_families(other.items)
        mine = line_families(order.items, sensitive_only=True) | part_families(order.items)
        found = bundle_coverage(bought, mine, bundles, params)
        if found is not None:
            bundle, covered, share = found
            verdict.hits.append(
                hit(
                    order,
                    f"{party_path(order, receiver)}.name",
                    receiver.name,
                    f"bundle coverage >= {params.get('min_share', 0.3)} within {days} days",
                    reference=ref.cite("capability_bundles"),
                    name=receiver.name,
                    bundle=bundle,
                    covered=", ".join(sorted(covered)),
                    share=f"{share:.0%}",
                )
            )
    return verdict


def bundle_coverage(
    bought: set[str], mine: set[str], bundles: dict[str, frozenset[str]], params: dict[str, Any]
) -> tuple[str, set[str], float] | None:
    """The first capability bundle (by name) that purchases `bought` cover to at least `min_families`
    key item families and `min_share` of the bundle, when `mine` (the order judged) adds one of them
    (EU-08); shared by the rule and the graph's per-party detector."""
    for bundle, key_items in sorted(bundles.items()):
        covered = bought & key_items
        share = len(covered) / len(key_items)
        if (
            mine & key_items
            and len(covered) >= int(params.get("min_families", 3))
            and share >= float(params.get("min_share", 0.3))
        ):
            return bundle, covered, share
    return None


@predicate("item_outside_business")
def item_outside_business(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The buyer declares a line of business that none of the ordered item's user industries matches
    (ORD-03); general traders are left to ORD-14.
    """
    fit = ref.pairs("industry_fit")
    generic = ref.get("generic_industries")
    verdict = Verdict()
    for order in deal.orders:
        buyer = _buyer(order)
        if buyer is None or not buyer.industry:
            verdict.missing.append("orders[].parties[role=buyer].industry")
            continue
        industry = buyer.industry.casefold()
        if any(word in industry for word in generic):
            verdict.judged = True
            continue
        for item in order.items:
            for family in sorted(line_families([item])):
                keywords = fit.get(family)
                if not keywords:
                    continue
                verdict.judged = True
                if not any(word in industry for word in keywords):
                    first = not deal.history.purchases_before(buyer.name, order.date)
                    verdict.hits.append(
                        hit(
                            order,
                            f"{party_path(order, buyer)}.industry",
                            buyer.industry,
                            "item family has no overlap with buyer.industry",
                            reference=ref.cite("industry_fit"),
                            name=buyer.name,
                            line=item.line,
                            family=family,
                            first=" (its first purchase on record)" if first else "",
                        )
                    )
    return verdict


#: A model designation: letters and digits with at least one of each (FOG-4671, QA-9488), or digit groups
#: joined by a hyphen (722-3250); a plain number is a quantity, not a model.
_MODEL = re.compile(
    r"\b(?:(?=[A-Z0-9-]*\d)(?=[A-Z0-9-]*[A-Z])[A-Z0-9][A-Z0-9-]{2,}|\d{2,}(?:-\d{2,})+[A-Z]?)\b"
)
_PART_FOR = re.compile(r"\bfor\b(?P<rest>.*)$", re.IGNORECASE)


def _part_for(item: LineItem) -> str | None:
    """The model a line says it is a part for ("Proof mass assembly for accelerometer QA-9488")."""
    found = _PART_FOR.search(item.description)
    if found is None:
        return None
    model = _MODEL.search(found["rest"])
    return model.group(0) if model else None


def part_families(items: Iterable[LineItem]) -> set[str]:
    """Control-list families of the systems the lines are parts for ("... for fibre-optic gyro FOG-4671":
    gyro), read from the words after "for"."""
    found: set[str] = set()
    for item in items:
        if _part_for(item) is None:
            continue
        match = _PART_FOR.search(item.description)
        if match is not None:
            found.update(_classify(match["rest"].strip(), None).families)
    return found


def _bought_model(order: Order, model: str) -> bool:
    """The order has a line that is the model itself (its part number or its name), not a part for it."""
    for item in order.items:
        if _part_for(item) == model:
            continue
        if (item.part_number or "").upper() == model or model in item.description.upper().split():
            return True
    return False


@predicate("parts_for_unbought_model")
def parts_for_unbought_model(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A line is a part for a named model that neither the buyer nor a company sharing its identifiers
    bought within `years` (ORD-18): replacement parts for equipment the customer does not have, the way
    parts and sub-assemblies of controlled systems are bought instead of the systems.
    """
    days = int(float(params.get("years", 10)) * 365)
    verdict = Verdict()
    for record in deal.records:
        if not isinstance(record, Order | Inquiry) or not record.items:
            continue
        buyer = _buyer(record)
        if buyer is None:
            verdict.missing.append("orders[].parties[role=buyer]")
            continue
        verdict.judged = True
        cluster = deal.history.cluster(buyer.name)
        bought: list[Order] | None = None
        for item in record.items:
            model = _part_for(item)
            if model is None:
                continue
            if bought is None:
                bought = deal.history.orders_by(cluster, record.date, days)
            if not any(_bought_model(o, model) for o in bought):
                verdict.hits.append(
                    hit(
                        record,
                        line_path(record, item),
                        model,
                        "part for a model absent from the buyer's purchase history",
                        line=item.line,
                        name=buyer.name,
                    )
                )
    return verdict


@predicate("insider_rep_young_customers")
def insider_rep_young_customers(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """Within `days`, one sales representative of the seller sold control-list items to at least
    `min_customers` customers incorporated less than `young_years` before, and `factor` times as many as
    the median of the seller's other representatives (ORD-24): an insider routing sensitive sales to
    new small customers, judged on the seller's own sales book.
    """
    days, young = int(params.get("days", 365)), float(params.get("young_years", 2)) * 365.25
    minimum, factor = int(params.get("min_customers", 3)), float(params.get("factor", 3))
    verdict = Verdict()
    for order in deal.orders:
        seller = order.party(Role.SELLER)
        if not order.sales_rep or seller is None:
            verdict.missing.append("orders[].sales_rep")
            continue
        verdict.judged = True
        if not line_families(order.items):
            continue
        young_buyers: dict[str, set[str]] = defaultdict(set)
        for other in deal.history.orders_from(seller.name, order.date, days):
            buyer = _buyer(other)
            if not other.sales_rep or buyer is None or not line_families(other.items):
                continue
            rep = other.sales_rep.casefold()
            young_buyers.setdefault(rep, set())
            born = buyer.incorporation_date
            if born is not None and (other.date - born).days < young:
                young_buyers[rep].add(norm_name(buyer.name))
        mine = len(young_buyers.get(order.sales_rep.casefold(), ()))
        peers = [len(v) for k, v in young_buyers.items() if k != order.sales_rep.casefold()]
        median = statistics.median(peers) if peers else 0
        if mine >= minimum and mine >= factor * median:
            verdict.hits.append(
                hit(
                    order,
                    "sales_rep",
                    order.sales_rep,
                    f"young customers of the representative >= {minimum} and >= {factor:g}x the peer median",
                    name=order.sales_rep,
                    count=mine,
                    other=f"{median:g}",
                    days=days,
                )
            )
    return verdict


#: Party types that make things themselves: a manufacturer, or an industrial end user producing in-house.
_MAKERS = frozenset({PartyType.MANUFACTURER, PartyType.END_USER_INDUSTRIAL})


@lru_cache(maxsize=8)
def _word_pattern(words: frozenset[str]) -> re.Pattern[str]:
    """One whole-word pattern for a set of phrases, longest first."""
    alternatives = "|".join(re.escape(w.casefold()) for w in sorted(words, key=lambda w: (-len(w), w)))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


@predicate("production_means_request")
def production_means_request(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """An inquiry or order line asks for the means to make a control-list item: production tooling,
    special materials, calibration rigs or manufacturing know-how (`production_means_words`) named
    together with the end item (`production_means`), from a requester that is not a maker (manufacturer or
    industrial end user) in that item's industry (`industry_fit`): ORD-27, the duplication method M-23.
    """
    items = ref.pairs("production_means")
    means = _word_pattern(ref.get("production_means_words"))
    fit = ref.pairs("industry_fit")
    verdict = Verdict()
    for record in (*deal.of(Inquiry), *deal.orders):
        buyer = _buyer(record)
        for item in record.items:
            text = item.description.casefold()
            verdict.judged = True
            word = means.search(text)
            if word is None:
                continue
            families = sorted(f for f, terms in items.items() if any(t in text for t in terms))
            for family in families:
                keywords = fit.get(family, frozenset())
                industry = (buyer.industry or "").casefold() if buyer is not None else ""
                maker = buyer is not None and buyer.type in _MAKERS
                if maker and any(k in industry for k in keywords):
                    continue  # a maker of the end item equipping its own production
                who = buyer.name if buyer is not None else "an unnamed requester"
                verdict.hits.append(
                    hit(
                        record,
                        line_path(record, item),
                        item.description,
                        "line names a production means of a control-list item; requester not its maker",
                        reference=ref.cite("production_means"),
                        name=who,
                        line=item.line,
                        family=family,
                        means=word.group(0),
                    )
                )
                break
    return verdict
