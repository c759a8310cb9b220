"""From scored pairs to entities: connected components, analysts' decisions, stable cluster ids.

Clusters are the connected components of the pairs at or above the threshold. Components chain,
though: a record holding only a common name would join two namesakes. Analysts' decisions win
over the model: a merge joins two records whatever their score; a split of two records keeps them
apart (no chain of model pairs may join them), and a split of one record keeps it alone except for
merges. Components that cannot go wrong take the fast path (igraph's components); only those
touched by a split, or holding two different phones or web domains, are re-clustered by union-find
over their pairs in descending score order, refusing any union a split or the keys forbid.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import igraph as ig
import numpy as np

__all__ = ["Constraints", "NodeKeys", "cluster_nodes", "inherit_ids"]


@dataclass
class Constraints:
    """Decisions translated to graph nodes: must-link pairs, cannot-link pairs and isolated nodes."""

    merges: list[tuple[int, int]] = field(default_factory=list)
    splits: list[tuple[int, int]] = field(default_factory=list)
    isolated: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.merges or self.splits or self.isolated)


@dataclass
class NodeKeys:
    """Keys that two different companies would not share, as parallel arrays (one row per node key).

    `group` says what a key is (0 phone, 1 web domain, 2 street line in its country); `value` is the
    key as an integer code. A company has one phone, one domain and one address in most records: two
    clusters that each have phones (or domains, or streets) and share none are two companies,
    however similar their names.
    """

    node: np.ndarray
    group: np.ndarray
    value: np.ndarray

    @classmethod
    def from_sets(cls, keys: Sequence[Iterable[str]]) -> NodeKeys:
        """From one set of "p:..." (phone), "d:..." (domain), "s:..." (street) keys per node."""
        codes: dict[str, int] = {}
        rows = [
            (node, "pds".index(key[0]), codes.setdefault(key, len(codes)))
            for node, node_keys in enumerate(keys)
            for key in sorted(node_keys)
        ]
        arr = np.array(rows, dtype=np.int64).reshape(-1, 3)
        return cls(arr[:, 0], arr[:, 1], arr[:, 2])


def _components(n_nodes: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected component of each node (igraph; edges added as one array, not a Python list)."""
    graph = ig.Graph(n=n_nodes, directed=False)
    graph.add_edges(np.stack([left, right], axis=1).astype(np.int64))
    return np.asarray(graph.connected_components().membership, dtype=np.int64)


