"""Party records for resolution, from the store's lists, transaction records and ingested evidence.

A party record is one mention of a company, person or vessel as one source wrote it: a list entity,
a party of an order, shipment or payment, or an entity of an ingested registry or document. Each
keeps its provenance (`source`, `source_ref`) so that a resolved entity can cite where each of its
facts came from. Re-extracting a source replaces its earlier records, so a repeated run does not
duplicate them.

Extraction is column-wise: records are appended to column lists and written as Arrow batches, and
every key is computed once per distinct value (names, phones and addresses repeat heavily: an
active company appears in hundreds of transactions), which keeps a million records to seconds of
key work rather than minutes.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import orjson
import pyarrow as pa

from interdictor.exc import InputRejected, Problem
from interdictor.resolve.clock import StepClock
from interdictor.resolve.keys import address_key, domain_of, email_key, identifier_key, name_keys, phone_key
from interdictor.resolve.tables import ensure_tables

__all__ = ["ExtractReport", "RecordWriter", "extract_evidence", "extract_store", "extract_transactions"]

_BATCH = 100_000
#: Distinct values from which key computation is worth spreading over worker processes.
_PARALLEL_FROM = 100_000
#: FtM schemata that name a party; Ownership, Directorship and the like link parties, they are not ones.
PARTY_SCHEMATA = ("Company", "Organization", "LegalEntity", "PublicBody", "Person", "Vessel")
_ID_PROPS = (
    "registrationNumber", "taxNumber", "idNumber", "leiCode", "innCode", "ogrnCode", "dunsCode",
    "imoNumber", "swiftBic", "passportNumber", "vatCode", "okpoCode",
)  # fmt: skip
_NAME_PROPS = ("name", "alias", "previousName")
_PROPS = (*_NAME_PROPS, "country", "jurisdiction", "nationality", "address", "phone", "email", "website",
          *_ID_PROPS)  # fmt: skip
Progress = Callable[[int], None]


@dataclass
class ExtractReport:
    """How many records a source gave, and the lines it could not read."""

    source: str
    records: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Wall and CPU seconds of its steps: "read" (staging raw values), "keys" (key per distinct
    #: value, worker processes included), "write" (keys joined back into resolve_records).
    timings: dict[str, float] = field(default_factory=dict)
    cpu_timings: dict[str, float] = field(default_factory=dict)


_SEP = chr(31)
#: Columns a source writes for each record before keys are computed (`RecordWriter` stages them).
RAW_COLUMNS: dict[str, pa.DataType] = {
    "record_id": pa.string(),
    "source": pa.string(),
    "source_ref": pa.string(),
    "schema": pa.string(),
    "names": pa.list_(pa.string()),
    "country": pa.string(),
    "address": pa.string(),
    "addresses": pa.list_(pa.string()),  # raw, street, PO box, unit joined by chr(31)
    "phones": pa.list_(pa.string()),
    "emails": pa.list_(pa.string()),
    "websites": pa.list_(pa.string()),
    "identifiers": pa.list_(pa.string()),
}
_RAW_DDL = ", ".join(
    f"{c} {'VARCHAR[]' if isinstance(t, pa.ListType) else 'VARCHAR'}" for c, t in RAW_COLUMNS.items()
)


def address_parts(
    raw: str | None = None, street: str | None = None, po_box: str | None = None, unit: str | None = None
) -> str:
    """An address as the one string the writer stages (its parts joined by chr(31); absent = empty)."""
    return _SEP.join(v or "" for v in (raw, street, po_box, unit))


def _key_of(field: str, value: str) -> tuple[str | None, list[str]]:
    """The key (and extra keys) of one distinct staged value; see `_assemble` for the fields."""
    if field in ("n0", "n1"):
        clean = value.strip()
        return clean, list(name_keys.__wrapped__(clean, field == "n1")) if clean else []
    if field == "p":
        return phone_key(value), []
    if field == "e":
        key = email_key(value)
        domain = domain_of(email=key) if key else None
        return key, [domain] if domain else []
    if field == "w":
        domain = domain_of(website=value)
        return None, [domain] if domain else []
    if field == "i":
        return identifier_key(value), []
    raw, street, po_box, unit = (v or None for v in value.split(_SEP))
    return address_key(raw=raw, street=street, po_box=po_box, unit=unit), []


def _key_chunk(chunk: tuple[list[str], list[str]]) -> list[tuple[str | None, list[str]]]:
    return [_key_of(f, v) for f, v in zip(*chunk, strict=True)]


def _keys_of(fields: list[str], values: list[str]) -> list[tuple[str | None, list[str]]]:
    """`_key_of` over distinct values; many values (a million-record run) are split over the cores.

    This process computes one share itself while worker processes compute the others: a worker
    first pays for its start (importing the screening engine), so the parent keeps the first and
    largest share. Workers are spawned, not forked: the parent holds DuckDB's threads, and a fork
    of a threaded process may inherit a held lock.
    """
    cores = min(os.cpu_count() or 1, 4)
    if len(values) < _PARALLEL_FROM or cores < 2:
        return _key_chunk((fields, values))
    # The parent's share is larger by about what a worker's start costs (a second of key work).
    own = len(values) // cores + len(values) // (4 * cores)
    step = -(-(len(values) - own) // (cores - 1))
    chunks = [(fields[i : i + step], values[i : i + step]) for i in range(own, len(values), step)]
    with ProcessPoolExecutor(cores - 1, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(_key_chunk, chunk) for chunk in chunks]
        keys = _key_chunk((fields[:own], values[:own]))
        for future in futures:
            keys.extend(future.result())
    return keys


#: The key lists of a record, in the order `_assemble` numbers them, and the fields they come from.
_KEY_LISTS = ("names", "nkeys", "phones", "emails", "domains", "idents", "akeys")


def _key_lists(con: duckdb.DuckDBPyConnection, n_records: int) -> dict[str, pa.ListArray]:
    """Per key list, one list per record position 0..n_records, from `_rx_keyed` (rid, list, key).

    Rows arrive sorted by record, list and first position, one per distinct key, so each list is a
    slice of one column: its offsets are the running count of rows per record.
    """
    rows = con.execute("SELECT rid, col, key FROM _rx_keyed ORDER BY rid, col, o").to_arrow_table()
    rid = rows.column("rid").to_numpy().astype(np.int64)
    col = rows.column("col").to_numpy().astype(np.int64)
    keys = rows.column("key").combine_chunks()
    lists: dict[str, pa.ListArray] = {}
    for number, name in enumerate(_KEY_LISTS):
        mine = np.flatnonzero(col == number)
        counts = np.bincount(rid[mine], minlength=n_records + 1)
        offsets = np.concatenate([[0], np.cumsum(counts)]).astype(np.int32)
        lists[name] = pa.ListArray.from_arrays(pa.array(offsets), keys.take(pa.array(mine)))
    return lists


def _assemble(con: duckdb.DuckDBPyConnection, raw: str, clock: StepClock) -> int:
    """Compute the keys of the staged records in `raw` and insert them into resolve_records.

    Every list value is unnested into one long table (record, field, position, value); each distinct
    (field, value) gets its key from Python once, because names, phones and addresses repeat across
    records; the keys are joined back as one long table of (record, key list, order, key), deduplicated
    keeping the first occurrence, and cut into per-record lists with array offsets (regrouping with
    list aggregates in SQL cost three times as much). Records left without a usable name are dropped.
    Returns how many records were written.
    """
    clock.mark("read")
    fields_of = {"p": "phones", "e": "emails", "w": "websites", "i": "identifiers", "a": "addresses"}
    spread = "unnest(list_transform({}, (x, i) -> {{'v': x, 'pos': i}}), recursive := true)"
    unions = [f"SELECT rid, 'n' || (schema = 'Person')::INT AS f, {spread.format('names')} FROM {raw}"] + [
        f"SELECT rid, '{f}' AS f, {spread.format(col)} FROM {raw}" for f, col in fields_of.items()
    ]
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _rx_vals AS SELECT * FROM ("
        + " UNION ALL ".join(unions)
        + ") WHERE v IS NOT NULL"
    )
    distinct = con.execute("SELECT DISTINCT f, v FROM _rx_vals").fetchnumpy()
    fields, values = distinct["f"].tolist(), distinct["v"].tolist()
    computed = _keys_of(fields, values)
    mapping = pa.table(
        {
            "f": pa.array(fields, pa.string()),
            "v": pa.array(values, pa.string()),
            "k": pa.array([c[0] for c in computed], pa.string()),
            "extra": pa.array([c[1] for c in computed], pa.list_(pa.string())),
        }
    )
    clock.mark("keys")
    con.register("_rx_map", mapping)
    # Order within a list: position of the value, then of the extra key; e-mail domains before websites'.
    extra = "unnest(list_transform(extra, (x, i) -> {'x': x, 'i': i}), recursive := true)"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _rx_keyed AS
            WITH j AS (SELECT rid, f[1] AS g, pos, k, extra FROM _rx_vals JOIN _rx_map USING (f, v)),
                 x AS (SELECT rid, g, pos, {extra} FROM j
                       WHERE g IN ('n', 'e', 'w') AND (k IS NULL OR k <> '')),
                 long AS (
                     SELECT rid, CASE g WHEN 'n' THEN 0 WHEN 'p' THEN 2 WHEN 'e' THEN 3 WHEN 'i' THEN 5
                                        ELSE 6 END AS col, pos::BIGINT AS o, k AS key
                     FROM j WHERE k <> '' AND g <> 'w'
                     UNION ALL
                     SELECT rid, CASE g WHEN 'n' THEN 1 ELSE 4 END,
                            (g = 'w')::BIGINT * 1000000000000 + pos * 1000000 + i, x
                     FROM x WHERE x IS NOT NULL)
            SELECT rid, col, key, min(o) AS o FROM long GROUP BY ALL"""
    )
    con.unregister("_rx_map")
    con.execute("DROP TABLE IF EXISTS _rx_vals")
    (n_records,) = con.execute(f"SELECT coalesce(max(rid), 0) FROM {raw}").fetchone() or (0,)
    lists = _key_lists(con, int(n_records))
    con.register("_rx_lists", pa.table({"rid": np.arange(int(n_records) + 1), **lists}))
    con.execute("DROP TABLE IF EXISTS _rx_keyed")
    (count,) = con.execute(
        f"""INSERT INTO resolve_records
            SELECT r.record_id, r.source, r.source_ref, r.schema,
                   CASE r.schema WHEN 'Person' THEN 'person' WHEN 'Vessel' THEN 'vessel' ELSE 'org' END,
                   d.names[1], d.names[2:], d.nkeys, lower(nullif(r.country, '')), r.address, d.akeys[1],
                   d.phones, d.emails, d.domains, d.idents
            FROM {raw} r JOIN _rx_lists d USING (rid) WHERE len(d.names) > 0"""
    ).fetchone() or (0,)
    con.unregister("_rx_lists")
    clock.mark("write")
    return int(count)


