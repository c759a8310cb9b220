"""Candidate retrieval: widen the query's terms, gather names by their rare terms, estimate, keep the best.

The estimate mirrors the scorer's name similarity (`names.py`): the weighted share of the query's
terms that found a partner in a list name, and of the name's terms that found one in the query,
leaning on the better-covered side. It is cheap (numpy over the few candidate names) and only ranks
and prunes: every kept candidate is scored by the real scorer, which decides.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import OSA
from rapidfuzz.process import cpdist

from interdictor.screening.forms import Kind
from interdictor.screening.index import (
    BUCKETS,
    GENERIC_CODE,
    HOWS,
    KIND_CODES,
    LEAN_OTHER,
    LEAN_PERSON,
    VALUE_BITS,
    CandidateIndex,
    Expansion,
    TermExpansions,
    lower_bound,
    run_length,
)
from interdictor.screening.terms import deletion_keys, is_weak, korean_key, phonetic_key, typo_tolerance
from interdictor.screening.vocab import default_frequencies

__all__ = [
    "CandidateQuery",
    "QualifierCut",
    "allowed_kinds",
    "candidates",
    "candidates_many",
    "expand",
    "expansions_of",
    "term_expansions",
]

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
_NO_TERMS = np.zeros(0, np.int32)
_NO_SIMS = np.zeros(0, np.float32)


def allowed_kinds(kind: Kind | None) -> frozenset[int]:
    """Entity kinds a query of this kind is compared with (None: a generic query meets all)."""
    if kind is None:
        return frozenset({*KIND_CODES.values(), GENERIC_CODE})
    return frozenset({KIND_CODES[kind], GENERIC_CODE})


#: Typos tolerated by the length of the longer term (`typo_tolerance`), lengths cut at 11.
_TOLERANCE = np.array([typo_tolerance("x" * n, "") for n in range(12)], np.int64)
_NO_HOWS = np.zeros(0, np.uint8)
_EXACT, _TYPO, _PHONETIC, _KOREAN, _SPLIT = range(5)


def expansions_of(index: CandidateIndex, terms: Sequence[str]) -> list[TermExpansions]:
    """`term_expansions` of several terms; the terms not seen before are widened together, with one
    lookup per key table and one edit-distance call for all their keys (a query's new surname and
    given name, a batch's new words)."""
    cache = index.expansion_cache
    known = {t: hit for t in terms if (hit := cache.get(t)) is not None}
    new = [t for t in dict.fromkeys(terms) if t not in known]
    if new:
        if len(cache) + len(new) > EXPANSION_CACHE:
            cache.clear()
        widened = _widen(index, new) if len(new) >= WIDEN_ARRAYS_MIN else _widen_few(index, new)
        for term, result in zip(new, widened, strict=True):
            cache[term] = known[term] = result
    return [known[t] for t in terms]


#: New terms from which `_widen` works on arrays; a single query's one or two new words cost less
#: term by term (`_widen_few`, same result) than a few dozen numpy calls.
WIDEN_ARRAYS_MIN = 4


def _widen_few(index: CandidateIndex, new: Sequence[str]) -> list[TermExpansions]:
    """`_widen`, term by term."""
    del_hits = index.keyed_terms_many("del", [deletion_keys(t) for t in new])
    ph_hits = index.keyed_terms_many("ph", _single_keys([phonetic_key(t) for t in new]))
    ko_hits = index.keyed_terms_many("ko", _single_keys([korean_key(t) for t in new]))
    ids, vocab = index.term_ids, index.vocab
    out: list[TermExpansions] = []
    for term, d, ph, ko in zip(new, del_hits, ph_hits, ko_hits, strict=True):
        found: dict[int, tuple[float, int]] = {}

        def add(tid: int, sim: float, how: int, found: dict[int, tuple[float, int]] = found) -> None:
            old = found.get(tid)
            if old is None or old[0] < sim:
                found[tid] = (sim, how)

        exact = ids.get(term)
        if exact is not None:
            add(exact, 1.0, _EXACT)
        for tid in set(d):
            other = vocab[tid]
            longest = max(len(term), len(other))
            tol = int(_TOLERANCE[min(longest, len(_TOLERANCE) - 1)])
            dist = OSA.distance(term, other, score_cutoff=tol)
            if 1 <= dist <= tol:
                add(tid, max(0.5, 1.0 - EDIT_COST * dist / longest), _TYPO)
        for hits, how in ((ph, _PHONETIC), (ko, _KOREAN)):
            if len(hits) <= MAX_KEY_FANOUT:
                for tid in hits:
                    add(tid, PHONETIC_SIM, how)
        for left_id, right_id in _splits(ids, term):
            add(left_id, JOINED_SIM, _SPLIT)
            add(right_id, JOINED_SIM, _SPLIT)
        items = sorted(found.items())
        out.append(
            TermExpansions(
                np.fromiter((t for t, _ in items), np.int32, len(items)),
                np.fromiter((v[0] for _, v in items), np.float32, len(items)),
                np.fromiter((v[1] for _, v in items), np.uint8, len(items)),
            )
        )
    return out


def _splits(ids: dict[str, int], term: str) -> list[tuple[int, int]]:
    """Index terms a long term splits into ("siemensag": "siemens", "ag")."""
    out: list[tuple[int, int]] = []
    if len(term) >= 5:
        for cut in range(2, len(term) - 1):
            left_id = ids.get(term[:cut])
            if left_id is not None and (right_id := ids.get(term[cut:])) is not None:
                out.append((left_id, right_id))
    return out


def _widen(index: CandidateIndex, new: Sequence[str]) -> list[TermExpansions]:
    """Expansions of terms not seen before, as (term, index term, similarity, how) rows for all of
    them at once; an index term met several ways keeps its best similarity."""
    ids, vocab = index.term_ids, index.vocab
    owners: list[npt.NDArray[np.int64]] = []
    tids: list[npt.NDArray[np.int64]] = []
    sims: list[F64] = []
    hows: list[npt.NDArray[np.uint8]] = []

    def add(
        owner: Sequence[int] | npt.NDArray[np.int64], tid: Sequence[int] | I32, sim: float | F64, how: int
    ) -> None:
        owner_a = np.asarray(owner, np.int64)
        owners.append(owner_a)
        tids.append(np.asarray(tid, np.int64))
        sims.append(np.broadcast_to(np.asarray(sim, np.float64), owner_a.shape))
        hows.append(np.full(len(owner_a), how, np.uint8))

    exact = [(i, found) for i, t in enumerate(new) if (found := ids.get(t)) is not None]
    add([i for i, _ in exact], [t for _, t in exact], 1.0, _EXACT)
    # Typos: the terms sharing a deletion key, confirmed by one edit-distance call for all of them.
    owner, tid = index.keyed_pairs("del", [deletion_keys(t) for t in new])
    if len(owner):
        pair = np.unique(owner * np.int64(max(1, len(vocab))) + tid)
        owner, tid = np.divmod(pair, np.int64(max(1, len(vocab))))
        left = [new[o] for o in owner.tolist()]
        right = [vocab[t] for t in tid.tolist()]
        dist = cpdist(left, right, scorer=OSA.distance).astype(np.int64)
        longest = np.maximum(
            np.fromiter(map(len, left), np.int64, len(left)),
            np.fromiter(map(len, right), np.int64, len(right)),
        )
        ok = (dist >= 1) & (dist <= _TOLERANCE[np.minimum(longest, len(_TOLERANCE) - 1)])
        sim = np.maximum(0.5, 1.0 - EDIT_COST * dist[ok] / longest[ok])
        add(owner[ok], tid[ok], sim, _TYPO)
    # Phonetic and Korean keys, when the key is shared by few index terms.
    for table, keys, how in (
        ("ph", [phonetic_key(t) for t in new], _PHONETIC),
        ("ko", [korean_key(t) for t in new], _KOREAN),
    ):
        owner, tid = index.keyed_pairs(table, _single_keys(keys))
        if len(owner):
            fanout = np.bincount(owner, minlength=len(new))
            keep = fanout[owner] <= MAX_KEY_FANOUT
            add(owner[keep], tid[keep], PHONETIC_SIM, how)
    # A long term split into two known terms ("siemensag").
    split_o: list[int] = []
    split_t: list[int] = []
    for i, term in enumerate(new):
        for left_id, right_id in _splits(ids, term):
            split_o += [i, i]
            split_t += [left_id, right_id]
    add(split_o, split_t, JOINED_SIM, _SPLIT)
    owner_all = np.concatenate(owners)
    tid_all = np.concatenate(tids)
    sim_all = np.concatenate(sims).astype(np.float32)
    how_all = np.concatenate(hows)
    # Best similarity per (term, index term); on a tie, the first way in HOWS order.
    order = np.lexsort((how_all, -sim_all, tid_all, owner_all))
    owner_all, tid_all, sim_all, how_all = owner_all[order], tid_all[order], sim_all[order], how_all[order]
    first = np.ones(len(order), bool)
    first[1:] = (owner_all[1:] != owner_all[:-1]) | (tid_all[1:] != tid_all[:-1])
    terms_out: I32 = tid_all[first].astype(np.int32)
    sim_all, how_all = sim_all[first], how_all[first]
    bounds = np.searchsorted(owner_all[first], np.arange(len(new) + 1)).tolist()
    return [
        TermExpansions(terms_out[a:b], sim_all[a:b], how_all[a:b])
        if b > a
        else TermExpansions(_NO_TERMS, _NO_SIMS, _NO_HOWS)
        for a, b in itertools.pairwise(bounds)
    ]


def _single_keys(keys: Sequence[str]) -> list[list[str]]:
    return [[k] if k else [] for k in keys]


def term_expansions(index: CandidateIndex, term: str) -> TermExpansions:
    """(index terms, similarities, hows) for one query term: exact, typo, phonetic, Korean key, split.

    Cached per index: the same words ("mohammed", "trading") come back query after query.
    """
    return expansions_of(index, [term])[0]


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
            Expansion(qi, t, sim, HOWS[how])
            for t, sim, how in zip(te.terms.tolist(), te.sims.tolist(), te.hows.tolist(), strict=True)
        )
        weights.append(freqs.weight(term, person))
        joined = _joined(index, terms, qi)
        if joined is not None:
            expansions.append(Expansion(qi, joined, JOINED_SIM, "joined"))
            expansions.append(Expansion(qi + 1, joined, JOINED_SIM, "joined"))
    return expansions, weights


