"""Assessed transactions in the store, so history rules see earlier ones, and an audit row per assessment.

Two tables of our own in the store's DuckDB file, created on first use (the list tables of
store/schema.sql are not touched):

    assessed_records   one row per record id: kind, date, deal, the record as JSON; a record sent
                       again replaces its row (corrections keep their id)
    assessments        append-only: one row per deal per assessment with actor, band, score, fired
                       flags, combining rule and reference version (the audit trail of decisions)

`RecordHistory(store.con).window(first, last, days)` reads the records a batch's history rules may
look at; `save(records, results)` writes the batch and its assessments in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import duckdb
import pyarrow as pa

from interdictor.model import Record, parse_record

if TYPE_CHECKING:
    from interdictor.assess.core import Assessment

__all__ = ["DDL", "RecordHistory"]

DDL = """
CREATE TABLE IF NOT EXISTS assessed_records (
    record_id   VARCHAR PRIMARY KEY,
    kind        VARCHAR NOT NULL,
    record_date DATE NOT NULL,
    deal_id     VARCHAR,
    payload     VARCHAR NOT NULL,
    stored_at   TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS assessments (
    deal_id           VARCHAR NOT NULL,
    record_ids        VARCHAR[] NOT NULL,
    assessed_at       TIMESTAMP NOT NULL,
    actor             VARCHAR NOT NULL,
    band              VARCHAR NOT NULL,
    score             INTEGER NOT NULL,
    fired             VARCHAR[] NOT NULL,
    combining_rule    VARCHAR NOT NULL,
    reference_version VARCHAR NOT NULL,
    conduct_band      VARCHAR
);
-- stores made before conduct_band (NULL there: the graph then counts no deal as flagged by its records)
ALTER TABLE assessments ADD COLUMN IF NOT EXISTS conduct_band VARCHAR;
"""

_RECORD_SCHEMA = pa.schema(
    [
        ("record_id", pa.string()),
        ("kind", pa.string()),
        ("record_date", pa.date32()),
        ("deal_id", pa.string()),
        ("payload", pa.string()),
        ("stored_at", pa.timestamp("us")),
    ]
)


class RecordHistory:
    """The assessed-record tables on a DuckDB connection (a `Store`'s `con`)."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.con.execute(DDL)

    def count(self) -> int:
        row = self.con.execute("SELECT count(*) FROM assessed_records").fetchone()
        return int(row[0]) if row else 0

    def window(self, first: dt.date, last: dt.date, days: int = 3650) -> list[Record]:
        """Stored records dated from `days` before `first` to `days` after `last`, by date."""
        rows = self.con.execute(
            "SELECT payload FROM assessed_records WHERE record_date BETWEEN ? AND ?"
            " ORDER BY record_date, record_id",
            [first - dt.timedelta(days=days), last + dt.timedelta(days=days)],
        ).fetchall()
        return [parse_record(payload) for (payload,) in rows]

    def save(
        self,
        records: Sequence[Record],
        results: Iterable[Assessment] = (),
        *,
        now: dt.datetime | None = None,
    ) -> int:
        """Store `records` (replacing rows with the same id) and append one audit row per assessment."""
        stamp = (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None)
        assessed = list(results)
        deal_of = {rid: a.deal_id for a in assessed for rid in a.record_ids}
        table = pa.Table.from_pylist(
            [
                {
                    "record_id": r.id,
                    "kind": r.kind,
                    "record_date": r.date,
                    "deal_id": deal_of.get(r.id),
                    "payload": r.model_dump_json(exclude_none=True),
                    "stored_at": stamp,
                }
                for r in records
            ],
            schema=_RECORD_SCHEMA,
        )
        rows: list[dict[str, Any]] = [
            {
                "deal_id": a.deal_id,
                "record_ids": a.record_ids,
                "assessed_at": stamp,
                "actor": a.actor,
                "band": a.risk.band,
                "score": a.risk.total,
                "fired": [f.flag_id for f in a.fired],
                "combining_rule": a.risk.rule,
                "reference_version": a.reference_version,
                "conduct_band": a.conduct_band,
            }
            for a in assessed
        ]
        self.con.execute("BEGIN TRANSACTION")
        try:
            self.con.register("_new_records", table)
            self.con.execute("INSERT OR REPLACE INTO assessed_records SELECT * FROM _new_records")
            self.con.unregister("_new_records")
            if rows:
                audit = pa.Table.from_pylist(rows)
                self.con.register("_new_assessments", audit)
                self.con.execute(
                    "INSERT INTO assessments SELECT deal_id, record_ids, assessed_at, actor, band, score,"
                    " fired, combining_rule, reference_version, conduct_band FROM _new_assessments"
                )
                self.con.unregister("_new_assessments")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(records)

    def audit(self, deal_id: str) -> list[dict[str, Any]]:
        """The assessments of one deal, oldest first."""
        cursor = self.con.execute(
            "SELECT * FROM assessments WHERE deal_id = ? ORDER BY assessed_at", [deal_id]
        )
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
