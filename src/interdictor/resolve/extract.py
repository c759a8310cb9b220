"""Party records for resolution, from the store's list entities and from transaction records.

A party record is one mention of a company, person or vessel as one source wrote it: a list entity,
or a party of an order, shipment or payment. Each keeps its provenance (`source`, `source_ref`)
so that a resolved entity can cite where each of its facts came from. Records are written to
`resolve_records` in Arrow batches; re-extracting a source replaces its earlier records, so a
repeated run does not duplicate them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from interdictor.exc import InputRejected, Problem
from interdictor.resolve.keys import address_key, domain_of, email_key, identifier_key, name_keys, phone_key
from interdictor.resolve.tables import RECORD_COLUMNS, ensure_tables

__all__ = ["ExtractReport", "extract_store", "extract_transactions", "write_records"]

_BATCH = 50_000
#: FtM schemata that name a party; Ownership, Directorship and the like link parties, they are not ones.
PARTY_SCHEMATA = ("Company", "Organization", "LegalEntity", "PublicBody", "Person", "Vessel")
_ID_PROPS = (
    "registrationNumber", "taxNumber", "idNumber", "leiCode", "innCode", "ogrnCode", "dunsCode",
    "imoNumber", "swiftBic", "passportNumber", "vatCode", "okpoCode",
)  # fmt: skip
_PROPS = ("name", "alias", "previousName", "country", "jurisdiction", "nationality", "address", "phone",
          "email", "website", *_ID_PROPS)  # fmt: skip
Progress = Callable[[int], None]


@dataclass
class ExtractReport:
    """How many records a source gave, and the lines it could not read."""

    source: str
    records: int = 0
    problems: list[Problem] = field(default_factory=list)


def _kind(schema: str) -> str:
    return {"Person": "person", "Vessel": "vessel"}.get(schema, "org")


def _distinct(values: Iterable[str | None]) -> list[str]:
    out: list[str] = []
    for value in values:
        if value and value not in out:
            out.append(value)
    return out


def make_record(
    record_id: str,
    source: str,
    source_ref: str,
    schema: str,
    names: list[str],
    *,
    country: str | None = None,
    addresses: Iterable[tuple[str, str | None]] = (),
    phones: Iterable[str] = (),
    emails: Iterable[str] = (),
    websites: Iterable[str] = (),
    identifiers: Iterable[str] = (),
) -> dict[str, Any] | None:
    """One row of resolve_records, its keys computed; None when the record has no usable name."""
    names = _distinct(n.strip() for n in names)
    if not names:
        return None
    kind = _kind(schema)
    keys = _distinct(k for n in names for k in name_keys(n, kind == "person"))
    address_list = list(addresses)
    email_list = _distinct(email_key(e) for e in emails)
    return {
        "record_id": record_id,
        "source": source,
        "source_ref": source_ref,
        "schema": schema,
        "kind": kind,
        "name": names[0],
        "aliases": names[1:],
        "name_keys": keys,
        "country": country.lower() if country else None,
        "address": address_list[0][0] if address_list else None,
        "address_key": next((k for _, k in address_list if k), None),
        "phones": _distinct(phone_key(p) for p in phones),
        "emails": email_list,
        "domains": _distinct(
            [*(domain_of(email=e) for e in email_list), *(domain_of(website=w) for w in websites)]
        ),
        "identifiers": _distinct(identifier_key(i) for i in identifiers),
    }


def write_records(
    con: duckdb.DuckDBPyConnection,
    source: str,
    rows: Iterable[dict[str, Any]],
    progress: Progress | None = None,
) -> int:
    """Replace the records of one source with `rows`, in Arrow batches; returns how many were written."""
    ensure_tables(con)
    con.execute("DELETE FROM resolve_records WHERE source = ?", [source])
    columns: dict[str, list[Any]] = {c: [] for c in RECORD_COLUMNS}
    count = 0

    def flush() -> None:
        if not columns["record_id"]:
            return
        types = {
            c: pa.list_(pa.string()) if t.endswith("[]") else pa.string() for c, t in RECORD_COLUMNS.items()
        }
        batch = pa.table({c: pa.array(v, types[c]) for c, v in columns.items()})
        con.register("_resolve_batch", batch)
        con.execute("INSERT INTO resolve_records SELECT * FROM _resolve_batch")
        con.unregister("_resolve_batch")
        if progress is not None:
            progress(len(columns["record_id"]))
        for values in columns.values():
            values.clear()

    for row in rows:
        for name, values in columns.items():
            values.append(row[name])
        count += 1
        if len(columns["record_id"]) >= _BATCH:
            flush()
    flush()
    return count


# -- the store's list entities ----------------------------------------------------------------


def _store_rows(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """Party entities of the newest version of each list, read as statements grouped per property.

    Bank accounts held by a party (FtM `Ownership` of a `BankAccount`) become its identifiers, so
    a payment naming the account links to the registry company that holds it.
    """
    accounts: dict[str, list[str]] = {}
    account_sql = """
        SELECT o.value AS holder, a.value AS account
        FROM current_statements o
        JOIN current_statements s ON s.entity_id = o.entity_id AND s.prop = 'asset'
        JOIN current_statements a ON a.entity_id = s.value AND a.prop IN ('iban', 'accountNumber')
        WHERE o.schema = 'Ownership' AND o.prop = 'owner'
    """
    for holder, account in con.execute(account_sql).fetchall():
        accounts.setdefault(holder, []).append(account)
    placeholders = ", ".join("?" for _ in _PROPS)
    schemata = ", ".join("?" for _ in PARTY_SCHEMATA)
    cursor = con.execute(
        f"""SELECT list_name, entity_id, any_value(schema), max(version_id), prop,
                   list(DISTINCT value ORDER BY value)
            FROM current_statements WHERE schema IN ({schemata}) AND prop IN ({placeholders})
            GROUP BY list_name, entity_id, prop ORDER BY list_name, entity_id, prop""",
        [*PARTY_SCHEMATA, *_PROPS],
    )
    seen: set[str] = set()
    current: tuple[str, str, str, int] | None = None
    props: dict[str, list[str]] = {}

    def emit() -> dict[str, Any] | None:
        assert current is not None
        list_name, entity_id, schema, version = current
        record_id = entity_id if entity_id not in seen else f"{list_name}:{entity_id}"
        seen.add(record_id)
        get = props.get
        return make_record(
            record_id,
            f"list:{list_name}",
            f"version {version}",
            schema,
            [*get("name", []), *get("alias", []), *get("previousName", [])],
            country=next(iter(get("country", []) or get("jurisdiction", []) or get("nationality", [])), None),
            addresses=[(a, address_key(raw=a)) for a in get("address", [])],
            phones=get("phone", []),
            emails=get("email", []),
            websites=get("website", []),
            identifiers=[v for p in _ID_PROPS for v in get(p, [])] + accounts.get(entity_id, []),
        )

    while rows := cursor.fetchmany(10_000):
        for list_name, entity_id, schema, version, prop, values in rows:
            key = (list_name, entity_id, schema, version)
            if current is not None and key[:2] != current[:2]:
                row = emit()
                if row is not None:
                    yield row
                props = {}
            current = key
            props[prop] = values
    if current is not None:
        row = emit()
        if row is not None:
            yield row


def extract_store(con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> ExtractReport:
    """Write the party records of every list in the store (newest versions) to resolve_records."""
    report = ExtractReport("lists")
    # Every list is one source per list name; replace them all at once.
    ensure_tables(con)
    con.execute("DELETE FROM resolve_records WHERE source LIKE 'list:%'")
    rows = _store_rows(con)
    report.records = write_records(con, "list:", rows, progress)
    return report


# -- transaction records ----------------------------------------------------------------------


def _address(value: Any) -> tuple[str, str | None] | None:
    if not isinstance(value, dict):
        return None
    raw = value.get("raw")
    parts = [value.get(k) for k in ("unit", "street", "po_box", "postcode", "city")]
    text = raw or ", ".join(str(p) for p in parts if p)
    key = address_key(raw=raw, street=value.get("street"), po_box=value.get("po_box"), unit=value.get("unit"))
    return (text, key) if text else None


def _party_row(txn_id: str, party: dict[str, Any], source: str, where: str) -> dict[str, Any] | None:
    names = [party.get("name") or "", *(party.get("aliases") or [])]
    identifiers = [i.get("value") for i in party.get("identifiers") or [] if isinstance(i, dict)]
    account = party.get("account")
    if isinstance(account, dict):
        identifiers += [account.get("iban"), account.get("number")]
    address = _address(party.get("address"))
    return make_record(
        f"{txn_id}/{party.get('ref')}",
        source,
        where,
        "Person" if party.get("type") == "individual" else "Company",
        [n for n in names if isinstance(n, str)],
        country=party.get("country") or party.get("nationality"),
        addresses=[address] if address else [],
        phones=[party["phone"]] if party.get("phone") else [],
        emails=[party["email"]] if party.get("email") else [],
        websites=[party["website"]] if party.get("website") else [],
        identifiers=[i for i in identifiers if isinstance(i, str)],
    )


def _transaction_rows(path: Path, report: ExtractReport) -> Iterator[dict[str, Any]]:
    """Parties of every record of a JSON-lines file; a bad line is reported and skipped, never fatal."""
    file = str(path)
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                record = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                report.problems.append(Problem(file, f"not JSON: {exc}", line=line_no))
                continue
            if not isinstance(record, dict) or not isinstance(record.get("id"), str):
                report.problems.append(
                    Problem(file, "a record needs a string 'id'", line=line_no, field="id")
                )
                continue
            parties = record.get("parties")
            if not isinstance(parties, list):
                report.problems.append(
                    Problem(file, "'parties' must be a list", line=line_no, field="parties")
                )
                continue
            for pos, party in enumerate(parties):
                if not isinstance(party, dict) or not party.get("ref"):
                    report.problems.append(
                        Problem(file, "a party needs a 'ref'", line=line_no, field=f"parties[{pos}]")
                    )
                    continue
                row = _party_row(record["id"], party, report.source, f"{path.name}:{line_no}")
                if row is not None:
                    yield row


def extract_transactions(
    con: duckdb.DuckDBPyConnection, path: Path, progress: Progress | None = None, *, max_problems: int = 1000
) -> ExtractReport:
    """Write the parties of a transactions file (the format of docs/transactions.md) to resolve_records.

    Lines that are not records are reported in `problems` and skipped: one broken line in a
    million should not stop resolution. A file with problems on more than `max_problems` lines,
    or with no party at all, is refused with every problem listed.
    """
    if not path.is_file():
        raise InputRejected(f"{path}: no such transactions file")
    report = ExtractReport(f"transactions:{path.name}")
    report.records = write_records(con, report.source, _transaction_rows(path, report), progress)
    if len(report.problems) > max_problems or (report.records == 0 and report.problems):
        con.execute("DELETE FROM resolve_records WHERE source = ?", [report.source])
        raise InputRejected(f"{path}: {len(report.problems)} bad line(s); no party read", report.problems)
    return report
