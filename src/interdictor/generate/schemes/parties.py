"""Schemes of companies and money: front clusters, successor fronts, broker layering, payment layering."""

from __future__ import annotations

from interdictor.generate.companies import make_account
from interdictor.generate.documents import days
from interdictor.generate.names import pick
from interdictor.generate.networks import Network, Planner
from interdictor.generate.schemes.base import deal, new_front, pick_date, pick_family

__all__ = ["broker_layering", "front_cluster", "payment_layering", "successor_fronts"]


def front_cluster(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p)
    box = str(rng.randrange(1000, 99999))
    first = new_front(p, net, when, directors=(net.agent,))
    fronts = [first] + [new_front(p, net, when, directors=(net.agent,)) for _ in range(rng.randrange(4, 6))]
    agent_phone = net.agent.phone
    for front in fronts:  # shared post box, phone and director: the cluster's fingerprint (NET-01, EU-06)
        front.po_box, front.unit, front.street, front.address_kind = box, None, first.street, "po_box"
        front.city, front.postcode, front.phone = first.city, first.postcode, agent_phone
    bundle = pick(rng, ("centrifuge", "missile"))
    for k, front in enumerate(fronts):
        supplier = p.supplier()
        date = days(when, 20 * k + rng.randrange(0, 15))
        parties = [p.party(front, "buyer", "p1", contact=True), p.party(supplier, "seller", "p2")]
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
            family=pick_family(p, bundle),
            end_use=pick(rng, p.know.world["vague_end_uses"]),
            via=None,
        )


def successor_fronts(p: Planner, net: Network) -> None:
    rng = p.rng
    early = pick_date(p, 0.05, 0.25)
    old = new_front(p, net, early, role="designated_front", free_mail=False)
    supplier = p.supplier()
    family = pick_family(p)
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
    when = pick_date(p)
    maker = p.supplier()
    third = pick(rng, [c for c in ("TR", "MY", "KZ", "SG") if c != net.hub] or ["TR"])
    distributor = new_front(
        p, net, when, country=third, kind="distributor", role="intermediary", free_mail=False
    )
    trader = new_front(p, net, when, role="intermediary")
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


def payment_layering(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p)
    buyer = new_front(p, net, when, country=pick(rng, ("TR", "MY", "AE")), free_mail=False)
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
