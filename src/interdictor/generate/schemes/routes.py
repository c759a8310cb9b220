"""Schemes of routes and ships: transshipment through a hub, vessels with laundered identities."""

from __future__ import annotations

import datetime as dt

from interdictor.generate.documents import days
from interdictor.generate.ftm import vessel_entities
from interdictor.generate.names import pick
from interdictor.generate.networks import Network, Planner
from interdictor.generate.rng import mix, opaque
from interdictor.generate.schemes.base import deal, new_front, pick_date, pick_family
from interdictor.generate.trade import Vessel, imo_number

__all__ = ["hub_transshipment", "vessel_identity"]


def hub_transshipment(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p)
    hub = net.hub if net.hub in ("AE", "MY", "SG", "TR", "CN") else "AE"
    buyer = new_front(p, net, when, country=hub)
    forwarder = p.company(
        net, hub, "forwarder", "logistics", days(when, -rng.randrange(300, 4000)), "forwarder"
    )
    zone = pick(rng, p.know.world["free_zone_addresses"].get(hub, ["Free Zone"]))
    forwarder.free_zone = zone.replace("{po}", str(rng.randrange(1000, 99999))).replace(
        "{unit}", str(rng.randrange(1, 400))
    )
    supplier = p.supplier()
    fam = pick_family(p)
    ship_date_hint = days(when, 20)
    amend = [
        {
            "date": ship_date_hint.isoformat(),
            "field": "consignee",
            "old": forwarder.name.canonical,
            "new": net.end_user.name.canonical,
            "requested_by": "p3",
            "seller_notified": False,
        }
    ]
    ship_parties = [
        p.party(supplier, "shipper", "p1"),
        p.party(forwarder, "consignee", "p2"),
        p.party(forwarder, "forwarder", "p3"),
        p.party(buyer, "notify_party", "p4"),
    ]
    transit = pick(rng, [c for c in ("SG", "MY", "TR", "CN") if c != hub])
    first = deal(
        p,
        net,
        seller=supplier,
        buyer=buyer,
        consignee=forwarder,
        date=when,
        family=fam,
        via=transit,
        dest=hub,
        end_use=pick(rng, p.know.world["vague_end_uses"]),
        steps={"order": "order", "shipment": "shipment", "payment": "payment"},
        ship_parties=ship_parties,
        ship_extra={"instructing_party": "p4", "routed_export": True, "amendments": amend},
    )
    legs, _ = p.trade.legs(
        rng, hub, net.programme, days(first["ship_date"], rng.randrange(25, 40)), mode="sea"
    )
    parties = [p.party(forwarder, "shipper", "p1"), p.party(net.end_user, "consignee", "p2")]
    p.emit(
        net,
        "reexport",
        "shipment",
        days(first["ship_date"], rng.randrange(25, 40)),
        parties,
        legs=legs,
        goods=[{"description": pick(rng, fam.generic), "hs_code": fam.hs[0]}],
        destination_country=net.programme,
        transport_document={"type": "bill_of_lading", "number": f"BL{rng.randrange(10**8, 10**9)}"},
    )


