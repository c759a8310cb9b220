"""Accumulates nodes and deduplicated edges in memory, then writes one build to the store in Arrow batches.

The same fact seen in many records (a party's phone on 40 orders) becomes one edge with the earliest
date, a count and the first few references, so the graph's size follows the number of distinct links,
not the number of records; every reference stays countable and the first ones citable.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import orjson
import pyarrow as pa

from interdictor.graph.tables import EDGE_COLUMNS, NODE_COLUMNS

__all__ = ["MAX_REFS", "GraphBuilder", "NodeData"]

#: References kept per deduplicated edge (the count keeps the rest).
MAX_REFS = 5
_BATCH = 200_000


@dataclass
class NodeData:
    """One node while the graph is being built."""

    type: str
    label: str
    kind: str | None = None
    country: str | None = None
    designated: bool = False
    designated_date: dt.date | None = None
    first_date: dt.date | None = None
    members: list[str] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class _EdgeData:
    date: dt.date | None
    source: str
    ref: str | None
    position: str | None
    count: int
    refs: list[str]
    attrs: dict[str, Any]


def _earlier(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


class GraphBuilder:
    """Nodes by id and edges by (src, dst, type); `write` stores them under a run id."""

    def __init__(self) -> None:
        self.nodes: dict[str, NodeData] = {}
        self.edges: dict[tuple[str, str, str], _EdgeData] = {}

    def node(self, node_id: str, type_: str, label: str, **values: Any) -> NodeData:
        """The node with this id, created on first sight; later calls fill what is still missing."""
        data = self.nodes.get(node_id)
        if data is None:
            data = NodeData(type_, label)
            self.nodes[node_id] = data
        elif not data.label and label:
            data.label = label
        for key, value in values.items():
            if value is None:
                continue
            if key == "first_date":
                data.first_date = _earlier(data.first_date, value)
            elif key == "designated_date":
                data.designated_date = _earlier(data.designated_date, value)
            elif key == "designated":
                data.designated = data.designated or bool(value)
            elif getattr(data, key) is None:
                setattr(data, key, value)
        return data

    def edge(
        self,
        src: str,
        dst: str,
        type_: str,
        *,
        date: dt.date | None = None,
        source: str,
        ref: str | None = None,
        position: str | None = None,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        """Add an edge, or count one more sighting of it (earliest date and first references kept)."""
        if src == dst:
            return
        key = (src, dst, type_)
        data = self.edges.get(key)
        if data is None:
            self.edges[key] = _EdgeData(date, source, ref, position, 1, [ref] if ref else [], attrs or {})
            return
        data.count += 1
        if date is not None and (data.date is None or date < data.date):
            data.date, data.source, data.ref, data.position = date, source, ref, position
        if ref and len(data.refs) < MAX_REFS and ref not in data.refs:
            data.refs.append(ref)
        if attrs:
            for name, value in attrs.items():
                data.attrs.setdefault(name, value)

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        nodes: dict[str, int] = {}
        edges: dict[str, int] = {}
        for node in self.nodes.values():
            nodes[node.type] = nodes.get(node.type, 0) + 1
        for _, _, type_ in self.edges:
            edges[type_] = edges.get(type_, 0) + 1
        return nodes, edges

    def write(self, con: duckdb.DuckDBPyConnection, run_id: int) -> None:
        """Insert the nodes and edges of run `run_id` (the caller holds the transaction)."""
        node_types = {c: _arrow_type(t) for c, t in NODE_COLUMNS.items()}
        columns: dict[str, list[Any]] = {"run_id": [], **{c: [] for c in NODE_COLUMNS}}
        for node_id, n in self.nodes.items():
            row: tuple[Any, ...] = (
                run_id,
                node_id,
                n.type,
                n.label,
                n.kind,
                n.country,
                n.designated,
                n.designated_date,
                n.first_date,
                n.members,
                orjson.dumps(n.attrs).decode() if n.attrs else None,
            )
            for name, value in zip(columns, row, strict=True):
                columns[name].append(value)
            if len(columns["run_id"]) >= _BATCH:
                _flush(con, "graph_nodes", columns, node_types)
        _flush(con, "graph_nodes", columns, node_types)
        edge_types = {c: _arrow_type(t) for c, t in EDGE_COLUMNS.items()}
        columns = {"run_id": [], **{c: [] for c in EDGE_COLUMNS}}
        for (src, dst, type_), e in self.edges.items():
            attrs = dict(e.attrs)
            if e.count > 1:
                attrs["count"] = e.count
                attrs["refs"] = e.refs
            row_e: tuple[Any, ...] = (
                run_id,
                src,
                dst,
                type_,
                e.date,
                e.source,
                e.ref,
                e.position,
                orjson.dumps(attrs).decode() if attrs else None,
            )
            for name, value in zip(columns, row_e, strict=True):
                columns[name].append(value)
            if len(columns["run_id"]) >= _BATCH:
                _flush(con, "graph_edges", columns, edge_types)
        _flush(con, "graph_edges", columns, edge_types)


def _arrow_type(duck: str) -> pa.DataType:
    return {
        "VARCHAR": pa.string(),
        "BOOLEAN": pa.bool_(),
        "DATE": pa.date32(),
        "VARCHAR[]": pa.list_(pa.string()),
    }[duck]


def _flush(
    con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]], types: dict[str, pa.DataType]
) -> None:
    if not columns["run_id"]:
        return
    arrays = {"run_id": pa.array(columns["run_id"], pa.int32())}
    arrays.update({c: pa.array(columns[c], types[c]) for c in types})
    batch = pa.table(arrays)
    con.register("_graph_batch", batch)
    con.execute(f"INSERT INTO {table} SELECT * FROM _graph_batch")
    con.unregister("_graph_batch")
    for values in columns.values():
        values.clear()
