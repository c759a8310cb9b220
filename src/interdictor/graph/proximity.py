"""Hop distance from every node to the nearest designated node, for graphs of tens of millions of edges.

The designated nodes (seeds) are joined to one virtual source when the igraph graph is built; one
breadth-first search in igraph's C code from that source then gives every node's distance to its
nearest seed and, through the BFS parents, which seed that is. The layers are settled with numpy, one
vectorised step per hop: no Python loop per node or edge. Seeds are part of the graph (the designated
parties of a build), so a new set of seeds means a new `SeedGraph`.
"""

from __future__ import annotations

from collections.abc import Sequence

import igraph as ig
import numpy as np
import numpy.typing as npt

__all__ = ["UNREACHED", "SeedGraph", "seed_distances"]

#: Distance of a node no seed reaches.
UNREACHED = -1

IntArray = npt.NDArray[np.integer]


class SeedGraph:
    """An undirected igraph over `n` nodes plus one virtual source joined to every seed."""

    def __init__(self, n: int, src: IntArray, dst: IntArray, seeds: Sequence[int] | IntArray) -> None:
        if src.shape != dst.shape:
            raise ValueError("edge arrays differ in length")
        if src.size and (int(max(src.max(), dst.max())) >= n or int(min(src.min(), dst.min())) < 0):
            raise ValueError(f"edge ends must lie in 0..{n - 1}")
        self.n = n
        self.seeds = np.unique(np.asarray(seeds, dtype=np.int64))
        if self.seeds.size and (self.seeds[0] < 0 or self.seeds[-1] >= n):
            raise ValueError(f"seeds must lie in 0..{n - 1}")
        edges = np.empty((src.size + self.seeds.size, 2), dtype=np.int64)
        edges[: src.size, 0], edges[: src.size, 1] = src, dst
        edges[src.size :, 0], edges[src.size :, 1] = n, self.seeds
        self.graph = ig.Graph(n=n + 1, edges=edges, directed=False)
        self.edges = int(src.size)


def seed_distances(
    seeded: SeedGraph, max_hops: int | None = None
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int64]]:
    """(hops to the nearest seed, that seed) per node; UNREACHED when no seed is within `max_hops`."""
    n = seeded.n
    distance = np.full(n, UNREACHED, dtype=np.int32)
    nearest = np.full(n, UNREACHED, dtype=np.int64)
    if n == 0 or seeded.seeds.size == 0:
        return distance, nearest
    order, starts, parents = seeded.graph.bfs(n)
    order_a = np.asarray(order, dtype=np.int64)
    starts_a = np.asarray(starts, dtype=np.int64)
    parents_a = np.asarray(parents, dtype=np.int64)
    # Layer k of the search holds order[starts[k]:starts[k+1]]; layer 0 is the virtual source.
    layers = len(starts_a) - 1
    seeds = seeded.seeds
    distance[seeds] = 0
    nearest[seeds] = seeds
    last = layers - 1 if max_hops is None else min(layers - 1, max_hops + 1)
    for layer in range(2, last + 1):
        nodes = order_a[starts_a[layer] : starts_a[layer + 1]]
        distance[nodes] = layer - 1
        nearest[nodes] = nearest[parents_a[nodes]]
    return distance, nearest
