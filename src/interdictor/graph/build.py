"""`build_graph`: read lists, transaction records, evidence and resolution from the store, write the graph.

One build replaces the previous one in one transaction, so a failed build leaves the old graph in
place. Self-loops (a company owning itself, a director of itself) and links to entities the store
does not hold are skipped and counted in the build's warnings, never fatal.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import duckdb
import orjson

from interdictor.graph.builder import GraphBuilder
from interdictor.graph.config import NetworkConfig, default_config
from interdictor.graph.model import GraphBuild
from interdictor.graph.parties import PartyRecord, assign_nodes, detach_contradicted, latest_clusters
from interdictor.graph.sources_evidence import read_evidence
from interdictor.graph.sources_lists import read_lists
from interdictor.graph.sources_records import read_records
from interdictor.graph.tables import ensure_tables
from interdictor.resolve.keys import name_keys

__all__ = ["build_graph", "ident_node"]


def ident_node(kind: str, key: str) -> tuple[str, str]:
    """Node id and node type of an identifier or address."""
    if kind == "address":
        return f"addr:{key}", "address"
    return f"id:{kind}:{key}", "identifier"


def _edge_type(kind: str) -> str:
    return "located_at" if kind == "address" else f"has_{kind}"


def _website_key(host: str, value: str, portals: list[str]) -> str:
    """A website's node key: its host, or on a portal the page's path ("facebook.com/pages/glocom");
    empty for a portal's bare host, which says nothing about whose site it is."""
    if host not in portals:
        return host
    text = value.strip().lower()
    text = text.split("://", 1)[1] if "://" in text else text
    path = text.partition("/")[2].split("?", 1)[0].split("#", 1)[0].strip("/")
    return f"{host}/{path}" if path else ""


