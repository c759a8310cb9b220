"""Candidate retrieval: widen the query's terms, gather names by their rare terms, estimate, keep the best.

The estimate mirrors the scorer's name similarity (`names.py`): the weighted share of the query's
terms that found a partner in a list name, and of the name's terms that found one in the query,
leaning on the better-covered side. It is cheap (numpy over the few candidate names) and only ranks
and prunes: every kept candidate is scored by the real scorer, which decides.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA

from interdictor.screening.forms import Kind
from interdictor.screening.index import (
    GENERIC_CODE,
    KIND_CODES,
    LEAN_OTHER,
    LEAN_PERSON,
    CandidateIndex,
    Expansion,
    TermExpansions,
)
from interdictor.screening.terms import deletion_keys, is_weak, korean_key, phonetic_key, typo_tolerance
from interdictor.screening.vocab import default_frequencies

__all__ = ["allowed_kinds", "candidates", "expand", "term_expansions"]

#: Similarity credited to each kind of expansion (the scorer measures the real one).
PHONETIC_SIM = 0.8
JOINED_SIM = 0.9
EDIT_COST = 1.25
#: A phonetic or Korean key shared by more index terms than this says too little to widen by.
MAX_KEY_FANOUT = 64
#: The scorer's conflict rule (`names.py`): weight of the feature, least weight of a person's part,
#: and the weight below which an unpaired term is a particle or stopword, not a conflict.
CONFLICT_WEIGHT = 0.2
CONFLICT_FLOOR = 0.5
FREE_MIN = 0.1
#: Inexact expansions are rare below this fraction of the rarity limit (see `_gather`).
INEXACT_SHARE = 4
#: Query terms whose expansions are kept (cleared when full).
EXPANSION_CACHE = 200_000

I32 = npt.NDArray[np.int32]
F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
#: Entities -> which of them may still reach the threshold (see `Screener.candidates`).
EntityFilter = Callable[[I32], npt.NDArray[np.bool_]]
_NO_TERMS = np.zeros(0, np.int32)
_NO_SIMS = np.zeros(0, np.float32)


def allowed_kinds(kind: Kind | None) -> frozenset[int]:
    """Entity kinds a query of this kind is compared with (None: a generic query meets all)."""
    if kind is None:
        return frozenset({*KIND_CODES.values(), GENERIC_CODE})
    return frozenset({KIND_CODES[kind], GENERIC_CODE})


def _fuzzy(index: CandidateIndex, term: str, out: dict[int, tuple[float, str]]) -> None:
    vocab = index.vocab
    for tid in set(index.keyed_terms("del", deletion_keys(term))):
        other = vocab[tid]
        if other == term:
            continue
        tol = typo_tolerance(term, other)
        dist = OSA.distance(term, other, score_cutoff=tol)
        if dist <= tol:
            _add(out, tid, max(0.5, 1.0 - EDIT_COST * dist / max(len(term), len(other))), "typo")


def _add(out: dict[int, tuple[float, str]], tid: int, sim: float, how: str) -> None:
    old = out.get(tid)
    if old is None or old[0] < sim:
        out[tid] = (sim, how)


def _keyed(index: CandidateIndex, table: str, key: str, out: dict[int, tuple[float, str]]) -> None:
    if not key:
        return
    found = index.keyed_terms(table, [key])
    if 0 < len(found) <= MAX_KEY_FANOUT:
        for tid in found:
            _add(out, tid, PHONETIC_SIM, table)


def term_expansions(index: CandidateIndex, term: str) -> TermExpansions:
    """(index terms, similarities, hows) for one query term: exact, typo, phonetic, Korean key, split.

    Cached per index: the same words ("mohammed", "trading") come back query after query.
    """
    cache = index.expansion_cache
    hit = cache.get(term)
    if hit is not None:
        return hit
    ids = index.term_ids
    found: dict[int, tuple[float, str]] = {}
    tid = ids.get(term)
    if tid is not None:
        found[tid] = (1.0, "exact")
    _fuzzy(index, term, found)
    _keyed(index, "ph", phonetic_key(term), found)
    _keyed(index, "ko", korean_key(term), found)
    if len(term) >= 5:
        for cut in range(2, len(term) - 1):
            left, right = ids.get(term[:cut]), ids.get(term[cut:])
            if left is not None and right is not None:
                _add(found, left, JOINED_SIM, "split")
                _add(found, right, JOINED_SIM, "split")
    result = TermExpansions(
        np.fromiter(found, np.int32, len(found)) if found else _NO_TERMS,
        np.fromiter((v[0] for v in found.values()), np.float32, len(found)) if found else _NO_SIMS,
        tuple(v[1] for v in found.values()),
    )
    if len(cache) >= EXPANSION_CACHE:
        cache.clear()
    cache[term] = result
    return result


def _joined(index: CandidateIndex, terms: Sequence[str], qi: int) -> int | None:
    """The index term spelling query terms qi and qi + 1 as one word ("dalianyangguang")."""
    return index.term_ids.get(terms[qi] + terms[qi + 1]) if qi + 1 < len(terms) else None


def expand(
    index: CandidateIndex, terms: Sequence[str], person: bool = True
) -> tuple[list[Expansion], list[float]]:
    """Expansions of a query name's terms, and each query term's weight as the scorer weighs it
    (one object per expansion: for inspection and tests; `candidates` works on arrays)."""
    freqs = default_frequencies()
    expansions: list[Expansion] = []
    weights: list[float] = []
    for qi, term in enumerate(terms):
        te = term_expansions(index, term)
        expansions.extend(
            Expansion(qi, t, sim, how)
            for t, sim, how in zip(te.terms.tolist(), te.sims.tolist(), te.hows, strict=True)
        )
        weights.append(freqs.weight(term, person))
        joined = _joined(index, terms, qi)
        if joined is not None:
            expansions.append(Expansion(qi, joined, JOINED_SIM, "joined"))
            expansions.append(Expansion(qi + 1, joined, JOINED_SIM, "joined"))
    return expansions, weights


class _Query:
    """One query name's expansions as parallel arrays sorted by index term, with its term weights."""

    __slots__ = ("free_w", "qi", "sims", "terms", "weights")

    def __init__(self, index: CandidateIndex, terms: Sequence[str], person: bool) -> None:
        freqs = default_frequencies()
        parts_t: list[I32] = []
        parts_s: list[F32] = []
        parts_q: list[npt.NDArray[np.intp]] = []
        weights: list[float] = []
        free: list[float] = []
        for qi, term in enumerate(terms):
            te = term_expansions(index, term)
            t, sims = te.terms, te.sims
            joined = _joined(index, terms, qi)
            prev = _joined(index, terms, qi - 1) if qi else None
            extra = [j for j in (joined, prev) if j is not None]
            if extra:
                t = np.concatenate([t, np.asarray(extra, np.int32)])
                sims = np.concatenate([sims, np.full(len(extra), JOINED_SIM, np.float32)])
            parts_t.append(t)
            parts_s.append(sims)
            parts_q.append(np.full(len(t), qi, np.intp))
            weight = freqs.weight(term, person)
            weights.append(weight)
            free.append(weight if weight >= FREE_MIN and not is_weak(term) else 0.0)
        terms_all = np.concatenate(parts_t) if parts_t else _NO_TERMS
        order = np.argsort(terms_all, kind="stable")
        self.terms: I32 = terms_all[order]
        self.sims: F32 = np.concatenate(parts_s)[order] if parts_s else _NO_SIMS
        self.qi: npt.NDArray[np.intp] = np.concatenate(parts_q)[order] if parts_q else np.zeros(0, np.intp)
        self.weights: F64 = np.asarray(weights, np.float64)
        self.free_w: F64 = np.asarray(free, np.float64)


