"""Detectors that start from designated parties: proximity (NET-02), successors (NET-03), aliases (NET-04),
co-location (NET-08), vessels (NET-13), new names of designated payers (FIN-17) and the 50 % rules.

Proximity is a breadth-first walk over the party links of `Context`: the first hop may be any link
(control, shared identifier, or a record naming both), later hops only control, shared identifiers
and the same side of a deal. Every reached party keeps the link it was reached by, so its finding
carries the whole path back to the designated party, edge by edge, with evidence.
"""

from __future__ import annotations

import unicodedata
from collections import deque
from typing import Any

from rapidfuzz import fuzz

from interdictor.graph.context import SELL_SIDE, Context, Link
from interdictor.graph.keys import building_key
from interdictor.graph.model import Finding, PathStep
from interdictor.resolve.keys import name_keys

__all__ = [
    "alias_payments",
    "designated_reach",
    "make_finding",
    "ownership_50",
    "proximity_findings",
    "reach_path",
    "same_building",
]

_LATER = frozenset({"control", "identifier", "same_side"})


Reach = dict[int, tuple[int, int, int | None, Link | None]]

#: Registry structure next to a designated party: exposure to report, not evidence of membership.
_REGISTRY = frozenset({"owns", "directs"})


def exposure_only(ctx: Context, node: int, link: Link, *, first: bool = True) -> bool:
    """Whether a first hop from a designated party shows exposure rather than a part in its network.

    The owners, directors and subsidiaries a registry gives a designated company or one of its
    network, its brand siblings sharing one kind of identifier with it, and the makers that sold to a
    designated party, are exposed (and reported, NET-02), but
    are not themselves the network: they are not followed further, unless they control two or more
    of its parties.
    """
    net = ctx.net
    edge = link.edges[0][0]
    if link.kind == "control":
        if net.types[link.edges[0][1]] == "vessel":
            return False  # the registered owner of a vessel run by a designated operator (NET-13)
        # A registry's structure, whether loaded as a list or ingested as evidence.
        return net.etype[edge] in _REGISTRY and net.esource[edge].startswith(("list:", "evidence:"))
    if link.kind == "identifier" and first:
        # A designated company's brand siblings sharing one kind of identifier (the group's mailbox or
        # switchboard) are its group, as registry subsidiaries are; two kinds are NET-01's link, and a
        # sibling set up after the designation is NET-03's successor.
        origin = link.edges[0][1]
        min_kinds = int(ctx.config.method("shared_identifiers").params.get("min_kinds", 2))
        pair = (min(origin, node), max(origin, node))
        if not ctx.same_brand(origin, node) or len(ctx.shared_kinds[pair]) >= min_kinds:
            return False
        born, listed = net.first_date[node], net.designated_date[origin]
        days = int(ctx.config.method("successor_fronts").params.get("max_days", 730))
        return not (born and listed and 0 <= (born - listed).days <= days)
    if link.kind == "counterparty" and first:
        last = link.edges[-1][0]
        if net.etype[edge] in SELL_SIDE:
            return True  # a customer of a designated seller: exposed, not its network
        return net.edge_attrs(last).get("party_type") == "manufacturer" or net.etype[last] == "applicant"
    return False


