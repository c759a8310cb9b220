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

__all__ = ["PartyRecord", "assign_nodes", "detach_contradicted", "latest_clusters"]


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
    #: nationalities a registry or record gives a person (lower-case ISO codes), apart from residence
    nationality: list[str] = field(default_factory=list)
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


def _registrations(record: PartyRecord) -> set[str]:
    return {key for kind, key, _, _ in record.idents if kind == "registration"}


def detach_contradicted(records: list[PartyRecord], node_of: dict[str, str]) -> int:
    """Take out of a designated list entry's node the records whose qualifiers contradict the entry.

    Resolution may join a list entry to a registered company, or to a deal's party, on the name
    alone. A screening analyst would not take such a match when the registration number differs from
    the one the list gives, or the company was incorporated after the listing (the listed entity
    existed when it was listed): those records are a namesake, not the listed party, and walking the
    network through them would make the namesake's group the designated party's network. They become
    a node of their own (records of one registration number together); the name match, if any, is
    then judged as for any other party (`build._listed_names`). Returns how many records were moved.
    """
    by_node: dict[str, list[PartyRecord]] = {}
    for record in records:
        by_node.setdefault(node_of[record.record_id], []).append(record)
    moved = 0
    for members in by_node.values():
        listed = [r for r in members if r.designated and r.source.startswith("list:")]
        if not listed or len(members) < 2:
            continue
        regs = set().union(*(_registrations(r) for r in listed))
        listing = min((r.designated_date for r in listed if r.designated_date), default=None)
        groups: dict[str, list[PartyRecord]] = {}
        for record in members:
            if record.designated:
                continue
            own = _registrations(record)
            registry = record.source != "records"
            if regs and own and own.isdisjoint(regs):
                groups.setdefault(min(own), []).append(record)
            elif registry and listing and record.first_date and record.first_date > listing:
                groups.setdefault(f"rec:{record.record_id}", []).append(record)
        rank = lambda r: (r.source == "records", r.record_id)  # noqa: E731
        for group in groups.values():
            first = min(group, key=rank)
            for record in group:
                node_of[record.record_id] = f"party:{first.record_id}"
                moved += 1
        if groups:  # the list entry's node is named after what stays with it
            gone = {r.record_id for group in groups.values() for r in group}
            stay = [r for r in members if r.record_id not in gone]
            name = f"party:{min(stay, key=rank).record_id}"
            for record in stay:
                node_of[record.record_id] = name
    return moved
