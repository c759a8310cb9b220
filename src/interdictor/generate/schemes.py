"""The planted schemes of `data/schemes.yaml`, one function each, built from a shared `deal` helper.

Each function receives the planner and a fresh network (programme country, designated end user,
agent, hub) and writes the companies, people and records that make the scheme visible in data:
shared identifiers, dates after a designation, legs through a hub, payers unrelated to the trade.
The step names passed to `Planner.emit` select methods and flags from the YAML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from interdictor.generate.companies import Company, make_account
from interdictor.generate.documents import days, family_item, rate_for
from interdictor.generate.names import pick
from interdictor.generate.networks import Network, Planner

__all__ = ["SCHEMES"]


def _when(p: Planner, lo: float = 0.15, hi: float = 0.9) -> dt.date:
    span = 365 * p.know.years
    return p.know.start + dt.timedelta(days=int(span * (lo + (hi - lo) * p.rng.random())))


def _family(p: Planner, bundle: str | None = None) -> Any:
    families = [f for f in p.know.families.values() if bundle is None or bundle in f.bundle]
    return pick(p.rng, families)


def deal(
    p: Planner,
    net: Network,
    *,
    seller: Company,
    buyer: Company,
    date: dt.date,
    steps: dict[str, str],
    family: Any = None,
    band: str = "above",
    quantity: int | None = None,
    consignee: Company | None = None,
    end_user: Company | None = None,
    end_use: str | None = None,
    via: str | None = None,
    dest: str | None = None,
    payer: Company | None = None,
    forwarder: Company | None = None,
    order_extra: dict[str, Any] | None = None,
    ship_extra: dict[str, Any] | None = None,
    declared: tuple[str, str] | None = None,
    vessel: Any = None,
    kyc: bool = True,
    ship_parties: list[tuple[dict[str, Any], str]] | None = None,
) -> dict[str, Any]:
    """Order, shipment and payment of one planted deal; a step missing from `steps` is not written."""
    rng = p.rng
    family = family or _family(p)
    currency = pick(rng, ("USD", "EUR"))
    rate = rate_for(p.know, currency)
    item, value, truth = family_item(rng, family, band, 1, currency, rate, seller.country, quantity=quantity)
    out: dict[str, Any] = {"family": family, "value": value}
    order_id = None
    if "order" in steps:
        parties = [p.party(buyer, "buyer", "p1", kyc=kyc), p.party(seller, "seller", "p2")]
        if end_user is not None:
            parties.append(p.party(end_user, "end_user", "p3"))
        if consignee is not None:
            parties.append(p.party(consignee, "consignee", "p4"))
        body: dict[str, Any] = {
            "items": [item],
            "currency": currency,
            "total_value": round(value, 2),
            "delivery_terms": {
                "incoterm": pick(rng, ("EXW", "FCA", "CPT")),
                "country": (consignee or buyer).country,
            },
            "payment_terms": {"method": "advance", "days": 0},
        }
        if end_use:
            body["end_use"] = end_use
            body["reexport"] = "unknown"
        body.update(order_extra or {})
        order_id = p.emit(net, steps["order"], "order", date, parties, items_truth=[truth], **body)
        out["order"] = order_id
    ship_date = days(date, rng.randrange(12, 50))
    out["ship_date"] = ship_date
    target = consignee or buyer
    if "shipment" in steps:
        legs, arrival = p.trade.legs(
            rng,
            seller.country,
            dest or target.country,
            ship_date,
            via=via,
            vessel=vessel,
            mode="sea" if vessel is not None else None,
        )
        out["arrival"] = arrival
        forwarder = forwarder or p.forwarder(seller.country)
        parties = ship_parties or [
            p.party(seller, "shipper", "p1"),
            p.party(target, "consignee", "p2"),
            p.party(forwarder, "forwarder", "p3"),
        ]
        description, hs = declared or (item["description"][:60], item["hs_code"])
        goods = [
            {
                "description": description,
                "hs_code": hs,
                "quantity": item["quantity"],
                "unit": item["unit"],
                "value": round(value, 2),
                "gross_weight_kg": round(
                    float(item["quantity"]) * family.unit_weight_kg * rng.uniform(1.1, 1.4), 1
                ),
            }
        ]
        body = {
            "order_ref": order_id,
            "legs": legs,
            "goods": goods,
            "currency": currency,
            "declared_value": round(value, 2),
            "destination_country": dest or target.country,
            "transport_document": {
                "type": "bill_of_lading" if legs and legs[0]["mode"] == "sea" else "air_waybill",
                "number": f"BL{rng.randrange(10**8, 10**9)}",
            },
        }
        if order_id is None:
            body.pop("order_ref")
        body.update(ship_extra or {})
        out["shipment"] = p.emit(net, steps["shipment"], "shipment", ship_date, parties, **body)
    if "payment" in steps:
        payer = payer or buyer
        pay_date = days(date, rng.randrange(1, 20))
        parties = [
            p.party(payer, "payer", "p1", account=payer.accounts[0]),
            p.party(seller, "beneficiary", "p2", account=seller.accounts[0]),
        ]
        inv = rng.randrange(10**5, 10**6)
        out["payment"] = p.emit(
            net,
            steps["payment"],
            "payment",
            pay_date,
            parties,
            order_ref=order_id,
            invoice_ref=f"INV-{inv}",
            amount=round(value, 2),
            currency=currency,
            instrument="wire",
            reference=f"INV {inv}",
        )
    return out


def _front(
    p: Planner,
    net: Network,
    when: dt.date,
    *,
    country: str | None = None,
    kind: str = "trading",
    role: str = "front",
    directors: Any = None,
    free_mail: bool = True,
) -> Company:
    incorporated = when - dt.timedelta(days=p.rng.randrange(60, 600))
    return p.company(
        net, country or net.hub, kind, "trading", incorporated, role, directors=directors, free_mail=free_mail
    )


def front_cluster(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p)
    box = str(rng.randrange(1000, 99999))
    first = _front(p, net, when, directors=(net.agent,))
    fronts = [first] + [_front(p, net, when, directors=(net.agent,)) for _ in range(rng.randrange(4, 6))]
    agent_phone = net.agent.phone
    for front in fronts:  # shared post box, phone and director: the cluster's fingerprint (NET-01, EU-06)
        front.po_box, front.unit, front.street, front.address_kind = box, None, first.street, "po_box"
        front.city, front.postcode, front.phone = first.city, first.postcode, agent_phone
    bundle = pick(rng, ("centrifuge", "missile"))
    for k, front in enumerate(fronts):
        supplier = p.supplier()
        date = days(when, 20 * k + rng.randrange(0, 15))
        parties = [p.party(front, "buyer", "p1"), p.party(supplier, "seller", "p2")]
        p.emit(
            net,
            "inquiry",
            "inquiry",
            days(date, -rng.randrange(5, 30)),
            parties,
            channel="email",
            text="Please quote your best price and delivery time.",
            ip_country=net.programme,
        )
        deal(
            p,
            net,
            seller=supplier,
            buyer=front,
            date=date,
            steps={"order": "order", "shipment": "shipment", "payment": "payment"},
            family=_family(p, bundle),
            end_use=pick(rng, p.know.world["vague_end_uses"]),
            via=None,
        )


def successor_fronts(p: Planner, net: Network) -> None:
    rng = p.rng
    early = _when(p, 0.05, 0.25)
    old = _front(p, net, early, role="designated_front", free_mail=False)
    supplier = p.supplier()
    family = _family(p)
    deal(
        p,
        net,
        seller=supplier,
        buyer=old,
        date=early,
        family=family,
        end_user=old,
        steps={"order": "pre_order", "shipment": "pre_shipment", "payment": "pre_payment"},
    )
    listed = days(early, rng.randrange(120, 300))
    p.designate(
        net,
        old.id,
        "Company",
        [old.name.canonical, *old.name.aliases()],
        old.country,
        listed,
        {"registrationNumber": [old.registration], "address": [old.address_line()]},
    )
    for k in range(rng.randrange(2, 4)):
        born = days(listed, rng.randrange(60, 600))
        new = p.company(net, old.country, "trading", "trading", born, "successor", directors=old.directors)
        new.name = old.name.successor(rng, p.know.cultures[p.know.countries[old.country].culture])
        new.phone = old.phone if k % 2 == 0 else new.phone
        new.street, new.unit, new.city, new.postcode = old.street, old.unit, old.city, old.postcode
        if k == 0:
            new.accounts = (old.accounts[0],)
            new.borrowed_accounts = frozenset({old.accounts[0].id})
        deal(
            p,
            net,
            seller=p.supplier() if k else supplier,
            buyer=new,
            date=days(born, rng.randrange(20, 200)),
            family=family,
            steps={"order": "order", "shipment": "shipment", "payment": "payment"},
        )


def broker_layering(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p)
    maker = p.supplier()
    third = pick(rng, [c for c in ("TR", "MY", "KZ", "SG") if c != net.hub] or ["TR"])
    distributor = _front(
        p, net, when, country=third, kind="distributor", role="intermediary", free_mail=False
    )
    trader = _front(p, net, when, role="intermediary")
    broker = p.company(
        net, pick(rng, ("HK", "CN")), "trading", "trading", days(when, -rng.randrange(400, 3000)), "broker"
    )
    first = deal(
        p,
        net,
        seller=maker,
        buyer=distributor,
        end_user=distributor,
        date=when,
        end_use=pick(rng, p.know.world["vague_end_uses"]),
        steps={"order": "order", "shipment": "shipment", "payment": "payment"},
        order_extra={},
    )
    fam = first["family"]
    resale_date = days(first["ship_date"], rng.randrange(3, 12))
    second = deal(
        p,
        net,
        seller=distributor,
        buyer=trader,
        date=resale_date,
        family=fam,
        steps={"order": "resale_order", "shipment": "resale_shipment", "payment": "resale_payment"},
    )
    final_date = days(second["ship_date"], rng.randrange(2, 9))
    deal(
        p,
        net,
        seller=trader,
        buyer=net.end_user,
        date=final_date,
        family=fam,
        steps={"shipment": "final_shipment"},
        forwarder=p.forwarder(trader.country),
    )
    parties = [
        p.party(distributor, "payer", "p1", account=distributor.accounts[0]),
        p.party(broker, "beneficiary", "p2", account=broker.accounts[0]),
    ]
    p.emit(
        net,
        "commission",
        "payment",
        days(resale_date, 5),
        parties,
        amount=round(first["value"] * 0.07, 2),
        currency="USD",
        instrument="wire",
        reference="Commission",
        purpose="Consulting services",
    )


def hub_transshipment(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p)
    hub = net.hub if net.hub in ("AE", "MY", "SG", "TR", "CN") else "AE"
    buyer = _front(p, net, when, country=hub)
    forwarder = p.company(
        net, hub, "forwarder", "logistics", days(when, -rng.randrange(300, 4000)), "forwarder"
    )
    zone = pick(rng, p.know.world["free_zone_addresses"].get(hub, ["Free Zone"]))
    forwarder.free_zone = zone.replace("{po}", str(rng.randrange(1000, 99999))).replace(
        "{unit}", str(rng.randrange(1, 400))
    )
    supplier = p.supplier()
    fam = _family(p)
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


def payment_layering(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p)
    buyer = _front(p, net, when, country=pick(rng, ("TR", "MY", "AE")), free_mail=False)
    shell_country = pick(rng, [c for c in ("HK", "AE", "SG", "CN") if c != buyer.country])
    shell = p.company(
        net, shell_country, "trading", "trading", days(when, -rng.randrange(100, 900)), "payer_shell"
    )
    supplier = p.supplier()
    result = deal(
        p, net, seller=supplier, buyer=buyer, date=when, steps={"order": "order", "shipment": "shipment"}
    )
    banks = []
    for country in rng.sample(["HK", "AE", "SG", "TR", "CN", "MY"], 2):
        name, bic = p.know.countries[country].banks[0]
        banks.append({"name": name, "bic": bic, "country": country})
    parties = [
        p.party(shell, "payer", "p1", account=shell.accounts[0]),
        p.party(supplier, "beneficiary", "p2", account=supplier.accounts[0]),
    ]
    p.emit(
        net,
        "payment",
        "payment",
        days(when, 5),
        parties,
        order_ref=result["order"],
        amount=round(result["value"] * 0.6, 2),
        currency="USD",
        instrument="wire",
        intermediary_banks=banks,
        reference=f"PO {rng.randrange(1000, 9999)}",
        purpose="Payment on behalf of customer",
    )
    relative = p.person(net, net.agent.nationality, shell_country, "relative_account_holder")
    account = make_account(rng, p.know.countries[shell_country], personal=True)
    parties = [
        p.person_party(relative, "payer", "p1", account=account),
        p.party(supplier, "beneficiary", "p2", account=supplier.accounts[0]),
    ]
    p.emit(
        net,
        "personal_payment",
        "payment",
        days(when, 40),
        parties,
        order_ref=result["order"],
        amount=float(round(result["value"] * 0.4, -2) or 100),
        currency="USD",
        instrument="wire",
        reference="Family support",
    )
    p.plan.entities.append(
        {
            "id": f"{relative.id}-f",
            "schema": "Family",
            "properties": {"person": [net.agent.id], "relative": [relative.id], "relationship": ["daughter"]},
        }
    )


def order_splitting(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p)
    buyers = [_front(p, net, when, free_mail=False) for _ in range(3)]
    for b in buyers[1:]:
        b.phone, b.street, b.unit, b.city = buyers[0].phone, buyers[0].street, buyers[0].unit, buyers[0].city
    fam = _family(p)
    suppliers = [p.supplier() for _ in range(5)]
    for k, supplier in enumerate(suppliers):  # shotgun inquiries for the same item to many makers (ORD-22)
        parties = [p.party(buyers[k % 3], "buyer", "p1"), p.party(supplier, "seller", "p2")]
        p.emit(
            net,
            "inquiry",
            "inquiry",
            days(when, k),
            parties,
            channel="email",
            text=f"Request for quotation: {fam.descriptions[0][:40]}",
        )
    for k in range(rng.randrange(6, 9)):
        deal(
            p,
            net,
            seller=suppliers[k % 2],
            buyer=buyers[k % 3],
            date=days(when, 10 + k * rng.randrange(5, 11)),
            family=fam,
            quantity=rng.randrange(1, 3),
            steps={"order": "order", "shipment": "shipment", "payment": "payment"},
            kyc=False,
        )


def end_user_substitution(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p, 0.1, 0.7)
    exporter = p.supplier()
    consignee = _front(p, net, when, country=pick(rng, ("AE", "TR")), free_mail=False)
    fam = _family(p)
    qty = rng.randrange(4, 20)
    currency = "EUR"
    item, _, truth = family_item(rng, fam, "above", 1, currency, 1.0, exporter.country, quantity=qty)
    parties = [
        p.party(exporter, "applicant", "p1"),
        p.party(consignee, "consignee", "p2"),
        p.party(net.end_user, "end_user", "p3"),
    ]
    p.emit(
        net,
        "denied_application",
        "licence_application",
        when,
        parties,
        authority=exporter.country,
        items=[item],
        items_truth=[truth],
        end_use=pick(rng, p.know.world["false_projects"]),
        decision={
            "outcome": "denied",
            "date": days(when, 45).isoformat(),
            "reason": "Risk of diversion to a military end use",
        },
    )
    later = days(when, rng.randrange(90, 300))
    new_end_user = p.company(
        net,
        pick(rng, ("MY", "KZ", "SG")),
        "end_user_industrial",
        "industrial",
        days(later, -rng.randrange(90, 500)),
        "substitute_end_user",
    )
    item2, value, truth2 = family_item(
        rng,
        fam,
        "above",
        1,
        currency,
        1.0,
        exporter.country,
        quantity=max(1, round(qty * rng.uniform(0.85, 1.15))),
    )
    parties = [
        p.party(exporter, "applicant", "p1"),
        p.party(consignee, "consignee", "p2"),
        p.party(new_end_user, "end_user", "p3"),
    ]
    project = pick(rng, p.know.world["false_projects"])
    p.emit(
        net,
        "application",
        "licence_application",
        later,
        parties,
        authority=exporter.country,
        items=[item2],
        items_truth=[truth2],
        end_use=project,
        decision={
            "outcome": "approved",
            "date": days(later, 30).isoformat(),
            "licence_number": f"{exporter.country}-{rng.randrange(10**6, 10**7)}",
        },
    )
    parties = [p.party(new_end_user, "end_user", "p1"), p.party(consignee, "issuer", "p2")]
    p.emit(
        net,
        "certificate",
        "end_user_certificate",
        days(later, -5),
        parties,
        end_use_text=project,
        civil_use=True,
        signed=True,
        letterhead=False,
        signatory=consignee.directors[0].name.canonical,
        verification={"method": "phone", "result": "unreachable", "date": days(later, 10).isoformat()},
    )
    result = deal(
        p,
        net,
        seller=exporter,
        buyer=consignee,
        end_user=new_end_user,
        consignee=new_end_user,
        date=days(later, 35),
        family=fam,
        quantity=int(item2["quantity"]),
        end_use=project,
        steps={"order": "order", "shipment": "shipment", "payment": "payment"},
    )
    legs, _ = p.trade.legs(
        rng,
        new_end_user.country,
        net.programme,
        days(result["ship_date"], 30),
        via=net.hub if net.hub != new_end_user.country else None,
    )
    parties = [p.party(new_end_user, "shipper", "p1"), p.party(net.end_user, "consignee", "p2")]
    p.emit(
        net,
        "diversion",
        "shipment",
        days(result["ship_date"], 30),
        parties,
        legs=legs,
        goods=[
            {
                "description": pick(rng, fam.generic),
                "hs_code": fam.decoy_hs[0],
                "value": round(value * 0.3, 2),
            }
        ],
        currency=currency,
        destination_country=net.programme,
    )


def just_below(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p)
    buyer = _front(p, net, when, country=net.hub, free_mail=False)
    for k in range(rng.randrange(2, 4)):
        fam = _family(p)
        supplier = p.supplier()
        date = days(when, 30 * k)
        parties = [p.party(buyer, "buyer", "p1"), p.party(supplier, "seller", "p2")]
        item, _, truth = family_item(rng, fam, "just_below", 1, "USD", 1.0, supplier.country)
        p.emit(
            net,
            "inquiry",
            "inquiry",
            days(date, -10),
            parties,
            items=[item],
            items_truth=[truth],
            channel="email",
        )
        deal(
            p,
            net,
            seller=supplier,
            buyer=buyer,
            date=date,
            family=fam,
            band="just_below",
            order_extra={"special_instructions": pick(rng, p.know.world["unlock_instructions"])},
            steps={"order": "order", "shipment": "shipment", "payment": "payment"},
        )


def false_description(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p)
    buyer = _front(p, net, when, free_mail=False)
    fam = _family(p)
    declared = (pick(rng, fam.generic), pick(rng, fam.decoy_hs))
    deal(
        p,
        net,
        seller=p.supplier(),
        buyer=buyer,
        date=when,
        family=fam,
        declared=declared,
        order_extra={"special_instructions": pick(rng, p.know.world["concealment_instructions"])},
        steps={"order": "order", "shipment": "shipment", "payment": "payment"},
    )
    # the shipment's declared value is far below the order value (FIN-14): fix it on the emitted record
    record = p.plan.emits[-2][0]
    if record["kind"] == "shipment":
        record["declared_value"] = round(float(record["goods"][0]["value"]) * rng.uniform(0.05, 0.2), 2)
        record["goods"][0]["value"] = record["declared_value"]


def vessel_identity(p: Planner, net: Network) -> None:
    rng = p.rng
    when = _when(p, 0.3, 0.9)
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
    from interdictor.generate.ftm import vessel_entities
    from interdictor.generate.rng import mix, opaque
    from interdictor.generate.trade import Vessel, imo_number

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
    shipper = _front(p, net, when, country=pick(rng, ("CN", "RU", "MY")), free_mail=False)
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


SCHEMES: dict[str, Callable[[Planner, Network], None]] = {
    "front_cluster": front_cluster,
    "successor_fronts": successor_fronts,
    "broker_layering": broker_layering,
    "hub_transshipment": hub_transshipment,
    "payment_layering": payment_layering,
    "order_splitting": order_splitting,
    "end_user_substitution": end_user_substitution,
    "just_below": just_below,
    "false_description": false_description,
    "vessel_identity": vessel_identity,
}
