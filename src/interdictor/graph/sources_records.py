"""What the graph reads from transaction records (table assessed_records, format of docs/transactions.md).

Each record becomes a node (order, shipment, payment, or document for inquiries, licence applications
and end-user certificates); each party a `PartyRecord` `<record id>/<ref>` (the record ids entity
resolution uses) with a role edge to the record; route legs give vessels, line items and declared
goods give goods nodes by HS subheading, accounts and banks give identifier and bank nodes. Payloads
are read as plain JSON (no model validation: they were validated when stored).

A record of a deal whose newest stored assessment rates its own conduct high (`conduct_band`, table
assessments) carries `conduct: high` and the assessment's time: the flagged deals NET-12 counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import duckdb
import orjson

from interdictor.graph.keys import address_node_key
from interdictor.graph.parties import PartyRecord
from interdictor.graph.tables import table_exists
from interdictor.resolve.keys import domain_of, email_key, identifier_key, phone_key

__all__ = ["RecordData", "RoleLink", "read_records", "record_node_type"]

_TYPES = {"order": "order", "shipment": "shipment", "payment": "payment"}


def record_node_type(kind: str) -> str:
    return _TYPES.get(kind, "document")


@dataclass(slots=True)
class RoleLink:
    """A party of a record in its role: becomes an edge once the party has its node."""

    party_record: str
    record_node: str
    role: str
    date: dt.date | None
    position: str
    party_type: str | None


@dataclass
class RecordData:
    parties: list[PartyRecord] = field(default_factory=list)
    roles: list[RoleLink] = field(default_factory=list)
    #: record node id -> (label, kind, date, attrs)
    records: dict[str, tuple[str, str, dt.date | None, dict[str, Any]]] = field(default_factory=dict)
    #: (src node, dst node, type, date, ref, position, attrs) between non-party nodes or party records
    links: list[tuple[str, str, str, dt.date | None, str, str, dict[str, Any]]] = field(default_factory=list)
    #: node id -> (type, label, attrs) of vessels, goods and banks seen in records
    things: dict[str, tuple[str, str, dict[str, Any]]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    count: int = 0


def _address(value: Any, country: str | None) -> tuple[str, str] | None:
    if not isinstance(value, dict):
        return None
    raw = value.get("raw")
    key = address_node_key(
        value.get("country") or country,
        raw=raw,
        street=value.get("street"),
        po_box=value.get("po_box"),
        unit=value.get("unit"),
        city=value.get("city"),
    )
    if not key:
        return None
    parts = [value.get(k) for k in ("unit", "street", "po_box", "postcode", "city")]
    text = raw or ", ".join(str(p) for p in parts if p)
    return key, text


def _party_idents(party: dict[str, Any], pos: str, country: str | None) -> list[tuple[str, str, str, str]]:
    out: list[tuple[str, str, str, str]] = []
    if (value := party.get("email")) and (key := email_key(value)):
        out.append(("email", key, value, f"{pos}.email"))
    if (value := party.get("phone")) and (key := phone_key(value)):
        out.append(("phone", key, value, f"{pos}.phone"))
    if (value := party.get("website")) and (key := domain_of(website=value)):
        out.append(("website", key, value, f"{pos}.website"))
    for i, ident in enumerate(party.get("identifiers") or []):
        if isinstance(ident, dict) and (key := identifier_key(ident.get("value"))):
            scheme = ident.get("scheme") or "other"
            kind = "registration" if scheme in ("registration", "tax", "lei", "eori", "duns") else scheme
            where = (ident.get("country") or country or "-").lower()
            out.append((kind, f"{where}:{key}", ident["value"], f"{pos}.identifiers[{i}]"))
    account = party.get("account")
    if isinstance(account, dict):
        if key := identifier_key(account.get("iban")):
            out.append(("iban", key, account["iban"], f"{pos}.account.iban"))
        if key := identifier_key(account.get("number")):
            out.append(("account", key, account["number"], f"{pos}.account.number"))
    if address := _address(party.get("address"), country):
        out.append(("address", address[0], address[1], f"{pos}.address"))
    return out


def _bank(data: RecordData, bank: Any) -> str | None:
    if not isinstance(bank, dict) or not (bank.get("bic") or bank.get("name")):
        return None
    key = (bank.get("bic") or "")[:8].upper() or str(bank.get("name")).lower()
    node = f"bank:{key}"
    data.things.setdefault(
        node, ("party", str(bank.get("name") or key), {"kind": "bank", "country": bank.get("country")})
    )
    return node


def _hs6(code: Any) -> str | None:
    digits = "".join(ch for ch in str(code or "") if ch.isdigit())
    return digits[:6] if len(digits) >= 4 else None


def _rows(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str, dt.date, str]]:
    cursor = con.execute(
        "SELECT record_id, kind, record_date, payload FROM assessed_records ORDER BY record_date, record_id"
    )
    while rows := cursor.fetchmany(10_000):
        yield from rows


def _conduct_high(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Record id -> time of the newest assessment of its deal, for deals whose own conduct it rates high."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_name = 'assessments' AND column_name = 'conduct_band'"
    ).fetchone()
    if not row or not row[0]:
        return {}
    rows = con.execute(
        "SELECT record_ids, assessed_at FROM ("
        "  SELECT record_ids, assessed_at, conduct_band, row_number() OVER"
        "    (PARTITION BY deal_id ORDER BY assessed_at DESC) AS newest FROM assessments"
        ") WHERE newest = 1 AND conduct_band = 'high'"
    ).fetchall()
    return {rid: str(at)[:19] for ids, at in rows for rid in ids}


def read_records(con: duckdb.DuckDBPyConnection) -> RecordData:
    """Every stored transaction record, as record nodes, party records, role links and things."""
    data = RecordData()
    if not table_exists(con, "assessed_records"):
        return data
    flagged = _conduct_high(con)
    for record_id, kind, date, payload in _rows(con):
        try:
            record = orjson.loads(payload)
        except orjson.JSONDecodeError:
            data.problems.append(f"assessed_records {record_id}: payload is not JSON; skipped")
            continue
        data.count += 1
        _read_one(data, record_id, kind, date, record, flagged.get(record_id))
    return data


def _read_one(
    data: RecordData, rid: str, kind: str, date: dt.date, record: dict[str, Any], assessed: str | None
) -> None:
    node = f"{record_node_type(kind)}:{rid}"
    attrs: dict[str, Any] = {"kind": kind}
    if assessed:
        attrs.update(conduct="high", assessed_at=assessed)
    countries: dict[str, list[str]] = {"goods": [], "money": []}
    for i, party in enumerate(record.get("parties") or []):
        if not isinstance(party, dict) or not party.get("ref") or not party.get("name"):
            continue
        pos = f"parties[{i}]"
        country = (party.get("country") or party.get("nationality") or "").lower() or None
        party_id = f"{rid}/{party['ref']}"
        role = str(party.get("role") or "party")
        names = [party["name"], *(party.get("aliases") or [])]
        person = party.get("type") == "individual"
        data.parties.append(
            PartyRecord(
                party_id,
                "records",
                "Person" if person else "Company",
                [n for n in names if isinstance(n, str)],
                country=country,
                nationality=[str(party["nationality"]).lower()] if party.get("nationality") else [],
                first_date=_date(party.get("incorporation_date")),
                kind="person" if person else "org",
                idents=_party_idents(party, pos, country),
            )
        )
        data.roles.append(RoleLink(party_id, node, role, date, pos, party.get("type")))
        side = "money" if role in ("payer", "beneficiary", "bank") else "goods"
        if country:
            countries[side].append(country)
        account = party.get("account")
        if isinstance(account, dict) and (bank := _bank(data, account.get("bank"))):
            data.links.append((party_id, bank, "banks_with", date, rid, f"{pos}.account.bank", {}))
            if isinstance(account.get("bank"), dict) and account["bank"].get("country"):
                countries["money"].append(str(account["bank"]["country"]).lower())
            if account.get("type"):
                attrs.setdefault("account_types", {})[role] = account["type"]
    for i, bank in enumerate(record.get("intermediary_banks") or []):
        if node_id := _bank(data, bank):
            data.links.append((node, node_id, "via_bank", date, rid, f"intermediary_banks[{i}]", {}))
            if isinstance(bank, dict) and bank.get("country"):
                countries["money"].append(str(bank["country"]).lower())
    for ref_field in ("order_ref", "inquiry_ref"):
        if ref := record.get(ref_field):
            attrs[ref_field] = ref
    for i, leg in enumerate(record.get("legs") or []):
        if not isinstance(leg, dict):
            continue
        for end in ("origin", "destination"):
            where = leg.get(end)
            if isinstance(where, dict) and where.get("country"):
                countries["goods"].append(str(where["country"]).lower())
        vessel = leg.get("vessel")
        if isinstance(vessel, dict) and (vessel.get("imo") or vessel.get("name")):
            imo = "".join(ch for ch in str(vessel.get("imo") or "") if ch.isdigit())
            vnode = f"vessel:imo:{imo}" if imo else f"vessel:name:{str(vessel['name']).upper()}"
            data.things.setdefault(vnode, ("vessel", str(vessel.get("name") or imo), {"imo": imo or None}))
            data.links.append(
                (
                    node,
                    vnode,
                    "carried_by",
                    _date(leg.get("departure")) or date,
                    rid,
                    f"legs[{i}].vessel",
                    {"name": vessel.get("name"), "flag": vessel.get("flag")},
                )
            )
    hs_codes: list[str] = []
    for field_name in ("items", "goods"):
        for i, item in enumerate(record.get(field_name) or []):
            if not isinstance(item, dict) or not (hs := _hs6(item.get("hs_code"))):
                continue
            hs_codes.append(hs)
            gnode = f"goods:hs:{hs}"
            data.things.setdefault(gnode, ("goods", f"HS {hs}", {"hs": hs}))
            value = item.get("value")
            if value is None and item.get("unit_price") is not None and item.get("quantity") is not None:
                value = float(item["unit_price"]) * float(item["quantity"])
            data.links.append(
                (
                    node,
                    gnode,
                    "contains",
                    date,
                    rid,
                    f"{field_name}[{i}]",
                    {
                        "part_number": item.get("part_number"),
                        "quantity": item.get("quantity"),
                        "value": value,
                        # Whole (to a bound) with the stated parameters: the goods classifier reads
                        # both, and a cut description loses the figure that decides an entry (EU-08).
                        "description": str(item.get("description") or "")[:500],
                        "parameters": item.get("parameters") or None,
                    },
                )
            )
    if dest := record.get("destination_country"):
        countries["goods"].append(str(dest).lower())
    attrs["goods_countries"] = sorted(set(countries["goods"]))
    attrs["money_countries"] = sorted(set(countries["money"]))
    attrs["hs"] = sorted(set(hs_codes))
    for name in ("total_value", "amount", "declared_value", "currency", "purpose", "instructing_party"):
        if record.get(name) is not None:
            attrs[name] = record[name]
    decision = record.get("decision")
    if isinstance(decision, dict) and decision.get("outcome"):
        attrs["decision"] = decision["outcome"]
    data.records[node] = (rid, kind, date, attrs)


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
