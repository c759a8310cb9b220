"""Candidate retrieval: widen the query's terms, gather names by their rare terms, estimate, keep the best.

The estimate mirrors the scorer's name similarity (`names.py`): the weighted share of the query's
terms that found a partner in a list name, and of the name's terms that found one in the query,
leaning on the better-covered side. It is cheap (numpy over the few candidate names) and only ranks
and prunes: every kept candidate is scored by the real scorer, which decides.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import OSA

from interdictor.screening.forms import Kind
from interdictor.screening.index import (
    GENERIC_CODE,
    KIND_CODES,
    LEAN_OTHER,
    LEAN_PERSON,
    CandidateIndex,
    Expansion,
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
#: Query terms whose expansions are kept (cleared when full).
EXPANSION_CACHE = 200_000


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


def term_expansions(index: CandidateIndex, term: str) -> tuple[tuple[int, float, str], ...]:
    """(index term, similarity, how) for one query term: exact, typo, phonetic, Korean key, split.

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
    result = tuple((t, sim, how) for t, (sim, how) in found.items())
    if len(cache) >= EXPANSION_CACHE:
        cache.clear()
    cache[term] = result
    return result


def expand(
    index: CandidateIndex, terms: Sequence[str], person: bool = True
) -> tuple[list[Expansion], list[float]]:
    """Expansions of a query name's terms, and each query term's weight as the scorer weighs it."""
    ids = index.term_ids
    freqs = default_frequencies()
    expansions: list[Expansion] = []
    weights: list[float] = []
    for qi, term in enumerate(terms):
        expansions.extend(Expansion(qi, t, sim, how) for t, sim, how in term_expansions(index, term))
        weights.append(freqs.weight(term, person))
        if qi + 1 < len(terms):
            joined = ids.get(term + terms[qi + 1])
            if joined is not None:
                expansions.append(Expansion(qi, joined, JOINED_SIM, "joined"))
                expansions.append(Expansion(qi + 1, joined, JOINED_SIM, "joined"))
    return expansions, weights


def _gather(index: CandidateIndex, expansions: list[Expansion]) -> np.ndarray:
    """Candidate names from the postings of the rare expansions (the rarest one if all are common)."""
    off = index.post_off
    spans = [(int(off[e.term]), int(off[e.term + 1])) for e in expansions]
    rare = [s for s in spans if s[1] - s[0] <= index.common_postings]
    if not rare and spans:
        rare = [min(spans, key=lambda s: s[1] - s[0])]
    if not rare:
        return np.zeros(0, np.int32)
    parts = [index.post_names[a:b] for a, b in rare]
    return np.unique(np.concatenate(parts))


def _estimate(
    index: CandidateIndex,
    cand: np.ndarray,
    terms_q: Sequence[str],
    expansions: list[Expansion],
    weights: list[float],
) -> np.ndarray:
    """Estimated name similarity of every candidate name (see the module docstring)."""
    starts = index.fwd_off[cand]
    lens = (index.fwd_off[cand + 1] - starts).astype(np.int64)
    total = int(lens.sum())
    owner = np.repeat(np.arange(len(cand)), lens)
    base = np.repeat(starts - np.cumsum(lens) + lens, lens)
    flat = index.fwd_terms[base + np.arange(total)]
    best_flat = np.zeros(total, np.float32)
    matched_q = np.zeros(len(cand), np.float64)
    q_free = np.zeros(len(cand), np.float64)  # weight of the query's strongest unpaired term
    by_term: dict[int, list[Expansion]] = {}
    for exp in expansions:
        by_term.setdefault(exp.qi, []).append(exp)
    for qi, weight in enumerate(weights):
        exps = by_term.get(qi)
        per_name = np.zeros(len(cand), np.float32)
        if exps:
            terms = np.fromiter((e.term for e in exps), np.int32, len(exps))
            sims = np.fromiter((e.sim for e in exps), np.float32, len(exps))
            order = np.argsort(terms)
            terms, sims = terms[order], sims[order]
            pos = np.searchsorted(terms, flat)
            pos[pos >= len(terms)] = 0
            hit = terms[pos] == flat
            if hit.any():
                hit_sims = sims[pos[hit]]
                best_flat[hit] = np.maximum(best_flat[hit], hit_sims)
                np.maximum.at(per_name, owner[hit], hit_sims)
                matched_q += weight * per_name
        if weight >= FREE_MIN and not is_weak(terms_q[qi]):
            q_free = np.maximum(q_free, np.where(per_name == 0.0, weight, 0.0))
    kinds = index.entity_kind[index.name_entity[cand]]
    person = kinds == KIND_CODES[Kind.PERSON]
    row = (~person).astype(np.intp)
    term_w = index.term_weight[row[owner], flat]
    matched_c = np.bincount(owner, weights=term_w * best_flat, minlength=len(cand))
    c_free = np.zeros(len(cand), np.float64)
    free = (best_flat == 0.0) & (term_w >= FREE_MIN) & ~index.term_weak[flat]
    np.maximum.at(c_free, owner[free], term_w[free])
    q_total = max(sum(weights), 1e-9)
    cov_q = np.minimum(1.0, matched_q / q_total)
    cov_c = np.minimum(1.0, matched_c / np.maximum(index.name_weight[cand], 1e-9))
    lean = np.where(person, LEAN_PERSON, LEAN_OTHER)
    hi = np.maximum(cov_q, cov_c)
    lo = np.minimum(cov_q, cov_c)
    # Both names keeping a distinctive part the other lacks is the scorer's name_conflict: a
    # person's unpaired name part counts at least CONFLICT_FLOOR, as there.
    floor = np.where(person, CONFLICT_FLOOR, 0.0)
    conflict = np.where(
        (q_free > 0) & (c_free > 0), np.minimum(np.maximum(q_free, floor), np.maximum(c_free, floor)), 0.0
    )
    return np.asarray(lean * hi + (1.0 - lean) * lo - CONFLICT_WEIGHT * conflict)


def candidates(
    index: CandidateIndex,
    names: Sequence[Sequence[str]],
    kinds: frozenset[int],
    identifiers: Sequence[str] = (),
    *,
    limit: int = 20,
    floor: float = 0.0,
) -> list[tuple[int, float]]:
    """Up to `limit` (entity, estimate) pairs with estimate >= `floor`, best first.

    `names` holds the terms of each query name; an entity takes its best name against the best
    query name. Entities sharing an identifier with the query always come first (estimate 1.0).
    """
    best: dict[int, float] = {}
    person = KIND_CODES[Kind.PERSON] in kinds
    kind_ok = np.zeros(GENERIC_CODE + 1, bool)
    kind_ok[list(kinds)] = True
    for terms in names:
        if not terms:
            continue
        expansions, weights = expand(index, terms, person)
        if not expansions:
            continue
        cand = _gather(index, expansions)
        if not len(cand):
            continue
        cand = cand[kind_ok[index.entity_kind[index.name_entity[cand]]]]
        if not len(cand):
            continue
        est = _estimate(index, cand, terms, expansions, weights)
        keep = est >= floor
        if not keep.any():
            continue
        ents, est = index.name_entity[cand[keep]], est[keep]
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