@dataclass(frozen=True, slots=True)
class QualifierCut:
    """What the screener knows of a query's qualifiers: a gathered name whose entity's birth years
    and countries alone keep its score below `cut` is dropped (see `Screener.qualifier_bound`):
    at most min(1, top - year_cost x [no shared year] - country_cost x [no shared country])."""

    years: frozenset[int]
    countries: frozenset[str]
    top: float
    year_cost: float
    country_cost: float
    cut: float


@dataclass(frozen=True, slots=True)
class CandidateQuery:
    """One query of a batch: the terms of each of its names, the entity kinds it meets, its
    identifiers and its qualifier cut (None: no pruning by qualifiers)."""

    names: Sequence[Sequence[str]]
    kinds: frozenset[int]
    identifiers: Sequence[str] = ()
    qualifiers: QualifierCut | None = None


#: Candidate-name terms from which `_estimate` first looks terms up in a mask of the batch's terms.
PREFILTER_MIN = 2048
#: Below this many picked postings in all, every one is read in full (`_gather`).
WHOLE_READ_MAX = 8192
#: Postings of a picked term read in full rather than by qualifier ranges (`_gather`).
SMALL_SLICE = 32
#: Rounding room in the qualifier bound: a candidate at exactly the threshold is kept.
BOUND_SLACK = 1e-6


