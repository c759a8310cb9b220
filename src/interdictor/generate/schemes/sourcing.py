"""Schemes of sourcing around the controls: parts instead of systems, production means, "domestic" sales."""

from __future__ import annotations

from functools import partial
from typing import Any

from interdictor.generate.companies import Company
from interdictor.generate.data import Family
from interdictor.generate.documents import days
from interdictor.generate.names import pick
from interdictor.generate.networks import Network, Planner
from interdictor.generate.schemes.base import deal, new_front, pick_date

__all__ = ["domestic_sale", "duplication", "spare_parts"]

_MAKER_COUNTRIES = ("DE", "US", "JP", "CH", "GB", "AT")
_SUBSIDIARY_COUNTRIES = ("CN", "MY", "AE", "TR", "SG", "HK")

Line = tuple[dict[str, Any], float, dict[str, Any]]


def _model(p: Planner, family: Family) -> str:
    return f"{pick(p.rng, family.part_prefix)}-{p.rng.randrange(100, 9999)}"


def _spare_line(p: Planner, family: Family, model: str, origin: str, currency: str, rate: float) -> Line:
    """A part of a system the buyer never bought, in a quantity no installed base needs (ORD-18)."""
    rng = p.rng
    quantity = rng.randrange(20, 90)
    price = round(rng.uniform(*family.price) * rng.uniform(0.05, 0.2) * rate, 2)
    item = {
        "line": 1,
        "description": pick(rng, family.spares).replace("{model}", model),
        "part_number": f"{model}-SP{rng.randrange(10, 99)}",
        "quantity": quantity,
        "unit": "pcs",
        "unit_price": price,
        "currency": currency,
        "hs_code": family.parts_hs,
        "origin_country": origin,
    }
    return item, quantity * price, {"line": 1, "family": None, "band": "not_listed", "part_of": family.family}


def spare_parts(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p, 0.1, 0.75)
    buyer = new_front(p, net, when, free_mail=False)
    bundle = pick(rng, ("centrifuge", "missile"))
    families = [f for f in p.know.families.values() if f.spares and bundle in f.bundle]
    rng.shuffle(families)
    for k, family in enumerate(families[: rng.randrange(3, 5)]):
        supplier = p.supplier()
        date = days(when, 25 * k + rng.randrange(0, 20))
        model = _model(p, family)
        origin = supplier.country
        currency = pick(rng, ("USD", "EUR"))
        inquiry_line = _spare_line(p, family, model, origin, currency, 1.0 if currency == "USD" else 0.92)
        p.emit(
            net,
            "inquiry",
            "inquiry",
            days(date, -rng.randrange(5, 25)),
            [p.party(buyer, "buyer", "p1", contact=True), p.party(supplier, "seller", "p2")],
            items=[inquiry_line[0]],
            items_truth=[inquiry_line[2]],
            channel="email",
            text=f"Please quote spare parts for our {model} units, urgent.",
        )
        deal(
            p,
            net,
            seller=supplier,
            buyer=buyer,
            date=date,
            family=family,
            currency=currency,
            line=partial(_spare_line, p, family, model, origin),
            end_use="maintenance of installed equipment",
            order_flags=("EU-08",) if k >= 2 else (),  # three key items covered
            steps={"order": "order", "shipment": "shipment", "payment": "payment"},
        )


def _input_line(p: Planner, family: Family, entry: tuple[str, str], currency: str, rate: float) -> Line:
    """A production means of a controlled item: tooling, material, rig or know-how (ORD-27)."""
    rng = p.rng
    description, hs = entry
    know_how = hs.startswith("4906")
    quantity = 1 if know_how else rng.randrange(1, 4)
    price = round(rng.uniform(*family.price) * rng.uniform(2, 8) * rate, 2)
    item = {
        "line": 1,
        "description": description.replace("{model}", _model(p, family)),
        "quantity": quantity,
        "unit": "set",
        "unit_price": price,
        "currency": currency,
        "hs_code": hs,
    }
    return (
        item,
        quantity * price,
        {"line": 1, "family": None, "band": "not_listed", "input_for": family.family},
    )


def duplication(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p, 0.1, 0.8)
    buyer = new_front(p, net, when, free_mail=False)
    family = pick(rng, [f for f in p.know.families.values() if len(f.inputs) >= 2])
    entries = list(family.inputs)
    rng.shuffle(entries)
    for k, entry in enumerate(entries[:3]):
        supplier = p.supplier()
        date = days(when, 30 * k + rng.randrange(0, 20))
        currency = pick(rng, ("USD", "EUR"))
        first = _input_line(p, family, entry, currency, 1.0 if currency == "USD" else 0.92)
        p.emit(
            net,
            "inquiry",
            "inquiry",
            days(date, -rng.randrange(5, 25)),
            [p.party(buyer, "buyer", "p1", contact=True), p.party(supplier, "seller", "p2")],
            items=[first[0]],
            items_truth=[first[2]],
            channel="email",
            text="We plan local production and ask for your offer with full documentation.",
        )
        deal(
            p,
            net,
            seller=supplier,
            buyer=buyer,
            date=date,
            family=family,
            currency=currency,
            line=partial(_input_line, p, family, entry),
            end_use=pick(rng, p.know.world["false_projects"]),
            steps={"order": "order", "shipment": "shipment", "payment": "payment"},
        )


def _maker(p: Planner) -> Company:
    """A maker in an exporting country whose subsidiary sells its goods abroad."""
    for _ in range(40):
        maker = p.supplier()
        if maker.country in _MAKER_COUNTRIES and maker.kind == "manufacturer":
            return maker
    return maker


def domestic_sale(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p, 0.1, 0.8)
    maker = _maker(p)
    country = net.hub if net.hub in _SUBSIDIARY_COUNTRIES else "CN"
    subsidiary = p.company(
        net, country, "distributor", maker.sector, days(when, -rng.randrange(2000, 6000)), "seller_subsidiary"
    )
    subsidiary.parent = maker.index
    subsidiary.shareholders = ((maker.id, 100.0),)
    rep = p.person(net, country, country, "sales_representative")
    family = pick(rng, [f for f in p.know.families.values() if f.unit == "pcs"])
    buyers = [new_front(p, net, when, country=country) for _ in range(rng.randrange(3, 5))]
    for k, buyer in enumerate(buyers):
        date = days(when, 20 * k + rng.randrange(0, 15))
        result = deal(
            p,
            net,
            seller=subsidiary,
            buyer=buyer,
            date=date,
            family=family,
            origin=maker.country,
            currency=pick(rng, ("USD", "CNY" if country == "CN" else "USD")),
            order_extra={"sales_rep": rep.name.canonical},
            steps={"order": "order", "shipment": "shipment", "payment": "payment"},
        )
        if k % 2 == 0:  # the goods leave for the programme soon after the "domestic" sale
            leave = days(result["arrival"], rng.randrange(5, 25))
            legs, _ = p.trade.legs(rng, country, net.programme, leave, mode="sea")
            p.emit(
                net,
                "reexport",
                "shipment",
                leave,
                [p.party(buyer, "shipper", "p1"), p.party(net.end_user, "consignee", "p2")],
                legs=legs,
                goods=[{"description": pick(rng, family.generic), "hs_code": family.hs[0]}],
                destination_country=net.programme,
                transport_document={"type": "bill_of_lading", "number": f"BL{rng.randrange(10**8, 10**9)}"},
            )