def build_graph(con: duckdb.DuckDBPyConnection, config: NetworkConfig | None = None) -> GraphBuild:
    """Build the graph from everything the store holds and keep it there; returns what was written."""
    config = config or default_config()
    started = time.perf_counter()
    con.execute("SET enable_progress_bar = false")
    lists = read_lists(con, config)
    records = read_records(con)
    evidence = read_evidence(con)
    run, clusters = latest_clusters(con)
    parties: list[PartyRecord] = [*lists.parties, *evidence.parties, *records.parties]
    node_of = assign_nodes(parties, clusters)
    b = GraphBuilder()
    warnings: list[str] = list(records.problems[:20])
    if moved := detach_contradicted(parties, node_of):
        warnings.append(
            f"{moved} record(s) resolved into a designated list entry whose registration number or"
            " incorporation date contradicts it: kept apart (a namesake)"
        )
    #: node -> qualifiers: registration keys, address keys, earliest incorporation (registries), and
    #: the registration and address keys designated list entries give
    quals: dict[str, _Qualifiers] = {}
    seen_in: dict[str, tuple[dt.date | None, str]] = {
        r.party_record: (r.date, r.record_node.split(":", 1)[1]) for r in records.roles
    }
    #: name key -> how many designated list entries carry it as their name
    entries: Counter[str] = Counter()
    for party in parties:
        node = node_of[party.record_id]
        data = b.node(
            node,
            "party",
            party.names[0],
            kind=party.kind,
            country=party.country,
            designated=party.designated,
            designated_date=party.designated_date,
            first_date=party.first_date,
        )
        data.members.append(party.record_id)
        if party.schema == "PublicBody":
            data.attrs["public_body"] = True  # a state body: a mission abroad when it sits in another country
        known = data.attrs.setdefault("names", [])
        if party.nationality:
            data.attrs["nationality"] = sorted({*data.attrs.get("nationality", []), *party.nationality})
        _note_qualifiers(quals.setdefault(node, _Qualifiers()), party)
        if party.designated and party.source.startswith("list:"):
            for key in name_keys(party.names[0], party.kind == "person")[:1]:
                entries[key] += 1
            # Every name a list gives a designated party is matched (an alias is what a front trades
            # under), not only the three kept for display and exact keys.
            listed = data.attrs.setdefault("listed", [])
            for name in party.names[:_MAX_LISTED_NAMES]:
                if name not in listed:
                    listed.append(name)
            data.attrs.setdefault("primary", party.names[0])
        for name in party.names[:3]:
            if len(known) < 20 and name not in known and name.lower() not in (k.lower() for k in known):
                known.append(name)
        if party.source.startswith("list:") and party.names[0] != data.label and not data.designated:
            data.label = party.names[0]
        date, ref = seen_in.get(party.record_id, (None, party.record_id))
        source = "assessed_records" if party.source == "records" else party.source
        for kind, key, label, position in party.idents:
            if kind == "website" and not (key := _website_key(key, label, config.identity.portal_hosts)):
                continue
            target, type_ = ident_node(kind, key)
            b.node(target, type_, label, kind=kind)
            # A registry's number carries the registered name: NET-01 tells homonyms from fronts by it.
            named = (
                {"name": party.names[0]} if kind == "registration" and source != "assessed_records" else None
            )
            b.edge(
                node,
                target,
                _edge_type(kind),
                date=date,
                source=source,
                ref=ref,
                position=position,
                attrs=named,
            )
    _listed_names(b, entries, quals)
    for node_id, (rid, kind, date, attrs) in records.records.items():
        b.node(node_id, node_id.split(":", 1)[0], f"{kind} {rid}", kind=kind, first_date=date).attrs.update(
            attrs
        )
    by_record = {rid: node_id for node_id, (rid, _, _, _) in records.records.items()}
    for node_id, (rid, _, date, attrs) in records.records.items():
        for ref_field in ("order_ref", "inquiry_ref"):
            referred = by_record.get(attrs.get(ref_field) or "")
            if referred:
                b.edge(
                    node_id,
                    referred,
                    "for_order" if ref_field == "order_ref" else "answers",
                    date=date,
                    source="assessed_records",
                    ref=rid,
                    position=ref_field,
                )
    for role in records.roles:
        b.edge(
            node_of[role.party_record],
            role.record_node,
            role.role,
            date=role.date,
            source="assessed_records",
            ref=role.record_node.split(":", 1)[1],
            position=role.position,
            attrs={"party_type": role.party_type} if role.party_type else None,
        )
    for node_id, (type_, label, attrs) in records.things.items():
        b.node(node_id, type_, label, kind=attrs.get("kind"), country=attrs.get("country")).attrs.update(
            {k: v for k, v in attrs.items() if v is not None}
        )
    for src, dst, type_, date, ref, position, attrs in records.links:
        b.edge(
            node_of.get(src, src),
            dst,
            type_,
            date=date,
            source="assessed_records",
            ref=ref,
            position=position,
            attrs={k: v for k, v in attrs.items() if v is not None},
        )
    vessel_of = _vessels(b, lists)
    accounts = {**lists.accounts, **evidence.accounts}
    skipped = Counter[str]()
    example: dict[str, str] = {}
    for rel in [*lists.relations, *evidence.relations]:
        rsrc = node_of.get(rel.src) or vessel_of.get(rel.src)
        if rel.dst in accounts and rsrc:
            for kind, key, label in accounts[rel.dst]:
                target, type_ = ident_node(kind, key)
                b.node(target, type_, label, kind=kind)
                b.edge(
                    rsrc,
                    target,
                    _edge_type(kind),
                    date=rel.date,
                    source=f"list:{rel.list_name}",
                    ref=rel.relation_id,
                    position=rel.schema,
                )
            continue
        rdst = node_of.get(rel.dst) or vessel_of.get(rel.dst)
        if rsrc is None or rdst is None:
            skipped["relation(s) naming an entity the store does not hold"] += 1
            example.setdefault("relation(s) naming an entity the store does not hold", rel.relation_id)
            continue
        if rsrc == rdst:
            why = f"{rel.schema} self-loop(s)" if rel.src == rel.dst else f"{rel.schema}(s) within one party"
            skipped[why] += 1
            example.setdefault(why, rel.relation_id)
            continue
        source = (
            f"list:{rel.list_name}" if rel.list_name != "evidence" else f"evidence:{rel.attrs.get('doc_id')}"
        )
        position = str(rel.attrs.get("position") or rel.schema)
        b.edge(
            rsrc,
            rdst,
            rel.type,
            date=rel.date,
            source=source,
            ref=rel.relation_id,
            position=position,
            attrs={k: v for k, v in rel.attrs.items() if k not in ("doc_id", "position")},
        )
    _evidence_links(b, evidence, node_of)
    warnings += [f"skipped {n} {why}, e.g. {example[why]}" for why, n in skipped.most_common()]
    warnings += _mass_identifiers(b, config)
    nodes_by_type, edges_by_type = b.counts()
    identity = f"resolve run {run}" if run is not None else "exact keys (no resolve run in the store)"
    sources = {
        "list_entities": lists.entities,
        "records": records.count,
        "evidence_statements": evidence.statements,
        "evidence_mentions": len(evidence.mentions),
    }
    ensure_tables(con)
    con.execute("BEGIN TRANSACTION")
    try:
        row = con.execute("SELECT nextval('graph_run_seq')").fetchone()
        assert row is not None
        run_id = int(row[0])
        con.execute("DELETE FROM graph_nodes")
        con.execute("DELETE FROM graph_edges")
        b.write(con, run_id)
        seconds = time.perf_counter() - started
        con.execute(
            "INSERT INTO graph_runs VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                run_id,
                dt.datetime.now(dt.UTC).replace(tzinfo=None),
                seconds,
                len(b.nodes),
                len(b.edges),
                identity,
                orjson.dumps({"sources": sources, "sanctions_lists": lists.sanctions_lists}).decode(),
            ],
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return GraphBuild(
        run_id=run_id,
        seconds=round(time.perf_counter() - started, 2),
        nodes=len(b.nodes),
        edges=len(b.edges),
        nodes_by_type=nodes_by_type,
        edges_by_type=edges_by_type,
        party_identity=identity,
        sources=sources,
        warnings=warnings,
    )


