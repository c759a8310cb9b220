"""The newest graph build, loaded from the store into memory for analysis.

`NetGraph` keeps node and edge columns as lists indexed by position and the incident edges of each
node, so detectors can walk typed edges without building Python objects per hop; igraph graphs are
made from it where an algorithm needs one (centrality, communities, layouts). Edge attributes (JSON)
are parsed on demand only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import duckdb
import orjson

from interdictor.exc import NotFound
from interdictor.graph.model import EdgeEvidence, NodeRef, PathStep
from interdictor.graph.tables import latest_run

__all__ = ["NetGraph", "load_graph"]


@dataclass
class NetGraph:
    run_id: int
    ids: list[str]
    types: list[str]
    labels: list[str]
    kinds: list[str | None]
    countries: list[str | None]
    designated: list[bool]
    designated_date: list[dt.date | None]
    first_date: list[dt.date | None]
    members: list[list[str]]
    node_attrs: list[str | None]
    src: list[int]
    dst: list[int]
    etype: list[str]
    edate: list[dt.date | None]
    esource: list[str]
    eref: list[str | None]
    epos: list[str | None]
    eattrs: list[str | None]
    index: dict[str, int] = field(default_factory=dict)

    @cached_property
    def incident(self) -> list[list[int]]:
        """Edge ids per node (both directions)."""
        out: list[list[int]] = [[] for _ in self.ids]
        for e, (s, d) in enumerate(zip(self.src, self.dst, strict=True)):
            out[s].append(e)
            out[d].append(e)
        return out

    def other(self, edge: int, node: int) -> int:
        return self.dst[edge] if self.src[edge] == node else self.src[edge]

    def attrs(self, node: int) -> dict[str, Any]:
        raw = self.node_attrs[node]
        return orjson.loads(raw) if raw else {}

    def edge_attrs(self, edge: int) -> dict[str, Any]:
        raw = self.eattrs[edge]
        return orjson.loads(raw) if raw else {}

    def ref(self, node: int) -> NodeRef:
        return NodeRef(
            node_id=self.ids[node],
            type=self.types[node],
            label=self.labels[node],
            designated=self.designated[node],
            designated_date=self.designated_date[node],
            members=self.members[node][:50],
        )

    def step(self, edge: int, frm: int | None = None) -> PathStep:
        """Edge `edge` with its evidence, in its own direction (`frm` only says where a walk entered it)."""
        attrs = self.edge_attrs(edge)
        return PathStep(
            src=self.ids[self.src[edge]],
            dst=self.ids[self.dst[edge]],
            type=self.etype[edge],
            date=self.edate[edge],
            evidence=EdgeEvidence(source=self.esource[edge], ref=self.eref[edge], position=self.epos[edge]),
            attrs=attrs,
        )


def load_graph(con: duckdb.DuckDBPyConnection) -> NetGraph:
    """The newest build; NotFound when `interdictor graph build` never ran on this store."""
    run = latest_run(con)
    if run is None:
        raise NotFound("no graph in this store: run `interdictor graph build` first")
    con.execute("SET enable_progress_bar = false")
    cols = con.execute(
        """SELECT node_id, type, label, kind, country, designated, designated_date, first_date, members, attrs
           FROM graph_nodes WHERE run_id = ? ORDER BY node_id""",
        [run],
    ).fetchnumpy()
    ids = [str(x) for x in cols["node_id"]]
    index = {node: i for i, node in enumerate(ids)}
    con.register("_graph_index", _index_table(ids))
    ecols = con.execute(
        """SELECT s.i, d.i, e.type, e.date, e.source, e.ref, e.position, e.attrs
           FROM graph_edges e JOIN _graph_index s ON s.node_id = e.src
           JOIN _graph_index d ON d.node_id = e.dst
           WHERE e.run_id = ? ORDER BY s.i, d.i, e.type""",
        [run],
    ).fetchall()
    con.unregister("_graph_index")
    return NetGraph(
        run_id=run,
        ids=ids,
        types=list(cols["type"]),
        labels=[str(x) for x in cols["label"]],
        # NULLs arrive as numpy's masked constant, which compares as neither equal nor unequal.
        kinds=[x if isinstance(x, str) else None for x in cols["kind"]],
        countries=[x if isinstance(x, str) else None for x in cols["country"]],
        designated=[bool(x) for x in cols["designated"]],
        designated_date=[_date(x) for x in cols["designated_date"]],
        first_date=[_date(x) for x in cols["first_date"]],
        members=[list(x) if x is not None else [] for x in cols["members"]],
        node_attrs=[x if isinstance(x, str) else None for x in cols["attrs"]],
        src=[r[0] for r in ecols],
        dst=[r[1] for r in ecols],
        etype=[r[2] for r in ecols],
        edate=[r[3] for r in ecols],
        esource=[r[4] for r in ecols],
        eref=[r[5] for r in ecols],
        epos=[r[6] for r in ecols],
        eattrs=[r[7] for r in ecols],
        index=index,
    )


def _index_table(ids: list[str]) -> Any:
    import pyarrow as pa

    return pa.table({"node_id": pa.array(ids, pa.string()), "i": pa.array(range(len(ids)), pa.int64())})


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        import numpy as np

        if isinstance(value, np.datetime64):
            if np.isnat(value):
                return None
            return dt.date.fromisoformat(str(value)[:10])
    except ImportError:  # pragma: no cover
        pass
    return None
