"""Turn world objects into records of the documented transaction format (plain dicts, fast).

The hot path builds dicts and lets orjson serialise them; pydantic validation runs in the tests,
not per record. Each builder writes what a real document of that kind carries and leaves some
fields out at the rates real records do, so rules meet "not evaluable" as well as hits.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from interdictor.generate.companies import Account, Company, Person
from interdictor.generate.data import Family, Good, Knowledge
from interdictor.generate.names import below, pick

__all__ = [
    "PartyRef",
    "account_dict",
    "company_party",
    "family_item",
    "good_item",
    "person_party",
    "phone_variant",
]

PartyRef = tuple[str, str]  # (record-local ref, real entity id)


def phone_variant(rng: random.Random, phone: str) -> str:
    """A phone as people write it: +49 30..., 0049-30..., (+49) 30 ..."""
    cc, _, rest = phone[1:].partition(" ")
    roll = rng.random()
    if roll < 0.55:
        return phone
    if roll < 0.7:
        return f"00{cc}-{rest[:3]}-{rest[3:]}"
    if roll < 0.85:
        return f"+{cc}{rest}"
    return f"(+{cc}) {rest[:2]} {rest[2:]}"


def account_dict(account: Account, holder: str | None) -> dict[str, Any]:
    out: dict[str, Any] = {"iban": account.number} if account.is_iban else {"number": account.number}
    if holder:
        out["holder"] = holder
    out["type"] = "personal" if account.personal else "corporate"
    out["bank"] = {"name": account.bank_name, "bic": account.bic, "country": account.country}
    return out


def company_party(
    rng: random.Random,
    company: Company,
    role: str,
    ref: str,
    *,
    level: int | None = None,
    kyc: bool = False,
    account: Account | None = None,
    name: str | None = None,
    contact: bool = False,
) -> dict[str, Any]:
    """A company as one record names it; `level` of name variation is drawn when not given.

    `contact`: the record is a message from the company (an e-mail inquiry), so it shows its e-mail.

    On the hot path (about five parties per deal); the order of random draws is part of the output.
    """
    rnd = rng.random
    if level is None:
        roll = rnd()
        level = 0 if roll < 0.55 else (1 if roll < 0.93 else 2)
    party: dict[str, Any] = {
        "ref": ref,
        "role": role,
        "name": name or company.name.variant(rng, level),
        "type": company.kind,
        "country": company.country,
    }
    if rnd() < 0.85:
        address: dict[str, Any]
        if rnd() < 0.3:
            address = {"raw": company.address_line()}
        else:
            address = {"unit": company.unit} if company.unit else {}
            address["street"] = company.street
            if company.po_box:
                address["po_box"] = company.po_box
            address["city"] = company.city if rnd() < 0.9 else company.city_native
            if company.postcode and rnd() < 0.8:
                address["postcode"] = company.postcode
            if company.region:
                address["region"] = company.region
        address["country"] = company.country
        if company.address_kind != "commercial":
            address["kind"] = company.address_kind
        if company.free_zone:
            address["free_zone"] = company.free_zone
        party["address"] = address
    if company.phone and rnd() < 0.7:
        party["phone"] = phone_variant(rng, company.phone)
    if company.email and (contact or rnd() < 0.6):
        party["email"] = company.email
    if company.website and rnd() < 0.3:
        party["website"] = company.website
    if kyc:
        party["identifiers"] = [
            {"scheme": "registration", "value": company.registration, "country": company.country}
        ]
        party["incorporation_date"] = company.incorporated.isoformat()
        party["industry"] = company.sector
        party["directors"] = [d.name.variant(rng, 1 if rnd() < 0.3 else 0) for d in company.directors]
    if account is not None:
        party["account"] = account_dict(account, party["name"] if rnd() < 0.7 else None)
    return party


def person_party(
    rng: random.Random, person: Person, role: str, ref: str, account: Account | None = None
) -> dict[str, Any]:
    party: dict[str, Any] = {
        "ref": ref,
        "role": role,
        "name": person.name.variant(rng, 1),
        "type": "individual",
        "country": person.country,
        "nationality": person.nationality,
    }
    if account is not None:
        party["account"] = account_dict(account, party["name"])
    return party


def _money(value: float) -> float:
    return round(value, 2)


def good_item(
    rng: random.Random, good: Good, line: int, currency: str, rate: float, origin: str
) -> tuple[dict[str, Any], float]:
    """An ordinary line item and its value in the record's currency."""
    rnd = rng.random
    # randrange(1, 50) and randrange(100, 20000, 50), drawn the same way
    quantity = 1 + below(rng, 49) if good.unit in ("pcs", "set") else 100 + 50 * below(rng, 398)
    price = _money(rng.uniform(*good.price) * rate)
    descriptions = good.descriptions
    item: dict[str, Any] = {
        "line": line,
        "description": descriptions[int(rnd() * len(descriptions))],
        "quantity": quantity,
        "unit": good.unit,
        "unit_price": price,
        "currency": currency,
    }
    if rnd() < 0.7:
        item["hs_code"] = good.hs
    if rnd() < 0.5:
        item["part_number"] = f"{good.hs[:2]}{1000 + below(rng, 98999)}"
    if rnd() < 0.4:
        item["origin_country"] = origin
    return item, quantity * price


