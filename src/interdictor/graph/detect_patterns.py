"""Detectors of patterns that need no designated party: shared identifiers (NET-01), hub-and-spoke
fronts (NET-05), layered intermediaries (NET-06), money path apart from goods path (NET-07), order
splitting across linked buyers (ORD-17), circuitous payments (FIN-18), recurring facilitators (NET-12).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from rapidfuzz import fuzz

from interdictor.graph.context import BUY_SIDE, SELL_SIDE, Context, Link, distinct_kinds
from interdictor.graph.detect_proximity import make_finding
from interdictor.graph.model import Finding
from interdictor.resolve.keys import name_keys

__all__ = ["layered_intermediaries", "pattern_findings", "recurring_facilitators", "unexplained_payees"]


def pattern_findings(ctx: Context) -> list[Finding]:
    return [
        *shared_identifiers(ctx),
        *merged_registrations(ctx),
        *hub_and_spoke(ctx),
        *money_goods_divergence(ctx),
        *order_splitting(ctx),
        *circuitous_payments(ctx),
        *shared_payout_identities(ctx),
        *ledger_netting(ctx),
        *mission_business(ctx),
    ]


def mission_business(ctx: Context) -> list[Finding]:
    """NET-09 (with NET-08): a public body shares an address or identifier with companies.

    A mission's building is not a trading firm's seat; the firms there, the mission's staff and the
    staff's relatives who own or direct those firms are reported together, each with its link.
    """
    net = ctx.net
    out = []
    for body, data in enumerate(net.node_attrs):
        if not data or "public_body" not in data or not net.attrs(body).get("public_body"):
            continue
        links = ctx.links.get(body, {})
        firms = {
            n: link
            for n, link in links.items()
            if link.kind == "identifier" and net.kinds[n] != "person" and not net.attrs(n).get("public_body")
        }
        if not firms:
            continue
        staff = [n for n, link in links.items() if link.kind == "control" and net.kinds[n] == "person"]
        paths = [[net.step(e, frm) for e, frm in link.edges] for link in firms.values()]
        subjects = {body, *firms}
        for person in staff:
            # Staff are named when they or a relative own or direct one of the firms.
            candidates: list[tuple[int, Link | None]] = [(person, None), *ctx.links.get(person, {}).items()]
            for relative, link in candidates:
                if link is not None and (link.kind != "control" or net.etype[link.edges[0][0]] != "family"):
                    continue
                runs = [
                    other
                    for other, own in ctx.links.get(relative, {}).items()
                    if other in firms and own.kind == "control" and net.src[own.edges[0][0]] == relative
                ]
                if runs:
                    subjects.update((person, relative))
                    path = [net.step(links[person].edges[0][0], body)]
                    if link is not None:
                        path.append(net.step(link.edges[0][0], person))
                    path.append(net.step(ctx.links[relative][runs[0]].edges[0][0], relative))
                    paths.append(path)
        kinds = sorted(
            {net.kinds[link.edges[-1][1]] or net.types[link.edges[-1][1]] for link in firms.values()}
        )
        values = {"subject": net.labels[body], "n": len(firms), "kind": " and ".join(kinds)}
        out.append(make_finding(ctx, "mission_business", sorted(subjects), paths, values))
        for firm, link in sorted(firms.items()):
            if net.types[link.edges[-1][1]] == "address":
                path = [net.step(e, frm) for e, frm in link.edges]
                where = {"subject": net.labels[firm], "target": net.labels[body]}
                out.append(make_finding(ctx, "mission_co_location", [firm], [path], where))
    return out


def _amount(raw: Any) -> float | None:
    try:
        return float(raw)
    except (TypeError, ValueError):
        return None


def ledger_netting(ctx: Context) -> list[Finding]:
    """FIN-09: linked firms trade one way but settle rarely, by round-sum balancing transfers.

    Goods value seller -> buyer (orders) against payments buyer -> seller, per currency; the firms
    must be linked (control, a shared director or owner, or a shared identifier), since unrelated
    firms would not extend each other that credit.
    """
    net = ctx.net
    params = ctx.config.method("ledger_netting").params
    min_orders = int(params.get("min_orders", 2))
    max_share = float(params.get("max_paid_share", 0.3))
    unit = float(params.get("round_unit", 1000))
    sold: dict[tuple[int, int, str], list[tuple[int, float]]] = defaultdict(list)
    paid: dict[tuple[int, int, str], list[tuple[int, float]]] = defaultdict(list)
    for node, t in enumerate(net.types):
        if t not in ("order", "payment"):
            continue
        attrs = net.attrs(node)
        value = _amount(attrs.get("total_value") if t == "order" else attrs.get("amount"))
        currency = str(attrs.get("currency") or "")
        if value is None or value <= 0:
            continue
        roles: dict[str, list[int]] = defaultdict(list)
        for e in net.incident[node]:
            roles[net.etype[e]].append(e)
        if t == "order":
            for es in roles["seller"]:
                for eb in roles["buyer"]:
                    sold[(net.src[es], net.src[eb], currency)].append((es, value))
        else:
            for ep in roles["payer"]:
                for eq in roles["beneficiary"]:
                    paid[(net.src[eq], net.src[ep], currency)].append((ep, value))
    controllers: dict[int, set[int]] = defaultdict(set)
    for e, t in enumerate(net.etype):
        if t in ("directs", "owns") and net.kinds[net.src[e]] == "person":
            controllers[net.dst[e]].add(net.src[e])
    out = []
    for (seller, buyer, currency), orders in sorted(sold.items()):
        if seller == buyer or len(orders) < min_orders or not ctx.is_party(seller) or not ctx.is_party(buyer):
            continue
        settlements = paid.get((seller, buyer, currency), [])
        goods = sum(v for _, v in orders)
        total = sum(v for _, v in settlements)
        if not settlements or total > max_share * goods:
            continue
        if not any(v % unit == 0 for _, v in settlements):
            continue
        link = ctx.links.get(seller, {}).get(buyer)
        shared = controllers[seller] & controllers[buyer]
        if (link is None or link.kind not in ("control", "identifier")) and not shared:
            continue
        paths = [[net.step(e, net.src[e])] for e, _ in orders + settlements]
        if link is not None and link.kind in ("control", "identifier"):
            paths.append([net.step(e, n) for e, n in link.edges])
        for person in sorted(shared)[:1]:
            paths.append(
                [
                    net.step(e, person)
                    for e in net.incident[person]
                    if net.etype[e] in ("directs", "owns") and net.other(e, person) in (seller, buyer)
                ]
            )
        values = {
            "subject": net.labels[seller],
            "target": net.labels[buyer],
            "orders": len(orders),
            "value": round(goods, 2),
            "currency": currency,
            "paid": round(total, 2),
        }
        out.append(make_finding(ctx, "ledger_netting", [seller, buyer], paths, values))
    return out


def shared_payout_identities(ctx: Context) -> list[Finding]:
    """FIN-20 [G]: one account receives pay for several differently named individuals, one of whom is
    paid at a bank outside the country they claim.

    An individual's account is personal: two identities paid into it are one worker with several
    profiles, or a collector for several; banking abroad is what makes the profiles inconsistent.
    """
    net = ctx.net
    min_ids = int(ctx.config.method("shared_payout_identities").params.get("min_identities", 2))
    limit = ctx.config.identity.max_sharing
    paid = {
        net.src[e] if net.types[net.src[e]] == "party" else net.dst[e]
        for e, t in enumerate(net.etype)
        if t == "beneficiary"
    }

    def abroad(person: int) -> bool:
        home = net.countries[person]
        for e in net.incident[person]:
            if net.etype[e] == "banks_with":
                bank_country = net.countries[net.other(e, person)]
                if home and bank_country and bank_country.lower() != home.lower():
                    return True
        return False

    out = []
    for node, t in enumerate(net.types):
        if t != "identifier" or net.kinds[node] not in ("account", "iban"):
            continue
        holders = [
            (net.other(e, node), e)
            for e in net.incident[node]
            if net.kinds[net.other(e, node)] == "person" and net.types[net.other(e, node)] == "party"
        ]
        if len(holders) < min_ids or len(holders) > limit:
            continue
        payees = [(p, e) for p, e in holders if p in paid]
        distinct: list[tuple[int, int]] = []
        for person, edge in payees:
            if not any(ctx.same_name(person, other) for other, _ in distinct):
                distinct.append((person, edge))
        if len(distinct) < min_ids or not any(abroad(p) for p, _ in payees):
            continue
        subjects = sorted({p for p, _ in holders})
        paths = [[net.step(e, p)] for p, e in holders]
        values = {"n": len(distinct), "value": net.labels[node]}
        out.append(make_finding(ctx, "shared_payout_identities", subjects, paths, values))
    return out


def _sharing(ctx: Context) -> dict[int, list[tuple[int, int]]]:
    """Identifier node -> (party, edge) of the distinct, differently named parties that hold it."""
    net = ctx.net
    limit = ctx.config.identity.max_sharing
    kinds = set(ctx.config.identity.link_kinds)
    out: dict[int, list[tuple[int, int]]] = {}
    for node, t in enumerate(net.types):
        if t not in ("identifier", "address") or (net.kinds[node] or "address") not in kinds:
            continue
        holders = [(net.other(e, node), e) for e in net.incident[node] if ctx.is_party(net.other(e, node))]
        if len(holders) < 2 or len(holders) > limit:
            continue
        distinct: list[tuple[int, int]] = []
        for party, edge in holders:
            if not any(ctx.same_name(party, other) for other, _ in distinct):
                distinct.append((party, edge))
        if len(distinct) >= 2:
            out[node] = distinct
    return out


def shared_identifiers(ctx: Context) -> list[Finding]:
    """NET-01: distinct parties (not one actor's aliases) share strong identifiers of several kinds.

    One shared value alone is common by chance (two firms at one street number, a recycled phone);
    fronts share a PO box, a phone and a director at once, so a pair must share `min_kinds` kinds.
    """
    net = ctx.net
    min_kinds = int(ctx.config.method("shared_identifiers").params.get("min_kinds", 2))
    weak = ctx.config.identity.corroborating_kinds
    pairs: dict[tuple[int, int], dict[str, list[tuple[int, int]]]] = defaultdict(lambda: defaultdict(list))
    registered = [any("/" not in m for m in members) for members in net.members]
    for node, holders in _sharing(ctx).items():
        kind = net.kinds[node] or net.types[node]
        for a, ea in holders:
            for b, eb in holders:
                # Two registered entities: a transaction mention sharing a registered firm's account or
                # number is most likely that firm written differently, which resolution did not join.
                if a < b and registered[a] and registered[b]:
                    pairs[(a, b)][kind].append((ea, eb))
    for a, nbrs in ctx.links.items():
        for b, link in nbrs.items():
            if a < b and link.kind == "control" and (a, b) in pairs:
                pairs[(a, b)]["control"].append((link.edges[0][0], link.edges[0][0]))

    # A shared registration number makes two nodes one company, not two fronts; and at least one shared
    # kind must be declared by registries on both sides (transaction mentions are attached to entities
    # by resolution, which can pick the wrong one of two similar names).
    def declared(edges: list[tuple[int, int]]) -> bool:
        return any(
            not net.esource[ea].startswith("assessed") and not net.esource[eb].startswith("assessed")
            for ea, eb in edges
        )

    # A brand's website is shared by all its companies: between two of them it says nothing.
    for pair, by_kind in pairs.items():
        if set(by_kind) & set(weak) and ctx.same_brand(*pair):
            for kind in weak:
                by_kind.pop(kind, None)
    strong = [
        (p, k)
        for p, k in pairs.items()
        if distinct_kinds(k, weak) >= min_kinds
        and "registration" not in k
        and any(declared(v) for v in k.values())
    ]
    groups = _merge_sets([set(pair) for pair, _ in strong])
    out = []
    for group in sorted(groups, key=min):
        paths = []
        kinds: set[str] = set()
        for (a, b), shared in strong:
            if a in group:
                kinds.update(shared)
                for kind, edges in shared.items():
                    ea, eb = edges[0]
                    if kind == "control":
                        paths.append([net.step(ea, a)])
                    else:
                        paths.append([net.step(ea, a), net.step(eb, net.other(eb, b))])
        values = {"n": len(group), "kind": " and ".join(sorted(kinds)), "value": ""}
        out.append(
            make_finding(
                ctx, "shared_identifiers", sorted(group), paths, values, details={"kinds": sorted(kinds)}
            )
        )
    return out


def merged_registrations(ctx: Context) -> list[Finding]:
    """NET-01 after resolution: one resolved party holds several registered companies' numbers.

    Entity resolution joins records that share names, addresses, phones and directors; when it joins
    two companies with different registration numbers, the shared identifiers made them look like one
    actor: exactly the front-company pattern NET-01 describes.
    """
    net = ctx.net
    min_registrations = int(ctx.config.method("shared_identifiers").params.get("min_registrations", 3))
    similar = ctx.config.identity.same_name_similarity
    out = []
    for node, t in enumerate(net.types):
        if t != "party" or net.kinds[node] != "org":
            continue
        edges = [
            e
            for e in net.incident[node]
            if net.etype[e] == "has_registration"
            and net.esource[e].startswith("list:")
            and net.src[e] == node
        ]
        names: list[str] = []
        for e in edges:
            key = _key(str(net.edge_attrs(e).get("name") or ""))
            if key and not any(fuzz.token_set_ratio(key, k) >= 100 * similar for k in names):
                names.append(key)
        if len({net.dst[e] for e in edges}) < min_registrations or len(names) < min_registrations:
            continue
        # The registered companies must themselves declare a shared phone or address (similar
        # names alone merge unrelated firms of one brand).
        companies = {net.eref[e] for e in edges}
        shared = [
            e
            for e in net.incident[node]
            if net.src[e] == node
            and net.etype[e] in ("has_phone", "located_at")
            and net.esource[e].startswith("list:")
            and len(companies & {net.eref[e], *net.edge_attrs(e).get("refs", [])}) >= 2
        ]
        if shared:
            values = {"n": len(edges), "kind": "registration numbers", "value": net.labels[node]}
            out.append(
                make_finding(
                    ctx,
                    "shared_identifiers",
                    [node],
                    [[net.step(e, node)] for e in edges + shared],
                    values,
                    details={"registrations": [net.labels[net.dst[e]] for e in edges]},
                )
            )
    return out


def _key(name: str) -> str:
    keys = name_keys(name, False) if name else ()
    return keys[0] if keys else ""


def hub_and_spoke(ctx: Context) -> list[Finding]:
    """NET-05: one person directs or owns many companies."""
    net = ctx.net
    params = ctx.config.method("hub_and_spoke").params
    low, high = int(params.get("min_companies", 5)), int(params.get("max_companies", 60))
    out = []
    for node, kind in enumerate(net.kinds):
        if kind != "person" or net.types[node] != "party":
            continue
        edges = [e for e in net.incident[node] if net.etype[e] in ("directs", "owns") and net.src[e] == node]
        edges = [e for e in edges if ctx.is_party(net.dst[e])]
        # An edge to a resolved party counts every registered company behind it (its relations).
        count = sum(int(net.edge_attrs(e).get("count", 1)) for e in edges)
        # A node that joins several registry persons of one name is homonyms, not one hub: per person.
        people = sum(1 for m in net.members[node] if "/" not in m) or 1
        count //= people
        if low <= count <= high:
            companies = sorted({net.dst[e] for e in edges})
            paths = [[net.step(e, node)] for e in edges]
            out.append(
                make_finding(
                    ctx, "hub_and_spoke", [node, *companies], paths, {"subject": net.labels[node], "n": count}
                )
            )
    return out


def _deal_parties(ctx: Context) -> dict[int, dict[str, list[tuple[int, int]]]]:
    """Deal root -> role -> (party, edge)."""
    out: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for deal, parties in ctx.roles.items():
        roles: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for party, role, edge in parties:
            roles[role].append((party, edge))
        out[deal] = roles
    return out


def _affiliated(ctx: Context, a: int, b: int) -> bool:
    """Same party, or linked by control or identifiers within two hops (a parent and its mention)."""
    if a == b:
        return True
    near = {n for n, link in ctx.links.get(a, {}).items() if link.kind in ("control", "identifier")}
    if b in near:
        return True
    return any(b in ctx.links.get(n, {}) and ctx.links[n][b].kind in ("control", "identifier") for n in near)


def money_goods_divergence(ctx: Context) -> list[Finding]:
    """NET-07: the payer of a deal is not on its goods side (buyer, consignee, end user) nor affiliated."""
    net = ctx.net
    out = []
    registered = [any("/" not in m for m in members) for members in net.members]
    for deal, roles in sorted(_deal_parties(ctx).items()):
        goods_side = [
            p for r in ("buyer", "consignee", "end_user", "notify_party") for p, _ in roles.get(r, [])
        ]
        # A buyer only known from this record may be the payer's own affiliate, written so that
        # resolution did not join it: nothing can be said about affiliation then.
        if not goods_side or not all(registered[g] for g in goods_side):
            continue
        for payer, edge in roles.get("payer", []):
            if any(_affiliated(ctx, payer, g) or ctx.same_name(payer, g) for g in goods_side):
                continue
            buyer = goods_side[0]
            path = [net.step(edge, payer)]
            order_edges = [e for e in net.incident[deal] if net.src[e] == buyer and net.etype[e] in BUY_SIDE]
            path += [net.step(e, deal) for e in order_edges[:1]]
            out.append(
                make_finding(
                    ctx,
                    "money_goods_divergence",
                    [payer, buyer],
                    [path],
                    {"subject": net.labels[payer], "order": net.ids[deal]},
                )
            )
    return out


#: Party types (as a record declares them) that are paid for a service rather than for goods.
_SERVICES = frozenset({"forwarder", "logistics", "carrier", "bank"})


def unexplained_payees(ctx: Context, network: set[int]) -> list[Finding]:
    """NET-07, money side: a member of a network (`network`) pays a party that is on the goods side of
    none of its deals (a commission, a pay-through), and the two are not affiliated.

    A payment tied to an order whose seller is paid is ordinary; money from a front to a party that
    sold nothing to it nor to the order paid is where the money path leaves the goods path.
    """
    net = ctx.net
    goods_partners: dict[int, set[int]] = defaultdict(set)
    for parties in ctx.roles.values():
        sellers = {p for p, r, _ in parties if r in ("seller", "shipper", "manufacturer")}
        for p, r, _ in parties:
            if r in BUY_SIDE:
                goods_partners[p] |= sellers
    pays_on = {p for parties in ctx.roles.values() for p, r, _ in parties if r == "payer"}
    out = []
    for deal, roles in sorted(_deal_parties(ctx).items()):
        sellers = {p for r in ("seller", "shipper", "manufacturer") for p, _ in roles.get(r, [])}
        for payer, pay_edge in roles.get("payer", []):
            if payer not in network:
                continue
            for payee, edge in roles.get("beneficiary", []):
                if payee in network or payee in sellers or payee in goods_partners[payer]:
                    continue
                # A carrier, forwarder or agent is paid for its service (a canal agent for a passage);
                # it is a pay-through only when it passes money on.
                if net.edge_attrs(edge).get("party_type") in _SERVICES and payee not in pays_on:
                    continue
                if not ctx.is_party(payee) or _affiliated(ctx, payer, payee) or ctx.same_name(payer, payee):
                    continue
                if any(ctx.same_name(payee, seller) for seller in sellers):
                    continue  # the seller, written so that resolution did not join it
                path = [net.step(pay_edge, payer), net.step(edge, net.other(edge, payee))]
                values = {"subject": net.labels[payee], "payer": net.labels[payer], "payment": net.ids[deal]}
                out.append(make_finding(ctx, "unexplained_payee", [payee], [path], values))
    return out


def layered_intermediaries(ctx: Context, network: set[int]) -> list[Finding]:
    """NET-06: parties buy goods of a heading and resell the same heading within days, in a chain that
    ends at a designated party or one of its network (`network`): layers between maker and user.
    Distributors reselling to ordinary customers do the same every day; the end of the chain decides.
    """
    net = ctx.net
    max_days = int(ctx.config.method("layered_intermediaries").params.get("max_days", 60))
    bought: dict[int, list[tuple[dt.date, str, int]]] = defaultdict(list)
    sold: dict[int, list[tuple[dt.date, str, int, int]]] = defaultdict(list)
    for deal, roles in _deal_parties(ctx).items():
        if net.types[deal] != "order":
            continue
        attrs = net.attrs(deal)
        date = net.first_date[deal]
        if date is None:
            continue
        for hs in attrs.get("hs", []):
            for party, edge in roles.get("buyer", []):
                bought[party].append((date, hs[:4], edge))
            for party, edge in roles.get("seller", []):
                for buyer, _ in roles.get("buyer", []):
                    sold[party].append((date, hs[:4], edge, buyer))
    resale: dict[int, tuple[int, int, int, str, int]] = {}
    for party, sales in sold.items():
        for date, hs, sale_edge, buyer in sales:
            for bdate, bhs, buy_edge in bought.get(party, []):
                if bhs == hs and 0 <= (date - bdate).days <= max_days and buyer != party:
                    resale[party] = (buyer, buy_edge, sale_edge, hs, (date - bdate).days)
    out = []
    for party, (buyer, buy_edge, sale_edge, hs, days) in sorted(resale.items()):
        # A chain towards the network: the buyer is in it, or resells to it.
        end = resale[buyer][0] if buyer in resale else buyer
        if not (net.designated[end] or end in network or net.designated[buyer] or buyer in network):
            continue
        path = [net.step(buy_edge, party), net.step(sale_edge, party)]
        out.append(
            make_finding(
                ctx,
                "layered_intermediaries",
                [party, buyer],
                [path],
                {"subject": net.labels[party], "hs": hs, "days": days, "target": net.labels[buyer]},
            )
        )
    return out


def order_splitting(ctx: Context) -> list[Finding]:
    """ORD-17: linked buyers (sharing identifiers) place several orders of one heading within a window."""
    net = ctx.net
    params = ctx.config.method("order_splitting").params
    window, min_orders, min_buyers = (
        int(params.get(k, d)) for k, d in (("window_days", 90), ("min_orders", 3), ("min_buyers", 2))
    )
    # Linked as NET-01 links them (REDFLAGS 5.2: the clusters of ORD-17 come from NET-01): identifiers of
    # `min_kinds` kinds shared, or control; one shared value alone is a coincidence in a large market.
    min_kinds = int(ctx.config.method("shared_identifiers").params.get("min_kinds", 2))
    weak = ctx.config.identity.corroborating_kinds
    kinds_of: dict[tuple[int, int], set[str]] = defaultdict(set)
    for node, holders in _sharing(ctx).items():
        kind = net.kinds[node] or net.types[node]
        for a, _ in holders:
            for b, _ in holders:
                if a < b:
                    kinds_of[(a, b)].add(kind)
    for a, nbrs in ctx.links.items():
        for b, link in nbrs.items():
            if a < b and link.kind == "control" and net.etype[link.edges[0][0]] != "same_as_listed":
                kinds_of[(a, b)].add("control")
    merged = _merge_sets(
        [set(pair) for pair, kinds in kinds_of.items() if distinct_kinds(kinds, weak) >= min_kinds]
    )
    orders_of: dict[int, list[tuple[dt.date, str, int, int]]] = defaultdict(list)
    for deal, roles in _deal_parties(ctx).items():
        if net.types[deal] != "order" or net.first_date[deal] is None:
            continue
        for party, edge in roles.get("buyer", []):
            for hs in net.attrs(deal).get("hs", []):
                orders_of[party].append((net.first_date[deal], hs[:4], deal, edge))  # type: ignore[arg-type]
    out = []
    for group in merged:
        rows = sorted((row, p) for p in group for row in orders_of.get(p, []))
        by_hs: dict[str, list[tuple[tuple[dt.date, str, int, int], int]]] = defaultdict(list)
        for row, party in rows:
            by_hs[row[1]].append((row, party))
        for hs, items in sorted(by_hs.items()):
            best = _densest(items, window)
            buyers = sorted({p for _, p in best})
            if len(best) >= min_orders and len(buyers) >= min_buyers:
                paths = [[net.step(row[3], party)] for row, party in best]
                out.append(
                    make_finding(
                        ctx,
                        "order_splitting",
                        buyers,
                        paths,
                        {"n": len(buyers), "orders": len(best), "hs": hs, "days": window},
                    )
                )
    return out


def _densest(items: list[Any], window: int) -> list[Any]:
    best: list[Any] = []
    start = 0
    for end in range(len(items)):
        while (items[end][0][0] - items[start][0][0]).days > window:
            start += 1
        if end - start + 1 > len(best):
            best = items[start : end + 1]
    return best


def _merge_sets(groups: list[set[int]]) -> list[set[int]]:
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in groups:
        first = next(iter(group))
        for other in group:
            parent[find(other)] = find(first)
    out: dict[int, set[int]] = defaultdict(set)
    for x in parent:
        out[find(x)].add(x)
    return list(out.values())


def circuitous_payments(ctx: Context) -> list[Finding]:
    """FIN-18: a payment's money path (payer, banks, intermediaries, beneficiary) spans many jurisdictions."""
    net = ctx.net
    limit = int(ctx.config.method("circuitous_payment").params.get("min_jurisdictions", 4))
    out = []
    for node, t in enumerate(net.types):
        if t != "payment":
            continue
        countries = net.attrs(node).get("money_countries", [])
        if len(countries) >= limit:
            payers = [net.src[e] for e in net.incident[node] if net.etype[e] == "payer"]
            path = [
                net.step(e, net.src[e] if net.src[e] != node else node)
                for e in net.incident[node]
                if net.etype[e] in ("payer", "beneficiary", "via_bank")
            ]
            out.append(
                make_finding(
                    ctx,
                    "circuitous_payment",
                    payers or [node],
                    [path],
                    {"subject": net.ids[node], "n": len(countries)},
                    details={"countries": countries},
                )
            )
    return out


def _conduct_deals(ctx: Context) -> set[int]:
    """Deals the red-flag rules rated high on their own records (stored assessments, `conduct: high`)."""
    net = ctx.net
    return {
        deal
        for node, deal in ctx.deal_of.items()
        if (raw := net.node_attrs[node]) and '"conduct"' in raw and net.attrs(node).get("conduct") == "high"
    }


def _declared_types(ctx: Context) -> dict[int, str]:
    """Party -> the type most of its records give it (trading, forwarder, manufacturer...)."""
    net = ctx.net
    seen: dict[int, Counter[str]] = defaultdict(Counter)
    for parties in ctx.roles.values():
        for party, _, edge in parties:
            raw = net.eattrs[edge]
            if raw and "party_type" in raw and (kind := net.edge_attrs(edge).get("party_type")):
                seen[party][kind] += 1
    return {party: counts.most_common(1)[0][0] for party, counts in seen.items()}


def _densest_window(dated: list[tuple[dt.date, int, int]], days: int) -> list[tuple[dt.date, int, int]]:
    """The (date, deal, edge) entries of the span of `days` that holds the most distinct deals."""
    dated = sorted(dated)
    inside: Counter[int] = Counter()
    best, span = 0, (0, 0)
    first = 0
    for last, (day, deal, _) in enumerate(dated):
        inside[deal] += 1
        while (day - dated[first][0]).days > days:
            inside[dated[first][1]] -= 1
            if not inside[dated[first][1]]:
                del inside[dated[first][1]]
            first += 1
        if len(inside) > best:
            best, span = len(inside), (first, last + 1)
    return dated[span[0] : span[1]]


def recurring_facilitators(ctx: Context, flagged: set[int]) -> list[Finding]:
    """NET-12: the same facilitator recurs across flagged deals within a window (REDFLAGS: "facilitator
    appears in >= 3 flagged deals within 24 months").

    A facilitator serves a deal in a service role (forwarder, broker, agent...) or is a firm its records
    call one of `types` (REDFLAGS names forwarders, trading firms, banks and agents), in any role. A deal
    is flagged when a party the graph found takes part on either side, or when the red-flag rules rated
    the deal's own conduct high (`conduct_band` of its newest stored assessment; list matches and graph
    findings are not part of it). A big firm touches flagged deals by volume alone, so the flagged deals
    must also be `min_share` of all its deals.
    """
    net = ctx.net
    params = ctx.config.method("recurring_facilitators").params
    min_deals, roles = int(params.get("min_deals", 3)), set(params.get("roles", []))
    types, window = set(params.get("types", [])), int(params.get("window_days", 730))
    min_share = float(params.get("min_share", 0.3))
    declared = _declared_types(ctx) if types else {}
    conduct = _conduct_deals(ctx)
    served: dict[int, list[tuple[dt.date, int, int]]] = defaultdict(list)
    total: dict[int, set[int]] = defaultdict(set)
    for deal, parties in ctx.roles.items():
        bad = deal in conduct or any(p in flagged for p, r, _ in parties if r in BUY_SIDE or r in SELL_SIDE)
        for party, role, edge in parties:
            if party in flagged or (role not in roles and declared.get(party) not in types):
                continue
            total[party].add(deal)
            if bad and (day := net.edate[edge]) is not None:
                served[party].append((day, deal, edge))
    out = []
    for party, dated in sorted(served.items()):
        inside = _densest_window(dated, window)
        distinct = {d for _, d, _ in inside}
        if len(distinct) < min_deals or len(distinct) < min_share * len(total[party]):
            continue
        first: dict[int, int] = {}
        for _, deal, edge in inside:
            first.setdefault(deal, edge)
        paths = [[net.step(edge, party)] for edge in list(first.values())[:10]]
        values = {"subject": net.labels[party], "n": len(distinct), "months": round(window / 30.4)}
        out.append(make_finding(ctx, "recurring_facilitators", [party], paths, values))
    return out
