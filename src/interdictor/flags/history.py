"""What history rules look back on: earlier (and, in a batch, later) records, indexed for the questions
the [A] rules ask.

A `History` holds records and keeps small indexes as they are added: orders and inquiries per buyer
name, the identifiers each name was seen with (phone, e-mail, address, director, registration,
account), payments per account, route legs per IMO number, shipments per consignee and per
shipper, line-item serials, and licence applications. `cluster(name)` is the light entity
resolution the [A] rules need (REDFLAGS.md section 5, point 2): the names that share a strong
identifier with `name`, one hop, ignoring identifiers so common they prove nothing. The graph
analysis of the network issue will replace it with resolved entities.

Rules never see the order records were added in: every query takes a date and a window.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from interdictor.flags.names import norm_name
from interdictor.model import (
    Inquiry,
    LicenceApplication,
    Order,
    Party,
    Payment,
    Record,
    Role,
    Shipment,
)

__all__ = ["History", "LegSeen", "account_key", "address_key", "party_keys", "phone_key"]

#: An identifier shared by more names than this is a registered-agent address or a switchboard:
#: it links nothing.
COMMON_KEY = 30


def phone_key(phone: str | None) -> str | None:
    """Digits of an international number without the 00 prefix; None for short or national numbers."""
    if not phone:
        return None
    digits = re.sub(r"\D", "", phone)
    if phone.strip().startswith("00"):
        digits = digits[2:]
    elif not phone.strip().startswith(("+", "(+")):
        return None
    return digits if len(digits) >= 8 else None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


def address_key(party: Party) -> str | None:
    """Street (or PO box) and city, normalised; a raw one-line address is split on its commas."""
    address = party.address
    if address is None:
        return None
    city = address.city
    street = address.street
    if address.po_box:
        street = f"po box {address.po_box}"
    if street is None and address.raw:
        parts = [p.strip() for p in address.raw.split(",") if p.strip()]
        street = parts[0] if parts else None
        if city is None and len(parts) > 1:
            city = " ".join(w for w in parts[-1].split() if not any(ch.isdigit() for ch in w))
    if not street:
        return None
    return f"{_words(street)}|{_words(city or '')}"


def account_key(party: Party) -> str | None:
    account = party.account
    if account is None:
        return None
    value = account.iban or account.number
    return re.sub(r"\s", "", value).upper() if value else None


def party_keys(party: Party) -> list[str]:
    """The strong identifiers of a party as one record names it, as `kind:value` strings."""
    keys: list[str] = []
    phone = phone_key(party.phone)
    if phone:
        keys.append(f"phone:{phone}")
    if party.email:
        keys.append(f"email:{party.email.casefold()}")
    address = address_key(party)
    if address:
        keys.append(f"addr:{address}")
    keys.extend(f"dir:{_words(d)}" for d in party.directors)
    keys.extend(f"id:{i.scheme.value}:{i.value}" for i in party.identifiers)
    account = account_key(party)
    if account:
        keys.append(f"acct:{account}")
    return keys


@dataclass(frozen=True)
class LegSeen:
    """A vessel as one route leg names it."""

    date: dt.date
    name: str
    flag: str | None
    carrier: str | None
    record: Record


def _within(date: dt.date, center: dt.date, days: int, lookahead: bool) -> bool:
    delta = (date - center).days
    return -days <= delta <= (days if lookahead else 0)


class History:
    """Records the [A] rules may consult, with the indexes they query (see the module docstring)."""

    def __init__(self, records: Iterable[Record] = ()) -> None:
        self._records: dict[str, Record] = {}
        self._orders: dict[str, list[Order]] = defaultdict(list)
        self._inquiries: dict[str, list[Inquiry]] = defaultdict(list)
        self._keys_of: dict[str, set[str]] = defaultdict(set)
        self._names_of: dict[str, set[str]] = defaultdict(set)
        self._payments: dict[str, list[tuple[Payment, str]]] = defaultdict(list)
        self._legs: dict[str, list[LegSeen]] = defaultdict(list)
        self._to_consignee: dict[str, list[Shipment]] = defaultdict(list)
        self._from_shipper: dict[str, list[Shipment]] = defaultdict(list)
        self._serials: dict[str, list[Record]] = defaultdict(list)
        self._licences: list[LicenceApplication] = []
        self._denied: dict[str, LicenceApplication] = {}
        self._lanes: dict[tuple[str, str], int] = defaultdict(int)
        self._hs_totals: dict[str, int] = defaultdict(int)
        self._first_seen: dict[str, dt.date] = {}
        self._incorporated: dict[str, dt.date] = {}
        self._flows: dict[tuple[str, str], list[Order | Payment]] = defaultdict(list)
        self._by_seller: dict[str, list[Order]] = defaultdict(list)
        self._sorted: dict[tuple[str, str], list[Any]] = {}
        self.add(records)

    def __iter__(self) -> Iterator[Record]:
        return iter(self._records.values())

    def __len__(self) -> int:
        return len(self._records)

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._records

    def add(self, records: Iterable[Record]) -> None:
        """Index records; a record id already held is skipped (re-assessing a record adds nothing)."""
        for record in records:
            if record.id in self._records:
                continue
            self._sorted.clear()  # the date-sorted views below are rebuilt on their next use
            self._records[record.id] = record
            for party in record.parties:
                name = norm_name(party.name)
                if record.date < self._first_seen.get(name, dt.date.max):
                    self._first_seen[name] = record.date
                if party.incorporation_date is not None:
                    self._incorporated.setdefault(name, party.incorporation_date)
                for key in party_keys(party):
                    self._keys_of[name].add(key)
                    self._names_of[key].add(name)
            self._add_flow(record)
            if isinstance(record, Order | Inquiry):
                index = self._orders if isinstance(record, Order) else self._inquiries
                for party in record.parties:
                    if party.role.value == "buyer":
                        index[norm_name(party.name)].append(record)  # type: ignore[arg-type]
            elif isinstance(record, Payment):
                for party in record.parties:
                    acct = account_key(party)
                    if acct and party.role.value in {"payer", "beneficiary"}:
                        self._payments[acct].append((record, party.role.value))
            elif isinstance(record, Shipment):
                self._add_shipment(record)
            elif isinstance(record, LicenceApplication):
                self._licences.append(record)
                if record.decision is not None and record.decision.outcome == "denied":
                    self._denied[record.id] = record
            for item in getattr(record, "items", []) or []:
                for serial in item.serials:
                    self._serials[serial.strip().upper()].append(record)

    def _add_flow(self, record: Record) -> None:
        """Orders under (seller, buyer) and payments under (beneficiary, payer): goods one way, money back."""
        if isinstance(record, Order):
            seller, buyer = record.party(Role.SELLER), record.party(Role.BUYER)
            if seller and buyer:
                self._flows[(norm_name(seller.name), norm_name(buyer.name))].append(record)
            if seller:
                self._by_seller[norm_name(seller.name)].append(record)
        elif isinstance(record, Payment):
            payee, payer = record.party(Role.BENEFICIARY), record.party(Role.PAYER)
            if payee and payer:
                self._flows[(norm_name(payee.name), norm_name(payer.name))].append(record)

    def _add_shipment(self, shipment: Shipment) -> None:
        for leg in shipment.legs:
            if leg.vessel is not None and leg.vessel.imo:
                self._legs[leg.vessel.imo].append(
                    LegSeen(
                        leg.departure or shipment.date,
                        leg.vessel.name,
                        leg.vessel.flag,
                        leg.carrier,
                        shipment,
                    )
                )
        for party in shipment.parties:
            if party.role.value == "consignee":
                self._to_consignee[norm_name(party.name)].append(shipment)
            elif party.role.value in {"shipper", "seller"}:
                self._from_shipper[norm_name(party.name)].append(shipment)
        if shipment.destination_country:
            for goods in shipment.goods:
                if goods.hs_code:
                    hs4 = goods.hs_code.replace(".", "")[:4]
                    self._lanes[(hs4, shipment.destination_country)] += 1
                    self._hs_totals[hs4] += 1

    # -- queries -----------------------------------------------------------------------------

    def get(self, record_id: str) -> Record | None:
        return self._records.get(record_id)

    def cluster(self, name: str) -> set[str]:
        """Normalised names sharing a strong identifier with `name` (itself included), one hop."""
        own = norm_name(name)
        found = {own}
        for key in self._keys_of.get(own, ()):
            names = self._names_of[key]
            if len(names) <= COMMON_KEY:
                found |= names
        return found

    def shared_keys(self, a: str, b: str) -> list[str]:
        """Identifiers the two names were both seen with."""
        return sorted(self._keys_of.get(norm_name(a), set()) & self._keys_of.get(norm_name(b), set()))

    def orders_by(
        self, names: Iterable[str], center: dt.date, days: int, lookahead: bool = True
    ) -> list[Order]:
        out = {
            o.id: o
            for n in names
            for o in self._orders.get(n, ())
            if _within(o.date, center, days, lookahead)
        }
        return sorted(out.values(), key=lambda o: (o.date, o.id))

    def inquiries_by(
        self, names: Iterable[str], center: dt.date, days: int, lookahead: bool = True
    ) -> list[Inquiry]:
        out = {
            q.id: q
            for n in names
            for q in self._inquiries.get(n, ())
            if _within(q.date, center, days, lookahead)
        }
        return sorted(out.values(), key=lambda q: (q.date, q.id))

    def incorporated(self, name: str) -> dt.date | None:
        """The incorporation date another record gives for the company of this name (normalised), if any:
        an inquiry or payment seldom states it, the order or registry extract of the same company does."""
        return self._incorporated.get(norm_name(name))

    def first_seen(self, name: str) -> dt.date | None:
        return self._first_seen.get(norm_name(name))

    def flows(self, seller: str, buyer: str) -> list[Order | Payment]:
        """Orders from `seller` to `buyer` and payments from `buyer` to `seller`."""
        return self._flows.get((norm_name(seller), norm_name(buyer)), [])

    def orders_from(self, seller: str, center: dt.date, days: int, lookahead: bool = True) -> list[Order]:
        """Orders placed with `seller` within `days` of `center`: the seller's own sales book."""
        book = self._by_seller.get(norm_name(seller), ())
        return [o for o in book if _within(o.date, center, days, lookahead)]

    def purchases_before(self, name: str, before: dt.date) -> list[Order]:
        return [o for o in self._orders.get(norm_name(name), ()) if o.date < before]

    def account_payments(self, account: str) -> list[tuple[Payment, str]]:
        """(payment, role of the account in it: payer or beneficiary), by date."""
        key = ("acct", account)
        found = self._sorted.get(key)
        if found is None:
            found = self._sorted[key] = sorted(
                self._payments.get(account, ()), key=lambda pr: (pr[0].date, pr[0].id)
            )
        return found

    def vessel_legs(self, imo: str) -> list[LegSeen]:
        key = ("imo", imo)
        found = self._sorted.get(key)
        if found is None:
            found = self._sorted[key] = sorted(
                self._legs.get(imo, ()), key=lambda leg: (leg.date, leg.record.id)
            )
        return found

    def shipments_to(self, name: str) -> list[Shipment]:
        return self._to_consignee.get(norm_name(name), [])

    def shipments_from(self, name: str) -> list[Shipment]:
        return self._from_shipper.get(norm_name(name), [])

    def serial_records(self, serial: str) -> list[Record]:
        return self._serials.get(serial.strip().upper(), [])

    def licences(self) -> list[LicenceApplication]:
        return self._licences

    def denied_licences(self) -> dict[str, LicenceApplication]:
        """Denied licence applications by record id (ORD-20 and EU-07 look them up per deal)."""
        return self._denied

    def lane_count(self, hs4: str, country: str) -> tuple[int, int]:
        """(shipments of HS heading `hs4` to `country`, shipments of `hs4` anywhere)."""
        return self._lanes.get((hs4, country), 0), self._hs_totals.get(hs4, 0)