def _contradicting(n_nodes: int, keys: NodeKeys, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Pairs whose nodes each hold exactly one key of a kind, and different ones: two entities.

    Such a pair is dropped before clustering (on a million records, a million of the 2.7 million
    pairs): the greedy pass would refuse nearly all of them anyway, one Python step each.
    """
    contradicting = np.zeros(len(left), dtype=bool)
    for group in np.unique(keys.group).tolist():
        sel = keys.group == group
        single = np.bincount(keys.node[sel], minlength=n_nodes) == 1
        value = np.full(n_nodes, -1, dtype=np.int64)
        value[keys.node[sel]] = keys.value[sel]
        contradicting |= single[left] & single[right] & (value[left] != value[right])
    return contradicting


def _ambiguous(labels: np.ndarray, keys: NodeKeys) -> np.ndarray:
    """Components holding two or more different keys of one group: the only ones that can conflict."""
    if not len(keys.node):
        return np.empty(0, dtype=np.int64)
    triples = np.unique(_pack(labels[keys.node], keys.group, keys.value))
    component_groups, counts = np.unique(triples >> np.int64(32), return_counts=True)
    return np.unique(component_groups[counts > 1] >> np.int64(2))


def _pack(node: np.ndarray, group: np.ndarray, value: np.ndarray) -> np.ndarray:
    """(node, group, value) as one int64: node in the high 30 bits, group in 2, value in the low 32."""
    packed: np.ndarray = (node.astype(np.int64) << np.int64(34)) | (group.astype(np.int64) << np.int64(32))
    return packed | value.astype(np.int64)


class _UnionFind:
    """Union-find over nodes 0..n-1 keeping each set's keys (and members, when a split needs them),
    so that a union can be refused before it happens.

    A set's keys are one Python set of packed (group, value) integers and a bit mask of the groups
    it has keys in: two sets conflict when they both have keys of a group and share none of it.
    """

    def __init__(self, n: int, cannot: dict[int, set[int]], keys: NodeKeys | None, nodes: np.ndarray) -> None:
        self.parent = list(range(n))
        self.size = [1] * n
        self.cannot = cannot
        self.members: dict[int, set[int]] | None = {} if cannot else None
        self.keys: list[set[int] | None] = [None] * n
        mask = np.zeros(n, dtype=np.int64)
        if keys is not None:
            sel = np.isin(keys.node, nodes)
            node, group = keys.node[sel], keys.group[sel]
            np.bitwise_or.at(mask, node, np.int64(1) << group)
            sets = self.keys
            packed_keys = _pack(np.zeros_like(node), group, keys.value[sel]).tolist()
            for k, packed in zip(node.tolist(), packed_keys, strict=True):
                entry = sets[k]
                if entry is None:
                    sets[k] = {packed}
                else:
                    entry.add(packed)
        self.mask: list[int] = mask.tolist()

    def find(self, node: int) -> int:
        parent = self.parent
        while parent[node] != node:
            parent[node] = node = parent[parent[node]]
        return node

    def union(self, a: int, b: int, *, decided: bool = False) -> bool:
        """Join the sets of a and b unless a split forbids it; a model pair must not contradict keys."""
        return self._join(self.find(a), self.find(b), decided)

    def _join(self, ra: int, rb: int, decided: bool) -> bool:
        if ra == rb:
            return True
        size = self.size
        small, large = (ra, rb) if size[ra] < size[rb] else (rb, ra)
        members = self.members
        if members is not None:
            mine, theirs = members.get(small, {small}), members.get(large, {large})
            if any(self.cannot.get(m, set()) & theirs for m in mine):
                return False
        keys, mask = self.keys, self.mask
        ks = keys[small]
        if ks is not None:
            kl = keys[large]
            if kl is None:
                keys[large] = ks
            else:
                both = mask[small] & mask[large]
                if both and not decided:
                    if ks.isdisjoint(kl):  # the usual refusal: nothing shared at all
                        return False
                    for shared in ks & kl:
                        both &= ~(1 << (shared >> 32))
                    if both:
                        return False
                if len(ks) > len(kl):  # grow the larger key set: a big entity's keys are copied once
                    ks |= kl
                    keys[large] = ks
                else:
                    kl |= ks
            keys[small] = None
            mask[large] |= mask[small]
        self.parent[small] = large
        size[large] += size[small]
        if members is not None:
            members[large] = mine | theirs
            members.pop(small, None)
        return True


def cluster_nodes(
    n_nodes: int,
    left: np.ndarray,
    right: np.ndarray,
    score: np.ndarray,
    constraints: Constraints | None = None,
    keys: NodeKeys | None = None,
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A cluster label per node, and the merge decisions that a split overruled (conflicts).

    `left`, `right` and `score` are the model's pairs as node numbers and match probabilities.
    `keys` enables conflict-aware clustering: a pair of nodes with one phone each (or one web
    domain, or one street) that differ is no link; components still holding two different keys of a
    kind are re-clustered in descending score order, refusing contradicting unions.
    """
    constraints = constraints or Constraints()
    left, right = left.astype(np.int64), right.astype(np.int64)
    keep = np.ones(len(left), dtype=bool) if keys is None else ~_contradicting(n_nodes, keys, left, right)
    if constraints.isolated:
        isolated = np.fromiter(constraints.isolated, dtype=np.int64)
        keep &= ~np.isin(left, isolated) & ~np.isin(right, isolated)
    merges = np.array(constraints.merges, dtype=np.int64).reshape(-1, 2)
    labels = _components(
        n_nodes, np.concatenate([left[keep], merges[:, 0]]), np.concatenate([right[keep], merges[:, 1]])
    )
    split_components = np.array(
        sorted({int(labels[a]) for a, b in constraints.splits if labels[a] == labels[b]}), dtype=np.int64
    )
    key_components = _ambiguous(labels, keys) if keys is not None else np.empty(0, dtype=np.int64)
    touched = np.union1d(split_components, key_components)
    if not len(touched):
        return labels, []
    in_touched = np.isin(labels, touched)
    cannot: dict[int, set[int]] = {}
    for a, b in constraints.splits:
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)
    nodes = np.flatnonzero(in_touched)
    uf = _UnionFind(n_nodes, cannot, keys, nodes)
    conflicts: list[tuple[int, int]] = []
    for a, b in constraints.merges:
        if in_touched[a] and not uf.union(a, b, decided=True):
            conflicts.append((a, b))
    sub = keep & in_touched[left]
    order = np.lexsort((right[sub], left[sub], -score[sub]))
    union = uf.union
    for a, b in zip(left[sub][order].tolist(), right[sub][order].tolist(), strict=True):
        union(a, b)
    find = uf.find
    roots = np.fromiter((find(n) for n in nodes.tolist()), dtype=np.int64, count=len(nodes))
    _, fresh = np.unique(roots, return_inverse=True)
    labels[nodes] = int(labels.max()) + 1 + fresh
    return labels, conflicts


def inherit_ids(
    overlaps: Sequence[tuple[int, str, int]], fresh: dict[int, str], taken: set[str]
) -> dict[int, str]:
    """Cluster ids for this run's clusters, inherited from the previous run where members overlap.

    `overlaps` holds (new cluster label, previous cluster id, shared records). Greedily, by most
    shared records first, a new cluster takes the previous id it shares most with, and each previous
    id goes to one new cluster only: when a cluster splits, the larger part keeps the id; when two
    merge, the id of the larger share survives. Clusters without a previous id get `fresh[label]`
    (made from their smallest record id, so a re-run from scratch gives the same ids), made unique
    against `taken` ids if needed.
    """
    assigned: dict[int, str] = {}
    used: set[str] = set()
    for label, cluster_id, _count in sorted(overlaps, key=lambda o: (-o[2], o[1], o[0])):
        if label in assigned or cluster_id in used:
            continue
        assigned[label] = cluster_id
        used.add(cluster_id)
    for label in sorted(fresh):
        if label in assigned:
            continue
        candidate, n = fresh[label], 1
        while candidate in used or candidate in taken:
            candidate = f"{fresh[label]}-{n}"
            n += 1
        assigned[label] = candidate
        used.add(candidate)
    return assigned