class RecordWriter:
    """Party records of one extraction: staged as raw columns, keyed and written on `close`.

    Sources append raw values with `add` (in batches of `_BATCH` to a temporary table); `close`
    computes every key once per distinct value (`_assemble`) and writes resolve_records.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> None:
        ensure_tables(con)
        self.con = con
        self.progress = progress
        self.staged = 0
        self.clock = StepClock()
        self.columns: dict[str, list[Any]] = {c: [] for c in RAW_COLUMNS}
        con.execute(f"CREATE OR REPLACE TEMP TABLE _rx_raw (rid BIGINT, {_RAW_DDL})")

    def add(
        self,
        record_id: str,
        source: str,
        source_ref: str,
        schema: str,
        names: list[str],
        country: str | None = None,
        address: str | None = None,
        addresses: list[str] | tuple[str, ...] = (),
        phones: list[str] | tuple[str, ...] = (),
        emails: list[str] | tuple[str, ...] = (),
        websites: list[str] | tuple[str, ...] = (),
        identifiers: list[str] | tuple[str, ...] = (),
    ) -> None:
        """Stage one record (`addresses` made with `address_parts`); keys come at `close`."""
        cols = self.columns
        cols["record_id"].append(record_id)
        cols["source"].append(source)
        cols["source_ref"].append(source_ref)
        cols["schema"].append(schema)
        cols["names"].append(names)
        cols["country"].append(country)
        cols["address"].append(address)
        cols["addresses"].append(addresses)
        cols["phones"].append(phones)
        cols["emails"].append(emails)
        cols["websites"].append(websites)
        cols["identifiers"].append(identifiers)
        if len(cols["record_id"]) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Move the staged rows to the temporary table."""
        n = len(self.columns["record_id"])
        if not n:
            return
        batch = pa.table({c: pa.array(v, RAW_COLUMNS[c]) for c, v in self.columns.items()})
        self.con.register("_rx_batch", batch)
        self.con.execute(f"INSERT INTO _rx_raw SELECT {self.staged} + row_number() OVER (), * FROM _rx_batch")
        self.con.unregister("_rx_batch")
        self.staged += n
        for values in self.columns.values():
            values.clear()

    def close(self, report: ExtractReport) -> None:
        """Key and write every staged record; the report gets how many had a usable name, and timings."""
        self.flush()
        count = _assemble(self.con, "_rx_raw", self.clock)
        self.con.execute("DROP TABLE IF EXISTS _rx_raw")
        if self.progress is not None:
            self.progress(count)
        report.records = count
        report.timings, report.cpu_timings = self.clock.wall, self.clock.cpu