class _Batch:
    """The query names of a batch ("groups") as flat arrays: every expansion keyed by
    group x vocabulary size + index term, sorted, with its similarity and query term; each group's
    term weights as the scorer weighs them, padded to the longest group."""

    __slots__ = ("flat_free", "flat_w", "groups", "keys", "lens", "person", "qi", "sims", "term0", "terms",
                 "totals", "weights")  # fmt: skip

    def __init__(
        self, index: CandidateIndex, groups: Sequence[Sequence[str]], person: Sequence[bool]
    ) -> None:
        freqs = default_frequencies()
        flat_terms = [t for terms in groups for t in terms]
        found = expansions_of(index, flat_terms)
        width = max((len(t) for t in groups), default=0)
        weights = np.zeros((len(groups), width), np.float64)
        free = np.zeros((len(groups), width), np.float64)
        vocab_size = max(1, len(index.vocab))
        # Expansions of every term, concatenated once; then the run-on words ("dalian yangguang"
        # as "dalianyangguang"), each credited to both of its query terms.
        parts_t: list[I32] = [te.terms for te in found]
        parts_s: list[F32] = [te.sims for te in found]
        lens: list[int] = [len(te.terms) for te in found]
        base: list[int] = []
        qis: list[int] = []
        extra_t: list[int] = []
        extra_b: list[int] = []
        extra_q: list[int] = []
        for g, terms in enumerate(groups):
            is_person = person[g]
            offset = g * vocab_size
            for qi, term in enumerate(terms):
                base.append(offset)
                qis.append(qi)
                weight = freqs.weight(term, is_person)
                weights[g, qi] = weight
                free[g, qi] = weight if weight >= FREE_MIN and not is_weak(term) else 0.0
                joined = _joined(index, terms, qi)
                if joined is not None:
                    extra_t += [joined, joined]
                    extra_b += [offset, offset]
                    extra_q += [qi, qi + 1]
        count = np.asarray(lens + [1] * len(extra_t), np.intp)
        terms_all = np.concatenate([*parts_t, np.asarray(extra_t, np.int32)]) if flat_terms else _NO_TERMS
        sims_all = (
            np.concatenate([*parts_s, np.full(len(extra_t), JOINED_SIM, np.float32)])
            if flat_terms
            else _NO_SIMS
        )
        keys = terms_all.astype(np.int64) + np.repeat(np.asarray(base + extra_b, np.int64), count)
        qi_all = np.repeat(np.asarray(qis + extra_q, np.intp), count)
        order = np.argsort(keys, kind="stable")
        self.groups = len(groups)
        self.keys: npt.NDArray[np.int64] = keys[order]
        self.terms: I32 = terms_all  # every expanded index term, unordered
        self.sims: F32 = sims_all[order]
        self.qi: npt.NDArray[np.intp] = qi_all[order]
        self.weights: F64 = weights
        # Without the padding: group g's terms are flat_w[term0[g]:term0[g] + lens[g]], and the
        # weights of those that are a conflict when unpaired flat_free[...].
        self.lens = np.fromiter((len(t) for t in groups), np.int64, len(groups))
        self.term0 = np.cumsum(self.lens) - self.lens
        self.flat_w: F64 = weights[np.arange(width) < self.lens[:, None]]
        self.flat_free: F64 = free[np.arange(width) < self.lens[:, None]]
        # Each group's total weight, summed in the order `_estimate` sums what it matched.
        self.totals: F64 = np.add.reduceat(self.flat_w, self.term0) if len(groups) else np.zeros(0)
        self.person = np.asarray(person, bool)