def designated_reach(ctx: Context, exposure: set[int] | None = None) -> Reach:
    """Actor -> (hops, designated origin, previous actor, link) within max_hops of a designated party.

    Nodes reached only by exposure (see `exposure_only`) are added to `exposure` and not expanded.
    """
    params = ctx.config.method("designated_proximity").params
    max_hops = int(params.get("max_hops", 2))
    trade_hops = int(params.get("trade_hops", 1))
    min_kinds = int(ctx.config.method("shared_identifiers").params.get("min_kinds", 2))
    net = ctx.net
    reach: dict[int, tuple[int, int, int | None, Link | None]] = {}
    queue: deque[int] = deque()
    for node in ctx.seeds:
        reach[node] = (0, node, None, None)
        queue.append(node)
    links = ctx.links
    exposed = exposure if exposure is not None else set()
    halted: set[int] = set()
    while queue:
        node = queue.popleft()
        hops, origin, _, _ = reach[node]
        if hops >= max_hops or node in exposed or node in halted:
            continue
        for other, link in links.get(node, {}).items():
            if other in reach:
                continue
            if link.kind == "counterparty" and hops >= trade_hops:
                continue
            if link.kind == "counterparty" and not _after_designation(ctx, link, origin):
                continue
            if link.kind == "same_side" and hops >= max_hops:
                continue
            if hops > 0 and link.kind not in _LATER:
                continue
            # Beyond the first hop, one shared value is chance in a large market: an identifier link
            # walks on only when the two share identifiers of `min_kinds` kinds (as NET-01 asks).
            if (
                hops > 0
                and link.kind == "identifier"
                and len(ctx.shared_kinds[min(node, other), max(node, other)]) < min_kinds
            ):
                continue
            reach[other] = (hops + 1, origin, node, link)
            # A person node joining several registry persons may be namesakes: reported, not walked on.
            if exposure_only(ctx, other, link, first=hops == 0) or ctx.joined_people(other) > 1:
                exposed.add(other)
            elif ctx.ambiguous(other):
                # A possible match of a designated name: its name proves nothing, but identifiers of
                # two kinds or more shared with the designated party itself (NET-01's test) are its
                # own link (a successor at the listed address and phone). It is then a member, not
                # walked on; otherwise it is exposure only.
                pair = (min(node, other), max(node, other))
                own = hops == 0 and link.kind == "identifier" and len(ctx.shared_kinds[pair]) >= min_kinds
                (halted if own else exposed).add(other)
            queue.append(other)
    # An owner or director of two or more parties of the network is part of it (a hub), not exposed.
    for node in list(exposed):
        if net.designated[node] or ctx.joined_people(node) > 1:
            continue
        members = {
            other
            for other, link in links.get(node, {}).items()
            if link.kind == "control"
            and other in reach
            and other not in exposed
            and net.src[link.edges[0][0]] == node  # it owns or directs them
        }
        if len(members) >= 2:
            exposed.discard(node)
    return reach


def _after_designation(ctx: Context, link: Link, origin: int) -> bool:
    """A trade counts only from the designation on: before it, the counterparty could not have known."""
    listed = ctx.net.designated_date[origin]
    traded = ctx.net.edate[link.edges[0][0]]
    return listed is None or traded is None or traded >= listed


def reach_path(
    ctx: Context, reach: dict[int, tuple[int, int, int | None, Link | None]], node: int
) -> list[PathStep]:
    """The edges from the designated origin to `node`, in walking order."""
    segments: list[list[PathStep]] = []
    current: int | None = node
    while current is not None:
        _, _, prev, link = reach[current]
        if link is None or prev is None:
            break
        segments.append([ctx.net.step(e, frm) for e, frm in link.edges])
        current = prev
    return [step for segment in reversed(segments) for step in segment]


def make_finding(
    ctx: Context,
    method: str,
    subjects: list[int],
    paths: list[list[PathStep]],
    values: dict[str, Any],
    **extra: Any,
) -> Finding:
    spec = ctx.config.method(method)
    net = ctx.net
    nodes = {net.ids[n]: net.ref(n) for n in subjects}
    for path in paths:
        for step in path:
            for node_id in (step.src, step.dst):
                if node_id not in nodes and node_id in net.index:
                    nodes[node_id] = net.ref(net.index[node_id])
    try:
        message = spec.message.format(**values)
    except (KeyError, ValueError):
        message = spec.message
    from interdictor.flags import default_catalogue

    title = {f.id: f.title for f in default_catalogue()}.get(spec.flag, spec.flag)
    return Finding(
        flag_id=spec.flag,
        method=method,
        title=title,
        severity=spec.severity,
        message=message,
        subjects=[net.ref(n) for n in subjects],
        paths=paths,
        nodes=nodes,
        **extra,
    )


def proximity_findings(ctx: Context) -> list[Finding]:
    """NET-02 for every party reached, plus NET-03, NET-08, FIN-17, NET-13 and NET-04 where they apply."""
    net = ctx.net
    exposure: set[int] = set()
    reach = designated_reach(ctx, exposure)
    out: list[Finding] = []
    for node, (hops, origin, _prev, link) in sorted(reach.items()):
        if hops == 0 or link is None:
            continue
        path = reach_path(ctx, reach, node)
        values = {"subject": net.labels[node], "target": net.labels[origin], "hops": hops}
        vessel = net.types[node] == "vessel" or net.types[origin] == "vessel"
        method = "vessel_network" if vessel else "designated_proximity"
        out.append(
            make_finding(
                ctx,
                method,
                [node],
                [path],
                values,
                score=(0.5 if node in exposure else 1.0) / hops,
                network_member=node not in exposure,
                details={"hops": hops, "link": link.kind, "designated": net.ids[origin]},
            )
        )
    out += _next_to_designated(ctx, exposure)
    out += same_building(ctx)
    out += alias_payments(ctx)
    out += _alias_clusters(ctx, {n: r for n, r in reach.items() if n not in exposure})
    return out


