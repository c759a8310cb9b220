"""Detectors over trade and accounts: chokepoint traders (NET-11), overseas bank representatives (NET-10)
and capability bundles accumulated by one resolved party and the buyers NET-01 links to it (EU-08).

Countries of concern are a reference set of the red-flag rules (`proliferation_concern` unless a
detector's params name another); capability bundles and their coverage test are the rule engine's
(`capability_bundles`, `bundle_coverage`), applied here per resolved party instead of per buyer name.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from interdictor.graph.context import BUY_SIDE, SELL_SIDE, Context
from interdictor.graph.detect_proximity import make_finding
from interdictor.graph.model import Finding, PathStep

__all__ = ["capability_accumulation", "chokepoint_traders", "overseas_bank_representatives", "trade_findings"]


def trade_findings(ctx: Context, found: list[Finding] | None = None) -> list[Finding]:
    """NET-11, NET-10 and EU-08; `found` are the findings so far (EU-08 reads NET-01's groups from them)."""
    linked = None if found is None else [f for f in found if f.method == "shared_identifiers"]
    return [
        *chokepoint_traders(ctx),
        *overseas_bank_representatives(ctx),
        *capability_accumulation(ctx, linked),
    ]


def _concern(ctx: Context, method: str) -> tuple[set[str], str]:
    """Lower-case ISO codes of the countries of concern a detector uses, and their citation."""
    from interdictor.flags.reference import default_reference

    ref = default_reference()
    name = str(ctx.config.method(method).params.get("concern", "proliferation_concern"))
    return {c.lower() for c in ref.get(name)}, ref.cite(name)


def _number(raw: Any) -> float | None:
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return None
    return value if value > 0 else None


def _deal_values(ctx: Context) -> dict[int, tuple[float, str]]:
    """Deal root -> (value, currency): the order's total, else a payment's amount, else a declared value."""
    net = ctx.net
    records: dict[int, list[int]] = defaultdict(list)
    for record, deal in ctx.deal_of.items():
        records[deal].append(record)
    out: dict[int, tuple[float, str]] = {}
    for deal, nodes in records.items():
        for name in ("total_value", "amount", "declared_value"):
            for node in sorted(nodes, key=lambda n: n != deal):
                attrs = net.attrs(node)
                if (value := _number(attrs.get(name))) is not None:
                    out[deal] = (value, str(attrs.get("currency") or ""))
                    break
            if deal in out:
                break
    return out


def chokepoint_traders(ctx: Context) -> list[Finding]:
    """NET-11: a firm's share of its country's trade with a country of concern, from the stored records.

    Per pair (the firm's country, the concern country), each firm trading with a counterparty of that
    country (on the other side of an order, shipment or payment) gets its share of the pair's deals, by
    value when every deal of the pair has a value in one currency, else by count. A firm holding at least
    `min_share`, or among the `top_n` (ties at the cut left out), is reported for priority, only where the
    pair has `min_firms` firms and `min_deals` deals: with a handful of traders every share is large.
    A prioritisation, not a claim of membership (`network_member` false).
    """
    net = ctx.net
    params = ctx.config.method("chokepoint_traders").params
    concern, cited = _concern(ctx, "chokepoint_traders")
    min_firms, min_deals = int(params.get("min_firms", 25)), int(params.get("min_deals", 50))
    min_share, top_n = float(params.get("min_share", 0.05)), int(params.get("top_n", 10))
    #: (firm country, concern country) -> firm -> deal -> the firm's role edge
    trade: dict[tuple[str, str], dict[int, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for deal, parties in ctx.roles.items():
        principals = [
            (p, r, e) for p, r, e in parties if ctx.is_party(p) and (r in BUY_SIDE or r in SELL_SIDE)
        ]
        for firm, role, edge in principals:
            home = net.countries[firm]
            if not home or home in concern:
                continue
            for other, other_role, _ in principals:
                there = net.countries[other]
                if there in concern and (role in BUY_SIDE) != (other_role in BUY_SIDE):
                    trade[(home, there)][firm].setdefault(deal, edge)
    values = _deal_values(ctx)
    out = []
    for (home, there), firms in sorted(trade.items()):
        deals = {d for by_deal in firms.values() for d in by_deal}
        if len(firms) < min_firms or len(deals) < min_deals:
            continue
        by_value = all(d in values for d in deals) and len({values[d][1] for d in deals}) == 1
        weight = {d: values[d][0] if by_value else 1.0 for d in deals}
        total = sum(weight.values())
        share = {f: sum(weight[d] for d in by_deal) / total for f, by_deal in firms.items()}
        ranked = sorted(share.values(), reverse=True)
        cut = ranked[top_n] if len(ranked) > top_n else -1.0
        for firm, part in sorted(share.items(), key=lambda kv: (-kv[1], kv[0])):
            if part < min_share and part <= cut:
                continue
            rank = 1 + sum(1 for s in ranked if s > part)
            biggest = sorted(firms[firm].items(), key=lambda kv: -weight[kv[0]])[:10]
            paths = [[net.step(edge, firm)] for _, edge in biggest]
            basis = (
                f"value ({values[next(iter(deals))][1] or 'one currency'})" if by_value else "count of deals"
            )
            message = {
                "subject": net.labels[firm],
                "share": f"{part:.1%}",
                "pair": f"{home.upper()}-{there.upper()}",
                "basis": basis,
                "rank": rank,
                "firms": len(firms),
                "deals": len(deals),
            }
            out.append(
                make_finding(
                    ctx,
                    "chokepoint_traders",
                    [firm],
                    paths,
                    message,
                    score=part,
                    network_member=False,
                    details={
                        "share": round(part, 4),
                        "rank": rank,
                        "basis": "value" if by_value else "count",
                        "pair": [home, there],
                        "firms": len(firms),
                        "deals": len(deals),
                        "firm_deals": len(firms[firm]),
                        "reference": cited,
                    },
                )
            )
    return out


def overseas_bank_representatives(ctx: Context) -> list[Finding]:
    """NET-10: a national of a country of concern holds or controls, from abroad, an account that several
    unrelated third parties pay or are paid through.

    The account's holder is who a registry or document declares (an account-holder relation); the
    controller is the holder itself when a person, or a person directing or owning the holding company.
    The holder must sit outside the concern countries (a representative abroad). Third parties are the
    parties that payment records show using the account: not the holder, not its alias, not under
    its control, counted once per name; `min_third_parties` of them make the account a pass-through.
    """
    net = ctx.net
    min_third = int(ctx.config.method("overseas_bank_representatives").params.get("min_third_parties", 3))
    concern, cited = _concern(ctx, "overseas_bank_representatives")

    def national(person: int) -> list[str]:
        if net.kinds[person] != "person" or not net.node_attrs[person]:
            return []
        return sorted(set(net.attrs(person).get("nationality", [])) & concern)

    out = []
    for node, kind in enumerate(net.kinds):
        if net.types[node] != "identifier" or kind not in ("account", "iban"):
            continue
        edges = [(net.other(e, node), e) for e in net.incident[node] if ctx.is_party(net.other(e, node))]
        holders = {p: e for p, e in edges if not net.esource[e].startswith("assessed")}
        if not holders:
            continue
        # Controller -> (the chain from controller to the account, its nationalities, the holder)
        reps: dict[int, tuple[list[PathStep], list[str], int]] = {}
        for holder, edge in sorted(holders.items()):
            home = net.countries[holder]
            if not home or home in concern:
                continue
            if nat := national(holder):
                reps.setdefault(holder, ([net.step(edge, holder)], nat, holder))
            for e in net.incident[holder]:
                person = net.src[e]
                if net.etype[e] in ("directs", "owns") and net.dst[e] == holder and (nat := national(person)):
                    reps.setdefault(person, ([net.step(e, person), net.step(edge, holder)], nat, holder))
        if not reps:
            continue
        inside = set(holders) | set(reps)
        third: list[tuple[int, int]] = []
        for party, edge in edges:
            if party in inside or not net.eref[edge] or f"payment:{net.eref[edge]}" not in net.index:
                continue
            if any(ctx.same_name(party, h) for h in inside):
                continue
            if any(link.kind == "control" for h in inside if (link := ctx.links.get(h, {}).get(party))):
                continue
            if not any(p == party or ctx.same_name(party, p) for p, _ in third):
                third.append((party, edge))
        if len(third) < min_third:
            continue
        for person, (chain, nat, holder) in sorted(reps.items()):
            paths = [chain, *([net.step(e, p)] for p, e in third[:10])]
            values = {
                "subject": net.labels[person],
                "nationality": ", ".join(n.upper() for n in nat),
                "account": net.labels[node],
                "holder": net.labels[holder],
                "n": len(third),
            }
            out.append(
                make_finding(
                    ctx,
                    "overseas_bank_representatives",
                    sorted({person, holder}),
                    paths,
                    values,
                    details={
                        "nationality": nat,
                        "account": net.ids[node],
                        "holder": net.ids[holder],
                        "third_parties": sorted(net.labels[p] for p, _ in third),
                        "reference": cited,
                    },
                )
            )
    return out


def _order_families(ctx: Context, order: int) -> set[str]:
    """Key item families of an order's lines as the rule engine classifies them (sensitive lines and
    the systems that parts are for), from the line descriptions and HS codes the graph keeps."""
    from pydantic import ValidationError

    from interdictor.flags.predicates_history import line_families, part_families
    from interdictor.model import LineItem

    net = ctx.net
    items: list[LineItem] = []
    for e in net.incident[order]:
        if net.etype[e] != "contains" or net.src[e] != order:
            continue
        attrs = net.edge_attrs(e)
        line = {
            "line": len(items) + 1,
            "description": attrs.get("description") or "item",
            "part_number": attrs.get("part_number") or None,
            "quantity": Decimal(str(_number(attrs.get("quantity")) or 1)),
            "hs_code": net.attrs(net.dst[e]).get("hs"),
            "parameters": attrs.get("parameters") or [],
        }
        try:
            items.append(LineItem.model_validate(line))
        except ValidationError:
            continue  # stored records were validated; a line that no longer parses says nothing
    return line_families(items, sensitive_only=True) | part_families(items)


def _rule_params(flag: str) -> dict[str, Any]:
    from interdictor.flags import default_catalogue

    spec = next((f for f in default_catalogue() if f.id == flag), None)
    return dict(spec.rule.params) if spec is not None and spec.rule is not None else {}


def capability_accumulation(ctx: Context, linked: list[Finding] | None = None) -> list[Finding]:
    """EU-08 per resolved party: the orders received by one party (all its names, resolved into one
    node) and the buyers NET-01 links to it cover a capability bundle within `days`.

    The receiver of an order is its end user, else its consignee, else its buyer (as the rule reads it);
    bundles and the coverage test are the rule engine's, and so are `days`, `min_families` and
    `min_share` unless the detector's params set them. The path lists the orders that make the bundle.
    `linked` are NET-01's findings when already computed.
    """
    from interdictor.flags.predicates_history import bundle_coverage
    from interdictor.flags.reference import default_reference
    from interdictor.graph.detect_patterns import shared_identifiers

    net = ctx.net
    params = {**_rule_params("EU-08"), **ctx.config.method("capability_accumulation").params}
    days = int(params.get("days", 730))
    ref = default_reference()
    bundles = ref.pairs("capability_bundles")
    rows: dict[int, list[tuple[dt.date, int, int, set[str]]]] = defaultdict(list)
    for deal, parties in ctx.roles.items():
        date = net.first_date[deal]
        if net.types[deal] != "order" or date is None:
            continue
        own = [(p, r, e) for p, r, e in parties if net.dst[e] == deal and ctx.is_party(p)]
        for role in ("end_user", "consignee", "buyer"):
            receivers = [(p, e) for p, r, e in own if r == role]
            if receivers:
                break
        families = _order_families(ctx, deal) if receivers else set()
        if families:
            for party, edge in receivers:
                rows[party].append((date, deal, edge, families))
    cluster: dict[int, frozenset[int]] = {p: frozenset({p}) for p in rows}
    for finding in shared_identifiers(ctx) if linked is None else linked:
        group = frozenset(net.index[s.node_id] for s in finding.subjects)
        for party in group:
            if party in rows:
                cluster[party] = group
    out = []
    for group in sorted(set(cluster.values()), key=min):
        mine = sorted(((row, p) for p in sorted(group) for row in rows.get(p, [])), key=lambda x: x[0][:2])
        best: tuple[float, str, set[str], list[tuple[tuple[dt.date, int, int, set[str]], int]]] | None = None
        for (date, _, _, families), _party in mine:
            window = [(row, p) for row, p in mine if abs((row[0] - date).days) <= days]
            bought = set().union(*(row[3] for row, _ in window))
            found = bundle_coverage(bought, families, bundles, params)
            if found is not None and (best is None or found[2] > best[0]):
                best = (found[2], found[0], found[1], window)
        if best is None:
            continue
        share, bundle, covered, window = best
        used = [(row, p) for row, p in window if row[3] & covered]
        subjects = sorted({p for _, p in used})
        paths = [[net.step(row[2], p)] for row, p in used]
        values = {
            "subject": net.labels[subjects[0]],
            "n": len(subjects) - 1,
            "share": f"{share:.0%}",
            "bundle": bundle,
            "covered": ", ".join(sorted(covered)),
        }
        out.append(
            make_finding(
                ctx,
                "capability_accumulation",
                subjects,
                paths,
                values,
                score=share,
                details={
                    "bundle": bundle,
                    "covered": sorted(covered),
                    "share": round(share, 4),
                    "orders": [net.ids[row[1]] for row, _ in used],
                    "days": days,
                    "reference": ref.cite("capability_bundles"),
                },
            )
        )
    return out