def _gather(
    index: CandidateIndex,
    batch: _Batch,
    kind_ok: npt.NDArray[np.bool_],
    cuts: Sequence[QualifierCut | None],
) -> tuple[npt.NDArray[np.int64], I32]:
    """(group, name) pairs, sorted, from the postings of each group's rare expansions (its rarest
    one if all are common), less names of another kind (`kind_ok[group, kind]`) or whose entity's
    qualifiers keep it below the cut of the group (`cuts`): with a cut, only the ranges of postings
    that may reach it are read (`_CutPlan`), then judged exactly.

    Inexact expansions (typos, phonetic and Korean keys, splits) count as rare only below a
    quarter of the limit: a common name's spelling variants ("rodrigues", "rodriquez") would
    otherwise fetch thousands of names that its exact spelling, or the query's other terms, find
    anyway."""
    empty = (np.zeros(0, np.int64), _NO_TERMS)
    if not len(batch.keys):
        return empty
    vocab_size = max(1, len(index.vocab))
    first = np.empty(len(batch.keys), bool)
    first[0] = True
    np.not_equal(batch.keys[1:], batch.keys[:-1], out=first[1:])
    starts_q = np.flatnonzero(first)
    distinct = batch.keys[starts_q]  # distinct (group, term), sorted
    group, terms = np.divmod(distinct, vocab_size)
    off = index.post_off
    starts, ends = off[terms], off[terms + 1]
    lens = ends - starts
    cap = index.common_postings
    # Per expansion: rare enough to read? Inexact ones never for a query term that is itself a
    # common word of the index ("maria"): its spelling variants ("marie", "mario") are other names.
    row_len = np.repeat(lens, np.diff(np.append(starts_q, len(batch.keys))))
    row_exact = batch.sims >= 1.0
    row_rare = row_len <= np.where(row_exact, cap, cap // INEXACT_SHARE)
    term_of = (batch.keys // vocab_size) * max(1, batch.weights.shape[1]) + batch.qi
    common = np.zeros(batch.groups * max(1, batch.weights.shape[1]), bool)
    common[term_of[row_exact & (row_len > cap // INEXACT_SHARE)]] = True
    row_rare &= row_exact | ~common[term_of]
    rare = np.logical_or.reduceat(row_rare, starts_q)
    has_rare = np.bincount(group[rare], minlength=batch.groups) > 0
    lacking = np.flatnonzero(~has_rare & (np.bincount(group, minlength=batch.groups) > 0))
    if len(lacking):  # every expansion of these groups is common: read the rarest one
        bounds = np.searchsorted(group, np.stack([lacking, lacking + 1]))
        for a, b in zip(bounds[0].tolist(), bounds[1].tolist(), strict=True):
            rare[a + int(np.argmin(lens[a:b]))] = True
    picked = np.flatnonzero(rare)
    p_group, p_term = group[picked], terms[picked]
    plan = _Cuts(index, cuts)
    parts: list[tuple[npt.NDArray[np.int64], I32]] = []
    # Postings read in full, judged on their kinds and qualifiers as contiguous slices: those of
    # groups without a cut, of terms with few postings (half hold four or fewer: reading them
    # costs less than searching them), and all of them when there are few in all (a single query:
    # a few thousand postings cost less than a score of numpy calls to search them).
    p_lens = lens[picked]
    if int(p_lens.sum()) <= WHOLE_READ_MAX:
        w_group, w_term, r_group, r_term = p_group, p_term, p_group[:0], p_term[:0]
    else:
        whole = plan.whole[p_group] | (p_lens <= SMALL_SLICE)
        w_group, w_term, r_group, r_term = p_group[whole], p_term[whole], p_group[~whole], p_term[~whole]
    if len(w_group):
        w_starts = off[w_term]
        pos, owner = _expand(w_starts, off[w_term + 1] - w_starts, w_group)
        names = index.post_names[pos]
        ok = kind_ok[owner, index.post_kind[pos]]
        if plan.any_cut:
            ok &= _qualifiers_ok(index, index.post_codes[pos], names, owner, plan)
        parts.append((owner[ok], names[ok]))
    # The others read, per picked term, only the ranges of postings whose entity's birth year or
    # country may still reach the cut (`_CutPlan`), then judge those few exactly.
    if len(r_group):
        for keys, buckets, posted, table in (
            (index.year_keys, index.year_buckets, index.year_names, plan.years),
            (index.country_keys, index.country_buckets, index.country_names, plan.countries),
        ):
            owner, names = _ranged(keys, buckets, off, posted, r_group, r_term, table)
            if len(names):
                ents = index.name_entity[names]
                ok = kind_ok[owner, index.entity_kind[ents]]
                ok &= _qualifiers_ok(index, index.qualifier_codes(ents), names, owner, plan)
                parts.append((owner[ok], names[ok]))
    if not parts:
        return empty
    n_names = np.int64(max(1, len(index.name_entity)))
    pair_keys = [owner * n_names + names for owner, names in parts]
    key = _distinct(np.sort(pair_keys[0] if len(pair_keys) == 1 else np.concatenate(pair_keys)))
    pair_group, pair_name = np.divmod(key, n_names)
    return pair_group, pair_name.astype(np.int32)


class _Ranges:
    """Per group, value ranges (lo, hi) of one qualifier to read, CSR: group g has
    `lo[off[g]:off[g + 1]]`; `reads[g]`: the group reads this order at all (and its buckets)."""

    __slots__ = ("hi", "lo", "off", "reads")

    def __init__(self, ranges: Sequence[tuple[tuple[int, int], ...] | None]) -> None:
        self.reads = np.fromiter((r is not None for r in ranges), bool, len(ranges))
        per_group = [r or () for r in ranges]
        lens = np.fromiter((len(r) for r in per_group), np.int64, len(per_group))
        self.off = np.zeros(len(per_group) + 1, np.int64)
        np.cumsum(lens, out=self.off[1:])
        flat = [pair for ranges in per_group for pair in ranges]
        self.lo = np.fromiter((a for a, _ in flat), np.int64, len(flat))
        self.hi = np.fromiter((b for _, b in flat), np.int64, len(flat))


@dataclass(frozen=True, slots=True)
class _CutPlan:
    """What one query's qualifier cut asks of the gathering, worked out once per distinct cut
    (`_cut_plan`): which postings to read, and the values the exact check compares. A posting can
    pass the cut only if its entity's (birth-year mismatch, country mismatch) is a combination
    whose bound reaches the cut; with the default weights (another year 0.3, another country 0.1,
    threshold 0.7) that is "shares the year or shares the country". An entity shares the year if
    it has the query's year, several years (checked exactly afterwards) or none: one range per
    wanted value and one for the two buckets (`index.qualifier_postings`). The ranges read a
    superset; `_qualifiers_ok` decides. Without a cut, or when the cut needs a qualifier the query
    lacks, every posting is read."""

    cut: QualifierCut | None
    whole: bool
    #: Values to read by birth year and by country (None: that order is not read; when it is, the
    #: entities with several values or none are read too).
    year_ranges: tuple[tuple[int, int], ...] | None = None
    country_ranges: tuple[tuple[int, int], ...] | None = None
    #: The query's one birth year and country id (-1: none, -2: a country no entity has); a query
    #: with several of either is checked on its own (`several`).
    year: int = -1
    country: int = -1
    several: bool = False


_NO_CUT = _CutPlan(None, True)
#: Distinct cuts whose plans are kept per index (cleared when full).
CUT_PLANS = 10_000


def _cut_plan(index: CandidateIndex, cut: QualifierCut | None) -> _CutPlan:
    if cut is None:
        return _NO_CUT
    plans: dict[QualifierCut, _CutPlan] = index.cut_plans
    found = plans.get(cut)
    if found is not None:
        return found
    read = _ranges_read(cut)
    whole = read == "whole" or ("y" in read and not cut.years) or ("c" in read and not cut.countries)
    year_ranges: tuple[tuple[int, int], ...] | None = None
    country_ranges: tuple[tuple[int, int], ...] | None = None
    if not whole and "y" in read:
        year_ranges = tuple((y + BUCKETS, y + BUCKETS) for y in sorted(cut.years))
    if not whole and "c" in read:
        known = sorted({index.country_ids[c] for c in cut.countries if c in index.country_ids})
        country_ranges = tuple((c + BUCKETS, c + BUCKETS) for c in known)
    several = len(cut.years) > 1 or len(cut.countries) > 1
    plan = _CutPlan(
        cut,
        whole,
        year_ranges,
        country_ranges,
        next(iter(cut.years)) if cut.years and not several else -1,
        index.country_ids.get(next(iter(cut.countries)), -2) if cut.countries and not several else -1,
        several,
    )
    if len(plans) >= CUT_PLANS:
        plans.clear()
    plans[cut] = plan
    return plan


class _Cuts:
    """The plans of a batch's groups as arrays (`_CutPlan`)."""

    __slots__ = ("any_cut", "country", "country_cost", "need", "plans", "several", "top", "whole", "year",
                 "year_cost")  # fmt: skip

    def __init__(self, index: CandidateIndex, cuts: Sequence[QualifierCut | None]) -> None:
        plans = [_cut_plan(index, cut) for cut in cuts]
        self.plans = plans
        self.any_cut = any(p.cut is not None for p in plans)
        self.whole = np.array([p.whole for p in plans], bool)
        self.several = [g for g, p in enumerate(plans) if p.several]
        self.year, self.country = np.array([(p.year, p.country) for p in plans], np.int64).reshape(-1, 2).T
        # Groups without a cut, or with several values (checked on their own), pass this check.
        values = [
            (np.inf, 0.0, 0.0, 0.0)
            if p.cut is None or p.several
            else (p.cut.top, p.cut.year_cost, p.cut.country_cost, p.cut.cut)
            for p in plans
        ]
        self.top, self.year_cost, self.country_cost, self.need = np.array(values, np.float64).reshape(-1, 4).T

    @property
    def years(self) -> _Ranges:
        return _Ranges([p.year_ranges for p in self.plans])

    @property
    def countries(self) -> _Ranges:
        return _Ranges([p.country_ranges for p in self.plans])


def _ranges_read(cut: QualifierCut | None) -> str:
    """What one group must read: "whole" (every posting may reach the cut), "y" (only entities that
    may share the year), "c" (the country), "yc" (either), or "" (none can reach the cut)."""
    if cut is None:
        return "whole"
    possible = [
        (yo, co) for yo in ((0, 1) if cut.years else (0,)) for co in ((0, 1) if cut.countries else (0,))
    ]
    allowed = [
        (yo, co)
        for yo, co in possible
        if min(1.0, cut.top - cut.year_cost * yo - cut.country_cost * co) >= cut.cut - BOUND_SLACK
    ]
    if not allowed:
        return ""
    if len(allowed) == len(possible):
        return "whole"
    if cut.years and all(yo == 0 for yo, _ in allowed):
        return "y"
    if cut.countries and all(co == 0 for _, co in allowed):
        return "c"
    return "yc"  # both are known and (1, 1) is out: every allowed combination shares one of the two


def _expand(
    starts: npt.NDArray[np.int64], lens: npt.NDArray[np.int64], owners: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Positions of the ranges [start, start + len) laid end to end, and each position's owner."""
    ends = np.cumsum(lens)
    total = int(ends[-1]) if len(ends) else 0
    pos = np.repeat(starts - (ends - lens), lens) + np.arange(total)
    return pos, np.repeat(owners, lens)


def _ranged(
    keys: npt.NDArray[np.int64],
    buckets: npt.NDArray[np.int64],
    post_off: npt.NDArray[np.int64],
    posted: I32,
    p_group: npt.NDArray[np.int64],
    p_term: npt.NDArray[np.int64],
    table: _Ranges,
) -> tuple[npt.NDArray[np.int64], I32]:
    """(group, name) of the postings of each picked (group, term) whose value lies in one of the
    group's ranges or in the buckets, groups in order."""
    # The buckets lead each term's postings: read without a search.
    reading = np.flatnonzero(table.reads[p_group])
    b_start, b_len, b_group = post_off[p_term[reading]], buckets[p_term[reading]], p_group[reading]
    count = table.off[p_group + 1] - table.off[p_group]
    sel = np.flatnonzero(count)
    if len(sel):
        count = count[sel]
        rows = np.repeat(sel, count)
        which, _ = _expand(table.off[p_group[sel]], count, sel)
        term = p_term[rows]
        base = term.astype(np.int64) << VALUE_BITS
        # Range [lo, hi] of values is [first key >= lo, first key >= hi + 1), searched within the
        # term's own postings (the keys of term t sit where its postings do, `post_off`).
        needles = np.concatenate([base | table.lo[which], base | (table.hi[which] + 1)])
        term2 = np.concatenate([term, term])
        found = lower_bound(keys, post_off[term2], post_off[term2 + 1], needles)
        lo, hi = found[: len(term)], found[len(term) :]
        b_start = np.concatenate([b_start, lo])
        b_len = np.concatenate([b_len, hi - lo])
        b_group = np.concatenate([b_group, p_group[rows]])
        order = np.argsort(b_group, kind="stable")
        b_start, b_len, b_group = b_start[order], b_len[order], b_group[order]
    pos, owner = _expand(b_start, b_len, b_group)
    return owner, posted[pos]


def _qualifiers_ok(
    index: CandidateIndex, codes: I32, names: I32, owner: npt.NDArray[np.int64], cuts: _Cuts
) -> npt.NDArray[np.bool_]:
    """Per gathered posting: may its entity still reach its group's cut, given birth years and
    countries alone? Groups are contiguous in `owner` (sorted). Queries with one birth year and
    one country (the usual case) are judged all at once; others group by group."""
    year, country, top, year_cost, country_cost, need = (
        cuts.year, cuts.country, cuts.top, cuts.year_cost, cuts.country_cost, cuts.need
    )  # fmt: skip
    if len(cuts.plans) == 1:  # a single query name: its values broadcast, no gather per posting
        year_off, country_off = index.row_mismatches(codes, names, year[:1], country[:1])
        bound = np.minimum(1.0, top[0] - year_cost[0] * year_off - country_cost[0] * country_off)
        ok = np.asarray(bound >= need[0] - BOUND_SLACK)
    else:
        year_off, country_off = index.row_mismatches(codes, names, year[owner], country[owner])
        bound = np.minimum(1.0, top[owner] - year_cost[owner] * year_off - country_cost[owner] * country_off)
        ok = np.asarray(bound >= need[owner] - BOUND_SLACK)
    if cuts.several:
        bounds = np.searchsorted(owner, np.arange(len(cuts.plans) + 1))
        for g in cuts.several:
            cut = cuts.plans[g].cut
            assert cut is not None
            a, b = int(bounds[g]), int(bounds[g + 1])
            seg_names = names[a:b]
            y_off, c_off = index.code_mismatches(
                codes[a:b], _entities_of(index, seg_names), cut.years, cut.countries
            )
            seg = np.minimum(1.0, cut.top - cut.year_cost * y_off - cut.country_cost * c_off)
            ok[a:b] = seg >= cut.cut - BOUND_SLACK
    return ok


def _entities_of(index: CandidateIndex, names: I32) -> Callable[[npt.NDArray[np.intp]], I32]:
    """Rows of `names` -> their entities, read only for the rows asked."""

    def entities(rows: npt.NDArray[np.intp]) -> I32:
        return np.asarray(index.name_entity[names[rows]])

    return entities


def _distinct(ordered: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The distinct values of a sorted array (np.unique hashes, several times slower at this size)."""
    if len(ordered) < 2:
        return ordered
    mask = np.empty(len(ordered), bool)
    mask[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=mask[1:])
    return ordered[mask]


def _estimate(index: CandidateIndex, batch: _Batch, pair_group: npt.NDArray[np.int64], cand: I32) -> F64:
    """Estimated name similarity of every (group, candidate name) pair (see the module docstring),
    in one pass over the candidates' terms whatever the number of groups and query terms."""
    n = len(cand)
    starts = index.fwd_off[cand]
    lens = index.fwd_off[cand + 1] - starts  # every indexed name has a term
    first = np.cumsum(lens) - lens
    total = int(first[-1] + lens[-1])
    owner = np.repeat(np.arange(n), lens)
    flat = index.fwd_terms[np.repeat(starts - first, lens) + np.arange(total)]
    vocab_size = max(1, len(index.vocab))
    flat_key = np.repeat(pair_group, lens) * np.int64(vocab_size) + flat
    # Pairs (term of a candidate name, expansion of its group's query term) on the same index term.
    # Most terms of a batch's candidates are no expansion of any query term: a look-up in a mask
    # of the batch's expanded terms leaves the binary searches to the others.
    if total >= PREFILTER_MIN:
        seen = np.zeros(vocab_size, bool)
        seen[batch.terms] = True
        maybe = np.flatnonzero(seen[flat])
        needles = flat_key[maybe]
        lo = np.searchsorted(batch.keys, needles, "left")
        count = run_length(batch.keys, lo, needles)
        found = np.flatnonzero(count)
        hit, lo_hit, counts = maybe[found], lo[found], count[found]
    else:
        lo = np.searchsorted(batch.keys, flat_key, "left")
        count = run_length(batch.keys, lo, flat_key)
        hit = np.flatnonzero(count)
        lo_hit, counts = lo[hit], count[hit]
    best_flat = np.zeros(total, np.float32)
    # Best similarity of each query term in each name: one slot per (name, term of its group's
    # query name), laid end to end (groups differ in length: a grid as wide as the longest would
    # be three times larger).
    slots = batch.lens[pair_group]
    slot0 = np.cumsum(slots) - slots
    per_q = np.zeros(int(slot0[-1] + slots[-1]), np.float32)
    if len(hit):
        if int(counts.max()) == 1:
            pair_flat, pair_exp = hit, lo_hit
            sims = batch.sims[pair_exp]
            best_flat[hit] = sims
        else:
            pair_flat = np.repeat(hit, counts)
            ends = np.cumsum(counts)
            pair_exp = np.repeat(lo_hit - (ends - counts), counts) + np.arange(int(ends[-1]))
            sims = batch.sims[pair_exp]
            np.maximum.at(best_flat, pair_flat, sims)
        np.maximum.at(per_q, slot0[owner[pair_flat]] + batch.qi[pair_exp], sims)
    slot_term = np.repeat(batch.term0[pair_group] - slot0, slots) + np.arange(len(per_q))
    matched_q = np.add.reduceat(per_q * batch.flat_w[slot_term], slot0)
    # Weight of the query's strongest unpaired term, in each name.
    q_free = np.maximum.reduceat(np.where(per_q == 0.0, batch.flat_free[slot_term], 0.0), slot0)
    person = index.name_kind[cand] == KIND_CODES[Kind.PERSON]
    row = (~person).astype(np.intp)
    term_w = index.term_weight[row[owner], flat]
    matched_c = np.bincount(owner, weights=term_w * best_flat, minlength=n)
    free = (best_flat == 0.0) & (term_w >= FREE_MIN) & ~index.term_weak[flat]
    c_free = np.maximum.reduceat(np.where(free, term_w, 0.0), first)
    q_total = np.maximum(batch.totals[pair_group], 1e-9)
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


def candidates_many(
    index: CandidateIndex, queries: Sequence[CandidateQuery], *, limit: int = 20, floor: float = 0.0
) -> list[list[tuple[int, float]]]:
    """`candidates` of several queries at once: their names are widened, gathered and estimated in
    one pass of array operations, so a batch pays numpy's fixed cost per call once, not per query."""
    groups: list[Sequence[str]] = []
    owner: list[int] = []
    person: list[bool] = []
    kind_rows: list[list[int]] = []
    cuts: list[QualifierCut | None] = []
    for qn, query in enumerate(queries):
        for terms in query.names:
            if terms:
                groups.append(terms)
                owner.append(qn)
                person.append(KIND_CODES[Kind.PERSON] in query.kinds)
                kind_rows.append(sorted(query.kinds))
                cuts.append(query.qualifiers)
    best: list[dict[int, float]] = [{} for _ in queries]
    if groups:
        batch = _Batch(index, groups, person)
        kind_ok = np.zeros((len(groups), GENERIC_CODE + 1), bool)
        for g, row in enumerate(kind_rows):
            kind_ok[g, row] = True
        pair_group, cand = _gather(index, batch, kind_ok, cuts)
        if len(cand):
            est = _estimate(index, batch, pair_group, cand)
            keep = est >= floor
            pair_group, ents, est = pair_group[keep], index.name_entity[cand[keep]], est[keep]
            # Best estimate per (group, entity), then each group's best `limit * 2` entities.
            order = np.lexsort((-est, pair_group))
            pair_group, ents, est = pair_group[order], ents[order], est[order]
            key = pair_group * np.int64(max(1, len(index))) + ents
            _, first = np.unique(key, return_index=True)
            first.sort()
            taken: dict[int, int] = {}
            for g, e, sc in zip(
                pair_group[first].tolist(), ents[first].tolist(), est[first].tolist(), strict=True
            ):
                n = taken.get(g, 0)
                if n >= limit * 2:
                    continue
                taken[g] = n + 1
                found = best[owner[g]]
                if sc > found.get(e, -1.0):
                    found[e] = sc
    out: list[list[tuple[int, float]]] = []
    for query, found in zip(queries, best, strict=True):
        if query.identifiers:
            kinds = query.kinds
            for e in index.identifier_entities(query.identifiers):
                if int(index.entity_kind[e]) in kinds:
                    found[e] = 1.0 + found.get(e, 0.0)
        ranked = sorted(found.items(), key=lambda kv: -kv[1])[:limit]
        out.append([(e, min(1.0, s)) for e, s in ranked])
    return out


def candidates(
    index: CandidateIndex,
    names: Sequence[Sequence[str]],
    kinds: frozenset[int],
    identifiers: Sequence[str] = (),
    *,
    limit: int = 20,
    floor: float = 0.0,
    qualifiers: QualifierCut | None = None,
) -> list[tuple[int, float]]:
    """Up to `limit` (entity, estimate) pairs with estimate >= `floor`, best first.

    `names` holds the terms of each query name; an entity takes its best name against the best
    query name. Entities sharing an identifier with the query always come first (estimate 1.0).
    `qualifiers`, when given, drops gathered names before any estimate, from their postings' packed
    birth years and countries (the screener drops those that cannot reach the threshold).
    """
    query = CandidateQuery(names, kinds, identifiers, qualifiers)
    return candidates_many(index, [query], limit=limit, floor=floor)[0]