# -- the store's list entities ----------------------------------------------------------------


def _grouped_party_rows(
    con: duckdb.DuckDBPyConnection, sql: str, params: list[Any]
) -> Iterator[tuple[tuple[Any, ...], dict[str, list[str]]]]:
    """Group rows (key columns..., prop, values) ordered by key into (key, {prop: values}).

    The rows are read through a cursor of their own: the caller's RecordWriter flushes to `con` while
    they are read, and a statement run on a connection replaces that connection's pending result.
    """
    cursor = con.cursor().execute(sql, params)
    current: tuple[Any, ...] | None = None
    props: dict[str, list[str]] = {}
    while rows := cursor.fetchmany(10_000):
        for *key_cols, prop, values in rows:
            key = tuple(key_cols)
            if current is not None and key[:2] != current[:2]:
                yield current, props
                props = {}
            current = key
            props.setdefault(prop, []).extend(values)
    if current is not None:
        yield current, props


def _add_entity(
    writer: RecordWriter,
    record_id: str,
    source: str,
    source_ref: str,
    schema: str,
    props: dict[str, list[str]],
    accounts: list[str],
) -> None:
    """One FtM-shaped entity (list or evidence) as a party record."""
    get = props.get
    addresses = get("address", [])
    writer.add(
        record_id,
        source,
        source_ref,
        schema,
        [v for p in _NAME_PROPS for v in get(p, [])],
        country=next(iter(get("country", []) or get("jurisdiction", []) or get("nationality", [])), None),
        address=addresses[0] if addresses else None,
        addresses=[address_parts(raw=a) for a in addresses],
        phones=get("phone", []),
        emails=get("email", []),
        websites=get("website", []),
        identifiers=[v for p in _ID_PROPS for v in get(p, [])] + accounts,
    )


