"""What the graph reads from the evidence tables of `interdictor ingest` (notes: evidence contract).

evidence_statements are FtM-style statements of registries and documents: party entities become party
records (their identifiers link them), Ownership / Directorship / UnknownLink become relations with
the document and position as evidence. evidence_mentions found in free text link the document node
to the identifiers it mentions and to the known parties it names. Both tables are optional: a store
in which ingest never ran gives nothing, not an error.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from interdictor.graph.keys import address_node_key
from interdictor.graph.parties import PartyRecord
from interdictor.graph.sources_lists import PARTY_SCHEMATA, RELATIONS, Relation, parse_date, party_idents
from interdictor.graph.tables import table_exists
from interdictor.resolve.keys import domain_of, email_key, identifier_key, phone_key

__all__ = ["EvidenceData", "read_evidence"]

#: mention kind -> identifier kind of the graph
_MENTION_KINDS = {
    "email": "email",
    "phone": "phone",
    "website": "website",
    "iban": "iban",
    "address": "address",
}


@dataclass
class EvidenceData:
    parties: list[PartyRecord] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: doc node id -> (label, kind, date, source)
    documents: dict[str, tuple[str, str, dt.date | None, str]] = field(default_factory=dict)
    #: (doc node, identifier kind, key, label, position)
    mentions: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    #: (doc node, entity id, position)
    named: list[tuple[str, str, str]] = field(default_factory=list)
    #: (doc node, vessel imo, position)
    vessels: list[tuple[str, str, str]] = field(default_factory=list)
    #: (entity id, identifier kind, key, label, doc node, position): an address header that names one
    #: known party and its e-mail address ("From: Chinpo Shipping <ops@...>") declares the party's e-mail
    declared: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    #: entity id -> doc id, position of its first statement (the evidence of a party record)
    where: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: bank account entity id -> (kind, key, label)
    accounts: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    statements: int = 0


def _mention_key(kind: str, normalised: str) -> str | None:
    if kind == "email":
        return email_key(normalised)
    if kind == "phone":
        return phone_key(normalised)
    if kind == "website":
        return domain_of(website=normalised)
    if kind == "iban":
        return identifier_key(normalised)
    if kind == "address":
        return address_node_key(None, raw=normalised)
    return None


def read_evidence(con: duckdb.DuckDBPyConnection) -> EvidenceData:
    data = EvidenceData()
    if table_exists(con, "evidence_documents"):
        for doc_id, kind, source, title, doc_date in con.execute(
            "SELECT doc_id, kind, source, title, doc_date FROM evidence_documents"
        ).fetchall():
            data.documents[f"doc:{doc_id}"] = (title or source, kind, doc_date, source)
    if table_exists(con, "evidence_statements"):
        _statements(con, data)
    if table_exists(con, "evidence_mentions"):
        for doc_id, kind, normalised, position, entity_id in con.execute(
            "SELECT doc_id, kind, normalised, position, entity_id FROM evidence_mentions"
        ).fetchall():
            doc = f"doc:{doc_id}"
            if kind == "known_party" and entity_id:
                data.named.append((doc, entity_id, position))
            elif kind == "imo":
                digits = "".join(ch for ch in normalised if ch.isdigit())
                if digits:
                    data.vessels.append((doc, digits, position))
            elif kind in _MENTION_KINDS and (key := _mention_key(kind, normalised)):
                data.mentions.append((doc, _MENTION_KINDS[kind], key, normalised, position))
        _declared(data)
    return data


def _declared(data: EvidenceData) -> None:
    """Pair the one known party and the e-mail addresses of each address header of a document."""
    parties: dict[tuple[str, str], set[str]] = {}
    for doc, entity_id, position in data.named:
        if position.startswith("header "):
            parties.setdefault((doc, position), set()).add(entity_id)
    emails: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for doc, kind, key, label, position in data.mentions:
        if kind == "email" and (doc, position) in parties:
            emails.setdefault((doc, position), []).append((key, label))
    # One party and one address in the header: with more of either, which is whose is not said.
    for (doc, position), found in sorted(emails.items()):
        named = parties[(doc, position)]
        if len(named) == 1 and len({key for key, _ in found}) == 1:
            key, label = found[0]
            data.declared.append((next(iter(named)), "email", key, label, doc, position))


def _statements(con: duckdb.DuckDBPyConnection, data: EvidenceData) -> None:
    cursor = con.execute(
        """SELECT entity_id, any_value(schema), prop, list(DISTINCT value ORDER BY value),
                  min(doc_id), min(position)
           FROM evidence_statements GROUP BY entity_id, prop ORDER BY entity_id"""
    )
    current: tuple[str, str] | None = None
    props: dict[str, list[str]] = {}
    first: tuple[str, str] | None = None
    entities: list[tuple[str, str, dict[str, list[str]], tuple[str, str]]] = []
    while rows := cursor.fetchmany(20_000):
        for entity_id, schema, prop, values, doc_id, position in rows:
            data.statements += len(values)
            if current is not None and entity_id != current[0]:
                assert first is not None
                entities.append((*current, props, first))
                props, first = {}, None
            current = (entity_id, schema)
            props[prop] = values
            if first is None or (doc_id, position) < first:
                first = (doc_id, position)
    if current is not None and first is not None:
        entities.append((*current, props, first))
    for entity_id, schema, props, where in entities:
        data.where[entity_id] = where
        if schema in RELATIONS:
            src_prop, dst_prop, type_ = RELATIONS[schema]
            start = parse_date(next(iter(props.get("startDate", [])), None))
            attrs = {k: v[0] for k in ("percentage", "role", "endDate") if (v := props.get(k))}
            attrs["doc_id"], attrs["position"] = where
            for src in props.get(src_prop, []):
                for dst in props.get(dst_prop, []):
                    data.relations.append(
                        Relation(entity_id, "evidence", schema, src, dst, type_, start, attrs)
                    )
        elif schema == "BankAccount":
            accounts = [("iban", k, v) for v in props.get("iban", []) if (k := identifier_key(v))]
            accounts += [
                ("account", k, v) for v in props.get("accountNumber", []) if (k := identifier_key(v))
            ]
            data.accounts[entity_id] = accounts
        elif schema in PARTY_SCHEMATA:
            names = [*props.get("name", []), *props.get("alias", []), *props.get("previousName", [])]
            if not names:
                continue
            country = next(iter(props.get("country", []) or props.get("jurisdiction", [])), None)
            country = country.lower() if country else None
            born = props.get("incorporationDate", []) or props.get("birthDate", [])
            data.parties.append(
                PartyRecord(
                    entity_id,
                    f"evidence:{where[0]}",
                    schema,
                    names,
                    country=country,
                    first_date=parse_date(min(born)) if born else None,
                    kind="person" if schema == "Person" else "org",
                    idents=party_idents(props, country),
                )
            )
