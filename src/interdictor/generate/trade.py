"""The trading world shared by legitimate deals and planted networks: parties, routes, vessels, ids.

`Trade` draws sellers, buyers and forwarders (busy companies more often, weighted by their
country's trade), routes shipments through ports and hubs on vessels of the fleet, gives records
their opaque ids and computes the red flags that the facts of any record make true (a party or a
leg in a country of concern, a party designated on the record's date). The deal itself is in
`deals.py`; the planted schemes in `schemes/`.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from interdictor.generate.companies import Company, Registry
from interdictor.generate.data import Family, Good, Knowledge
from interdictor.generate.deals import legit_deal
from interdictor.generate.documents import days
from interdictor.generate.names import below, pick
from interdictor.generate.rng import mix, opaque, splitmix

__all__ = ["Emit", "Trade", "Vessel"]

Emit = tuple[dict[str, Any], dict[str, Any], list[tuple[str, str]]]
"""One record, its truth line, and its parties as (record-local ref, real entity id)."""

_KYC_ROLES = frozenset({"buyer", "consignee", "end_user", "payer"})

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
        countries = self.know.countries.values()
        self._concern = frozenset(c.code for c in countries if c.concern or c.embargoed)
        self._hubs = frozenset(c.code for c in countries if c.hub)
        self._free_mail = frozenset(d for c in countries for d in c.free_mail)
        self._pools: dict[str, list[int]] = {}
        self._fleet: list[Vessel] = []
        self._fleet_size = -1
        self._ports: dict[tuple[str, str], tuple[tuple[str, str, str, str | None], ...]] = {}
        self.family_list: tuple[Family, ...] = tuple(self.know.families.values())
        self._goods: dict[str, tuple[Good, ...]] = {}
        self._families: dict[str, tuple[Family, ...]] = {}
        self._reps: dict[tuple[int, int], str] = {}

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
            user_kinds = {"manufacturer", "end_user_industrial", "research"}
            top_e, top_b = self._max_exporter, self._max_buyer
            buyer_kinds = {"manufacturer", "end_user_industrial", "trading", "distributor", "research"}
            key, m64 = self.id_key, (1 << 64) - 1
            exporter = {code: c.exporter for code, c in countries.items()}
            buyer = {code: c.buyer for code, c in countries.items()}
            for index, (code, kind) in enumerate(reg.profiles(reg.size)):
                if kind == "forwarder":
                    forwarders.append(index)
                    by_country.setdefault(f"forwarder:{code}", []).append(index)
                    continue
                # coin = (splitmix(index ^ key) & 0xFFFF) / 65536, inlined (this loop sees every company)
                z = ((index ^ key) + 0x9E3779B97F4A7C15) & m64
                z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m64
                z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m64
                coin = ((z ^ (z >> 31)) & 0xFFFF) / 65536
                if (kind == "manufacturer" or kind == "distributor") and coin * top_e < exporter[code]:
                    sellers.append(index)
                if kind in buyer_kinds and coin * top_b < buyer[code]:
                    buyers.append(index)
                if kind in user_kinds:
                    by_country.setdefault(f"user:{code}", []).append(index)
            self._pools.update(by_country, seller=sellers, buyer=buyers, forwarder=forwarders)
        return self._pools.get(name, [])

    def _draw_from(self, rng: random.Random, pool: list[int]) -> Company:
        if not pool:
            pool = [0]
        overrides = self.registry.overrides
        size = len(pool)
        rnd = rng.random
        for _ in range(50):
            index = pool[int(size * rnd() ** 1.6)]
            if index not in overrides:
                return self.registry.company(index)
        return self.registry.company(pool[0])

    def draw_seller(self, rng: random.Random) -> Company:
        return self._draw_from(rng, self._pool("seller"))

    def draw_buyer(self, rng: random.Random) -> Company:
        return self._draw_from(rng, self._pool("buyer"))

    def draw_forwarder(self, rng: random.Random, country: str | None = None) -> Company:
        pool = self._pool(f"forwarder:{country}") if country else []
        return self._draw_from(rng, pool or self._pool("forwarder"))

    def draw_end_user(self, rng: random.Random, country: str) -> Company | None:
        """An industrial company or institute of `country`: the customer a distributor buys for."""
        pool = self._pool(f"user:{country}")
        return self._draw_from(rng, pool) if pool else None

    # -- what a buyer of an industry buys, says and hears ------------------------------------------

    def goods_for(self, sector: str) -> tuple[Good, ...]:
        """Ordinary goods the industry buys (`sectors` of data/goods.yaml); every good for traders."""
        goods = self._goods.get(sector)
        if goods is None:
            goods = tuple(g for g in self.know.goods if sector in g.sectors) or self.know.goods
            if sector == "trading":
                goods = self.know.goods
            self._goods[sector] = goods
        return goods

    def families_for(self, sector: str) -> tuple[Family, ...]:
        """Control-list families the industry has a civil use for (`sectors` of data/families.yaml)."""
        families = self._families.get(sector)
        if families is None:
            families = tuple(f for f in self.family_list if sector in f.sectors) or self.family_list
            self._families[sector] = families
        return families

    def end_uses(self, kind: str) -> tuple[str, ...]:
        """End-use statements of a company of this kind (data/world.yaml `legit_end_uses`)."""
        uses: dict[str, list[str]] = self.know.world["legit_end_uses"]
        return tuple(uses.get(kind) or uses["end_user_industrial"])

    def sales_rep(self, seller: Company, slot: int) -> str:
        """One of a seller's few sales representatives, the same person every time (ORD-24 baseline)."""
        rep = self._reps.get((seller.index, slot))
        if rep is None:
            culture = self.know.cultures[self.know.countries[seller.country].culture]
            h = splitmix((seller.index << 2 | slot) ^ self.id_key)
            given = (culture.given_male + culture.given_female)[
                h % (len(culture.given_male) + len(culture.given_female))
            ]
            family = culture.surnames[(h >> 20) % len(culture.surnames)]
            parts = (
                (family.canonical, given.canonical)
                if culture.family_first
                else (given.canonical, family.canonical)
            )
            rep = self._reps[(seller.index, slot)] = " ".join(parts)
        return rep

    def draw(
        self, rng: random.Random, kinds: tuple[str, ...], weight: str, country: str | None = None
    ) -> Company:
        """A company for a role (seller, buyer, forwarder), busy companies drawn more often."""
        if kinds == ("forwarder",):
            return self.draw_forwarder(rng, country)
        return self.draw_seller(rng) if weight == "exporter" else self.draw_buyer(rng)

    # -- routes and vessels --------------------------------------------------------------------

    def port(self, rng: random.Random, country: str, mode: str) -> dict[str, Any]:
        ports = self._ports.get((country, mode))
        if ports is None:
            every = self.know.countries[country].ports
            ports = self._ports[(country, mode)] = tuple(p for p in every if p[2] == mode) or every
        code, name, _, _ = ports[int(rng.random() * len(ports))]
        return {"code": code, "name": name, "country": country}

    def vessel(self, rng: random.Random, *, network: str | None = None) -> Vessel:
        if network:
            return pick(rng, [v for v in self.vessels if v.network == network])
        if self._fleet_size != len(self.vessels):  # the ordinary fleet, rebuilt when ships are added
            self._fleet = [v for v in self.vessels if v.network is None]
            self._fleet_size = len(self.vessels)
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
        stops = (via, dest) if via else (dest,)
        legs, current = [], date
        world = self.know.world
        here = self.port(rng, origin, mode)
        for seq, country in enumerate(stops, start=1):
            there = self.port(rng, country, mode)
            transit = 1 + below(rng, 3) if mode == "air" else 6 + below(rng, 29)
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
                leg["carrier"] = pick(rng, world["carriers_sea"])
            else:
                carrier = leg["carrier"] = pick(rng, world["carriers_air"])
                leg["flight"] = f"{carrier[:2].upper()}{100 + below(rng, 9899)}"
            legs.append(leg)
            current = days(current, transit + (1 + below(rng, 5) if via else 0))
            here = there
        return legs, current

    # -- flags the facts make true on any record -----------------------------------------------

    def computed_flags(
        self,
        record: dict[str, Any],
        entities: list[tuple[str, str]],
        trade_countries: tuple[str, ...] | None = None,
    ) -> list[str]:
        """Flags whose definition the record's own facts meet, on any record, planted or not.

        ORD-26 a party, bank or route leg in a country of concern or under embargo; ORD-01 a party
        designated on the record's date; SHP-05 a transit leg through a hub; ORD-09 a buyer, consignee,
        end user or payer whose shown incorporation date is less than two years old; ORD-10 a buyer
        writing from free webmail; FIN-02 (payments, when the trade's countries are known) a payer or an
        intermediary bank outside them.
        """
        flags = []
        concern = self._concern
        parties = record.get("parties", ())
        legs = record.get("legs", ())
        hit = False
        for p in parties:
            if p.get("country") in concern:
                hit = True
                break
            account = p.get("account")
            if account is not None and account["bank"]["country"] in concern:
                hit = True
                break
        if not hit:
            for leg in legs:
                if leg["origin"]["country"] in concern or leg["destination"]["country"] in concern:
                    hit = True
                    break
        if not hit:
            hit = any(b.get("country") in concern for b in record.get("intermediary_banks", ()))
        if hit:
            flags.append("ORD-26")
        designated = self.designated
        date = record["date"]
        if designated:
            for _, entity in entities:
                listed = designated.get(entity)
                if listed is not None and listed.isoformat() <= date:
                    flags.append("ORD-01")
                    break
        if len(legs) > 1 and any(leg["destination"]["country"] in self._hubs for leg in legs[:-1]):
            flags.append("SHP-05")
        young = webmail = False
        for p in parties:
            role = p["role"]
            born = p.get("incorporation_date")
            if born is not None and role in _KYC_ROLES and not young:
                young = (dt.date.fromisoformat(date) - dt.date.fromisoformat(born)).days < 730
            email = p.get("email")
            if email is not None and role == "buyer" and email.partition("@")[2] in self._free_mail:
                webmail = True
        if young:
            flags.append("ORD-09")
        if webmail:
            flags.append("ORD-10")
        if trade_countries is not None and record["kind"] == "payment":
            payer = next(p for p in parties if p["role"] == "payer")
            if payer.get("country") not in trade_countries or any(
                b["country"] not in trade_countries for b in record.get("intermediary_banks", ())
            ):
                flags.append("FIN-02")
        return flags

    # -- one legitimate deal -------------------------------------------------------------------

    def legit_deal(self, rng: random.Random, date: dt.date, next_counter: Callable[[], int]) -> list[Emit]:
        """The records of one ordinary deal (see `deals.legit_deal`)."""
        return legit_deal(self, rng, date, next_counter)
