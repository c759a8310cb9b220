"""Screen parties against the store's lists: retrieve candidates from the index, score them, explain.

    from interdictor.screening import Screener
    with Store(path, read_only=True) as store:
        screener = Screener.from_store(store)          # loads or (re)builds <db>.screening-index/
    screener.screen("Dalian Sunny Industries", schema="Company", country="cn")

Candidates come from the index (`retrieve.py`), each with an estimate of its name similarity; those
whose estimate clears a floor below the threshold (the estimate is rough, the floor is generous)
are prepared from the entity table (once, then cached) and scored by the algorithm, which decides.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, Field

from interdictor.screening.entities import entity_party, entity_table
from interdictor.screening.explain import Explanation, MatchResult
from interdictor.screening.forms import Kind, kind_of_schema
from interdictor.screening.index import CandidateIndex
from interdictor.screening.model import NameScreeningV1, ScoringAlgorithm
from interdictor.screening.party import GENERIC_SCHEMATA, Party, PreparedParty, prepare
from interdictor.screening.persist import (
    IndexManifest,
    index_folder,
    list_versions_key,
    read_index,
    write_index,
)
from interdictor.screening.retrieve import CandidateQuery, QualifierCut, allowed_kinds, candidates_many
from interdictor.screening.terms import name_terms
from interdictor.store import Store

__all__ = ["Match", "Screener"]

#: Candidates scored at most per query, and the estimate below which a candidate is not scored:
#: the threshold less this margin (estimates run below scores for typos and cross-script names).
MAX_SCORED = 25
FLOOR_MARGIN = 0.2
#: Prepared candidates kept in memory; the commonest names come back query after query.
CACHE_SIZE = 50_000


class Match(BaseModel):
    """One list entity found for a query, with the arithmetic of its score."""

    model_config = ConfigDict(populate_by_name=True)

    entity_id: str = Field(description="Id in the store (for FtM sources, the id in the source file).")
    list_name: str = Field(examples=["un_sc_sanctions"])
    schema_name: str = Field(alias="schema", examples=["Person"])
    matched_name: str = Field(description="The list name that gave the best name evidence.")
    score: float = Field(examples=[0.93])
    explanation: Explanation


def _countries(values: Iterable[str]) -> list[str]:
    from interdictor.screening.query import normalise_country

    out: list[str] = []
    for value in values:
        code = normalise_country(value)
        out.append(code if code is not None else value.strip().lower())
    return out


def as_party(
    query: Party | str,
    schema: str | None = None,
    country: str | Sequence[str] | None = None,
    birth_date: str | Sequence[str] | None = None,
    identifiers: Sequence[str] = (),
) -> Party:
    """A query party from a name and options (options add to a Party's own values)."""
    party = Party([query]) if isinstance(query, str) else query
    countries = [country] if isinstance(country, str) else list(country or ())
    dates = [birth_date] if isinstance(birth_date, str) else list(birth_date or ())
    return Party(
        names=list(party.names),
        schema=schema or party.schema,
        countries=_countries([*party.countries, *countries]),
        birth_dates=[*party.birth_dates, *dates],
        identifiers=[*party.identifiers, *identifiers],
        id=party.id,
    )


_BOUNDS: dict[tuple[type[ScoringAlgorithm], bool], tuple[float, float, float]] = {}


def _qualifier_bound(algorithm: type[ScoringAlgorithm], identifiers: bool) -> tuple[float, float, float]:
    """`Screener.qualifier_bound`, worked out once per algorithm and presence of identifiers."""
    found = _BOUNDS.get((algorithm, identifiers))
    if found is None:
        weights = {f.name: f.weight for f in algorithm.FEATURES}
        top = sum(w for name, w in weights.items() if w > 0 and (name != "identifier_match" or identifiers))
        found = _BOUNDS[(algorithm, identifiers)] = (
            top,
            max(0.0, -weights.get("dob_year_mismatch", 0.0)),
            max(0.0, -weights.get("country_mismatch", 0.0)),
        )
    return found


#: Columns of the entity table a candidate's party is made of (`entities.entity_party`).
_PARTY_COLUMNS = ("entity_id", "schema", "names", "countries", "birth_dates", "identifiers")


class Screener:
    """An index over the screenable entities of a store, and the algorithm that scores candidates."""

    def __init__(
        self,
        index: CandidateIndex,
        entities: pa.Table,
        *,
        algorithm: type[ScoringAlgorithm] = NameScreeningV1,
        manifest: IndexManifest | None = None,
        cache_size: int = CACHE_SIZE,
    ) -> None:
        self.index = index
        self.entities = entities
        self.algorithm = algorithm
        self.manifest = manifest
        self._columns = {name: entities.column(name).combine_chunks() for name in entities.column_names}
        self.prepared: Callable[[int], PreparedParty] = lru_cache(maxsize=cache_size)(self._prepare)

    # -- construction ------------------------------------------------------------------------

    @classmethod
    def from_table(cls, entities: pa.Table, **kwargs: Any) -> Screener:
        """Index an entity table in memory (see `entities.py`): for tests and synthetic data."""
        return cls(CandidateIndex.build(entities), entities, **kwargs)

    @classmethod
    def from_store(
        cls,
        store: Store,
        *,
        rebuild: bool = False,
        persist: bool = True,
        notify: Callable[[str], None] | None = None,
    ) -> Screener:
        """The store's index: loaded from `<db>.screening-index/` if it matches the store's newest list
        versions, else built (about a minute per million entities) and saved there when possible."""
        folder = index_folder(store.path)
        key = list_versions_key(store)
        found = None if rebuild else read_index(folder)
        if found is not None and found[0].matches(key):
            manifest, index, table = found
            return cls(index, table, manifest=manifest)
        if notify is not None:
            notify(
                f"building the screening index of {store.path.name} ({'rebuild' if found else 'first use'})"
            )
        start = time.perf_counter()
        table = entity_table(store)
        index = CandidateIndex.build(table)
        manifest = IndexManifest(
            lists=key,
            entities=table.num_rows,
            names=index.name_count,
            terms=len(index.vocab),
            build_seconds=round(time.perf_counter() - start, 2),
        )
        if persist and not write_index(folder, manifest, index, table) and notify is not None:
            notify(f"could not save the screening index to {folder}; it is kept in memory for this run")
        return cls(index, table, manifest=manifest)

    # -- entities ----------------------------------------------------------------------------

    def row(self, entity: int) -> dict[str, Any]:
        """One entity of the table as plain Python values."""
        return {name: col[entity].as_py() for name, col in self._columns.items()}

    def _prepare(self, entity: int) -> PreparedParty:
        cols = self._columns
        return prepare(entity_party({name: cols[name][entity].as_py() for name in _PARTY_COLUMNS}))

    # -- screening ---------------------------------------------------------------------------

    @staticmethod
    def normalised(party: Party) -> Party:
        """The party with its countries as ISO codes, as `screen` queries it."""
        return as_party(party)

    def candidates(
        self,
        party: Party,
        *,
        threshold: float | None = None,
        limit: int = MAX_SCORED,
        prune: bool = True,
        query: PreparedParty | None = None,
    ) -> list[tuple[int, float]]:
        """The candidate stage alone: (entity, estimate) pairs the scorer will see, best first.

        With `prune`, entities whose birth years and countries alone keep their score below the
        threshold (`qualifier_bound`) are left out before any estimate: the scorer could not
        alert on them, whatever their names. `query` is `prepare(party)` when the caller has it.
        """
        cut = self.algorithm.THRESHOLD if threshold is None else threshold
        prepared = query or prepare(party, eager=False)
        spec = self._candidate_query(party, prepared, cut, prune)
        return candidates_many(self.index, [spec], limit=limit, floor=max(0.0, cut - FLOOR_MARGIN))[0]

    def _candidate_query(self, party: Party, query: PreparedParty, cut: float, prune: bool) -> CandidateQuery:
        kind: Kind | None = None if party.schema in GENERIC_SCHEMATA else kind_of_schema(party.schema)
        term_kind = kind or Kind.ORG
        names = [name_terms(n, term_kind) for n in party.names]
        qualifiers = self._qualifier_cut(query, cut) if prune else None
        return CandidateQuery(names, allowed_kinds(kind), party.identifiers, qualifiers)

    def qualifier_bound(self, query: PreparedParty) -> tuple[float, float, float]:
        """(highest score, cost of a birth-year mismatch, cost of a country mismatch) for this query
        under the algorithm's weights: feature values lie in 0..1, so the score of a candidate is at
        most min(1, sum of the positive weights it can earn) less the qualifiers it fails. Only
        name features and identifier_match earn (the latter only when the query has identifiers)."""
        return _qualifier_bound(self.algorithm, bool(query.identifiers))

    def _qualifier_cut(self, query: PreparedParty, cut: float) -> QualifierCut | None:
        top, year_cost, country_cost = self.qualifier_bound(query)
        years = query.years if year_cost > 0 else frozenset()
        countries = query.countries if country_cost > 0 else frozenset()
        if cut <= 0.0 or not (years or countries) or top - year_cost - country_cost >= cut:
            return None
        return QualifierCut(years, countries, top, year_cost, country_cost, cut)

    def search(self, party: Party, threshold: float | None = None) -> list[tuple[int, MatchResult]]:
        """(entity, result) for every candidate scoring at least `threshold`, best first; `party`
        as `normalised` returns it."""
        return self.search_many([party], threshold)[0]

    def search_many(
        self, parties: Sequence[Party], threshold: float | None = None
    ) -> list[list[tuple[int, MatchResult]]]:
        """`search` of several parties: the candidate stage runs once for all of them (see
        `retrieve.candidates_many`), then each query's candidates are scored."""
        # A batch makes many small objects and no reference cycles worth collecting; the cycle
        # collector would rescan the cache of prepared candidates again and again (15 % of a
        # batch's CPU on a million entities), so it is paused while the batch runs.
        collecting = gc.isenabled()
        gc.disable()
        try:
            return self._search_many(parties, threshold)
        finally:
            if collecting:
                gc.enable()

    def _search_many(
        self, parties: Sequence[Party], threshold: float | None
    ) -> list[list[tuple[int, MatchResult]]]:
        cut = self.algorithm.THRESHOLD if threshold is None else threshold
        # Name forms on first score: most queries find nothing.
        queries = [prepare(party, eager=False) for party in parties]
        specs = [self._candidate_query(p, q, cut, True) for p, q in zip(parties, queries, strict=True)]
        shortlists = candidates_many(self.index, specs, limit=MAX_SCORED, floor=max(0.0, cut - FLOOR_MARGIN))
        out: list[list[tuple[int, MatchResult]]] = []
        score, prepared = self.algorithm.score, self.prepared
        for query, shortlist in zip(queries, shortlists, strict=True):
            found: list[tuple[int, MatchResult]] = []
            for entity, _ in shortlist:
                result = score(query, prepared(entity))
                if result.score >= cut:
                    found.append((entity, result))
            found.sort(key=lambda item: -item[1].score)
            out.append(found)
        return out

    def _match(self, entity: int, result: MatchResult) -> Match:
        explanation = result.explain()
        cols = self._columns
        names = cols["names"][entity].as_py() or [""]
        return Match(
            entity_id=cols["entity_id"][entity].as_py(),
            list_name=cols["list_name"][entity].as_py(),
            schema=cols["schema"][entity].as_py(),
            matched_name=explanation.candidate_name or names[0],
            score=round(result.score, 4),
            explanation=explanation,
        )

    def screen(
        self,
        query: Party | str,
        schema: str | None = None,
        country: str | Sequence[str] | None = None,
        birth_date: str | Sequence[str] | None = None,
        identifiers: Sequence[str] = (),
        threshold: float | None = None,
        limit: int = 10,
    ) -> list[Match]:
        """List entities scoring at least `threshold` (the algorithm's default if None), best first."""
        party = as_party(query, schema, country, birth_date, identifiers)
        return [self._match(e, r) for e, r in self.search(party, threshold)[:limit]]

    def screen_many(
        self, queries: Iterable[Party], threshold: float | None = None, limit: int = 10, batch: int = 256
    ) -> Iterator[list[Match]]:
        """`screen` for each query in turn (countries normalised as `screen` does), lazily; the
        candidate stage runs `batch` queries at a time."""
        chunk: list[Party] = []
        for party in queries:
            chunk.append(as_party(party))
            if len(chunk) >= batch:
                yield from self._screen_chunk(chunk, threshold, limit)
                chunk = []
        if chunk:
            yield from self._screen_chunk(chunk, threshold, limit)

    def _screen_chunk(
        self, parties: list[Party], threshold: float | None, limit: int
    ) -> Iterator[list[Match]]:
        for found in self.search_many(parties, threshold):
            yield [self._match(e, r) for e, r in found[:limit]]
