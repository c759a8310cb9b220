"""The candidate index: from a query, the few list entities worth scoring, in well under a millisecond.

Layout (numpy arrays, persisted as .npy files and memory-mapped when loaded):

- a vocabulary of terms (`terms.name_terms`) with two weights each, the scorer's own (`vocab.py`)
  for person names and for other names, so that estimates follow the scores;
- postings (term -> names) and the forward index (name -> terms), both in CSR form;
- per name, its entity and the sum of its term weights; per entity, its kind;
- sorted 64-bit key tables (key -> term) for deletion neighbourhoods, phonetic and Korean keys,
  and (key -> entity) for identifiers.

A query is widened into (query term, index term, similarity) expansions (`expand.py`). Rarity
decides the work: only the postings of expansions held by few names are read to gather candidate
names, so "Trading Co Ltd" does not fetch half the index; common terms ("mohammed", "trading")
count only for names already gathered, through the forward index. Each candidate name gets an
estimate of the scorer's name similarity (the weighted share of each side that found a partner,
leaning on the better-covered side as the scorer does); an entity takes its best name.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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
)
from interdictor.screening.vocab import default_frequencies

__all__ = ["KIND_CODES", "CandidateIndex", "Expansion"]

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
    "id_keys", "id_entities",
)  # fmt: skip


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


class CandidateIndex:
    """Arrays of the index; build with `build`, persist with `save` / `load`."""

    def __init__(self, vocab: list[str], arrays: dict[str, np.ndarray]) -> None:
        self.vocab = vocab
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
        self.common_postings = max(COMMON_MIN, int(COMMON_SHARE * len(self.name_entity)))
        #: Expansions of query terms already seen (see `retrieve.term_expansions`).
        self.expansion_cache: dict[str, tuple[tuple[int, float, str], ...]] = {}

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
        return cls(vocab, cls._assemble(vocab, fwd, fwd_len, name_entity, kinds, id_keys, id_entities))

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
        for name in _ARRAYS:
            np.save(folder / f"{name}.npy", getattr(self, name), allow_pickle=False)

    @classmethod
    def load(cls, folder: Path) -> CandidateIndex:
        """Read an index written by `save`; arrays are memory-mapped, not copied."""
        text = (folder / "vocab.txt").read_text(encoding="utf-8")
        vocab = text.split("\n") if text else []
        # np.asarray drops the memmap subclass (same pages): its indexing is several times slower.
        arrays = {
            name: np.asarray(np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False))
            for name in _ARRAYS
        }
        return cls(vocab, arrays)

    # -- lookups -----------------------------------------------------------------------------

    def keyed_terms(self, table: str, keys: Sequence[str]) -> list[int]:
        """Index terms filed under any of `keys` in one key table ("del", "ph" or "ko")."""
        sorted_keys: I64 = getattr(self, f"{table}_keys")
        if not keys or not len(sorted_keys):
            return []
        hashes = hash_terms(keys)
        lo = np.searchsorted(sorted_keys, hashes, "left")
        hi = np.searchsorted(sorted_keys, hashes, "right")
        values: I32 = getattr(self, f"{table}_terms")
        out: list[int] = []
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            if b > a:
                out.extend(values[a:b].tolist())
        return out

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