#: Names of one designated list entry matched against other parties (lists give a dozen or two).
_MAX_LISTED_NAMES = 40


@dataclass(slots=True)
class _Qualifiers:
    """What a screening analyst checks beside the name: registration number, address, incorporation."""

    regs: set[str] = field(default_factory=set)
    addrs: set[str] = field(default_factory=set)
    incorporated: dt.date | None = None
    listed_regs: set[str] = field(default_factory=set)
    listed_addrs: set[str] = field(default_factory=set)


def _note_qualifiers(q: _Qualifiers, party: PartyRecord) -> None:
    regs = {key for kind, key, _, _ in party.idents if kind == "registration"}
    addrs = {key for kind, key, _, _ in party.idents if kind == "address"}
    if party.designated and party.source.startswith("list:"):
        q.listed_regs |= regs
        q.listed_addrs |= addrs
    elif party.source != "records":  # a registry (loaded as a list or ingested as evidence)
        q.regs |= regs
        q.addrs |= addrs
        if party.first_date and (q.incorporated is None or party.first_date < q.incorporated):
            q.incorporated = party.first_date


def _contradictions(
    cand: _Qualifiers | None, target: _Qualifiers | None, listed: dt.date | None
) -> list[str]:
    """The qualifiers of a registered company that contradict a list entry it shares a name with."""
    if cand is None:
        return []
    out = []
    if target and cand.regs and target.listed_regs and cand.regs.isdisjoint(target.listed_regs):
        out.append("registration")
    if target and cand.addrs and target.listed_addrs and cand.addrs.isdisjoint(target.listed_addrs):
        out.append("address")
    if cand.incorporated and listed and cand.incorporated > listed:
        out.append("incorporated after the listing")
    return out


def _listed_names(b: GraphBuilder, entries: Counter[str], quals: dict[str, _Qualifiers]) -> None:
    """Parties written exactly as a designated party (same name key, same or unknown country) match it.

    Sanctions lists rarely carry the registration numbers that would join their entries to registry
    and transaction records; the name, as screening normalises it, does. The party takes the
    designation, and a `same_as_listed` edge keeps the list entry and the name as evidence. A name
    match is only a *possible match* (not designated; `possible_match` in the node's attributes and a
    `possible_match` edge to the entry, for review; no network walked through it) when a registered
    company's registration number, address or incorporation (after the listing) contradicts the list
    entry, or when more registered companies carry the entry's names than the lists have entries of
    them (`ambiguous_name_match`).
    """
    listed: dict[str, list[tuple[str, str | None, str]]] = {}
    for node_id, data in b.nodes.items():
        if data.type == "party" and data.designated:
            for name in dict.fromkeys([*data.attrs.get("names", []), *data.attrs.get("listed", [])]):
                for key in name_keys(name, data.kind == "person")[:1]:
                    listed.setdefault(key, []).append((node_id, data.country, name))
    if not listed:
        return
    #: list entry node -> the parties matched to it by name
    matched: dict[str, set[str]] = {}
    possible: set[str] = set()
    for node_id, data in list(b.nodes.items()):
        if data.type != "party" or data.designated or data.kind == "bank":
            continue
        reasons: list[str] | None = None
        for name in data.attrs.get("names", []):
            hits = [h for key in name_keys(name, data.kind == "person")[:1] for h in listed.get(key, [])]
            for target, country, listed_name in hits:
                if country and data.country and country != data.country:
                    continue
                target_data = b.nodes[target]
                data.designated = True
                data.designated_date = target_data.designated_date
                matched.setdefault(target, set()).add(node_id)
                why = _contradictions(quals.get(node_id), quals.get(target), target_data.designated_date)
                reasons = why if reasons is None else [r for r in reasons if r in why]
                b.edge(
                    node_id,
                    target,
                    "same_as_listed",
                    date=target_data.designated_date,
                    source="name match",
                    ref=target_data.members[0] if target_data.members else target,
                    position="name",
                    # An alias: the name is not the one the list gives first (FIN-17, "known aliases").
                    attrs={
                        "name": name,
                        "listed_name": listed_name,
                        "alias": listed_name != target_data.attrs.get("primary", listed_name),
                        **({"contradicted_by": why} if why else {}),
                    },
                )
            if data.designated:
                break
        if reasons:  # every entry it matched is contradicted by its own registry facts
            data.attrs["possible_match"] = reasons
            possible.add(node_id)
    # More registered companies of a designated entry's names than the lists have entries of them,
    # none joined to the entry by resolution: the name alone cannot say which is listed (a common
    # trading name), nor which of them a deal's party written so is. All stay possible matches.
    for target, nodes in matched.items():
        registered = [n for n in nodes if any("/" not in m for m in b.nodes[n].members)]
        entry = b.nodes[target]
        keys = name_keys(entry.attrs.get("primary", entry.label), entry.kind == "person")[:1]
        if len(registered) >= 2 and len(registered) > max((entries[k] for k in keys), default=0):
            for n in nodes:
                b.nodes[n].attrs["ambiguous_name_match"] = len(registered)
                possible.add(n)
    # A possible match is reported for review, not designated: its name edge is `possible_match`, which
    # links no one (`same_as_listed` is a control link), so no network is walked through it either.
    for n in possible:
        b.nodes[n].designated, b.nodes[n].designated_date = False, None
    for src, dst, _type in [k for k in b.edges if k[2] == "same_as_listed" and k[0] in possible]:
        edge = b.edges.pop((src, dst, "same_as_listed"))
        b.edges.setdefault((src, dst, "possible_match"), edge)


