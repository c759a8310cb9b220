"""Registered predicates over shipments, routes and vessels: weights, packages, lanes, re-exports,
vessel identity and flags, route gaps, serial numbers.

Vessel rules read what transport documents say about a ship (name, IMO, flag, carrier) across the
history; registry facts (owner, manager, flag history with dates) are not part of the records yet.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from interdictor.flags.deal import Deal, Node
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import Verdict, hit, predicate
from interdictor.model import Role, Shipment

__all__: list[str] = []


@predicate("weight_anomaly")
def weight_anomaly(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """The shipment's gross weight differs from the sum of its declared goods by more than `tolerance`:
    cover cargo, or goods that are not what they are declared to be (SHP-11).
    """
    tolerance = float(params.get("tolerance", 0.1))
    verdict = Verdict()
    for shipment in deal.shipments:
        declared = [g.gross_weight_kg for g in shipment.goods if g.gross_weight_kg]
        if shipment.gross_weight_kg is None or len(declared) != len(shipment.goods):
            verdict.missing.append("shipments[].gross_weight_kg and goods[].gross_weight_kg")
            continue
        verdict.judged = True
        goods = sum(declared)
        if abs(shipment.gross_weight_kg - goods) > tolerance * goods:
            verdict.hits.append(
                hit(
                    shipment,
                    "gross_weight_kg",
                    shipment.gross_weight_kg,
                    f"|gross weight - declared goods| > {tolerance:.0%}",
                    other=round(goods, 1),
                    ratio=f"{shipment.gross_weight_kg / goods:.1f}",
                )
            )
    return verdict


@predicate("package_weight_outlier")
def package_weight_outlier(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A declared line weighs implausibly little or much per package (below `min_kg` or above `max_kg`),
    which does not suit the goods or the mode (SHP-08).
    """
    low, high = float(params.get("min_kg", 0.05)), float(params.get("max_kg", 30000))
    verdict = Verdict()
    for shipment in deal.shipments:
        for index, goods in enumerate(shipment.goods):
            if goods.packages is None or goods.gross_weight_kg is None:
                verdict.missing.append("shipments[].goods[].packages and gross_weight_kg")
                continue
            verdict.judged = True
            per = goods.gross_weight_kg / goods.packages
            air = any(leg.mode in {"air", "courier"} for leg in shipment.legs)
            ceiling = min(high, float(params.get("max_air_kg", 3000))) if air else high
            if per < low or per > ceiling:
                verdict.hits.append(
                    hit(
                        shipment,
                        f"goods[{index}].packages",
                        goods.packages,
                        f"kg per package outside [{low}, {ceiling}]",
                        per=f"{per:.2f}",
                        description=goods.description,
                    )
                )
    return verdict


