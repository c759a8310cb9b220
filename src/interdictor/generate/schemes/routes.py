"""Schemes of routes and ships: transshipment through a hub, vessels with laundered identities."""

from __future__ import annotations

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
    rng = p.rng
    when = pick_date(p, 0.3, 0.9)
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
    names = []
    for k in range(rng.randrange(3, 5)):
        names.append(
            (
                days(when, -600 + 150 * k),
                f"{pick(rng, words)} {pick(rng, words)}".upper(),
                pick(rng, p.know.world["flags_of_convenience"]),
            )
        )
    key = mix(p.trade.seed, "net-vessels")
    base = opaque(p.net_no, key)
    imo = imo_number(base)
    if rng.random() < 0.5:  # identity laundering: a check digit that does not add up (SHP-18)
        imo = imo[:6] + str((int(imo[6]) + 1) % 10)
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
    for k in range(rng.randrange(2, 4)):
        date = days(when, 45 * k)
        deal(
            p,
            net,
            seller=shipper,
            buyer=net.end_user,
            date=date,
            vessel=vessel,
            dest=net.programme,
            declared=(cover, "1701.99" if "sugar" in cover else "2601.11"),
            steps={"shipment": "shipment"} | ({"order": "order", "payment": "payment"} if k == 0 else {}),
            ship_extra={"gross_weight_kg": float(rng.randrange(900, 4000) * 1000)},
        )