def vessel_identity(p: Planner, net: Network) -> None:
    """A ship that changes name and flag every few months, sailing under each identity in turn.

    Its IMO number is laundered in one of three ways: a number whose check digit fails, the number
    of a ship broken up years ago (the registry holds that ship under its own name), or its own
    valid number. SHP-18 is expected only where the records show the tampering (the first two);
    SHP-19 wherever the shipments of the vessel show three flags within a year.
    """
    rng = p.rng
    when = pick_date(p, 0.3, 0.85)
    owner = p.company(
        net,
        pick(rng, ("HK", "AE")),
        "forwarder",
        "logistics",
        days(when, -rng.randrange(200, 700)),
        "ship_owner",
    )
    operator = p.company(
        net,
        net.programme if net.programme != "SY" else "AE",
        "forwarder",
        "logistics",
        days(when, -4000),
        "ship_operator",
    )
    p.designate(
        net,
        operator.id,
        "Company",
        [operator.name.canonical, *operator.name.aliases()],
        operator.country,
        days(when, -500),
    )
    words = p.know.world["vessel_words"]
    flags_of_convenience = p.know.world["flags_of_convenience"]
    names: list[tuple[dt.date, str, str]] = []
    for k in range(rng.randrange(3, 5)):
        flag = pick(rng, [f for f in flags_of_convenience if not names or f != names[-1][2]])
        names.append((days(when, 130 * k), f"{pick(rng, words)} {pick(rng, words)}".upper(), flag))
    key = mix(p.trade.seed, "net-vessels")
    base = opaque(p.net_no, key)
    imo = imo_number(base)
    laundering = pick(rng, ("check_digit", "check_digit", "scrapped_ship", "own_number"))
    if laundering == "check_digit":  # a number whose check digit does not add up
        imo = imo[:6] + str((int(imo[6]) + 1) % 10)
    elif laundering == "scrapped_ship":  # the number of a ship broken up years ago, still in the registry
        scrapped_id = f"ve-{opaque(2 * 10**6 + p.net_no, key):010x}"
        scrapped = {
            "id": scrapped_id,
            "schema": "Vessel",
            "properties": {
                "name": [f"{pick(rng, words)} {pick(rng, words)}".upper()],
                "imoNumber": [imo],
                "flag": [pick(rng, p.know.world["mainstream_flags"]).lower()],
                "type": ["Bulk Carrier"],
                "buildDate": [str(rng.randrange(1970, 1985))],
                "notes": [f"Broken up in {rng.randrange(2008, 2017)}"],
            },
        }
        p.plan.entities.append(scrapped)
        p.plan.entity_truth.append((scrapped_id, scrapped_id))
    vessel = Vessel(
        10**6 + p.net_no,
        f"ve-{opaque(10**6 + p.net_no, key):010x}",
        imo,
        names,
        "General Cargo",
        rng.randrange(1978, 1995),
        owner.index,
        owner.id,
        net.id,
    )
    p.trade.vessels.append(vessel)
    p.plan.entities.extend(vessel_entities(vessel))
    p.plan.entities.append(
        {
            "id": f"{vessel.id}-m",
            "schema": "UnknownLink",
            "properties": {"subject": [operator.id], "object": [vessel.id], "role": ["ship manager"]},
        }
    )
    p.plan.entity_truth.append((vessel.id, vessel.id))
    net.member(vessel.id, "vessel", names[-1][1])
    shipper = new_front(p, net, when, country=pick(rng, ("CN", "RU", "MY")), free_mail=False)
    cover = pick(rng, ("refined sugar", "iron ore", "cement", "rice in bags"))
    cover_hs = {
        "refined sugar": "1701.99",
        "iron ore": "2601.11",
        "cement": "2523.29",
        "rice in bags": "1006.30",
    }
    tampered = ("SHP-18",) if laundering != "own_number" else ()
    voyages: list[tuple[dt.date, str]] = []
    for k, (start, _, _) in enumerate(names):  # one voyage under each identity, as the papers show it
        date = days(start, rng.randrange(5, 60))
        result = deal(
            p,
            net,
            seller=shipper,
            buyer=net.end_user,
            date=date,
            vessel=vessel,
            dest=net.programme,
            declared=(cover, cover_hs[cover]),
            steps={"shipment": "shipment"} | ({"order": "order", "payment": "payment"} if k == 0 else {}),
            ship_extra={"gross_weight_kg": float(rng.randrange(900, 4000) * 1000)},
            ship_flags=tampered,
        )
        voyages.append((result["ship_date"], result["shipment"]))
    # SHP-19 where the voyages of the vessel within a year of a shipment show three flags or more
    flags_at = [(when_, vessel.at(when_)[1]) for when_, _ in voyages]
    for ship_date, record_id in voyages:
        seen = {flag for d, flag in flags_at if abs((d - ship_date).days) <= 365}
        if len(seen) >= 3:
            p.add_flags(record_id, ("SHP-19",))
