"""Legitimate trade: deals between ordinary companies, their documents, routes, vessels and banks.

A deal is an exchange between a seller (maker or distributor in an exporting country) and a buyer:
sometimes an inquiry, always an order, for controlled goods a licence application and an end-user
certificate, a shipment along route legs, and one or two payments. Ordinary trade also trips some
red flags for innocent reasons (a route through Singapore, a young company, a webmail address, a
parent company paying, a humanitarian sale to Iran); the truth names those flags too, so precision
can be measured honestly.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from interdictor.generate.companies import Company, Registry
from interdictor.generate.data import Knowledge
from interdictor.generate.documents import company_party, days, family_item, good_item, rate_for
from interdictor.generate.names import pick
from interdictor.generate.rng import mix, opaque, splitmix

__all__ = ["Emit", "Trade", "Vessel"]

Emit = tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]
"""One record, its truth line, and its parties as (record-local ref, real entity id)."""

PREFIX = {
    "inquiry": "INQ",
    "order": "ORD",
    "end_user_certificate": "EUC",
    "licence_application": "LIC",
    "shipment": "SHP",
    "payment": "PAY",
}


def imo_number(base: int) -> str:
    """A seven-digit IMO number with a valid check digit (weights 7..2)."""
    digits = f"{100000 + base % 900000:06d}"
    check = sum(int(d) * w for d, w in zip(digits, range(7, 1, -1), strict=True)) % 10
    return digits + str(check)


@dataclass(slots=True)
class Vessel:
    index: int
    id: str
    imo: str
    names: list[tuple[dt.date, str, str]]  # (from date, name, flag)
    type: str
    build_year: int
    owner_index: int
    owner_id: str | None = None
    network: str | None = None

    def at(self, date: dt.date) -> tuple[str, str]:
        name, flag = self.names[0][1], self.names[0][2]
        for start, n, f in self.names:
            if start <= date:
                name, flag = n, f
        return name, flag


@dataclass
class Trade:
    """Everything a worker needs to write records: registry, vessels, designations, id keys."""

    know: Knowledge
    registry: Registry
    seed: int
    vessels: list[Vessel] = field(default_factory=list)
    designated: dict[str, dt.date] = field(default_factory=dict)
    id_key: int = 0

    def __post_init__(self) -> None:
        self.id_key = mix(self.seed, "record-ids")
        self._max_exporter = max(c.exporter for c in self.know.countries.values())
        self._max_buyer = max(c.buyer for c in self.know.countries.values())
        self._concern = {c.code for c in self.know.countries.values() if c.concern}
        self._hubs = {c.code for c in self.know.countries.values() if c.hub}
        self._pools: dict[str, list[int]] = {}
        self._fleet: list[Vessel] = []

    # -- ids -----------------------------------------------------------------------------------

    def record_id(self, kind: str, counter: int) -> str:
        return f"{PREFIX[kind]}-{opaque(counter, self.id_key):010X}"

    # -- drawing parties -----------------------------------------------------------------------

    def _pool(self, name: str) -> list[int]:
        """Indices of companies eligible for a role, built once per process by one scan of profiles.

        Country trade weights are applied here (an index is kept with probability weight / top, the
        coin drawn from a hash of the index), so a draw is one random number.
        """
        if not self._pools:
            reg, countries = self.registry, self.know.countries
            sellers, buyers, forwarders = [], [], []
            by_country: dict[str, list[int]] = {}
            top_e, top_b = self._max_exporter, self._max_buyer
            buyer_kinds = {"manufacturer", "end_user_industrial", "trading", "distributor", "research"}
            for index in range(reg.size):
                code, kind = reg.profile(index)
                coin = (splitmix(index ^ self.id_key) & 0xFFFF) / 65536
                country = countries[code]
                if kind == "forwarder":
                    forwarders.append(index)
                    by_country.setdefault(f"forwarder:{code}", []).append(index)
                    continue
                if kind in ("manufacturer", "distributor") and coin * top_e < country.exporter:
                    sellers.append(index)
                if kind in buyer_kinds and coin * top_b < country.buyer:
                    buyers.append(index)
            self._pools.update(by_country, seller=sellers, buyer=buyers, forwarder=forwarders)
        return self._pools.get(name, [])

    def draw(
        self, rng: random.Random, kinds: tuple[str, ...], weight: str, country: str | None = None
    ) -> Company:
        """A company for a role (seller, buyer, forwarder), busy companies drawn more often."""
        role = "forwarder" if kinds == ("forwarder",) else ("seller" if weight == "exporter" else "buyer")
        pool = self._pool(f"{role}:{country}" if country and role == "forwarder" else role)
        if not pool:
            pool = self._pool(role) or [0]
        for _ in range(50):
            index = pool[int(len(pool) * rng.random() ** 1.6)]
            if index not in self.registry.overrides:
                return self.registry.company(index)
        return self.registry.company(pool[0])

    # -- routes and vessels --------------------------------------------------------------------

    def port(self, rng: random.Random, country: str, mode: str) -> dict[str, Any]:
        ports = [p for p in self.know.countries[country].ports if p[2] == mode] or list(
            self.know.countries[country].ports
        )
        code, name, _, _ = pick(rng, ports)
        return {"code": code, "name": name, "country": country}

    def vessel(self, rng: random.Random, *, network: str | None = None) -> Vessel:
        if network:
            return pick(rng, [v for v in self.vessels if v.network == network])
        if len(self._fleet) != len(self.vessels):
            self._fleet = [v for v in self.vessels if v.network is None]
        return pick(rng, self._fleet)

    def legs(
        self,
        rng: random.Random,
        origin: str,
        dest: str,
        date: dt.date,
        *,
        via: str | None = None,
        mode: str | None = None,
        vessel: Vessel | None = None,
    ) -> tuple[list[dict[str, Any]], dt.date]:
        """Route legs from `origin` to `dest`, optionally through hub country `via`."""
        mode = mode or ("air" if rng.random() < 0.25 else "sea")
        stops = [origin, via, dest] if via else [origin, dest]
        legs, current = [], date
        here = self.port(rng, origin, mode)
        for seq, country in enumerate(stops[1:], start=1):
            there = self.port(rng, country, mode)
            transit = rng.randrange(1, 4) if mode == "air" else rng.randrange(6, 35)
            leg: dict[str, Any] = {
                "seq": seq,
                "mode": mode,
                "origin": here,
                "destination": there,
                "departure": current.isoformat(),
                "arrival": days(current, transit).isoformat(),
            }
            if mode == "sea":
                ship = vessel or self.vessel(rng)
                name, flag = ship.at(current)
                leg["vessel"] = {"name": name, "imo": ship.imo, "flag": flag}
                leg["carrier"] = pick(rng, self.know.world["carriers_sea"])
            else:
                leg["carrier"] = pick(rng, self.know.world["carriers_air"])
                leg["flight"] = f"{leg['carrier'][:2].upper()}{rng.randrange(100, 9999)}"
            legs.append(leg)
            current = days(current, transit + (rng.randrange(1, 6) if via else 0))
            here = there
        return legs, current

    # -- flags the facts make true on any record -----------------------------------------------

    def computed_flags(self, record: dict[str, Any], entities: list[tuple[str, str]]) -> list[str]:
        flags = []
        countries = {p.get("country") for p in record.get("parties", ())}
        for leg in record.get("legs", ()):
            countries.add(leg["origin"]["country"])
            countries.add(leg["destination"]["country"])
        if countries & self._concern:
            flags.append("ORD-26")
        date = record["date"]
        for _, entity in entities:
            listed = self.designated.get(entity)
            if listed is not None and listed.isoformat() <= date:
                flags.append("ORD-01")
                break
        return flags

    # -- one legitimate deal -------------------------------------------------------------------

    def legit_deal(self, rng: random.Random, date: dt.date, next_counter: Any) -> list[Emit]:
        know = self.know
        seller = self.draw(rng, ("manufacturer", "distributor"), "exporter")
        buyer = self.draw(
            rng, ("manufacturer", "end_user_industrial", "trading", "distributor", "research"), "buyer"
        )
        if buyer.index == seller.index:
            return []
        seller_country, buyer_country = know.countries[seller.country], know.countries[buyer.country]
        currency = (
            seller_country.currency
            if rng.random() < 0.5 and seller_country.currency in know.world["usd_rates"]
            else pick(rng, ("USD", "USD", "EUR"))
        )
        rate = rate_for(know, currency)
        items, truth_items, total = [], [], 0.0
        controlled = False
        for line in range(1, rng.randrange(2, 5)):
            if rng.random() < 0.05:
                family = pick(rng, tuple(know.families.values()))
                roll = rng.random()
                band = "above" if roll < 0.45 else ("just_below" if roll < 0.6 else "far_below")
                item, value, truth = family_item(rng, family, band, line, currency, rate, seller.country)
                controlled = controlled or band == "above"
                truth_items.append(truth)
            else:
                good = pick(rng, know.goods)
                item, value = good_item(rng, good, line, currency, rate, seller.country)
                truth_items.append({"line": line, "family": None, "band": "not_listed"})
            items.append(item)
            total += value
        emits: list[Emit] = []
        benign_buyer = []
        if (date - buyer.incorporated).days < 730:
            benign_buyer.append("ORD-09")
        if buyer.email and buyer.email.split("@")[1] in buyer_country.free_mail:
            benign_buyer.append("ORD-10")
        if any(t.get("band") == "just_below" for t in truth_items):
            benign_buyer.append("ORD-16")

        def emit(
            kind: str,
            when: dt.date,
            parties: list[dict[str, Any]],
            ents: list[tuple[str, str]],
            flags: list[str],
            **body: Any,
        ) -> str:
            rid = self.record_id(kind, next_counter())
            record = {"id": rid, "kind": kind, "date": when.isoformat(), "parties": parties, **body}
            truth = {
                "id": rid,
                "kind": kind,
                "date": record["date"],
                "planted": False,
                "network": None,
                "scheme": None,
                "step": None,
                "methods": [],
                "flags": sorted(set(flags + self.computed_flags(record, ents))),
            }
            if "items" in body:
                truth["items"] = truth_items
            emits.append((record, truth, ents))
            return rid

        def pair(
            role_b: str = "buyer", *, kyc: bool = False
        ) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
            parties = [
                company_party(rng, buyer, role_b, "p1", kyc=kyc),
                company_party(rng, seller, "seller", "p2"),
            ]
            return parties, [("p1", buyer.id), ("p2", seller.id)]

        inquiry_ref = None
        if rng.random() < 0.3:
            parties, ents = pair()
            inquiry_ref = emit(
                "inquiry",
                days(date, -rng.randrange(7, 45)),
                parties,
                ents,
                [f for f in benign_buyer if f == "ORD-10"],
                channel=pick(rng, ("email", "web_form", "trade_fair", "phone")),
                items=items,
            )
        parties, ents = pair(kyc=rng.random() < 0.3)
        body: dict[str, Any] = {"items": items, "currency": currency, "total_value": round(total, 2)}
        if inquiry_ref:
            body["inquiry_ref"] = inquiry_ref
        if rng.random() < 0.5 or controlled:
            body["end_use"] = pick(rng, know.world["legit_end_uses"])
            body["reexport"] = "no"
            parties.append(company_party(rng, buyer, "end_user", "p3", level=0))
            ents.append(("p3", buyer.id))
        body["delivery_terms"] = {
            "incoterm": pick(rng, ("EXW", "FCA", "FOB", "CIF", "DAP", "CPT")),
            "country": buyer.country,
        }
        body["payment_terms"] = {
            "method": pick(rng, ("open_account", "advance", "letter_of_credit", "documentary_collection")),
            "days": pick(rng, (0, 30, 60, 90)),
        }
        if rng.random() < 0.2:
            body["special_instructions"] = pick(rng, know.world["legit_instructions"])
        if controlled and rng.random() < 0.6:
            body["services"] = [pick(rng, know.world["services"])]
        order_id = emit("order", date, parties, ents, benign_buyer, **body)
        if controlled:
            lic_date = days(date, rng.randrange(2, 20))
            denied = rng.random() < 0.03
            decision = {
                "outcome": "denied" if denied else "approved",
                "date": days(lic_date, rng.randrange(10, 60)).isoformat(),
            }
            if not denied:
                decision["licence_number"] = f"{seller.country}-{rng.randrange(10**6, 10**7)}"
            lic_parties = [
                company_party(rng, seller, "applicant", "p1", level=0),
                company_party(rng, buyer, "consignee", "p2"),
                company_party(rng, buyer, "end_user", "p3"),
            ]
            emit(
                "licence_application",
                lic_date,
                lic_parties,
                [("p1", seller.id), ("p2", buyer.id), ("p3", buyer.id)],
                [],
                authority=seller.country,
                order_ref=order_id,
                items=items,
                end_use=body.get("end_use"),
                decision=decision,
            )
            euc_parties = [
                company_party(rng, buyer, "end_user", "p1"),
                company_party(rng, buyer, "issuer", "p2", level=0),
            ]
            emit(
                "end_user_certificate",
                days(date, 1),
                euc_parties,
                [("p1", buyer.id), ("p2", buyer.id)],
                [],
                order_ref=order_id,
                end_use_text=body.get("end_use"),
                civil_use=True,
                reexport_undertaking=True,
                signed=True,
                signatory=buyer.directors[0].name.canonical,
                letterhead=True,
            )
            if denied:
                return emits
        ship_date = days(date, rng.randrange(10, 70))
        via = None
        ship_flags = []
        if rng.random() < 0.18:
            hubs = [
                c for c in ("SG", "AE", "HK", "MY", "TR", "CN") if c not in (seller.country, buyer.country)
            ]
            via = pick(rng, hubs)
            ship_flags.append("SHP-05")
        if seller.country == buyer.country:
            via = None
            ship_flags = []
        legs, _ = (
            self.legs(rng, seller.country, buyer.country, ship_date, via=via)
            if seller.country != buyer.country
            else ([], ship_date)
        )
        forwarder = self.draw(rng, ("forwarder",), "exporter", country=seller.country)
        parties = [
            company_party(rng, seller, "shipper", "p1"),
            company_party(rng, buyer, "consignee", "p2"),
            company_party(rng, forwarder, "forwarder", "p3"),
        ]
        ents = [("p1", seller.id), ("p2", buyer.id), ("p3", forwarder.id)]
        if rng.random() < 0.4:
            parties.append(company_party(rng, buyer, "notify_party", "p4"))
            ents.append(("p4", buyer.id))
        weight = round(sum(float(i["quantity"]) for i in items) * rng.uniform(0.5, 30), 1)
        goods = [
            {
                "description": i["description"][:60],
                "hs_code": i.get("hs_code") or pick(rng, know.goods).hs,
                "quantity": i["quantity"],
                "unit": i["unit"],
                "value": round(float(i["quantity"]) * float(i["unit_price"]), 2),
            }
            for i in items
        ]
        air = bool(legs) and legs[0]["mode"] == "air"
        emit(
            "shipment",
            ship_date,
            parties,
            ents,
            ship_flags,
            order_ref=order_id,
            transport_document={
                "type": "air_waybill" if air else ("bill_of_lading" if legs else "cmr"),
                "number": f"{'AWB' if air else 'BL'}{rng.randrange(10**8, 10**9)}",
            },
            legs=legs,
            goods=goods,
            currency=currency,
            declared_value=round(total, 2),
            gross_weight_kg=max(weight, 1.0),
            incoterm=body["delivery_terms"]["incoterm"],
            destination_country=buyer.country,
            eccn_provided=controlled or None,
        )
        # payments: usually the buyer pays the seller, sometimes in two instalments, sometimes its parent pays
        payer, pay_flags = buyer, []
        if buyer.parent is not None and rng.random() < 0.3:
            payer = self.registry.company(buyer.parent)
            pay_flags.append("FIN-01")
        instalments = [1.0] if rng.random() < 0.8 else [0.3, 0.7]
        for n, share in enumerate(instalments):
            pay_date = days(ship_date, rng.randrange(-20, 60) + 30 * n)
            amount = round(total * share, 2)
            intermediaries = []
            flags = list(pay_flags)
            if currency == "USD" and "US" not in (buyer.country, seller.country):
                us = know.countries["US"]
                bank_name, bic = us.banks[int(rng.random() * len(us.banks))]
                intermediaries.append({"name": bank_name, "bic": bic, "country": "US"})
                flags.append("FIN-02")
            p = [
                company_party(rng, payer, "payer", "p1", account=payer.accounts[0]),
                company_party(rng, seller, "beneficiary", "p2", account=seller.accounts[0]),
            ]
            inv = f"{rng.randrange(10**5, 10**6)}"
            emit(
                "payment",
                pay_date,
                p,
                [("p1", payer.id), ("p2", seller.id)],
                flags,
                order_ref=order_id,
                invoice_ref=f"INV-{inv}",
                amount=amount,
                currency=currency,
                instrument="wire",
                intermediary_banks=intermediaries,
                reference=pick(rng, know.world["payment_purposes"])
                .replace("{inv}", inv)
                .replace("{order}", order_id),
            )
        return emits
