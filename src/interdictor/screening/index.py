"""The candidate index: from a query, the few list entities worth scoring, in well under a millisecond.

Layout (numpy arrays, persisted as .npy files and memory-mapped when loaded):

- a vocabulary of terms (`terms.name_terms`) with two weights each, the scorer's own (`vocab.py`)
  for person names and for other names, so that estimates follow the scores;
- postings (term -> names) and the forward index (name -> terms), both in CSR form;
- per name, its entity and the sum of its term weights; per entity, its kind, its birth years and
  its countries (CSR), so that candidates whose qualifiers alone keep them below the threshold are
  dropped before any estimate (`qualifier_mismatches`);
- sorted 64-bit key tables (key -> term) for deletion neighbourhoods, phonetic and Korean keys,
  and (key -> entity) for identifiers.

A query is widened into (query term, index term, similarity) expansions (`retrieve.py`). Rarity
decides the work: only the postings of expansions held by few names are read to gather candidate
names, so "Trading Co Ltd" does not fetch half the index; common terms ("mohammed", "trading")
count only for names already gathered, through the forward index. Each candidate name gets an
estimate of the scorer's name similarity (the weighted share of each side that found a partner,
leaning on the better-covered side as the scorer does); an entity takes its best name.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from interdictor.screening.forms import Kind, kind_of_schema
from interdictor.screening.party import GENERIC_SCHEMATA, split_names
from interdictor.screening.terms import (
    acronym,
    deletion_keys,
    hash_terms,
    identifier_term,
    is_weak,
    korean_key,
    name_terms,
    phonetic_key,
    term_hash,
)
from interdictor.screening.vocab import default_frequencies

__all__ = ["HOWS", "KIND_CODES", "CandidateIndex", "Expansion", "TermExpansions"]

I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]

#: Entity kinds as stored: which query kinds may meet which entities.
KIND_CODES = {Kind.PERSON: 0, Kind.ORG: 1, Kind.OBJECT: 2}
GENERIC_CODE = 3
#: How much the better-covered side counts, as in `names.py` (persons, others).
LEAN_PERSON, LEAN_OTHER = 0.72, 0.5
#: Postings longer than this share of all names are "common": read only if nothing rarer matched.
COMMON_SHARE = 0.002
COMMON_MIN = 500

_ARRAYS = (
    "term_weight", "term_weak", "post_off", "post_names", "fwd_off", "fwd_terms", "name_entity",
    "name_weight", "entity_kind", "del_keys", "del_terms", "ph_keys", "ph_terms", "ko_keys", "ko_terms",
    "id_keys", "id_entities", "year_off", "years", "country_off", "countries", "year_keys", "year_names",
    "country_keys", "country_names",
)  # fmt: skip
_YEAR = re.compile(r"^(\d{4})")


#: How a query term met an index term, by the code `TermExpansions.hows` holds; on equal
#: similarity the first in this order is the one reported.
HOWS = ("exact", "typo", "ph", "ko", "split")


class TermExpansions(NamedTuple):
    """Index terms one query term meets, as parallel arrays, with how each was found (`HOWS`)."""

    terms: I32
    sims: F32
    hows: npt.NDArray[np.uint8]


@dataclass(frozen=True, slots=True)
class Expansion:
    """Query term `qi` meets index term `term` at similarity `sim`, by `how` (exact, typo...)."""

    qi: int
    term: int
    sim: float
    how: str


def _sorted_keys(keys: list[str], values: array[int]) -> tuple[I64, I32]:
    k = hash_terms(keys)
    v = np.frombuffer(values, dtype=np.int32) if len(values) else np.zeros(0, np.int32)
    order = np.argsort(k, kind="stable")
    return np.ascontiguousarray(k[order]), np.ascontiguousarray(v[order])


def _csr(lengths: array[int], values: array[int], dtype: type[np.generic]) -> tuple[I64, np.ndarray]:
    off = np.zeros(len(lengths) + 1, np.int64)
    if len(lengths):
        np.cumsum(np.frombuffer(lengths, dtype=np.int32), out=off[1:])
    flat = np.frombuffer(values, dtype=dtype).copy() if len(values) else np.zeros(0, dtype)
    return off, flat


class CandidateIndex:
    """Arrays of the index; build with `build`, persist with `save` / `load`."""

    def __init__(
        self, vocab: list[str], arrays: dict[str, np.ndarray], country_codes: Sequence[str] = ()
    ) -> None:
        self.vocab = vocab
        #: Country codes as stored in `countries` (lower case, as `prepare` compares them).
        self.country_codes = list(country_codes)
        self.country_ids = {c: i for i, c in enumerate(self.country_codes)}
        self.term_ids = {t: i for i, t in enumerate(vocab)}
        #: Shape (2, terms): the scorer's weights in person names (row 0) and other names (row 1).
        self.term_weight: F32 = arrays["term_weight"]
        #: Terms whose absence on one side is no conflict (numbers, initials), see `terms.is_weak`.
        self.term_weak: npt.NDArray[np.bool_] = arrays["term_weak"]
        self.post_off: I64 = arrays["post_off"]
        self.post_names: I32 = arrays["post_names"]
        self.fwd_off: I64 = arrays["fwd_off"]
        self.fwd_terms: I32 = arrays["fwd_terms"]
        self.name_entity: I32 = arrays["name_entity"]
        self.name_weight: F32 = arrays["name_weight"]
        self.entity_kind: npt.NDArray[np.uint8] = arrays["entity_kind"]
        self.del_keys: I64 = arrays["del_keys"]
        self.del_terms: I32 = arrays["del_terms"]
        self.ph_keys: I64 = arrays["ph_keys"]
        self.ph_terms: I32 = arrays["ph_terms"]
        self.ko_keys: I64 = arrays["ko_keys"]
        self.ko_terms: I32 = arrays["ko_terms"]
        self.id_keys: I64 = arrays["id_keys"]
        self.id_entities: I32 = arrays["id_entities"]
        #: Birth years and country codes of each entity, CSR (entity e: `years[year_off[e]:year_off[e+1]]`).
        self.year_off: I64 = arrays["year_off"]
        self.years: npt.NDArray[np.int16] = arrays["years"]
        self.country_off: I64 = arrays["country_off"]
        self.countries: I32 = arrays["countries"]
        # Most entities have at most one birth year and one country: both are packed into one int32
        # per entity (one gather per query); entities with several go through the CSR arrays.
        self._qualifiers = _pack_qualifiers(self.year_off, self.years, self.country_off, self.countries)
        # Each entity's packed qualifiers and kind in postings order: a term's postings read in full
        # are judged on them as contiguous slices, before any random access (a million-entity
        # index: 16 MB more, built in milliseconds).
        post_entities = self.name_entity[self.post_names]
        self.post_codes: I32 = self._qualifiers[post_entities]
        self.post_kind: npt.NDArray[np.uint8] = self.entity_kind[post_entities]
        #: Each name's entity kind: one read instead of two for a candidate name's kind.
        self.name_kind: npt.NDArray[np.uint8] = self.entity_kind[self.name_entity]
        # Each term's postings again, ordered by their entity's birth year and by its country (keys
        # term << VALUE_BITS | value, `qualifier_postings`): a query with a birth year and a country
        # reads only the postings of entities that can still reach the threshold, a range or two
        # per term found by binary search, instead of every posting (built with the index, saved).
        if "year_keys" in arrays:
            self.year_keys: I64 = arrays["year_keys"]
            self.year_names: I32 = arrays["year_names"]
            self.country_keys: I64 = arrays["country_keys"]
            self.country_names: I32 = arrays["country_names"]
        else:
            codes = self.post_codes
            self.year_keys, self.year_names = qualifier_postings(self.post_off, self.post_names, codes, 0)
            self.country_keys, self.country_names = qualifier_postings(
                self.post_off, self.post_names, codes, _FIELD_BITS
            )
        del post_entities
        self.year_buckets = bucket_lengths(self.post_off, self.year_keys)
        self.country_buckets = bucket_lengths(self.post_off, self.country_keys)
        self._multi: dict[int, dict[int, frozenset[int]]] = {}
        self.common_postings = max(COMMON_MIN, int(COMMON_SHARE * len(self.name_entity)))
        #: Expansions of query terms already seen (see `retrieve.term_expansions`).
        self.expansion_cache: dict[str, TermExpansions] = {}
        #: What each distinct qualifier cut asks of the gathering (`retrieve._cut_plan`).
        self.cut_plans: dict[Any, Any] = {}

    def __len__(self) -> int:
        return len(self.entity_kind)

    @property
    def name_count(self) -> int:
        return len(self.name_entity)

    # -- building ----------------------------------------------------------------------------

    @classmethod
    def build(cls, entities: pa.Table) -> CandidateIndex:
        """Index an entity table (columns schema, names, identifiers; see `entities.py`)."""
        schemata = entities.column("schema").to_pylist()
        names_col = entities.column("names").to_pylist()
        ids_col = entities.column("identifiers").to_pylist()
        years, year_len = array("h"), array("i")
        countries, country_len = array("i"), array("i")
        country_ids: dict[str, int] = {}
        for dates in entities.column("birth_dates").to_pylist():
            found = {int(m.group(1)) for m in (_YEAR.match(d.strip()) for d in dates or ()) if m}
            years.extend(sorted(found))  # four digits: an int16 holds them
            year_len.append(len(found))
        for codes in entities.column("countries").to_pylist():
            found_c = {c.strip().lower() for c in codes or () if c.strip()}
            countries.extend(country_ids.setdefault(c, len(country_ids)) for c in sorted(found_c))
            country_len.append(len(found_c))
        term_ids: dict[str, int] = {}
        vocab: list[str] = []
        fwd = array("i")
        fwd_len = array("i")
        name_entity = array("i")
        kinds = np.zeros(len(schemata), np.uint8)
        id_keys: list[str] = []
        id_entities = array("i")
        for e, (schema, names, idents) in enumerate(zip(schemata, names_col, ids_col, strict=True)):
            kind = kind_of_schema(schema)
            kinds[e] = GENERIC_CODE if schema in GENERIC_SCHEMATA else KIND_CODES[kind]
            rows: list[list[str]] = []
            for name in split_names(names or ()):
                terms = name_terms(name, kind)
                if terms:
                    rows.append(terms)
                    short = acronym(terms) if kind is Kind.ORG else None
                    if short is not None:
                        rows.append([short])
            for terms in rows:
                for term in terms:
                    tid = term_ids.get(term)
                    if tid is None:
                        tid = term_ids[term] = len(vocab)
                        vocab.append(term)
                    fwd.append(tid)
                fwd_len.append(len(terms))
                name_entity.append(e)
            for value in idents or ():
                key = identifier_term(value)
                if key is not None:
                    id_keys.append(key)
                    id_entities.append(e)
        arrays = cls._assemble(vocab, fwd, fwd_len, name_entity, kinds, id_keys, id_entities)
        arrays["year_off"], arrays["years"] = _csr(year_len, years, np.int16)
        arrays["country_off"], arrays["countries"] = _csr(country_len, countries, np.int32)
        return cls(vocab, arrays, list(country_ids))

    @staticmethod
    def _assemble(
        vocab: list[str],
        fwd: array[int],
        fwd_len: array[int],
        name_entity: array[int],
        kinds: npt.NDArray[np.uint8],
        id_keys: list[str],
        id_entities: array[int],
    ) -> dict[str, np.ndarray]:
        n_terms, n_names = len(vocab), len(fwd_len)
        fwd_terms = np.frombuffer(fwd, dtype=np.int32) if len(fwd) else np.zeros(0, np.int32)
        lens = np.frombuffer(fwd_len, dtype=np.int32) if n_names else np.zeros(0, np.int32)
        fwd_off = np.zeros(n_names + 1, np.int64)
        np.cumsum(lens, out=fwd_off[1:])
        owner = np.repeat(np.arange(n_names, dtype=np.int32), lens)
        df = np.bincount(fwd_terms, minlength=n_terms).astype(np.int64)
        freqs = default_frequencies()
        weight = np.array(
            [[freqs.weight(t, True) for t in vocab], [freqs.weight(t, False) for t in vocab]], np.float32
        ).reshape(2, n_terms)
        order = np.argsort(fwd_terms, kind="stable")
        post_off = np.zeros(n_terms + 1, np.int64)
        np.cumsum(df, out=post_off[1:])
        name_kind = (kinds[np.frombuffer(name_entity, dtype=np.int32)] != KIND_CODES[Kind.PERSON]).astype(
            np.intp
        )
        per_occurrence = weight[name_kind[owner], fwd_terms] if n_names else np.zeros(0, np.float32)
        name_weight = np.bincount(owner, weights=per_occurrence, minlength=n_names).astype(np.float32)
        del_k: list[str] = []
        ph_k: list[str] = []
        ko_k: list[str] = []
        del_t, ph_t, ko_t = array("i"), array("i"), array("i")
        for tid, term in enumerate(vocab):
            keys = deletion_keys(term)
            if keys:
                del_k.extend(keys)
                del_t.extend([tid] * len(keys))
            ph = phonetic_key(term)
            if ph:
                ph_k.append(ph)
                ph_t.append(tid)
            ko = korean_key(term)
            if ko:
                ko_k.append(ko)
                ko_t.append(tid)
        arrays: dict[str, np.ndarray] = {
            "term_weight": weight,
            "term_weak": np.fromiter((is_weak(t) for t in vocab), bool, n_terms),
            "post_off": post_off,
            "post_names": np.ascontiguousarray(owner[order]),
            "fwd_off": fwd_off,
            "fwd_terms": np.ascontiguousarray(fwd_terms),
            "name_entity": np.frombuffer(name_entity, dtype=np.int32).copy()
            if n_names
            else np.zeros(0, np.int32),
            "name_weight": name_weight,
            "entity_kind": kinds,
        }
        arrays["del_keys"], arrays["del_terms"] = _sorted_keys(del_k, del_t)
        arrays["ph_keys"], arrays["ph_terms"] = _sorted_keys(ph_k, ph_t)
        arrays["ko_keys"], arrays["ko_terms"] = _sorted_keys(ko_k, ko_t)
        arrays["id_keys"], arrays["id_entities"] = _sorted_keys(id_keys, id_entities)
        return arrays

    # -- persistence -------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        """Write the arrays (.npy) and the vocabulary (one term a line) into `folder`."""
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "vocab.txt").write_text("\n".join(self.vocab), encoding="utf-8")
        (folder / "countries.txt").write_text("\n".join(self.country_codes), encoding="utf-8")
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> CandidateIndex:
        """Read an index written by `save`; arrays are memory-mapped, not copied."""
        text = (folder / "vocab.txt").read_text(encoding="utf-8")
        vocab = text.split("\n") if text else []
        codes = (folder / "countries.txt").read_text(encoding="utf-8")
        # np.asarray drops the memmap subclass (same pages): its indexing is several times slower.
        arrays = {
            name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
            for name in _ARRAYS
        }
        return cls(vocab, arrays, codes.split("\n") if codes else [])

    # -- lookups -----------------------------------------------------------------------------

    def keyed_terms(self, table: str, keys: Sequence[str]) -> list[int]:
        """Index terms filed under any of `keys` in one key table ("del", "ph" or "ko")."""
        return self.keyed_terms_many(table, [keys])[0]

    def keyed_terms_many(self, table: str, groups: Sequence[Sequence[str]]) -> list[list[int]]:
        """`keyed_terms` of each group of keys, with one lookup for all of them."""
        out: list[list[int]] = [[] for _ in groups]
        found = self._key_ranges(table, groups)
        if found is not None:
            values: I32 = getattr(self, f"{table}_terms")
            owner, lo, hi = found
            for o, a, b in zip(owner.tolist(), lo.tolist(), hi.tolist(), strict=True):
                if b > a:
                    out[o].extend(values[a:b].tolist())
        return out

    def keyed_pairs(self, table: str, groups: Sequence[Sequence[str]]) -> tuple[I64, I32]:
        """`keyed_terms_many` as arrays: (group, index term) of every index term filed under a key
        of each group, in order of group (a term filed under two keys of a group comes twice)."""
        found = self._key_ranges(table, groups)
        if found is None:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        owner, lo, hi = found
        count = hi - lo
        ends = np.cumsum(count)
        pos = np.repeat(lo - (ends - count), count) + np.arange(int(ends[-1]))
        values: I32 = getattr(self, f"{table}_terms")
        return np.repeat(owner, count), values[pos]

    def _key_ranges(self, table: str, groups: Sequence[Sequence[str]]) -> tuple[I64, I64, I64] | None:
        """(group, first, end) in one key table of each key of each group; None without keys."""
        sorted_keys: I64 = getattr(self, f"{table}_keys")
        flat = [k for group in groups for k in group]
        if not flat or not len(sorted_keys):
            return None
        owner = np.repeat(np.arange(len(groups), dtype=np.int64), [len(group) for group in groups])
        hashes = np.fromiter(map(term_hash, flat), np.int64, len(flat)) if len(flat) < 8 else hash_terms(flat)
        # Sorted needles: numpy's binary search then starts each one where the last ended, which
        # turns thousands of cache misses over a table of millions into a forward scan.
        order = np.argsort(hashes)
        needles = hashes[order]
        lo = np.empty(len(flat), np.int64)
        hi = np.empty(len(flat), np.int64)
        if len(needles) < LOCKSTEP_MIN:
            lo[order] = np.searchsorted(sorted_keys, needles, "left")
            hi[order] = np.searchsorted(sorted_keys, needles, "right")
        else:  # a batch's thousands of keys: searches in lockstep, runs stepped
            whole = np.zeros(len(needles), np.int64)
            first = lower_bound(sorted_keys, whole, whole + len(sorted_keys), needles)
            lo[order] = first
            hi[order] = first + run_length(sorted_keys, first, needles)
        return owner, lo, hi

    def identifier_entities(self, values: Sequence[str]) -> list[int]:
        """Entities holding one of these identifiers, after normalisation."""
        keys = [k for k in (identifier_term(v) for v in values) if k is not None]
        if not keys or not len(self.id_keys):
            return []
        hashes = hash_terms(keys)
        lo = np.searchsorted(self.id_keys, hashes, "left")
        hi = np.searchsorted(self.id_keys, hashes, "right")
        out: list[int] = []
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            out.extend(self.id_entities[a:b].tolist())
        return out

    def qualifier_codes(self, entities: I32) -> I32:
        """Packed birth year and country of each entity (see `_pack_qualifiers`)."""
        return self._qualifiers[entities]

    def qualifier_mismatches(
        self, entities: I32, years: Collection[int], countries: Collection[str]
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """Per entity: it has birth years and shares none with `years` (the scorer's dob_year_mismatch);
        it has countries and shares none with `countries` (country_mismatch). Nothing is a mismatch
        when the query has no value of that kind."""
        return self.code_mismatches(self._qualifiers[entities], entities, years, countries)

    def _multi_values(self, shift: int) -> dict[int, frozenset[int]]:
        """Years (shift 0) or country ids of the entities whose values do not fit the packed code."""
        cached = self._multi.get(shift)
        if cached is None:
            off, flat = (self.year_off, self.years) if shift == 0 else (self.country_off, self.countries)
            many = np.flatnonzero(self._qualifiers & (_MANY_YEARS << shift // _FIELD_BITS))
            cached = {
                e: frozenset(flat[a:b].tolist())
                for e, a, b in zip(many.tolist(), off[many].tolist(), off[many + 1].tolist(), strict=True)
            }
            self._multi[shift] = cached
        return cached

    def row_mismatches(
        self, codes: I32, names: I32, year: npt.NDArray[np.int64], country: npt.NDArray[np.int64]
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """`code_mismatches` with one wanted value per row, for the rows of many queries at once:
        `year` is the row's query birth year (-1: none), `country` its country id (-1: none, -2: a
        country no entity has, so every entity with countries mismatches); one value (an array of
        length one) stands for every row."""
        out = []
        for wanted, shift in ((year, 0), (country, _FIELD_BITS)):
            if len(wanted) == 1 and len(codes) != 1:
                if int(wanted[0]) == -1:
                    out.append(np.zeros(len(codes), bool))
                    continue
                wanted = np.full(len(codes), int(wanted[0]), np.int64)
            value = (codes >> shift) & _NONE
            mismatch = (wanted != -1) & (value != _NONE) & (value != wanted)
            multi = np.flatnonzero(((codes & (_MANY_YEARS << shift // _FIELD_BITS)) != 0) & (wanted != -1))
            if len(multi):
                # Entities with several values (or one too wide to pack): read through the CSR
                # arrays, every value against its row's wanted one, shared if any agrees.
                off, flat = (self.year_off, self.years) if shift == 0 else (self.country_off, self.countries)
                ents = self.name_entity[names[multi]]
                starts = off[ents]
                lens = off[ents + 1] - starts
                first = np.cumsum(lens) - lens
                pos = np.repeat(starts - first, lens) + np.arange(int(lens.sum()))
                hit = flat[pos] == np.repeat(wanted[multi], lens)
                mismatch[multi] = np.add.reduceat(hit.astype(np.int32), first) == 0
            out.append(mismatch)
        return out[0], out[1]

    def code_mismatches(
        self,
        codes: I32,
        entities: I32 | Callable[[npt.NDArray[np.intp]], I32],
        years: Collection[int],
        countries: Collection[str],
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
        """`qualifier_mismatches` from packed codes (`qualifier_codes` or `post_codes`); `entities` gives
        the entities of the rows whose values do not fit the code (a function of those rows' positions
        when reading the entities costs a random access)."""
        known = [self.country_ids[c] for c in countries if c in self.country_ids]
        out = []
        for wanted, shift, off, flat in (
            (list(years) if years else None, 0, self.year_off, self.years),
            (known if countries else None, _FIELD_BITS, self.country_off, self.countries),
        ):
            if wanted is None:
                out.append(np.zeros(len(codes), bool))
                continue
            value = (codes >> shift) & _NONE
            mismatch = value != _NONE
            for w in wanted:
                mismatch &= value != w
            multi = np.flatnonzero(codes & (_MANY_YEARS << shift // _FIELD_BITS))
            if len(multi):
                ents = entities(multi) if callable(entities) else entities[multi]
                if len(multi) <= _FEW:
                    want = set(wanted)
                    values = self._multi_values(shift)
                    mismatch[multi] = [want.isdisjoint(values[e]) for e in ents.tolist()]
                else:
                    mismatch[multi] = _disjoint(off, flat, ents, wanted)
            out.append(mismatch)
        return out[0], out[1]


#: Below this many needles numpy's own binary search is quicker than the lockstep one.
LOCKSTEP_MIN = 512


def lower_bound(
    keys: npt.NDArray[np.int64],
    lo: npt.NDArray[np.int64],
    hi: npt.NDArray[np.int64],
    needles: npt.NDArray[np.int64],
) -> npt.NDArray[np.int64]:
    """First position in [lo, hi) of sorted `keys` holding a key >= needle, for each needle.

    Many needles search in lockstep, one level of every search per numpy call: the reads of a
    level are independent, so the processor overlaps their cache misses, where `np.searchsorted`
    walks each search's chain of misses one after the other (a batch's thousands of searches in a
    table of millions of postings: a quarter of a millisecond a query)."""
    if len(needles) < LOCKSTEP_MIN:
        return np.searchsorted(keys, needles, "left").astype(np.int64)
    lo = lo.astype(np.int64, copy=True)
    hi = hi.astype(np.int64, copy=True)
    last = max(0, len(keys) - 1)
    for _ in range(int(np.max(hi - lo)).bit_length()):
        mid = (lo + hi) >> 1
        below = keys[np.minimum(mid, last)] < needles
        active = lo < hi
        np.copyto(lo, mid + 1, where=below & active)
        np.copyto(hi, mid, where=~below & active)
    return lo


def run_length(
    keys: npt.NDArray[np.int64], lo: npt.NDArray[np.intp], needles: npt.NDArray[np.int64]
) -> npt.NDArray[np.int64]:
    """How many keys equal each needle from its first position `lo` on: where runs are short (a
    batch's key comes once per query term meeting the index term; few index terms share a
    deletion key), a step or two replaces a second binary search."""
    count = np.zeros(len(lo), np.int64)
    active = np.arange(len(lo))
    last = len(keys) - 1
    while len(active) and last >= 0:
        pos = lo[active] + count[active]
        same = (pos <= last) & (keys[np.minimum(pos, last)] == needles[active])
        active = active[same]
        count[active] += 1
    return count


#: Up to this many entities with several values are checked in Python (a set each), more in numpy.
_FEW = 64
#: Packed qualifiers: year in bits 0-13, country id in bits 14-27 (_NONE: none), bit 28 set when
#: the entity has several years, bit 29 when it has several countries.
_FIELD_BITS = 14
_NONE = (1 << _FIELD_BITS) - 1
_MANY_YEARS = 1 << 28


#: Bits of a value (a birth year, a country id) in the keys of `qualifier_postings`.
VALUE_BITS = 16
#: Values of `qualifier_postings` below the real ones (stored as value + BUCKETS): an entity with
#: no value (0) and one with several (1, checked through the CSR arrays). They sort first among a
#: term's postings, so that they are read without a search (`bucket_lengths`).
NONE_BUCKET, MULTI_BUCKET, BUCKETS = 0, 1, 2


def qualifier_postings(post_off: I64, post_names: I32, codes: I32, shift: int) -> tuple[I64, I32]:
    """Postings keyed by term << VALUE_BITS | the entity's value of one qualifier (birth year: shift 0,
    country id: shift _FIELD_BITS) + BUCKETS, or NONE_BUCKET / MULTI_BUCKET, sorted: the postings
    of term t whose entity has value v are one range, found by binary search."""
    value = ((codes >> shift) & _NONE) + BUCKETS
    value[value == _NONE + BUCKETS] = NONE_BUCKET
    value[(codes & (_MANY_YEARS << shift // _FIELD_BITS)) != 0] = MULTI_BUCKET
    term = np.repeat(np.arange(len(post_off) - 1, dtype=np.int64), np.diff(post_off))
    keys = (term << VALUE_BITS) | value.astype(np.int64)
    order = np.argsort(keys, kind="stable")
    return np.ascontiguousarray(keys[order]), np.ascontiguousarray(post_names[order])


def bucket_lengths(post_off: I64, keys: I64) -> I64:
    """Per term, how many of its postings in `qualifier_postings` order are in the two buckets (they
    come first): one search per term when the index is loaded, none per query."""
    firsts = np.arange(len(post_off) - 1, dtype=np.int64) << VALUE_BITS
    return np.searchsorted(keys, firsts | BUCKETS, "left") - post_off[:-1]


def _pack_qualifiers(year_off: I64, years: np.ndarray, country_off: I64, countries: I32) -> I32:
    packed = np.zeros(len(year_off) - 1, np.int32)
    for shift, off, flat in ((0, year_off, years), (_FIELD_BITS, country_off, countries)):
        lens = np.diff(off)
        value = np.full(len(lens), _NONE, np.int32)
        has = np.flatnonzero(lens)
        value[has] = np.minimum(flat[off[has]], _NONE - 1)
        many = lens > 1
        many[has] |= flat[off[has]] >= _NONE - 1  # too wide to pack: checked through the CSR
        packed |= value << shift
        packed |= np.where(many, _MANY_YEARS << shift // _FIELD_BITS, 0).astype(np.int32)
    return packed


def _disjoint(off: I64, flat: np.ndarray, entities: I32, wanted: list[int]) -> npt.NDArray[np.bool_]:
    """Entities with values in the CSR (off, flat) and none of them in `wanted`."""
    starts = off[entities]
    lens = off[entities + 1] - starts
    has = lens > 0
    total = int(lens.sum())
    if not total or not wanted:
        return has
    first = np.cumsum(lens) - lens
    values = flat[np.repeat(starts - first, lens) + np.arange(total)]
    hit = values == wanted[0]
    for w in wanted[1:]:  # a query has one or two values: comparisons beat np.isin's sort
        hit |= values == w
    # Sum of hits per entity (reduceat over the entities with values; the others share nothing).
    shared = np.zeros(len(entities), bool)
    nonempty = np.flatnonzero(has)
    if len(nonempty):
        shared[nonempty] = np.add.reduceat(hit, first[nonempty]) > 0
    return np.asarray(has & ~shared)
