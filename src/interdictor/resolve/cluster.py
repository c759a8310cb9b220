"""From scored pairs to entities: connected components, analysts' decisions, stable cluster ids.

Clusters are the connected components of the pairs at or above the threshold. Analysts' decisions
win over the model: a merge joins two records whatever their score; a split of two records keeps
them apart (no chain of model pairs may join them), and a split of one record keeps it alone
except for merges. Components that hold no decision take the fast path (igraph's components);
only those touched by a split are re-clustered, by union-find over their pairs in descending
score order, refusing any union that a split forbids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import igraph as ig
import numpy as np

__all__ = ["Constraints", "cluster_nodes", "inherit_ids"]


@dataclass
class Constraints:
    """Decisions translated to graph nodes: must-link pairs, cannot-link pairs and isolated nodes."""

    merges: list[tuple[int, int]] = field(default_factory=list)
    splits: list[tuple[int, int]] = field(default_factory=list)
    isolated: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return bool(self.merges or self.splits or self.isolated)


def _conflict(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two clusters contradict each other when each has a key of one kind and they share none of it.

    Keys are prefixed by kind ("p:" phone, "d:" web domain). A company has one phone and one
    domain in most records; two clusters with different phones and no shared phone are two
    companies, however similar their names. This stops the chaining that connected components
    suffer from: a record with only a common name would otherwise join two namesakes.
    """
    for prefix in ("p:", "d:"):
        xa = {k for k in a if k.startswith(prefix)}
        if xa:
            xb = {k for k in b if k.startswith(prefix)}
            if xb and not xa & xb:
                return True
    return False


class _UnionFind:
    """Union-find that keeps each set's members, so a cannot-link can be checked before a union."""

    def __init__(
        self, nodes: Iterable[int], cannot: dict[int, set[int]], keys: Sequence[frozenset[str]] | None = None
    ) -> None:
        self.parent = {n: n for n in nodes}
        self.members = {n: {n} for n in self.parent}
        self.cannot = cannot
        self.keys: dict[int, frozenset[str]] | None = None
        if keys is not None:
            self.keys = {n: keys[n] for n in self.parent}

    def find(self, node: int) -> int:
        root = node
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[node] != root:
            self.parent[node], node = root, self.parent[node]
        return root

    def union(self, a: int, b: int, *, decided: bool = False) -> bool:
        """Join the sets of a and b unless a split forbids it; a model pair must not contradict keys."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        small, large = sorted((ra, rb), key=lambda r: len(self.members[r]))
        if any(self.cannot.get(m, set()) & self.members[large] for m in self.members[small]):
            return False
        if self.keys is not None:
            ka, kb = self.keys[small], self.keys[large]
            if not decided and _conflict(ka, kb):
                return False
            self.keys[large] = ka | kb
            del self.keys[small]
        self.parent[small] = large
        self.members[large] |= self.members.pop(small)
        return True


def cluster_nodes(
    n_nodes: int,
    left: np.ndarray,
    right: np.ndarray,
    score: np.ndarray,
    constraints: Constraints | None = None,
    keys: Sequence[frozenset[str]] | None = None,
) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """A cluster label per node, and the merge decisions that a split overruled (conflicts).

    `left`, `right` and `score` are the model's pairs as node numbers and match probabilities.
    `keys` (per node, see `_conflict`) enables conflict-aware clustering: components holding more
    than one node with keys are re-clustered in descending score order, refusing contradicting unions.
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
        with_keys = np.fromiter((bool(k) for k in keys), dtype=bool, count=len(keys))
        padded = np.zeros(len(labels), dtype=bool)
        padded[: len(with_keys)] = with_keys
        counts = np.bincount(labels[padded], minlength=int(labels.max()) + 1 if len(labels) else 0)
        touched |= set(np.flatnonzero(counts > 1).tolist())
    if not touched:
        return labels, []
    in_touched = np.isin(labels, np.fromiter(touched, dtype=np.int64))
    nodes = np.flatnonzero(in_touched)
    node_keys = None
    if keys is not None:
        node_keys = [keys[n] if n < len(keys) else frozenset() for n in range(len(labels))]
    uf = _UnionFind(nodes.tolist(), cannot, node_keys)
    conflicts: list[tuple[int, int]] = []
    for a, b in constraints.merges:
        if in_touched[a] and not uf.union(a, b, decided=True):
            conflicts.append((a, b))
    sub = keep & in_touched[left]
    order = np.lexsort((right[sub], left[sub], -score[sub]))
    for a, b in zip(left[sub][order].tolist(), right[sub][order].tolist(), strict=True):
        uf.union(a, b)
    next_label = int(labels.max()) + 1 if len(labels) else 0
    relabel: dict[int, int] = {}
    for node in nodes.tolist():
        root = uf.find(node)
        if root not in relabel:
            relabel[root] = next_label
            next_label += 1
        labels[node] = relabel[root]
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
