"""The evidence tables in the store (the contract in notes/evidence_contract.md) and their readers.

Three tables of our own next to the list tables of store/schema.sql, created on first use:

    evidence_documents    one row per document (an mbox message is a document): kind, source, path,
                          sha256, title, date, how many facts it gave
    evidence_statements   FtM-style statements about entities found in registries and documents
    evidence_mentions     things extracted from free text, each with its position and context

Readers (graph, resolve) use `iter_evidence_entities` and `iter_mentions`; both stream, and both
return nothing when no ingest ever ran.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import duckdb

__all__ = [
    "DDL",
    "EvidenceEntity",
    "Mention",
    "ensure_tables",
    "iter_evidence_entities",
    "iter_mentions",
    "tables_exist",
]

DDL = """
CREATE TABLE IF NOT EXISTS evidence_documents (
    doc_id      VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,
    source      VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    sha256      VARCHAR NOT NULL,
    title       VARCHAR,
    doc_date    DATE,
    ingested_at TIMESTAMP NOT NULL,
    facts       INTEGER NOT NULL,
    records     INTEGER NOT NULL DEFAULT 0,
    notes       VARCHAR[]
);
CREATE TABLE IF NOT EXISTS evidence_statements (
    doc_id    VARCHAR NOT NULL,
    entity_id VARCHAR NOT NULL,
    schema    VARCHAR NOT NULL,
    prop      VARCHAR NOT NULL,
    value     VARCHAR NOT NULL,
    original  VARCHAR,
    position  VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS evidence_mentions (
    doc_id     VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    value      VARCHAR NOT NULL,
    normalised VARCHAR NOT NULL,
    position   VARCHAR NOT NULL,
    context    VARCHAR,
    entity_id  VARCHAR
);
"""

_FETCH = 10_000


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the evidence tables when missing (idempotent)."""
    con.execute(DDL)


def tables_exist(con: duckdb.DuckDBPyConnection, *names: str) -> bool:
    """Whether every named table exists: readers must work on a store no ingest ever touched."""
    wanted = names or ("evidence_documents", "evidence_statements", "evidence_mentions")
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_name IN ("
        + ", ".join("?" for _ in wanted)
        + ")",
        list(wanted),
    ).fetchall()
    return len({r[0] for r in rows}) == len(wanted)


@dataclass
class EvidenceEntity:
    """One entity of the evidence: its properties over all documents, and which documents said so."""

    entity_id: str
    schema: str
    props: dict[str, list[str]] = field(default_factory=dict)
    doc_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Mention:
    """One thing found in a document's text, where it was, and the known party it names if any."""

    doc_id: str
    kind: str
    value: str
    normalised: str
    position: str
    context: str | None = None
    entity_id: str | None = None


def _common_schema(schemata: Iterable[str]) -> str:
    """The most specific schema all statements of an entity agree with (Company over LegalEntity)."""
    from followthemoney import model

    names = sorted(set(schemata))
    best = names[0]
    for name in names[1:]:
        try:
            best = model.common_schema(best, name).name
        except Exception:
            # Two schemata that do not fit together (a source error): keep the first, stay readable.
            continue
    return best


def iter_evidence_entities(con: duckdb.DuckDBPyConnection) -> Iterator[EvidenceEntity]:
    """Every evidence entity with its merged properties, ordered by id; streams in bounded memory."""
    if not tables_exist(con, "evidence_statements"):
        return
    cursor = con.cursor()
    cursor.execute(
        "SELECT entity_id, schema, prop, value, doc_id FROM evidence_statements"
        " ORDER BY entity_id, prop, value, doc_id"
    )
    current: EvidenceEntity | None = None
    schemata: set[str] = set()
    seen: set[tuple[str, str]] = set()
    while True:
        rows = cursor.fetchmany(_FETCH)
        if not rows:
            break
        for entity_id, schema, prop, value, doc_id in rows:
            if current is None or entity_id != current.entity_id:
                if current is not None:
                    current.schema = _common_schema(schemata)
                    yield current
                current = EvidenceEntity(entity_id=entity_id, schema=schema)
                schemata = set()
                seen = set()
            schemata.add(schema)
            if (prop, value) not in seen:
                seen.add((prop, value))
                current.props.setdefault(prop, []).append(value)
            if doc_id not in current.doc_ids:
                current.doc_ids.append(doc_id)
    if current is not None:
        current.schema = _common_schema(schemata)
        yield current
    cursor.close()


def iter_mentions(con: duckdb.DuckDBPyConnection, kinds: Iterable[str] | None = None) -> Iterator[Mention]:
    """Mentions, optionally of some kinds only, ordered by document and kind; streams."""
    if not tables_exist(con, "evidence_mentions"):
        return
    sql = "SELECT doc_id, kind, value, normalised, position, context, entity_id FROM evidence_mentions"
    params: list[object] = []
    wanted = list(kinds) if kinds is not None else None
    if wanted is not None:
        if not wanted:
            return
        sql += " WHERE kind IN (" + ", ".join("?" for _ in wanted) + ")"
        params = list(wanted)
    cursor = con.cursor()
    cursor.execute(sql + " ORDER BY doc_id, kind, normalised, position", params)
    while True:
        rows = cursor.fetchmany(_FETCH)
        if not rows:
            break
        for row in rows:
            yield Mention(*row)
    cursor.close()
