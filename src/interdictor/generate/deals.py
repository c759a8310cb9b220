"""One legitimate deal: inquiry, order, licence and end-user certificate, shipment, payments.

A deal is an exchange between a seller (maker or distributor in an exporting country) and a buyer:
sometimes an inquiry, always an order, for controlled goods a licence application and an end-user
certificate, a shipment along route legs, and one or two payments. Ordinary trade also trips some
red flags for innocent reasons (a route through Singapore, a young company, a webmail address, a
parent company paying); the truth names those flags too, so precision can be measured honestly.

This is the hot path of a large world (about 300,000 deals at full scale): records are plain dicts
serialised by orjson later, never validated here (the tests validate them against the models), and
the order of random draws is part of the output (same seed, same bytes): keep it when editing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from interdictor.generate.documents import company_party, family_item, good_item, rate_for
from interdictor.generate.names import below, pick

if TYPE_CHECKING:
    from interdictor.generate.trade import Emit, Trade

__all__ = ["legit_deal"]

_CHANNELS = ("email", "web_form", "trade_fair", "phone")
_INCOTERMS = ("EXW", "FCA", "FOB", "CIF", "DAP", "CPT")
_PAY_METHODS = ("open_account", "advance", "letter_of_credit", "documentary_collection")
_PAY_DAYS = (0, 30, 60, 90)
_HUBS = ("SG", "AE", "HK", "MY", "TR", "CN")
_CURRENCIES = ("USD", "USD", "EUR")
_NOT_LISTED = "not_listed"
_ONE_DAY = dt.timedelta(days=1)


def _days(date: dt.date, n: int) -> dt.date:
    return date + dt.timedelta(days=n)


def legit_deal(
    trade: Trade, rng: random.Random, date: dt.date, next_counter: Callable[[], int]
) -> list[Emit]:
    """The records of one ordinary deal on `date`, drawing from `rng`; ids from `next_counter`."""
    know = trade.know
    world = know.world
    rnd = rng.random
    seller = trade.draw_seller(rng)
    buyer = trade.draw_buyer(rng)
    if buyer.index == seller.index:
        return []
    seller_country, buyer_country = know.countries[seller.country], know.countries[buyer.country]
    currency = (
        seller_country.currency
        if rnd() < 0.5 and seller_country.currency in world["usd_rates"]
        else pick(rng, _CURRENCIES)
    )
    rate = rate_for(know, currency)
    items: list[dict[str, Any]] = []
    truth_items: list[dict[str, Any]] = []
    total = 0.0
    controlled = False
    just_below = False
    families, goods = trade.family_list, know.goods
    for line in range(1, 2 + below(rng, 3)):
        if rnd() < 0.05:
            family = families[int(rnd() * len(families))]
            roll = rnd()
            band = "above" if roll < 0.45 else ("just_below" if roll < 0.6 else "far_below")
            item, value, truth = family_item(rng, family, band, line, currency, rate, seller.country)
            controlled = controlled or band == "above"
            just_below = just_below or band == "just_below"
            truth_items.append(truth)
        else:
            good = goods[int(rnd() * len(goods))]
            item, value = good_item(rng, good, line, currency, rate, seller.country)
            truth_items.append({"line": line, "family": None, "band": _NOT_LISTED})
        items.append(item)
        total += value
    emits: list[Emit] = []
    benign_buyer = []
    if (date - buyer.incorporated).days < 730:
        benign_buyer.append("ORD-09")
    if buyer.email and buyer.email.split("@")[1] in buyer_country.free_mail:
        benign_buyer.append("ORD-10")
    if just_below:
        benign_buyer.append("ORD-16")
    record_id, computed_flags = trade.record_id, trade.computed_flags

    def emit(
        kind: str,
        when: dt.date,
        parties: list[dict[str, Any]],
        ents: list[tuple[str, str]],
        flags: list[str],
        body: dict[str, Any],
    ) -> str:
        rid = record_id(kind, next_counter())
        day = when.isoformat()
        record = {"id": rid, "kind": kind, "date": day, "parties": parties, **body}
        found = computed_flags(record, ents)
        truth = {
            "id": rid,
            "kind": kind,
            "date": day,
            "planted": False,
            "network": None,
            "scheme": None,
            "step": None,
            "methods": [],
            "flags": sorted(set(flags + found)) if found or len(flags) > 1 else list(flags),
        }
        if "items" in body:
            truth["items"] = truth_items
        emits.append((record, truth, ents))
        return rid

    buyer_id, seller_id = buyer.id, seller.id
    inquiry_ref = None
    if rnd() < 0.3:
        parties = [company_party(rng, buyer, "buyer", "p1"), company_party(rng, seller, "seller", "p2")]
        inquiry_ref = emit(
            "inquiry",
            _days(date, -(7 + below(rng, 38))),
            parties,
            [("p1", buyer_id), ("p2", seller_id)],
            [f for f in benign_buyer if f == "ORD-10"],
            {"channel": pick(rng, _CHANNELS), "items": items},
        )
    kyc = rnd() < 0.3
    parties = [
        company_party(rng, buyer, "buyer", "p1", kyc=kyc),
        company_party(rng, seller, "seller", "p2"),
    ]
    ents = [("p1", buyer_id), ("p2", seller_id)]
    body: dict[str, Any] = {"items": items, "currency": currency, "total_value": round(total, 2)}
    if inquiry_ref:
        body["inquiry_ref"] = inquiry_ref
    if rnd() < 0.5 or controlled:
        body["end_use"] = pick(rng, world["legit_end_uses"])
        body["reexport"] = "no"
        parties.append(company_party(rng, buyer, "end_user", "p3", level=0))
        ents.append(("p3", buyer_id))
    incoterm = pick(rng, _INCOTERMS)
    body["delivery_terms"] = {"incoterm": incoterm, "country": buyer.country}
    method = pick(rng, _PAY_METHODS)
    body["payment_terms"] = {"method": method, "days": pick(rng, _PAY_DAYS)}
    if rnd() < 0.2:
        body["special_instructions"] = pick(rng, world["legit_instructions"])
    if controlled and rnd() < 0.6:
        body["services"] = [pick(rng, world["services"])]
    order_id = emit("order", date, parties, ents, benign_buyer, body)
    if controlled:
        lic_date = _days(date, 2 + below(rng, 18))
        denied = rnd() < 0.03
        decision = {
            "outcome": "denied" if denied else "approved",
            "date": _days(lic_date, 10 + below(rng, 50)).isoformat(),
        }
        if not denied:
            decision["licence_number"] = f"{seller.country}-{10**6 + below(rng, 9 * 10**6)}"
        lic_parties = [
            company_party(rng, seller, "applicant", "p1", level=0),
            company_party(rng, buyer, "consignee", "p2"),
            company_party(rng, buyer, "end_user", "p3"),
        ]
        emit(
            "licence_application",
            lic_date,
            lic_parties,
            [("p1", seller_id), ("p2", buyer_id), ("p3", buyer_id)],
            [],
            {
                "authority": seller.country,
                "order_ref": order_id,
                "items": items,
                "end_use": body.get("end_use"),
                "decision": decision,
            },
        )
        euc_parties = [
            company_party(rng, buyer, "end_user", "p1"),
            company_party(rng, buyer, "issuer", "p2", level=0),
        ]
        emit(
            "end_user_certificate",
            date + _ONE_DAY,
            euc_parties,
            [("p1", buyer_id), ("p2", buyer_id)],
            [],
            {
                "order_ref": order_id,
                "end_use_text": body.get("end_use"),
                "civil_use": True,
                "reexport_undertaking": True,
                "signed": True,
                "signatory": buyer.directors[0].name.canonical,
                "letterhead": True,
            },
        )
        if denied:
            return emits
    ship_date = _days(date, 10 + below(rng, 60))
    via = None
    ship_flags = []
    if rnd() < 0.18:
        hubs = [c for c in _HUBS if c not in (seller.country, buyer.country)]
        via = pick(rng, hubs)
        ship_flags.append("SHP-05")
    domestic = seller.country == buyer.country
    if domestic:
        via = None
        ship_flags = []
        legs: list[dict[str, Any]] = []
    else:
        legs, _ = trade.legs(rng, seller.country, buyer.country, ship_date, via=via)
    forwarder = trade.draw_forwarder(rng, seller.country)
    parties = [
        company_party(rng, seller, "shipper", "p1"),
        company_party(rng, buyer, "consignee", "p2"),
        company_party(rng, forwarder, "forwarder", "p3"),
    ]
    ents = [("p1", seller_id), ("p2", buyer_id), ("p3", forwarder.id)]
    if rnd() < 0.4:
        parties.append(company_party(rng, buyer, "notify_party", "p4"))
        ents.append(("p4", buyer_id))
    weight = round(sum(float(i["quantity"]) for i in items) * rng.uniform(0.5, 30), 1)
    shipped = []
    for i in items:
        hs = i.get("hs_code") or goods[int(rnd() * len(goods))].hs
        shipped.append(
            {
                "description": i["description"][:60],
                "hs_code": hs,
                "quantity": i["quantity"],
                "unit": i["unit"],
                "value": round(float(i["quantity"]) * float(i["unit_price"]), 2),
            }
        )
    air = bool(legs) and legs[0]["mode"] == "air"
    emit(
        "shipment",
        ship_date,
        parties,
        ents,
        ship_flags,
        {
            "order_ref": order_id,
            "transport_document": {
                "type": "air_waybill" if air else ("bill_of_lading" if legs else "cmr"),
                "number": f"{'AWB' if air else 'BL'}{10**8 + below(rng, 9 * 10**8)}",
            },
            "legs": legs,
            "goods": shipped,
            "currency": currency,
            "declared_value": round(total, 2),
            "gross_weight_kg": max(weight, 1.0),
            "incoterm": incoterm,
            "destination_country": buyer.country,
            "eccn_provided": controlled or None,
        },
    )
    # payments: usually the buyer pays the seller, sometimes in two instalments, sometimes its parent pays
    payer, pay_flags = buyer, []
    if buyer.parent is not None and rnd() < 0.3:
        payer = trade.registry.company(buyer.parent)
        pay_flags.append("FIN-01")
    instalments = (1.0,) if rnd() < 0.8 else (0.3, 0.7)
    us_banks = know.countries["US"].banks
    cleared_in_us = currency == "USD" and "US" not in (buyer.country, seller.country)
    for n, share in enumerate(instalments):
        pay_date = _days(ship_date, below(rng, 80) - 20 + 30 * n)
        amount = round(total * share, 2)
        intermediaries = []
        flags = list(pay_flags)
        if cleared_in_us:
            bank_name, bic = us_banks[int(rnd() * len(us_banks))]
            intermediaries.append({"name": bank_name, "bic": bic, "country": "US"})
            flags.append("FIN-02")
        p = [
            company_party(rng, payer, "payer", "p1", account=payer.accounts[0]),
            company_party(rng, seller, "beneficiary", "p2", account=seller.accounts[0]),
        ]
        inv = f"{10**5 + below(rng, 9 * 10**5)}"
        emit(
            "payment",
            pay_date,
            p,
            [("p1", payer.id), ("p2", seller_id)],
            flags,
            {
                "order_ref": order_id,
                "invoice_ref": f"INV-{inv}",
                "amount": amount,
                "currency": currency,
                "instrument": "wire",
                "intermediary_banks": intermediaries,
                "reference": pick(rng, world["payment_purposes"])
                .replace("{inv}", inv)
                .replace("{order}", order_id),
            },
        )
    return emits
