"""What every planted scheme uses: a date in the world's span, a control-list family, a front, a deal.

`deal` writes the order, shipment and payment of one planted deal through `Planner.emit`, with the
step names of `data/schemes.yaml` that select its methods and flags; a step left out of `steps` is
not written. `front` adds a recently incorporated trading company to the network.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from interdictor.generate.companies import Company
from interdictor.generate.documents import days, family_item, rate_for
from interdictor.generate.names import pick
from interdictor.generate.networks import Network, Planner

__all__ = ["deal", "new_front", "pick_date", "pick_family"]


def pick_date(p: Planner, lo: float = 0.15, hi: float = 0.9) -> dt.date:
    span = 365 * p.know.years
    return p.know.start + dt.timedelta(days=int(span * (lo + (hi - lo) * p.rng.random())))


def pick_family(p: Planner, bundle: str | None = None) -> Any:
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
    ship_flags: tuple[str, ...] = (),
    order_flags: tuple[str, ...] = (),
    payment_extra: dict[str, Any] | None = None,
    line: Callable[[str, float], tuple[dict[str, Any], float, dict[str, Any]]] | None = None,
    currency: str | None = None,
    origin: str | None = None,
) -> dict[str, Any]:
    """Order, shipment and payment of one planted deal; a step missing from `steps` is not written.

    `line(currency, rate)` replaces the control-list item of `family` (parts, production means).
    """
    rng = p.rng
    family = family or pick_family(p)
    currency = currency or pick(rng, ("USD", "EUR"))
    rate = rate_for(p.know, currency)
    if line is not None:
        item, value, truth = line(currency, rate)
    else:
        item, value, truth = family_item(
            rng, family, band, 1, currency, rate, origin or seller.country, quantity=quantity
        )
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
        order_id = p.emit(
            net, steps["order"], "order", date, parties, items_truth=[truth], extra_flags=order_flags, **body
        )
        out["order"] = order_id
    ship_date = days(date, rng.randrange(12, 50))
    out["ship_date"] = ship_date
    target = consignee or buyer
    if "shipment" in steps:
        legs: list[dict[str, Any]]
        if seller.country == (dest or target.country) and via is None:  # a domestic delivery by road
            legs, arrival = [], days(ship_date, rng.randrange(1, 4))
        else:
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
                "type": ("bill_of_lading" if legs[0]["mode"] == "sea" else "air_waybill") if legs else "cmr",
                "number": f"BL{rng.randrange(10**8, 10**9)}",
            },
        }
        if order_id is None:
            body.pop("order_ref")
        body.update(ship_extra or {})
        out["shipment"] = p.emit(
            net, steps["shipment"], "shipment", ship_date, parties, extra_flags=ship_flags, **body
        )
    if "payment" in steps:
        payer = payer or buyer
        pay_date = days(date, rng.randrange(1, 20))
        extra = dict(payment_extra or {})
        physical = extra.get("instrument") in ("cash", "gold")  # handed over: no payer account
        parties = [
            p.party(payer, "payer", "p1", account=None if physical else payer.accounts[0]),
            p.party(seller, "beneficiary", "p2", account=seller.accounts[0]),
        ]
        inv = rng.randrange(10**5, 10**6)
        pay_body: dict[str, Any] = {
            "order_ref": order_id,
            "invoice_ref": f"INV-{inv}",
            "amount": round(value, 2),
            "currency": currency,
            "instrument": "wire",
            "reference": f"INV {inv}",
        }
        pay_body.update(extra)
        out["payment"] = p.emit(net, steps["payment"], "payment", pay_date, parties, **pay_body)
    return out


def new_front(
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
