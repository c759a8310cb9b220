"""The store tables of entity resolution, created on first use next to the list tables.

resolve_records     one row per party record (a list entity or a party of a transaction), with
                    the normalised keys the model compares and where the record came from
resolve_clusters    the resolved entity (cluster_id) of every record after the latest run; ids
                    are inherited across runs, so a cluster keeps its id while its members change
resolve_edges       the scored record pairs at or above the threshold, kept as evidence
resolve_decisions   analysts' merge and split decisions, append-only; the latest on a pair wins,
                    and decisions win over the model
resolve_runs        one row per run: sizes, threshold, timings and the trained model

Store/schema.sql is the lists' layout and is not touched; these tables live beside it.
"""

from __future__ import annotations

import duckdb

__all__ = ["RECORD_COLUMNS", "ensure_tables"]

#: Columns of resolve_records in order, with their DuckDB types.
RECORD_COLUMNS: dict[str, str] = {
    "record_id": "VARCHAR",
    "source": "VARCHAR",
    "source_ref": "VARCHAR",
    "schema": "VARCHAR",
    "kind": "VARCHAR",
    "name": "VARCHAR",
    "aliases": "VARCHAR[]",
    "name_keys": "VARCHAR[]",
    "country": "VARCHAR",
    "address": "VARCHAR",
    "address_key": "VARCHAR",
    "phones": "VARCHAR[]",
    "emails": "VARCHAR[]",
    "domains": "VARCHAR[]",
    "identifiers": "VARCHAR[]",
}

_DDL = f"""
CREATE TABLE IF NOT EXISTS resolve_records (
    {", ".join(f"{name} {kind}" for name, kind in RECORD_COLUMNS.items())}
);
CREATE TABLE IF NOT EXISTS resolve_clusters (
    record_id VARCHAR NOT NULL,
    cluster_id VARCHAR NOT NULL,
    run_id INTEGER NOT NULL,
    by_decision BOOLEAN NOT NULL
);
CREATE TABLE IF NOT EXISTS resolve_edges (
    left_id VARCHAR NOT NULL,
    right_id VARCHAR NOT NULL,
    match_probability DOUBLE NOT NULL,
    match_weight DOUBLE NOT NULL,
    run_id INTEGER NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS resolve_decision_seq START 1;
CREATE TABLE IF NOT EXISTS resolve_decisions (
    decision_id INTEGER NOT NULL,
    kind VARCHAR NOT NULL,              -- merge | split
    left_id VARCHAR NOT NULL,
    right_id VARCHAR,                   -- NULL for a split that isolates one record
    author VARCHAR NOT NULL,
    reason VARCHAR,
    decided_at TIMESTAMP NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS resolve_run_seq START 1;
CREATE TABLE IF NOT EXISTS resolve_runs (
    run_id INTEGER NOT NULL,
    started_at TIMESTAMP NOT NULL,
    seconds DOUBLE NOT NULL,
    records BIGINT NOT NULL,
    profiles BIGINT NOT NULL,
    pairs BIGINT NOT NULL,
    clusters BIGINT NOT NULL,
    threshold DOUBLE NOT NULL,
    model_json VARCHAR NOT NULL
);
"""


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the resolution tables if the store does not have them yet (idempotent)."""
    con.execute(_DDL)
