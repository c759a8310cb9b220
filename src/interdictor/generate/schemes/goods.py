"""Schemes of goods and licences: order splitting, end-user substitution, just below, false description."""

from __future__ import annotations

from interdictor.generate.documents import days, family_item
from interdictor.generate.names import pick
from interdictor.generate.networks import Network, Planner
from interdictor.generate.schemes.base import deal, new_front, pick_date, pick_family

__all__ = ["end_user_substitution", "false_description", "just_below", "order_splitting"]


def order_splitting(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p)
    buyers = [new_front(p, net, when, free_mail=False) for _ in range(3)]
    for b in buyers[1:]:
        b.phone, b.street, b.unit, b.city = buyers[0].phone, buyers[0].street, buyers[0].unit, buyers[0].city
    fam = pick_family(p)
    suppliers = [p.supplier() for _ in range(5)]
    for k, supplier in enumerate(suppliers):  # shotgun inquiries for the same item to many makers (ORD-22)
        parties = [p.party(buyers[k % 3], "buyer", "p1", contact=True), p.party(supplier, "seller", "p2")]
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
    when = pick_date(p, 0.1, 0.7)
    exporter = p.supplier()
    consignee = new_front(p, net, when, country=pick(rng, ("AE", "TR")), free_mail=False)
    fam = pick_family(p)
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
    when = pick_date(p)
    buyer = new_front(p, net, when, country=net.hub, free_mail=False)
    for k in range(rng.randrange(2, 4)):
        fam = pick_family(p)
        supplier = p.supplier()
        date = days(when, 30 * k)
        parties = [p.party(buyer, "buyer", "p1", contact=True), p.party(supplier, "seller", "p2")]
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
    when = pick_date(p)
    buyer = new_front(p, net, when, free_mail=False)
    fam = pick_family(p)
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
