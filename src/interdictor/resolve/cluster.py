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


def _ambiguous(labels: np.ndarray, keys: NodeKeys) -> np.ndarray:
    """Components holding two or more different keys of one group: the only ones that can conflict."""
    if not len(keys.node):
        return np.empty(0, dtype=np.int64)
    triples = np.unique(np.stack([labels[keys.node], keys.group, keys.value], axis=1), axis=0)
    pairs, counts = np.unique(triples[:, :2], axis=0, return_counts=True)
    return np.unique(pairs[counts > 1, 0])


class _UnionFind:
    """Union-find keeping each set's members and keys, so a union can be refused before it happens."""

    def __init__(
        self,
        nodes: Iterable[int],
        cannot: dict[int, set[int]],
        keys: dict[int, tuple[set[int], ...]],
    ) -> None:
        self.parent = {n: n for n in nodes}
        self.size = dict.fromkeys(self.parent, 1)
        self.cannot = cannot
        self.members: dict[int, set[int]] | None = {n: {n} for n in self.parent} if cannot else None
        self.keys = keys

    def find(self, node: int) -> int:
        parent = self.parent
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    def union(self, a: int, b: int, *, decided: bool = False) -> bool:
        """Join the sets of a and b unless a split forbids it; a model pair must not contradict keys."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, large = (ra, rb) if self.size[ra] < self.size[rb] else (rb, ra)
        members = self.members
        if members is not None and any(self.cannot.get(m, set()) & members[large] for m in members[small]):
            return False
        keys = self.keys
        ks, kl = keys.get(small), keys.get(large)
        if ks is not None:
            if kl is None:
                keys[large] = ks
            else:
                if not decided and any(
                    mine and theirs and mine.isdisjoint(theirs) for mine, theirs in zip(ks, kl, strict=True)
                ):
                    return False
                for mine, theirs in zip(ks, kl, strict=True):
                    theirs |= mine
            del keys[small]
        self.parent[small] = large
        self.size[large] += self.size.pop(small)
        if members is not None:
            members[large] |= members.pop(small)
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
    `keys` enables conflict-aware clustering: components holding two different phones (or web
    domains) are re-clustered in descending score order, refusing contradicting unions.
    """
    constraints = constraints or Constraints()
    keep = np.ones(len(left), dtype=bool)
    if constraints.isolated:
        isolated = np.fromiter(constraints.isolated, dtype=np.int64)
        keep &= ~np.isin(left, isolated) & ~np.isin(right, isolated)
    merges = np.array(constraints.merges, dtype=np.int64).reshape(-1, 2)
    edges = np.concatenate([np.stack([left[keep], right[keep]], axis=1).astype(np.int64), merges])
    graph = ig.Graph(n=n_nodes, edges=edges, directed=False)
    labels = np.asarray(graph.connected_components().membership, dtype=np.int64)
    cannot: dict[int, set[int]] = {}
    for a, b in constraints.splits:
        cannot.setdefault(a, set()).add(b)
        cannot.setdefault(b, set()).add(a)
    touched = {int(labels[a]) for a, b in constraints.splits if labels[a] == labels[b]}
    if keys is not None:
        touched.update(_ambiguous(labels, keys).tolist())
    if not touched:
        return labels, []
    in_touched = np.isin(labels, np.fromiter(touched, dtype=np.int64))
    nodes = np.flatnonzero(in_touched)
    node_keys: dict[int, tuple[set[int], ...]] = {}
    if keys is not None:
        groups = int(keys.group.max()) + 1 if len(keys.group) else 0
        sel = in_touched[keys.node]
        for node, group, value in zip(
            keys.node[sel].tolist(), keys.group[sel].tolist(), keys.value[sel].tolist(), strict=True
        ):
            entry = node_keys.get(node)
            if entry is None:
                entry = node_keys[node] = tuple(set() for _ in range(groups))
            entry[group].add(value)
    uf = _UnionFind(nodes.tolist(), cannot, node_keys)
    conflicts: list[tuple[int, int]] = []
    for a, b in constraints.merges:
        if in_touched[a] and not uf.union(a, b, decided=True):
            conflicts.append((a, b))
    sub = keep & in_touched[left]
    order = np.lexsort((right[sub], left[sub], -score[sub]))
    union = uf.union
    for a, b in zip(left[sub][order].tolist(), right[sub][order].tolist(), strict=True):
        union(a, b)
    next_label = int(labels.max()) + 1 if len(labels) else 0
    relabel: dict[int, int] = {}
    find = uf.find
    for node in nodes.tolist():
        root = find(node)
        label = relabel.get(root)
        if label is None:
            label = relabel[root] = next_label
            next_label += 1
        labels[node] = label
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