def same_building(ctx: Context) -> list[Finding]:
    """NET-08 at building level: a party at another floor or unit of the building a designated party is in.

    Exact addresses are `_next_to_designated`'s; here two address lines that differ only in their unit
    parts ("13th floor, Hongxiang Building" and "Hongxiang Building") are one building. A designated
    subject is reported too (a designated bank's branch in a designated trader's building is what the
    sources describe); a building held by more than `max_sharing` parties is a business centre, not a tie.
    """
    net = ctx.net
    spec = ctx.config.identity.building
    units, words = frozenset(spec.unit_words), frozenset(spec.building_words)
    buildings: dict[str, list[int]] = {}
    for node, t in enumerate(net.types):
        if t != "address":
            continue
        city = net.ids[node].split(":")[2] if net.ids[node].count(":") >= 3 else ""
        key = building_key(net.labels[node], units, words, city=city)
        if key:
            buildings.setdefault(key, []).append(node)
    out = []
    seen: set[tuple[int, int]] = set()
    limit = ctx.config.identity.max_sharing
    seeds = set(ctx.seeds)
    for key, addresses in sorted(buildings.items()):
        if len(addresses) < 2:
            continue
        holders = [
            (party, e, addr)
            for addr in addresses
            for e in net.incident[addr]
            if ctx.is_party(party := net.other(e, addr))
        ]
        if len({p for p, _, _ in holders}) > limit:
            continue
        for target, te, taddr in holders:
            if target not in seeds:
                continue
            for party, e, addr in holders:
                if addr == taddr or party == target or (party, target) in seen:
                    continue
                seen.add((party, target))
                path = [net.step(e, party), net.step(te, target)]
                values = {"subject": net.labels[party], "target": net.labels[target], "hops": 1}
                out.append(
                    make_finding(
                        ctx,
                        "co_location",
                        [party],
                        [path],
                        values,
                        details={"level": "building", "building": key, "designated": net.ids[target]},
                    )
                )
    return out


def alias_payments(ctx: Context) -> list[Finding]:
    """FIN-17: a payment names a designated party by one of its listed aliases, after the designation.

    The graph made the payer the designated party (`same_as_listed`); using a name other than the one
    the list gives first, once listed, is the "keeps transacting under new names" of FIN-17.
    """
    net = ctx.net
    out = []
    for e, t in enumerate(net.etype):
        if t != "same_as_listed" or not net.edge_attrs(e).get("alias"):
            continue
        node, target = net.src[e], net.dst[e]
        listed = net.designated_date[target]
        money = []
        for r in net.incident[node]:
            when = net.edate[r]
            if net.etype[r] in ("payer", "beneficiary") and (
                listed is None or when is None or when >= listed
            ):
                money.append(r)
        if not money:
            continue
        paths = [[net.step(e, node), net.step(r, node)] for r in money[:5]]
        values = {"subject": net.labels[node], "target": net.labels[target]}
        out.append(
            make_finding(
                ctx,
                "designated_alias_payment",
                [node],
                paths,
                values,
                details={"alias": net.edge_attrs(e).get("name"), "designated": net.ids[target]},
            )
        )
    return out


def _next_to_designated(ctx: Context, exposure: set[int]) -> list[Finding]:
    """NET-03, NET-08 and FIN-17: parties sharing identifiers or people with a designated one.

    Checked against every designated neighbour (not only the one the proximity walk met first):
    a successor is dated against the designation it followed.
    """
    net = ctx.net
    successor_days = int(ctx.config.method("successor_fronts").params.get("max_days", 730))
    out: list[Finding] = []
    for origin in ctx.seeds:
        for node, link in sorted(ctx.links.get(origin, {}).items()):
            if net.designated[node] or node in exposure or link.kind not in ("identifier", "control"):
                continue
            path = [net.step(e, frm) for e, frm in link.edges]
            values = {"subject": net.labels[node], "target": net.labels[origin], "hops": 1}
            shared = (
                net.types[link.edges[-1][1]] if link.kind == "identifier" else net.etype[link.edges[0][0]]
            )
            born, listed = net.first_date[node], net.designated_date[origin]
            if born and listed and 0 <= (born - listed).days <= successor_days:
                days = (born - listed).days
                out.append(
                    make_finding(
                        ctx,
                        "successor_fronts",
                        [node],
                        [path],
                        {**values, "days": days, "shared": shared},
                        date=born,
                        details={"days_after_designation": days, "designated": net.ids[origin]},
                    )
                )
            if link.kind == "identifier" and net.types[link.edges[-1][1]] == "address":
                out.append(make_finding(ctx, "co_location", [node], [path], values))
            if link.kind == "identifier" and any(
                net.etype[e] in ("payer", "beneficiary") for e in net.incident[node]
            ):
                out.append(make_finding(ctx, "designated_new_name", [node], [path], values))
    return out