def family_value(rng: random.Random, family: Family, band: str) -> float:
    lo, hi = family.bands[band]
    value = rng.uniform(lo, hi)
    if family.key_unit in ("axes", "u", "fps", "Hz", "MPa", "GPa"):
        value = float(round(value))
    else:
        value = round(value, 3)
    # keep "just below" strictly on the uncontrolled side of the threshold
    if band != "above":
        t = family.threshold
        if family.key_op == ">=" and value >= t:
            value = round(t * 0.98, 3)
        elif (family.key_op == ">" and value > t) or (family.key_op == "<" and value < t):
            value = t
        elif family.key_op == "<=" and value <= t:
            value = round(t * 1.02, 3)
    return value


def family_item(
    rng: random.Random,
    family: Family,
    band: str,
    line: int,
    currency: str,
    rate: float,
    origin: str,
    *,
    quantity: int | None = None,
    with_hs: bool = True,
) -> tuple[dict[str, Any], float, dict[str, Any]]:
    """A control-list family item with its deciding parameter in `band`; returns item, value, truth."""
    value = family_value(rng, family, band)
    shown = f"{value:g} {family.key_unit}"
    description = pick(rng, family.descriptions).replace("{key}", shown)
    if quantity is None:
        quantity = rng.randrange(1, 12) if family.unit == "pcs" else rng.randrange(50, 2000, 10)
    price = _money(rng.uniform(*family.price) * rate)
    item: dict[str, Any] = {
        "line": line,
        "description": description,
        "part_number": f"{pick(rng, family.part_prefix)}-{rng.randrange(100, 9999)}{pick(rng, ('', 'A'))}",
        "quantity": quantity,
        "unit": family.unit,
        "unit_price": price,
        "currency": currency,
        "parameters": [{"name": family.key, "value": value, "unit": family.key_unit}]
        + [{"name": n, "value": v, "unit": u} for n, v, u in family.fixed],
        "origin_country": origin,
    }
    if with_hs:
        item["hs_code"] = family.hs[0]
    truth = {"line": line, "family": family.family, "entry": family.entry, "band": band, "value": value}
    return item, quantity * price, truth


def days(date: dt.date, n: int) -> dt.date:
    return date + dt.timedelta(days=n)


def rate_for(know: Knowledge, currency: str) -> float:
    """USD to `currency`: rough, fixed rates so that amounts look plausible (not market data)."""
    rates = know.world.get("usd_rates", {})
    return float(rates.get(currency, 1.0))
