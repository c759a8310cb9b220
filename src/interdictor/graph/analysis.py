"""Run every detector over the newest graph build; brokers by centrality and communities by Leiden.

`analyse` returns the findings in a stable order (flag, then first subject); `explain` gathers the
findings that name one node with its shortest path to a designated party; `network_flags_for` is what
the assessment calls: the findings about a deal's parties, by the party record ids it knows.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import igraph as ig
import leidenalg

from interdictor.exc import NotFound
from interdictor.graph.config import NetworkConfig, default_config
from interdictor.graph.context import Context
from interdictor.graph.detect_patterns import (
    layered_intermediaries,
    pattern_findings,
    recurring_facilitators,
    unexplained_payees,
)
from interdictor.graph.detect_proximity import designated_reach, ownership_50, proximity_findings
from interdictor.graph.detect_trade import trade_findings
from interdictor.graph.load import NetGraph, load_graph
from interdictor.graph.model import Explanation, Finding, NodeRef

__all__ = ["Analysis", "analyse", "brokers", "communities", "explain", "network_flags_for"]


@dataclass
class Analysis:
    context: Context
    findings: list[Finding]

    @property
    def net(self) -> NetGraph:
        return self.context.net


def analyse(con: duckdb.DuckDBPyConnection, config: NetworkConfig | None = None) -> Analysis:
    """Every network finding of the newest build."""
    ctx = Context(load_graph(con), config or default_config())
    found = [*proximity_findings(ctx), *ownership_50(ctx), *pattern_findings(ctx)]
    flagged = {ctx.net.index[s.node_id] for f in found if f.network_member for s in f.subjects}
    found += layered_intermediaries(ctx, flagged)
    found += recurring_facilitators(ctx, flagged)
    flagged = {ctx.net.index[s.node_id] for f in found if f.network_member for s in f.subjects}
    found += unexplained_payees(ctx, flagged)
    found += trade_findings(ctx, found)
    found.sort(key=lambda f: (f.flag_id, f.method, f.subjects[0].node_id if f.subjects else ""))
    return Analysis(ctx, found)


def _party_graph(ctx: Context) -> tuple[ig.Graph, list[int]]:
    """The party projection: actors joined by their links (any kind), for centrality and communities."""
    actors = sorted(ctx.links)
    position = {n: i for i, n in enumerate(actors)}
    edges = {
        (position[a], position[b]) for a, nbrs in ctx.links.items() for b in nbrs if a < b and b in position
    }
    return ig.Graph(n=len(actors), edges=sorted(edges), directed=False), actors


def brokers(analysis: Analysis, top: int | None = None) -> list[tuple[NodeRef, float]]:
    """Actors ranked by betweenness on the party projection (cut at a path length to stay tractable)."""
    ctx = analysis.context
    g, actors = _party_graph(ctx)
    if g.vcount() == 0:
        return []
    spec = ctx.config.analysis
    # Beyond max_exact_component actors, paths are cut at two hops: near-linear, local brokers only.
    cutoff = spec.betweenness_cutoff if g.vcount() <= spec.max_exact_component else 2
    scores = g.betweenness(cutoff=cutoff)
    order = sorted(range(len(scores)), key=lambda i: -scores[i])[: top or ctx.config.analysis.top_brokers]
    return [(ctx.net.ref(actors[i]), float(scores[i])) for i in order if scores[i] > 0]


def communities(analysis: Analysis, min_size: int = 3) -> list[list[NodeRef]]:
    """Leiden communities of the party projection (CPM, resolution from the config), largest first."""
    ctx = analysis.context
    g, actors = _party_graph(ctx)
    if g.vcount() == 0:
        return []
    part = leidenalg.find_partition(
        g, leidenalg.CPMVertexPartition, resolution_parameter=ctx.config.analysis.leiden_resolution, seed=42
    )
    groups = sorted((c for c in part if len(c) >= min_size), key=lambda c: (-len(c), min(c)))
    return [[ctx.net.ref(actors[i]) for i in group] for group in groups]


def explain(
    con: duckdb.DuckDBPyConnection, entity_id: str, config: NetworkConfig | None = None
) -> Explanation:
    """Why a node is risky: its findings and the shortest path to a designated party.

    `entity_id` is a node id (party:...), or a record id the node stands for (a list entity id,
    `<record id>/<party ref>`).
    """
    analysis = analyse(con, config)
    net = analysis.net
    node = _find_node(net, entity_id)
    node_id = net.ids[node]
    mine = [f for f in analysis.findings if any(s.node_id == node_id for s in f.subjects)]
    reach = designated_reach(analysis.context)
    path = []
    if node in reach and reach[node][0] > 0:
        from interdictor.graph.detect_proximity import reach_path

        path = reach_path(analysis.context, reach, node)
    return Explanation(
        node=net.ref(node), neighbours=len(net.incident[node]), findings=mine, nearest_designated=path
    )


def _find_node(net: NetGraph, entity_id: str) -> int:
    for candidate in (entity_id, f"party:{entity_id}"):
        if candidate in net.index:
            return net.index[candidate]
    for i, members in enumerate(net.members):
        if entity_id in members:
            return i
    raise NotFound(f"{entity_id!r} is not a node of the graph, nor a record any node stands for")


def network_flags_for(
    con: duckdb.DuckDBPyConnection, party_ids: list[str], config: NetworkConfig | None = None
) -> list[Finding]:
    """Findings about the given parties (node ids or record ids such as `ORD-1/p1`), for the assessment."""
    try:
        analysis = analyse(con, config)
    except NotFound:
        return []
    wanted: set[str] = set()
    for pid in party_ids:
        try:
            wanted.add(analysis.net.ids[_find_node(analysis.net, pid)])
        except NotFound:
            continue
    return [f for f in analysis.findings if any(s.node_id in wanted for s in f.subjects)]