def _alias_clusters(
    ctx: Context, reach: dict[int, tuple[int, int, int | None, Link | None]]
) -> list[Finding]:
    """NET-04: a designated party, or one next to it, written under several distinct names."""
    net = ctx.net
    min_names = int(ctx.config.method("alias_cluster").params.get("min_names", 3))
    out = []
    for node, (hops, origin, _, _) in sorted(reach.items()):
        if hops > 1 or net.types[node] != "party":
            continue
        attrs = net.attrs(node)
        every = list(dict.fromkeys([*attrs.get("names", []), *attrs.get("listed", [])]))
        names = distinct_names(ctx, every, net.kinds[node] == "person")
        if len(names) >= min_names:
            values = {"n": len(names), "target": net.labels[origin]}
            out.append(
                make_finding(
                    ctx,
                    "alias_cluster",
                    [node],
                    [],
                    values,
                    details={"names": names, "records": net.members[node][:50]},
                )
            )
    return out


def distinct_names(ctx: Context, names: list[str], person: bool) -> list[str]:
    """The names that are names of their own, not spellings of another one (NET-04 counts aliases).

    A name in a non-Latin script is the same name written natively, and two names whose keys are
    `same_name_similarity` alike are one name spelt twice ("Mohammad"/"Mohammed"); "(FTZ)" forms, new
    brands and cover names stay apart.
    """
    limit = 100 * ctx.config.identity.same_name_similarity
    kept: list[tuple[str, str]] = []
    for name in names:
        if any(ch.isalpha() and not _latin(ch) for ch in name):
            continue
        keys = name_keys(name, person)
        if not keys:
            continue
        if not any(fuzz.token_set_ratio(keys[0], k) >= limit for _, k in kept):
            kept.append((name, keys[0]))
    return [name for name, _ in kept]


def _latin(ch: str) -> bool:
    return ch.isascii() or unicodedata.name(ch, "").startswith("LATIN")


def ownership_50(ctx: Context) -> list[Finding]:
    """OFAC / BIS 50 % rules: owned 50 % or more, in aggregate and through chains, by designated parties.

    A fixpoint: an entity becomes blocked when the shares held by blocked owners add up to the
    threshold, and then counts as a blocked owner itself. Cycles end because the set only grows;
    self-ownership was dropped when the graph was built.
    """
    net = ctx.net
    threshold = float(ctx.config.method("ownership_50").params.get("threshold", 50.0))
    owners: dict[int, list[tuple[int, float, int]]] = {}
    for e, t in enumerate(net.etype):
        if t != "owns":
            continue
        pct = _percent(net.edge_attrs(e).get("percentage"))
        if pct is not None and ctx.is_actor(net.dst[e]):
            owners.setdefault(net.dst[e], []).append((net.src[e], pct, e))
    blocked = {n for n, flag in enumerate(net.designated) if flag}
    found: dict[int, float] = {}
    changed = True
    while changed:
        changed = False
        for asset, held in owners.items():
            if asset in blocked:
                continue
            total = sum(pct for owner, pct, _ in held if owner in blocked)
            if total >= threshold:
                blocked.add(asset)
                found[asset] = total
                changed = True
    out = []
    for asset, total in sorted(found.items()):
        paths = [[net.step(e, owner)] for owner, _, e in owners[asset] if owner in blocked]
        out.append(
            make_finding(
                ctx,
                "ownership_50",
                [asset],
                paths,
                {"subject": net.labels[asset], "percent": total},
                details={"percent": total},
            )
        )
    return out


def _percent(value: Any) -> float | None:
    try:
        pct = float(str(value).strip().rstrip("%"))
    except (TypeError, ValueError):
        return None
    return pct if 0 < pct <= 100 else None