def _gather(index: CandidateIndex, query: _Query) -> I32:
    """Candidate names from the postings of the rare expansions (the rarest one if all are common).

    Inexact expansions (typos, phonetic and Korean keys, splits) count as rare only below a
    quarter of the limit: a common name's spelling variants ("rodrigues", "rodriquez") would
    otherwise fetch thousands of names that its exact spelling, or the query's other terms, find
    anyway."""
    if not len(query.terms):
        return _NO_TERMS
    first = np.empty(len(query.terms), bool)
    first[0] = True
    np.not_equal(query.terms[1:], query.terms[:-1], out=first[1:])
    starts_q = np.flatnonzero(first)
    terms = query.terms[starts_q]  # distinct, sorted (`_Query`)
    exact = np.maximum.reduceat(query.sims, starts_q) >= 1.0
    off = index.post_off
    starts, ends = off[terms], off[terms + 1]
    lens = ends - starts
    cap = index.common_postings
    rare = np.flatnonzero(lens <= np.where(exact, cap, cap // INEXACT_SHARE))
    if not len(rare):
        rare = np.array([int(np.argmin(lens))])
    post = index.post_names
    if len(rare) == 1:
        r = int(rare[0])
        return np.asarray(post[int(starts[r]) : int(ends[r])])
    parts = [post[a:b] for a, b in zip(starts[rare].tolist(), ends[rare].tolist(), strict=True)]
    return _distinct(np.sort(np.concatenate(parts)))


def _distinct(ordered: I32) -> I32:
    """The distinct values of a sorted array (np.unique hashes, several times slower at this size)."""
    if len(ordered) < 2:
        return ordered
    mask = np.empty(len(ordered), bool)
    mask[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=mask[1:])
    return ordered[mask]


def _estimate(index: CandidateIndex, cand: I32, query: _Query) -> F64:
    """Estimated name similarity of every candidate name (see the module docstring), in one pass
    over the candidates' terms whatever the number of query terms."""
    n, nq = len(cand), len(query.weights)
    starts = index.fwd_off[cand]
    lens = index.fwd_off[cand + 1] - starts  # every indexed name has a term
    first = np.cumsum(lens) - lens
    total = int(first[-1] + lens[-1])
    owner = np.repeat(np.arange(n), lens)
    flat = index.fwd_terms[np.repeat(starts - first, lens) + np.arange(total)]
    # Pairs (term of a candidate name, expansion of a query term) meeting on the same index term.
    lo = np.searchsorted(query.terms, flat, "left")
    hi = np.searchsorted(query.terms, flat, "right")
    count = hi - lo
    hit = np.flatnonzero(count)
    best_flat = np.zeros(total, np.float32)
    per_q = np.zeros((n, nq), np.float32)  # best similarity of each query term in each name
    if len(hit):
        counts = count[hit]
        if int(counts.max()) == 1:
            pair_flat, pair_exp = hit, lo[hit]
            sims = query.sims[pair_exp]
            best_flat[hit] = sims
        else:
            pair_flat = np.repeat(hit, counts)
            ends = np.cumsum(counts)
            pair_exp = np.repeat(lo[hit] - (ends - counts), counts) + np.arange(int(ends[-1]))
            sims = query.sims[pair_exp]
            np.maximum.at(best_flat, pair_flat, sims)
        np.maximum.at(per_q, (owner[pair_flat], query.qi[pair_exp]), sims)
    matched_q = per_q @ query.weights
    # Weight of the query's strongest unpaired term, in each name.
    q_free = np.max(np.where(per_q == 0.0, query.free_w, 0.0), axis=1) if nq else np.zeros(n)
    person = index.entity_kind[index.name_entity[cand]] == KIND_CODES[Kind.PERSON]
    row = (~person).astype(np.intp)
    term_w = index.term_weight[row[owner], flat]
    matched_c = np.bincount(owner, weights=term_w * best_flat, minlength=n)
    free = (best_flat == 0.0) & (term_w >= FREE_MIN) & ~index.term_weak[flat]
    c_free = np.maximum.reduceat(np.where(free, term_w, 0.0), first)
    q_total = max(float(query.weights.sum()), 1e-9)
    cov_q = np.minimum(1.0, matched_q / q_total)
    cov_c = np.minimum(1.0, matched_c / np.maximum(index.name_weight[cand], 1e-9))
    lean = np.where(person, LEAN_PERSON, LEAN_OTHER)
    high = np.maximum(cov_q, cov_c)
    low = np.minimum(cov_q, cov_c)
    # Both names keeping a distinctive part the other lacks is the scorer's name_conflict: a
    # person's unpaired name part counts at least CONFLICT_FLOOR, as there.
    floor = np.where(person, CONFLICT_FLOOR, 0.0)
    conflict = np.where(
        (q_free > 0) & (c_free > 0), np.minimum(np.maximum(q_free, floor), np.maximum(c_free, floor)), 0.0
    )
    return np.asarray(lean * high + (1.0 - lean) * low - CONFLICT_WEIGHT * conflict)


def candidates(
    index: CandidateIndex,
    names: Sequence[Sequence[str]],
    kinds: frozenset[int],
    identifiers: Sequence[str] = (),
    *,
    limit: int = 20,
    floor: float = 0.0,
    keep: EntityFilter | None = None,
) -> list[tuple[int, float]]:
    """Up to `limit` (entity, estimate) pairs with estimate >= `floor`, best first.

    `names` holds the terms of each query name; an entity takes its best name against the best
    query name. Entities sharing an identifier with the query always come first (estimate 1.0).
    `keep`, when given, drops the entities it returns False for before any estimate (the screener
    drops those whose birth year and country alone keep them below the threshold).
    """
    best: dict[int, float] = {}
    person = KIND_CODES[Kind.PERSON] in kinds
    kind_ok = np.zeros(GENERIC_CODE + 1, bool)
    kind_ok[list(kinds)] = True
    for terms in names:
        if not terms:
            continue
        query = _Query(index, terms, person)
        cand = _gather(index, query)
        if not len(cand):
            continue
        ents = index.name_entity[cand]
        ok = kind_ok[index.entity_kind[ents]]
        if keep is not None:
            ok &= keep(ents)
        cand = cand[ok]
        if not len(cand):
            continue
        est = _estimate(index, cand, query)
        keep_est = est >= floor
        if not keep_est.any():
            continue
        ents, est = index.name_entity[cand[keep_est]], est[keep_est]
        order = np.argsort(-est, kind="stable")
        ents, est = ents[order], est[order]
        _, first = np.unique(ents, return_index=True)
        top = first[np.argsort(first)][: limit * 2]
        for e, s in zip(ents[top].tolist(), est[top].tolist(), strict=True):
            if s > best.get(e, -1.0):
                best[e] = s
    for e in index.identifier_entities(identifiers):
        if kind_ok[index.entity_kind[e]]:
            best[e] = 1.0 + best.get(e, 0.0)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])[:limit]
    return [(e, min(1.0, s)) for e, s in ranked]