def _vessels(b: GraphBuilder, lists: Any) -> dict[str, str]:
    vessel_of: dict[str, str] = {}
    for v in lists.vessels:
        imo = "".join(ch for ch in str(v.imo or "") if ch.isdigit())
        node = f"vessel:imo:{imo}" if imo else f"vessel:ent:{v.entity_id}"
        data = b.node(
            node,
            "vessel",
            v.names[0] if v.names else imo,
            designated=v.designated,
            designated_date=v.designated_date,
        )
        data.members.append(v.entity_id)
        data.attrs.setdefault("names", [])
        data.attrs["names"] = sorted({*data.attrs["names"], *v.names})
        data.attrs["flags"] = sorted({*data.attrs.get("flags", []), *(f.lower() for f in v.flags)})
        if imo:
            data.attrs["imo"] = imo
        vessel_of[v.entity_id] = node
    return vessel_of


def _evidence_links(b: GraphBuilder, evidence: Any, node_of: dict[str, str]) -> None:
    for doc, (label, kind, date, _source) in evidence.documents.items():
        b.node(doc, "document", label, kind=kind, first_date=date)
    for doc, kind, key, label, position in evidence.mentions:
        target, type_ = ident_node(kind, key)
        b.node(target, type_, label, kind=kind)
        b.edge(doc, target, "mentions", source=f"evidence:{doc[4:]}", ref=doc[4:], position=position)
    for doc, entity_id, position in evidence.named:
        if named := node_of.get(entity_id):
            b.edge(doc, named, "names", source=f"evidence:{doc[4:]}", ref=doc[4:], position=position)
    for entity_id, kind, key, label, doc, position in evidence.declared:
        if holder := node_of.get(entity_id):
            target, type_ = ident_node(kind, key)
            b.node(target, type_, label, kind=kind)
            b.edge(
                holder, target, _edge_type(kind), source=f"evidence:{doc[4:]}", ref=doc[4:], position=position
            )
    for doc, imo, position in evidence.vessels:
        vessel = f"vessel:imo:{imo}"
        b.node(vessel, "vessel", imo)
        b.edge(doc, vessel, "mentions", source=f"evidence:{doc[4:]}", ref=doc[4:], position=position)
    for entity_id, (doc_id, position) in evidence.where.items():
        if holder := node_of.get(entity_id):
            b.node(f"doc:{doc_id}", "document", doc_id)
            b.edge(
                f"doc:{doc_id}", holder, "names", source=f"evidence:{doc_id}", ref=doc_id, position=position
            )


def _mass_identifiers(b: GraphBuilder, config: NetworkConfig) -> list[str]:
    """Identifiers shared by more parties than max_sharing: kept, marked, and named in the warnings."""
    degree = Counter[str]()
    for src, dst, _ in b.edges:
        if src.startswith("party:") and (dst.startswith("id:") or dst.startswith("addr:")):
            degree[dst] += 1
    limit = config.identity.max_sharing
    mass = [(node, n) for node, n in degree.items() if n > limit]
    for node, n in mass:
        b.nodes[node].attrs["mass"] = n
    if not mass:
        return []
    shown = ", ".join(f"{b.nodes[node].label} ({n})" for node, n in sorted(mass, key=lambda x: -x[1])[:5])
    return [f"{len(mass)} identifier(s) shared by more than {limit} parties do not link them: {shown}"]
