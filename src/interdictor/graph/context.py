"""The party-level view the detectors share: deals, sides, control and identifier links.

A deal is an order with the records that point to it (payments, shipments, licence applications,
certificates); a record without an order is its own deal. Within a deal, parties are on the buying
side (buyer, consignee, end user, payer...), the selling side (seller, shipper, beneficiary...) or
neutral (forwarder, carrier, bank...). Risk travels from a designated party to its direct
counterparties, and further only along control, shared identifiers and the same side of a deal:
that keeps the honest suppliers of a front out of its network.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz

from interdictor.graph.config import NetworkConfig
from interdictor.graph.load import NetGraph
from interdictor.resolve.keys import name_keys

__all__ = ["BUY_SIDE", "CONTROL", "SELL_SIDE", "Context", "Link", "distinct_kinds"]

BUY_SIDE = frozenset({"buyer", "consignee", "end_user", "notify_party", "intermediate_consignee", "payer"})
SELL_SIDE = frozenset({"seller", "manufacturer", "shipper", "beneficiary", "applicant"})
CONTROL = frozenset(
    {
        "owns",
        "directs",
        "linked",
        "family",
        "associate",
        "employed_by",
        "member_of",
        "represents",
        "succeeded_by",
        "same_as_listed",
    }
)
RECORD_TYPES = frozenset({"order", "shipment", "payment", "document"})

#: Kinds of identifier that say one thing when shared together: a website and the e-mail written from
#: its domain are one organisation's domain, not two independent identifiers.
_SAME_FACT = {"website": "email"}


def distinct_kinds(kinds: Iterable[str], corroborating: Iterable[str] = ()) -> int:
    """How many independent kinds of identifier (and control) two parties share (NET-01's `min_kinds`).

    A `corroborating` kind (a website) counts only beside another shared identifier: a parent and its
    subsidiary sharing the group's website share nothing covert."""
    shared, weak = set(kinds), set(corroborating)
    if not shared - weak - {"control"}:
        shared -= weak
    return len({_SAME_FACT.get(k, k) for k in shared})


@dataclass(frozen=True, slots=True)
class Link:
    """A party-to-party link and the edges that prove it (one edge, or two through an identifier)."""

    kind: str  # control | identifier | counterparty | same_side
    edges: tuple[tuple[int, int], ...]  # (edge id, walked from node)


@dataclass
class Context:
    net: NetGraph
    config: NetworkConfig
    deals: dict[int, list[int]] = field(default_factory=dict)

    def is_party(self, node: int) -> bool:
        return self.net.types[node] == "party" and self.net.kinds[node] != "bank"

    def is_actor(self, node: int) -> bool:
        """Parties (not banks) and vessels: what a network is made of."""
        return self.is_party(node) or self.net.types[node] == "vessel"

    @cached_property
    def seeds(self) -> list[int]:
        """Designated actors a network is walked from: not the possible matches of a name (several
        registered companies of a designated name, or qualifiers that contradict the list entry)."""
        net = self.net
        return [
            n for n, flag in enumerate(net.designated) if flag and self.is_actor(n) and not self.ambiguous(n)
        ]

    def ambiguous(self, node: int) -> bool:
        """A possible match only: one of several registered companies carrying a designated name, or one
        whose registration number, address or incorporation contradicts the list entry it is named as."""
        raw = self.net.node_attrs[node]
        if not raw:
            return False
        attrs = self.net.attrs(node)
        return "ambiguous_name_match" in attrs or "possible_match" in attrs

    @cached_property
    def shared_kinds(self) -> dict[tuple[int, int], set[str]]:
        """(a, b) with a < b -> the kinds of identifier the two parties share (email, phone, address...);
        a website counts as an e-mail (`distinct_kinds`)."""
        net = self.net
        limit = self.config.identity.max_sharing
        kinds = set(self.config.identity.link_kinds)
        out: dict[tuple[int, int], set[str]] = defaultdict(set)
        for node, t in enumerate(net.types):
            kind = net.kinds[node] or "address"
            if t not in ("identifier", "address") or kind not in kinds:
                continue
            holders = sorted(
                {net.other(e, node) for e in net.incident[node] if self.is_party(net.other(e, node))}
            )
            if 2 <= len(holders) <= limit:
                for i, a in enumerate(holders):
                    for b in holders[i + 1 :]:
                        out[(a, b)].add(_SAME_FACT.get(kind, kind))
        return out

    def joined_people(self, node: int) -> int:
        """How many registry persons a person node joins (resolution joins people on little more than a
        name: two or more are likely namesakes, whose links say nothing about each other)."""
        if self.net.kinds[node] != "person":
            return 0
        return sum(1 for m in self.net.members[node] if "/" not in m)

    @cached_property
    def deal_of(self) -> dict[int, int]:
        """Record node -> deal root (its order, or itself)."""
        net = self.net
        out: dict[int, int] = {}
        for e, t in enumerate(net.etype):
            if t == "for_order":
                out[net.src[e]] = net.dst[e]
        for node, t in enumerate(net.types):
            if t in RECORD_TYPES and node not in out and net.ids[node].split(":", 1)[0] in RECORD_TYPES:
                out[node] = node
        return out

    @cached_property
    def roles(self) -> dict[int, list[tuple[int, str, int]]]:
        """Deal root -> (party, role, edge) of every record of the deal."""
        net = self.net
        deal_of = self.deal_of
        out: dict[int, list[tuple[int, str, int]]] = defaultdict(list)
        for e, (s, d) in enumerate(zip(net.src, net.dst, strict=True)):
            if net.types[s] == "party" and d in deal_of and net.etype[e] not in ("banks_with",):
                out[deal_of[d]].append((s, net.etype[e], e))
        return out

    @cached_property
    def links(self) -> dict[int, dict[int, Link]]:
        """Actor -> neighbour -> the strongest link (control > identifier > same side > counterparty)."""
        net = self.net
        rank = {"control": 0, "identifier": 1, "same_side": 2, "counterparty": 3}
        out: dict[int, dict[int, Link]] = defaultdict(dict)

        edate = net.edate

        def add(a: int, b: int, link: Link) -> None:
            if a == b:
                return
            old = out[a].get(b)
            if old is None or rank[link.kind] < rank[old.kind]:
                out[a][b] = link
            elif rank[link.kind] == rank[old.kind] and link.kind == "counterparty":
                # Keep the latest trade: whether it came after a designation is what matters.
                new_date, old_date = edate[link.edges[0][0]], edate[old.edges[0][0]]
                if new_date and (old_date is None or new_date > old_date):
                    out[a][b] = link

        for e, t in enumerate(net.etype):
            s, d = net.src[e], net.dst[e]
            if t in CONTROL and self.is_actor(s) and self.is_actor(d):
                add(s, d, Link("control", ((e, s),)))
                add(d, s, Link("control", ((e, d),)))
        limit = self.config.identity.max_sharing
        kinds = set(self.config.identity.link_kinds) - set(self.config.identity.corroborating_kinds)
        for node, t in enumerate(net.types):
            if t not in ("identifier", "address") or (net.kinds[node] or "address") not in kinds:
                continue
            holders = [
                (net.other(e, node), e) for e in net.incident[node] if self.is_party(net.other(e, node))
            ]
            if len(holders) < 2 or len(holders) > limit:
                continue
            for a, ea in holders:
                for b, eb in holders:
                    if a != b:
                        add(a, b, Link("identifier", ((ea, a), (eb, node))))
        for parties in self.roles.values():
            actors = [(p, r, e) for p, r, e in parties if self.is_party(p)]
            if len(actors) > 40:
                continue
            for a, ra, ea in actors:
                for b, rb, eb in actors:
                    if a == b:
                        continue
                    same = (ra in BUY_SIDE and rb in BUY_SIDE) or (ra in SELL_SIDE and rb in SELL_SIDE)
                    principals = (ra in BUY_SIDE or ra in SELL_SIDE) and (rb in BUY_SIDE or rb in SELL_SIDE)
                    if not same and not principals:
                        continue  # a forwarder or carrier moving goods for a party is not its partner
                    add(a, b, Link("same_side" if same else "counterparty", ((ea, a), (eb, net.dst[eb]))))
        return out

    @cached_property
    def name_keys(self) -> list[tuple[str, ...]]:
        net = self.net
        return [
            name_keys(label, net.kinds[i] == "person") if net.types[i] == "party" else ()
            for i, label in enumerate(net.labels)
        ]

    @cached_property
    def _common_words(self) -> frozenset[str]:
        from interdictor.screening.vocab import default_frequencies

        floor = self.config.identity.brand_common_count
        return frozenset(word for word, count in default_frequencies().other.items() if count >= floor)

    def brand_words(self, node: int) -> frozenset[str]:
        """The words of an organisation's main name that are neither places nor common in names."""
        keys = self.name_keys[node]
        if not keys or self.net.kinds[node] == "person":
            return frozenset()
        from interdictor.screening.names import is_place

        common = self._common_words
        return frozenset(w for w in keys[0].split() if w not in common and not is_place(w) and len(w) > 2)

    def same_brand(self, a: int, b: int) -> bool:
        """Two differently named organisations of one brand (a group's companies): a brand word shared."""
        return bool(self.brand_words(a) & self.brand_words(b)) and not self.same_name(a, b)

    def same_name(self, a: int, b: int) -> bool:
        """Whether two nodes are probably one actor written twice (alias), by their names."""
        ka, kb = self.name_keys[a], self.name_keys[b]
        if not ka or not kb:
            return False
        limit = 100 * self.config.identity.same_name_similarity
        return any(fuzz.token_set_ratio(x, y) >= limit for x in ka[:1] for y in kb[:1])

    def path(self, link: Link) -> list[tuple[int, int]]:
        return list(link.edges)
