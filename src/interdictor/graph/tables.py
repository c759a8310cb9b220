"""The store tables of the graph, created on first use next to the list and resolution tables.

graph_runs    one row per build: when, what it read (lists, records, evidence, resolution run), sizes
graph_nodes   the nodes of a build: typed (party, identifier, address, vessel, goods, order, shipment,
              payment, document), with the records they stand for and whether they are designated
graph_edges   typed, dated edges of a build, each with its evidence: the source, the document or
              record id and the position in it, so every finding can cite where a link came from

Only the newest build is read; older builds are deleted when a new one is written, so the store
does not grow with every run. Store/schema.sql is the lists' layout and is not touched.
"""

from __future__ import annotations

import duckdb

__all__ = ["EDGE_COLUMNS", "NODE_COLUMNS", "ensure_tables", "latest_run", "table_exists"]

#: Columns of graph_nodes after run_id, with their DuckDB types.
NODE_COLUMNS: dict[str, str] = {
    "node_id": "VARCHAR",
    "type": "VARCHAR",
    "label": "VARCHAR",
    "kind": "VARCHAR",
    "country": "VARCHAR",
    "designated": "BOOLEAN",
    "designated_date": "DATE",
    "first_date": "DATE",
    "members": "VARCHAR[]",
    "attrs": "VARCHAR",
}

#: Columns of graph_edges after run_id, with their DuckDB types.
EDGE_COLUMNS: dict[str, str] = {
    "src": "VARCHAR",
    "dst": "VARCHAR",
    "type": "VARCHAR",
    "date": "DATE",
    "source": "VARCHAR",
    "ref": "VARCHAR",
    "position": "VARCHAR",
    "attrs": "VARCHAR",
}

_DDL = f"""
CREATE SEQUENCE IF NOT EXISTS graph_run_seq START 1;
CREATE TABLE IF NOT EXISTS graph_runs (
    run_id INTEGER NOT NULL,
    built_at TIMESTAMP NOT NULL,
    seconds DOUBLE NOT NULL,
    nodes BIGINT NOT NULL,
    edges BIGINT NOT NULL,
    party_identity VARCHAR NOT NULL,   -- resolve run N | exact keys
    sources_json VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS graph_nodes (
    run_id INTEGER NOT NULL,
    {", ".join(f"{name} {kind}" for name, kind in NODE_COLUMNS.items())}
);
CREATE TABLE IF NOT EXISTS graph_edges (
    run_id INTEGER NOT NULL,
    {", ".join(f"{name} {kind}" for name, kind in EDGE_COLUMNS.items())}
);
"""


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the graph tables if the store does not have them yet (idempotent)."""
    con.execute(_DDL)


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether the store has a table: readers of optional tables (evidence, resolution) check first."""
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def latest_run(con: duckdb.DuckDBPyConnection) -> int | None:
    """The id of the newest graph build, None when the graph was never built."""
    if not table_exists(con, "graph_runs"):
        return None
    row = con.execute("SELECT max(run_id) FROM graph_runs").fetchone()
    return int(row[0]) if row and row[0] is not None else None
