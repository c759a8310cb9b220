"""Party identity: which party records (list entities, record parties, evidence entities) are one node.

With an entity-resolution run in the store, its clusters decide (`resolve_clusters`, record ids as
`interdictor.resolve.extract` makes them: the list entity id, `<record id>/<party ref>`). Records the
run did not cover, and every record when no run exists, fall back to exact keys: the same
normalised name in the same country, or the same registration number in the same country. A
union-find joins records that share any key, so the node id is stable for a given set of inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from interdictor.graph.tables import table_exists
from interdictor.resolve.keys import name_keys

__all__ = ["PartyRecord", "assign_nodes", "latest_clusters"]


@dataclass(slots=True)
class PartyRecord:
    """One mention of a party as one source wrote it, with the identifiers that link it."""

    record_id: str
    source: str
    schema: str
    names: list[str]
    country: str | None = None
    designated: bool = False
    designated_date: dt.date | None = None
    first_date: dt.date | None = None
    kind: str | None = None
    #: (identifier kind, key, label, position) links to identifier and address nodes
    idents: list[tuple[str, str, str, str]] = field(default_factory=list)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, item: str) -> str:
        parent = self.parent.setdefault(item, item)
        if parent == item:
            return item
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if rb < ra:
                ra, rb = rb, ra
            self.parent[rb] = ra


def latest_clusters(con: duckdb.DuckDBPyConnection) -> tuple[int | None, dict[str, str]]:
    """Record id to cluster id of the newest resolution run (empty when resolution never ran)."""
    if not table_exists(con, "resolve_clusters"):
        return None, {}
    row = con.execute("SELECT max(run_id) FROM resolve_clusters").fetchone()
    if not row or row[0] is None:
        return None, {}
    run = int(row[0])
    pairs = con.execute(
        "SELECT record_id, cluster_id FROM resolve_clusters WHERE run_id = ?", [run]
    ).fetchall()
    return run, dict(pairs)


def exact_keys(record: PartyRecord) -> list[str]:
    """Keys that make two records one party without a resolution run: name or registration, per country."""
    country = record.country or "-"
    person = record.schema == "Person"
    keys = [f"n:{country}:{k}" for name in record.names[:3] for k in name_keys(name, person)[:1]]
    keys += [f"r:{country}:{key}" for kind, key, _, _ in record.idents if kind == "registration"]
    return keys


def assign_nodes(records: list[PartyRecord], clusters: dict[str, str]) -> dict[str, str]:
    """Record id to party node id: resolution clusters first, exact keys for the rest."""
    uf = _UnionFind()
    for record in records:
        cluster = clusters.get(record.record_id)
        anchor = f"rec:{record.record_id}"
        if cluster is not None:
            uf.union(anchor, f"c:{cluster}")
            continue
        for key in exact_keys(record):
            uf.union(anchor, key)
    node_of: dict[str, str] = {}
    names: dict[str, tuple[bool, str]] = {}
    for record in records:
        root = uf.find(f"rec:{record.record_id}")
        # The node id is the smallest record id of the set, list and evidence entities first: stable,
        # readable, and an entity id whenever an entity is a member.
        rank = (record.source == "records", record.record_id)
        best = names.get(root)
        if best is None or rank < best:
            names[root] = rank
        node_of[record.record_id] = root
    return {rid: f"party:{names[root][1]}" for rid, root in node_of.items()}