@predicate("unusual_lane")
def unusual_lane(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """Technical goods (HS chapters `chapters`) go to a hub that, in the history, has never received this
    heading although it is traded often elsewhere (SHP-13).
    """
    chapters = {str(c) for c in params.get("chapters", ["84", "85", "88", "90", "93"])}
    minimum = int(params.get("min_heading", 30))
    hubs = ref.get("transshipment_hubs") | ref.get("restricted_destinations")
    verdict = Verdict()
    for shipment in deal.shipments:
        country = shipment.destination_country
        if country is None:
            verdict.missing.append("shipments[].destination_country")
            continue
        for index, goods in enumerate(shipment.goods):
            if goods.hs_code is None:
                continue
            verdict.judged = True
            hs4 = goods.hs_code.replace(".", "")[:4]
            if hs4[:2] not in chapters or country not in hubs:
                continue
            lane, total = deal.history.lane_count(hs4, country)
            if lane <= 1 and total >= minimum:
                verdict.hits.append(
                    hit(
                        shipment,
                        f"goods[{index}].hs_code",
                        goods.hs_code,
                        f"no other shipment of this heading to {country} among {total}",
                        reference=ref.cite("transshipment_hubs"),
                        country=country,
                        total=total,
                    )
                )
    return verdict


@predicate("fast_reexport")
def fast_reexport(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """The shipper received goods of the same heading within `days` before and ships them on to another
    country, unprocessed: a quick re-export through an intermediary (SHP-14).
    """
    days = int(params.get("days", 30))
    verdict = Verdict()
    for shipment in deal.shipments:
        shipper = shipment.party(Role.SHIPPER) or shipment.party(Role.SELLER)
        if shipper is None:
            verdict.missing.append("shipments[].parties[role=shipper]")
            continue
        verdict.judged = True
        headings = {g.hs_code.replace(".", "")[:6] for g in shipment.goods if g.hs_code}
        inbound: list[Shipment] = []
        for name in deal.history.cluster(shipper.name):
            inbound.extend(deal.history.shipments_to(name))
        for earlier in inbound:
            arrived = max(
                (leg.arrival or leg.departure or earlier.date for leg in earlier.legs), default=earlier.date
            )
            gap = (shipment.date - arrived).days
            same = {g.hs_code.replace(".", "")[:6] for g in earlier.goods if g.hs_code} & headings
            onward = (
                shipment.destination_country and shipment.destination_country != earlier.destination_country
            )
            if earlier.id != shipment.id and 0 <= gap <= days and same and onward:
                verdict.hits.append(
                    hit(
                        shipment,
                        "destination_country",
                        shipment.destination_country,
                        f"same heading received within {days} days, shipped on to another country",
                        name=shipper.name,
                        other=earlier.id,
                        gap=gap,
                        hs=", ".join(sorted(same)),
                    )
                )
                break
    return verdict


def _imos(deal: Deal) -> list[tuple[Shipment, int, str, str]]:
    return [
        (s, i, leg.vessel.imo, leg.vessel.name)
        for s in deal.shipments
        for i, leg in enumerate(s.legs)
        if leg.vessel is not None and leg.vessel.imo
    ]


@predicate("vessel_identity_inconsistent")
def vessel_identity_inconsistent(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The IMO number is used under at least `min_names` names within `days`, or by two differently named
    ships on overlapping voyages: a false or cloned identity (SHP-16).
    """
    days, minimum = int(params.get("days", 730)), int(params.get("min_names", 3))
    found = _imos(deal)
    if not found:
        return Verdict(missing=["shipments[].legs[].vessel.imo"])
    verdict = Verdict(judged=True)
    for shipment, index, imo, name in found:
        legs = [leg for leg in deal.history.vessel_legs(imo) if abs((leg.date - shipment.date).days) <= days]
        names = {leg.name.casefold() for leg in legs}
        mine = shipment.legs[index]
        start, end = mine.departure or shipment.date, mine.arrival or mine.departure or shipment.date
        clones = [
            leg
            for leg in legs
            if leg.name.casefold() != name.casefold()
            and leg.record.id != shipment.id
            and start <= leg.date <= end
        ]
        if len(names) >= minimum or clones:
            verdict.hits.append(
                hit(
                    shipment,
                    f"legs[{index}].vessel.imo",
                    imo,
                    f">= {minimum} names for one IMO, or two ships at sea under it",
                    name=name,
                    names=", ".join(sorted(names)),
                )
            )
    return verdict


@predicate("flag_hopping")
def flag_hopping(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """The vessel sails under at least `min_flags` flags within `days` (two or more changes) (SHP-19)."""
    days, minimum = int(params.get("days", 365)), int(params.get("min_flags", 3))
    found = _imos(deal)
    if not found:
        return Verdict(missing=["shipments[].legs[].vessel.imo"])
    verdict = Verdict(judged=True)
    for shipment, index, imo, name in found:
        flags = {
            leg.flag
            for leg in deal.history.vessel_legs(imo)
            if leg.flag and abs((leg.date - shipment.date).days) <= days
        }
        if len(flags) >= minimum:
            verdict.hits.append(
                hit(
                    shipment,
                    f"legs[{index}].vessel.flag",
                    ", ".join(sorted(flags)),
                    f">= {minimum} flags within {days} days",
                    reference=ref.cite("open_registries"),
                    name=name,
                    days=days,
                )
            )
    return verdict


@predicate("route_gap")
def route_gap(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """A leg starts somewhere else than the previous one ended (an undeclared port call), or the cargo
    waits at least `dwell_days` between legs (loitering) (SHP-20).
    """
    dwell = int(params.get("dwell_days", 14))
    verdict = Verdict()
    for shipment in deal.shipments:
        if len(shipment.legs) < 2:
            verdict.missing.append("shipments[].legs (two or more)")
            continue
        verdict.judged = True
        for index, (a, b) in enumerate(zip(shipment.legs, shipment.legs[1:], strict=False), start=1):
            moved = a.destination.country != b.origin.country or (
                a.destination.code and b.origin.code and a.destination.code != b.origin.code
            )
            waited = a.arrival and b.departure and (b.departure - a.arrival) >= dt.timedelta(days=dwell)
            if moved or waited:
                where = (
                    f"{a.destination.code or a.destination.country} -> {b.origin.code or b.origin.country}"
                )
                verdict.hits.append(
                    hit(
                        shipment,
                        f"legs[{index}].origin",
                        where,
                        "leg does not start where the previous ended" if moved else f"dwell >= {dwell} days",
                    )
                )
    return verdict


@predicate("serial_seen_elsewhere")
def serial_seen_elsewhere(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A serial number of a line item reappears in another record bound for another country (EU-05)."""
    verdict = Verdict()
    for record, item in deal.line_items():
        if not item.serials:
            continue
        verdict.judged = True
        home = {p.country for p in record.parties if p.role in (Role.END_USER, Role.CONSIGNEE, Role.BUYER)}
        for serial in item.serials:
            for other in deal.history.serial_records(serial):
                there = {
                    p.country for p in other.parties if p.role in (Role.END_USER, Role.CONSIGNEE, Role.BUYER)
                }
                if other.id != record.id and there - home - {None}:
                    verdict.hits.append(
                        hit(
                            record,
                            f"items[{item.line - 1}].serials",
                            serial,
                            "serial seen in a record for another country",
                            other=other.id,
                            country=", ".join(sorted(c for c in there - home if c)),
                        )
                    )
    if not verdict.judged:
        verdict.missing.append("records[].items[].serials")
    return verdict