def _accounts(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, list[str]]:
    """Bank accounts held by each party (FtM `Ownership` of a `BankAccount`), as its identifiers.

    A payment naming the account then links to the registry company that holds it.
    """
    accounts: dict[str, list[str]] = {}
    sql = f"""
        SELECT o.value AS holder, a.value AS account
        FROM {table} o
        JOIN {table} s ON s.entity_id = o.entity_id AND s.prop = 'asset'
        JOIN {table} a ON a.entity_id = s.value AND a.prop IN ('iban', 'accountNumber')
        WHERE o.schema = 'Ownership' AND o.prop = 'owner'
        ORDER BY 1, 2
    """
    for holder, account in con.execute(sql).fetchall():
        accounts.setdefault(holder, []).append(account)
    return accounts


def extract_store(con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> ExtractReport:
    """Write the party records of every list in the store (newest versions) to resolve_records."""
    report = ExtractReport("lists")
    ensure_tables(con)
    # Every list is one source per list name; replace them all at once.
    con.execute("DELETE FROM resolve_records WHERE source LIKE 'list:%'")
    accounts = _accounts(con, "current_statements")
    writer = RecordWriter(con, progress)
    seen: set[str] = set()
    sql = f"""SELECT list_name, entity_id, any_value(schema), max(version_id), prop,
                     list(DISTINCT value ORDER BY value)
              FROM current_statements
              WHERE schema IN ({", ".join("?" for _ in PARTY_SCHEMATA)})
                AND prop IN ({", ".join("?" for _ in _PROPS)})
              GROUP BY list_name, entity_id, prop ORDER BY list_name, entity_id, prop"""
    for (list_name, entity_id, schema, version), props in _grouped_party_rows(
        con, sql, [*PARTY_SCHEMATA, *_PROPS]
    ):
        record_id = entity_id if entity_id not in seen else f"{list_name}:{entity_id}"
        seen.add(record_id)
        _add_entity(
            writer, record_id, f"list:{list_name}", f"version {version}", schema, props,
            accounts.get(entity_id, []),
        )  # fmt: skip
    writer.close(report)
    return report


# -- ingested evidence (registries and documents) ---------------------------------------------


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def extract_evidence(con: duckdb.DuckDBPyConnection, progress: Progress | None = None) -> ExtractReport:
    """Write the parties of ingested registries and documents (evidence_statements) to resolve_records.

    One record per evidence entity (its statements over all documents), with the entity id as record
    id, as the graph names evidence parties; provenance is its first document: source
    `evidence:<document source>`, source_ref `<doc id> <position of its first statement there>`. A
    store where no ingest ever ran has no evidence tables and gives no records.
    """
    report = ExtractReport("evidence")
    ensure_tables(con)
    con.execute("DELETE FROM resolve_records WHERE source LIKE 'evidence:%'")
    if not _table_exists(con, "evidence_statements"):
        return report
    docs = (
        "LEFT JOIN evidence_documents d ON d.doc_id = p.doc_id"
        if _table_exists(con, "evidence_documents")
        else "LEFT JOIN (SELECT NULL::VARCHAR AS doc_id, NULL::VARCHAR AS source) d ON d.doc_id = p.doc_id"
    )
    accounts = _accounts(con, "evidence_statements")
    writer = RecordWriter(con, progress)
    sql = f"""WITH party AS (
                  SELECT entity_id, min(schema) AS schema, min(doc_id) AS doc_id FROM evidence_statements
                  WHERE schema IN ({", ".join("?" for _ in PARTY_SCHEMATA)}) GROUP BY entity_id),
              first AS (
                  SELECT entity_id, min(s.position) AS position
                  FROM evidence_statements s JOIN party p USING (entity_id, doc_id) GROUP BY entity_id)
              SELECT p.entity_id, p.doc_id, coalesce(d.source, p.doc_id), p.schema, f.position, s.prop,
                     list(s.value ORDER BY s.doc_id, s.position, s.value)
              FROM evidence_statements s JOIN party p USING (entity_id) JOIN first f USING (entity_id) {docs}
              WHERE s.prop IN ({", ".join("?" for _ in _PROPS)})
              GROUP BY ALL ORDER BY p.entity_id, s.prop"""
    for (entity_id, doc_id, source, schema, position), props in _grouped_party_rows(
        con, sql, [*PARTY_SCHEMATA, *_PROPS]
    ):
        _add_entity(
            writer, entity_id, f"evidence:{source}", f"{doc_id} {position}", schema,
            {k: list(dict.fromkeys(v)) for k, v in props.items()}, accounts.get(entity_id, []),
        )  # fmt: skip
    writer.close(report)
    return report


# -- transaction records ----------------------------------------------------------------------


def _text(value: Any) -> str | None:
    """A scalar JSON value as text (numbers too, as a bulk JSON reader reads them); objects are not text."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _add_party(writer: RecordWriter, txn_id: str, party: dict[str, Any], source: str, where: str) -> None:
    get = party.get
    names = [n for n in (_text(get("name")), *map(_text, get("aliases") or ())) if n]
    if not names:
        return
    identifiers = [
        v for i in get("identifiers") or () if isinstance(i, dict) and (v := _text(i.get("value")))
    ]
    account = get("account")
    if isinstance(account, dict):
        identifiers += [v for v in (_text(account.get("iban")), _text(account.get("number"))) if v]
    address, parts = None, []
    value = get("address")
    if isinstance(value, dict):
        raw, street, po_box, unit = (_text(value.get(k)) for k in ("raw", "street", "po_box", "unit"))
        address = raw or ", ".join(
            p for p in (unit, street, po_box, _text(value.get("postcode")), _text(value.get("city"))) if p
        )
        parts = [address_parts(raw, street, po_box, unit)] if address else []
    phone, email, website = _text(get("phone")), _text(get("email")), _text(get("website"))
    writer.add(
        f"{txn_id}/{_text(get('ref'))}",
        source,
        where,
        "Person" if get("type") == "individual" else "Company",
        names,
        country=_text(get("country")) or _text(get("nationality")),
        address=address or None,
        addresses=parts,
        phones=[phone] if phone else [],
        emails=[email] if email else [],
        websites=[website] if website else [],
        identifiers=identifiers,
    )


def _read_transactions(path: Path, writer: RecordWriter, report: ExtractReport) -> None:
    """Parties of every record of a JSON-lines file; a bad line is reported and skipped, never fatal."""
    file, name, source = str(path), path.name, report.source
    loads, problems = orjson.loads, report.problems
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            try:
                record = loads(raw)
            except orjson.JSONDecodeError as exc:
                if raw.strip():
                    problems.append(Problem(file, f"not JSON: {exc}", line=line_no))
                continue
            if not isinstance(record, dict) or not (txn_id := _text(record.get("id"))):
                problems.append(Problem(file, "a record needs a string 'id'", line=line_no, field="id"))
                continue
            parties = record.get("parties")
            if not isinstance(parties, list):
                problems.append(Problem(file, "'parties' must be a list", line=line_no, field="parties"))
                continue
            where = f"{name}:{line_no}"
            for pos, party in enumerate(parties):
                if not isinstance(party, dict) or not party.get("ref"):
                    problems.append(
                        Problem(file, "a party needs a 'ref'", line=line_no, field=f"parties[{pos}]")
                    )
                    continue
                _add_party(writer, txn_id, party, source, where)


_PARTY = (
    "STRUCT(ref VARCHAR, name VARCHAR, aliases VARCHAR[], type VARCHAR, country VARCHAR, nationality VARCHAR,"
    " address STRUCT(raw VARCHAR, street VARCHAR, po_box VARCHAR, unit VARCHAR, postcode VARCHAR,"
    " city VARCHAR),"
    " phone VARCHAR, email VARCHAR, website VARCHAR, identifiers STRUCT(value VARCHAR)[],"
    " account STRUCT(iban VARCHAR, number VARCHAR))"
)
#: Text fields that must not hold a JSON object or list (the bulk reader would read it as its text).
_CHECKED = "[p.ref, p.name, p.type, p.country, p.nationality, p.phone, p.email, p.website, p.address.raw]"


def _line_count(path: Path) -> int:
    """Lines of a file, the last one counted without its newline."""
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _bulk_read(con: duckdb.DuckDBPyConnection, path: Path, source: str, writer: RecordWriter) -> bool:
    """Stage a clean transactions file with DuckDB's parallel JSON reader; False if it is not clean.

    Clean means: every line one JSON record with an `id` and a list of `parties`, every party with
    a `ref`, no blank lines (a line number is the record's ordinal), and no object where text is
    expected. Anything else goes the line-by-line way, which names each bad line.
    """
    try:
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE _rx_json AS
                SELECT ordinality AS line, id, parties FROM read_json(?, format = 'newline_delimited',
                    columns = {{'id': 'VARCHAR', 'parties': '{_PARTY}[]'}}, maximum_object_size = 67108864)
                WITH ORDINALITY""",
            [str(path)],
        )
        row = con.execute(
            f"""SELECT count(*), count(*) FILTER (WHERE coalesce(id, '') = '' OR id[1] IN ('{{', '[')
                    OR parties IS NULL OR len(list_filter(parties, p -> p IS NULL OR coalesce(p.ref, '') = ''
                        OR len(list_filter({_CHECKED} || coalesce(p.aliases, []),
                                           x -> x[1] IN ('{{', '['))) > 0)) > 0)
                FROM _rx_json"""
        ).fetchone()
        records, bad = row or (0, 1)
        if bad or records != _line_count(path):
            return False
        writer.flush()
        part = "nullif(p.address.{}, '')"
        display = (
            f"coalesce({part.format('raw')}, nullif(concat_ws(', ', "
            + ", ".join(part.format(k) for k in ("unit", "street", "po_box", "postcode", "city"))
            + "), ''))"
        )
        parts = " || chr(31) || ".join(
            f"coalesce(p.address.{k}, '')" for k in ("raw", "street", "po_box", "unit")
        )
        con.execute(
            f"""INSERT INTO _rx_raw
                SELECT {writer.staged} + row_number() OVER (), id || '/' || p.ref, ?,
                       ? || ':' || line, CASE WHEN p.type = 'individual' THEN 'Person' ELSE 'Company' END,
                       list_filter(list_prepend(p.name, coalesce(p.aliases, [])), x -> x <> ''),
                       coalesce(nullif(p.country, ''), nullif(p.nationality, '')), {display},
                       CASE WHEN {display} IS NULL THEN [] ELSE [{parts}] END,
                       list_filter([p.phone], x -> x <> ''), list_filter([p.email], x -> x <> ''),
                       list_filter([p.website], x -> x <> ''),
                       list_filter(list_concat(list_transform(coalesce(p.identifiers, []), i -> i.value),
                                               [p.account.iban, p.account.number]), x -> x <> '')
                FROM (SELECT line, id, unnest(list_transform(parties, (x, i) -> {{'p': x, 'pos': i}}),
                                              max_depth := 2)
                      FROM _rx_json)""",
            [source, path.name],
        )
        (writer.staged,) = con.execute("SELECT count(*) FROM _rx_raw").fetchone() or (0,)
        return True
    except duckdb.Error:
        return False
    finally:
        con.execute("DROP TABLE IF EXISTS _rx_json")


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
    ensure_tables(con)
    con.execute("DELETE FROM resolve_records WHERE source = ?", [report.source])
    writer = RecordWriter(con, progress)
    if not _bulk_read(con, path, report.source, writer):
        _read_transactions(path, writer, report)
    writer.close(report)
    if len(report.problems) > max_problems or (report.records == 0 and report.problems):
        con.execute("DELETE FROM resolve_records WHERE source = ?", [report.source])
        raise InputRejected(f"{path}: {len(report.problems)} bad line(s); no party read", report.problems)
    return report
