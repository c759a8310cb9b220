"""The network: parties, identifiers, addresses, vessels, goods and records as a typed, dated graph kept in
the store, and the network red flags found in it, each with the paths and evidence that prove it.

    from interdictor.graph import build_graph, findings, explain
    build = build_graph(store)            # reads lists, records, evidence, resolution; writes the graph
    for f in findings(store): print(f.flag_id, f.message)
"""

from __future__ import annotations

from typing import Any

import duckdb

from interdictor.graph.analysis import Analysis, analyse, brokers, communities
from interdictor.graph.build import build_graph as _build
from interdictor.graph.config import NetworkConfig, default_config, load_config
from interdictor.graph.model import EdgeEvidence, Explanation, Finding, GraphBuild, NodeRef, PathStep

__all__ = [
    "Analysis",
    "EdgeEvidence",
    "Explanation",
    "Finding",
    "GraphBuild",
    "NetworkConfig",
    "NodeRef",
    "PathStep",
    "analyse",
    "brokers",
    "build_graph",
    "communities",
    "default_config",
    "explain",
    "findings",
    "load_config",
    "network_flags_for",
]


def _con(store: Any) -> duckdb.DuckDBPyConnection:
    """A Store's connection, or the connection itself."""
    con = getattr(store, "con", store)
    assert isinstance(con, duckdb.DuckDBPyConnection)
    return con


def build_graph(store: Any, config: NetworkConfig | None = None) -> GraphBuild:
    """Build the graph from the store (a `Store` or a DuckDB connection) and keep it there."""
    return _build(_con(store), config)


def findings(store: Any, config: NetworkConfig | None = None) -> list[Finding]:
    """Every network finding of the newest build."""
    return analyse(_con(store), config).findings


def explain(store: Any, entity_id: str, config: NetworkConfig | None = None) -> Explanation:
    """Why a node (or the node a record id belongs to) is risky: its findings and paths."""
    from interdictor.graph.analysis import explain as _explain

    return _explain(_con(store), entity_id, config)


def network_flags_for(store: Any, party_ids: list[str], config: NetworkConfig | None = None) -> list[Finding]:
    """The network findings about the given parties (node ids or record ids like `ORD-1/p1`)."""
    from interdictor.graph.analysis import network_flags_for as _for

    return _for(_con(store), party_ids, config)
