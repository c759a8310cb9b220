"""One legitimate deal: inquiry, order, licence and end-user certificate, shipment, payments.

A deal is an exchange between a seller (maker or distributor in an exporting country) and a buyer:
sometimes an inquiry, always an order, for controlled goods a licence application and an end-user
certificate, a shipment along route legs, and one or two payments. Ordinary trade also trips some
red flags for innocent reasons (a route through Singapore, a young company, a webmail address, USD
cleared in New York); the truth names those flags too, so precision can be measured honestly.

What keeps ordinary trade from looking like a scheme: buyers buy goods of their own industry; a trading
company or distributor that buys controlled goods names its customer as end user (it never claims to be
the end user); one document writes one company's name one way; shipments declare each line under the
heading of its goods, with a weight that follows from the goods; a parent that pays for its subsidiary is
its registered shareholder and says so in the payment.

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
_INTERMEDIARIES = frozenset({"trading", "distributor"})
_SELLER_KINDS = frozenset({"manufacturer", "distributor"})
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
    seller_country = know.countries[seller.country]
    currency = (
        seller_country.currency
        if rnd() < 0.5 and seller_country.currency in world["usd_rates"]
        else pick(rng, _CURRENCIES)
    )
    rate = rate_for(know, currency)
    # which lines are control-list items is decided first: a distributor buying them names its customer
    lines = [rnd() < 0.05 for _ in range(1 + below(rng, 3))]
    intermediary = buyer.kind in _INTERMEDIARIES
    user = buyer
    if any(lines) and intermediary:
        user = trade.draw_end_user(rng, buyer.country) or buyer
        if user.index in (buyer.index, seller.index):  # no customer to name: it buys ordinary goods
            user = buyer
            lines = [False] * len(lines)
    goods, families = trade.goods_for(user.sector), trade.families_for(user.sector)
    items: list[dict[str, Any]] = []
    truth_items: list[dict[str, Any]] = []
    line_hs: list[str] = []
    line_kg: list[float] = []
    total = 0.0
    controlled = False
    just_below = False
    for line, listed in enumerate(lines, start=1):
        if listed:
            family = families[int(rnd() * len(families))]
            roll = rnd()
            band = "above" if roll < 0.45 else ("just_below" if roll < 0.6 else "far_below")
            item, value, truth = family_item(rng, family, band, line, currency, rate, seller.country)
            controlled = controlled or band == "above"
            just_below = just_below or band == "just_below"
            truth_items.append(truth)
            line_hs.append(family.hs[0])
            line_kg.append(family.unit_weight_kg)
        else:
            good = goods[int(rnd() * len(goods))]
            item, value = good_item(rng, good, line, currency, rate, seller.country)
            truth_items.append({"line": line, "family": None, "band": _NOT_LISTED})
            line_hs.append(good.hs)
            line_kg.append(good.weight)
        items.append(item)
        total += value
    emits: list[Emit] = []
    benign = ["ORD-16"] if just_below else []
    record_id, computed_flags = trade.record_id, trade.computed_flags
    trade_countries = (buyer.country, seller.country, user.country)

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
        found = computed_flags(record, ents, trade_countries)
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

    buyer_id, seller_id, user_id = buyer.id, seller.id, user.id
    inquiry_ref = None
    if rnd() < 0.3:
        channel = pick(rng, _CHANNELS)
        parties = [
            company_party(rng, buyer, "buyer", "p1", contact=channel == "email"),
            company_party(rng, seller, "seller", "p2"),
        ]
        inquiry_ref = emit(
            "inquiry",
            _days(date, -(7 + below(rng, 38))),
            parties,
            [("p1", buyer_id), ("p2", seller_id)],
            [],
            {"channel": channel, "items": items},
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
    end_use: str | None = None
    if any(lines) or (not intermediary and rnd() < 0.5):
        # sensitive goods come with an end-use statement: the end user states its own use, a
        # distributor passes on its customer's statement
        end_use = pick(rng, trade.end_uses(user.kind))
        body["end_use"] = end_use
        body["reexport"] = "no"
        if user is buyer:
            parties.append(company_party(rng, buyer, "end_user", "p3", level=0))
        else:
            parties.append(company_party(rng, user, "end_user", "p3"))
        ents.append(("p3", user_id))
    incoterm = pick(rng, _INCOTERMS)
    body["delivery_terms"] = {"incoterm": incoterm, "country": buyer.country}
    method = pick(rng, _PAY_METHODS)
    body["payment_terms"] = {"method": method, "days": pick(rng, _PAY_DAYS)}
    if rnd() < 0.2:
        body["special_instructions"] = pick(rng, world["legit_instructions"])
    if controlled and rnd() < 0.6:
        body["services"] = [pick(rng, world["services"])]
    if rnd() < 0.35 and seller.kind in _SELLER_KINDS:
        body["sales_rep"] = trade.sales_rep(seller, below(rng, 3))
    order_id = emit("order", date, parties, ents, benign, body)
    if controlled:
        lic_date = _days(date, 2 + below(rng, 18))
        denied = rnd() < 0.03
        decision = {
            "outcome": "denied" if denied else "approved",
            "date": _days(lic_date, 10 + below(rng, 50)).isoformat(),
        }
        if not denied:
            decision["licence_number"] = f"{seller.country}-{10**6 + below(rng, 9 * 10**6)}"
        consignee = company_party(rng, buyer, "consignee", "p2")
        if user is buyer:  # one document writes one company's name one way
            end_user = dict(consignee, ref="p3", role="end_user")
        else:
            end_user = company_party(rng, user, "end_user", "p3")
        lic_parties = [company_party(rng, seller, "applicant", "p1", level=0), consignee, end_user]
        emit(
            "licence_application",
            lic_date,
            lic_parties,
            [("p1", seller_id), ("p2", buyer_id), ("p3", user_id)],
            [],
            {
                "authority": seller.country,
                "order_ref": order_id,
                "items": items,
                "end_use": end_use,
                "decision": decision,
            },
        )
        certifier = company_party(rng, user, "end_user", "p1", level=0)
        emit(
            "end_user_certificate",
            date + _ONE_DAY,
            [certifier, dict(certifier, ref="p2", role="issuer")],
            [("p1", user_id), ("p2", user_id)],
            [],
            {
                "order_ref": order_id,
                "end_use_text": end_use,
                "civil_use": True,
                "reexport_undertaking": True,
                "signed": True,
                "signatory": user.directors[0].name.canonical,
                "letterhead": True,
            },
        )
        if denied:
            return emits
    ship_date = _days(date, 10 + below(rng, 60))
    via = None
    if rnd() < 0.18:
        hubs = [c for c in _HUBS if c not in (seller.country, buyer.country)]
        via = pick(rng, hubs)
    domestic = seller.country == buyer.country
    if domestic:
        via = None
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
    # the declarant classifies each line by its goods and weighs what is packed (plus packing)
    packing = rng.uniform(1.05, 1.3)
    with_weights = rnd() < 0.5
    shipped = []
    weight = 0.0
    for k, i in enumerate(items):
        quantity = float(i["quantity"])
        kg = max(round(quantity * line_kg[k] * packing, 1), 0.5)  # at least a parcel
        weight += kg
        declared = {
            "description": i["description"][:60],
            "hs_code": i.get("hs_code") or line_hs[k],
            "quantity": i["quantity"],
            "unit": i["unit"],
            "value": round(quantity * float(i["unit_price"]), 2),
        }
        if with_weights:
            declared["gross_weight_kg"] = kg
        shipped.append(declared)
    air = bool(legs) and legs[0]["mode"] == "air"
    emit(
        "shipment",
        ship_date,
        parties,
        ents,
        [],
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
            "gross_weight_kg": round(weight, 1),
            "incoterm": incoterm,
            "destination_country": buyer.country,
            "eccn_provided": controlled or None,
        },
    )
    # payments: usually the buyer pays the seller, sometimes in two instalments, sometimes its parent
    # pays: a registered shareholder (FtM Ownership), which says whom it pays for
    payer = buyer
    on_behalf = False
    if buyer.parent is not None and buyer.parent not in trade.registry.overrides and rnd() < 0.3:
        payer = trade.registry.company(buyer.parent)
        on_behalf = True
    instalments = (1.0,) if rnd() < 0.8 else (0.3, 0.7)
    us_banks = know.countries["US"].banks
    cleared_in_us = currency == "USD" and "US" not in (buyer.country, seller.country)
    for n, share in enumerate(instalments):
        pay_date = _days(ship_date, below(rng, 80) - 20 + 30 * n)
        amount = round(total * share, 2)
        intermediaries = []
        if cleared_in_us:
            bank_name, bic = us_banks[int(rnd() * len(us_banks))]
            intermediaries.append({"name": bank_name, "bic": bic, "country": "US"})
        p = [
            company_party(rng, payer, "payer", "p1", account=payer.accounts[0]),
            company_party(rng, seller, "beneficiary", "p2", account=seller.accounts[0]),
        ]
        inv = f"{10**5 + below(rng, 9 * 10**5)}"
        pay_body: dict[str, Any] = {
            "order_ref": order_id,
            "invoice_ref": f"INV-{inv}",
            "amount": amount,
            "currency": currency,
            "instrument": "wire",
            "intermediary_banks": intermediaries,
            "reference": pick(rng, world["payment_purposes"])
            .replace("{inv}", inv)
            .replace("{order}", order_id),
        }
        if on_behalf:
            pay_body["purpose"] = f"On behalf of our subsidiary {buyer.name.canonical}, invoice {inv}"
        emit("payment", pay_date, p, [("p1", payer.id), ("p2", seller_id)], [], pay_body)
    return emits
