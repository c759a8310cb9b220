"""yente's screening benchmark: listed people must be found, made-up people must not alert.

The fixtures (OpenSanctions' nomenklatura `contrib/candidate_generation_benchmark`, MIT) are CSV
files of person records (full_name, date_of_birth, nationality...): `positives_un_untreated.csv`
holds names of the UN Security Council list, `positives_un_treated.csv` the same rows with typos,
reshuffles and dropped parts, and `negatives_*.csv` 2 x 50,000 generated people who are not listed.

A positive row is found when an entity carrying its untreated name (after casefolding and
tokenising) is among the matches above the threshold; the treated row shares its untreated
twin's expected entities. A negative alerts when anything matches. The candidate stage is also
measured alone: is the expected entity among the candidates handed to the scorer?
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from interdictor.screening.party import Party, split_names
from interdictor.screening.screener import Screener
from interdictor.screening.text import tokenize

__all__ = ["YenteResult", "evaluate_negatives", "evaluate_positives", "expected_entities", "read_people"]


@dataclass(frozen=True)
class Person:
    """One fixture row."""

    line: int
    name: str
    birth_date: str
    nationality: str

    def party(self, use_details: bool = True) -> Party:
        """The query: the name, and (if asked) the birth date and nationality the row gives."""
        if not use_details:
            return Party([self.name], "Person")
        return Party(
            [self.name],
            "Person",
            countries=[self.nationality] if self.nationality else [],
            birth_dates=[self.birth_date] if self.birth_date else [],
        )


@dataclass
class YenteResult:
    """Counts for one fixture file, with the rows that went wrong."""

    rows: int = 0
    hits: int = 0
    candidate_hits: int = 0
    misses: list[tuple[int, str, str]] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.hits / self.rows if self.rows else 0.0

    @property
    def candidate_rate(self) -> float:
        return self.candidate_hits / self.rows if self.rows else 0.0


def read_people(path: Path) -> list[Person]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Person(n + 2, row["full_name"], row.get("date_of_birth") or "", row.get("nationality") or "")
            for n, row in enumerate(csv.DictReader(fh))
        ]


def _key(name: str) -> tuple[str, ...]:
    return tuple(sorted(t for t in tokenize(name.replace("’", "'").replace("‘", "'")) if t))


def expected_entities(screener: Screener, people: Iterable[Person]) -> list[set[int]]:
    """Per row, the entities of the index holding exactly that name (in any token order)."""
    by_key: dict[tuple[str, ...], set[int]] = {}
    for entity, names in enumerate(screener.entities.column("names").to_pylist()):
        for name in split_names(names or ()):
            by_key.setdefault(_key(name), set()).add(entity)
    return [by_key.get(_key(p.name), set()) for p in people]


def evaluate_positives(
    screener: Screener,
    people: list[Person],
    expected: list[set[int]],
    *,
    use_details: bool = True,
    progress: Callable[[int], None] | None = None,
) -> YenteResult:
    """Recall: rows whose expected entity is matched above the threshold (rows with none expected
    are counted as misses, so the figure never flatters)."""
    result = YenteResult()
    for person, wanted in zip(people, expected, strict=True):
        result.rows += 1
        party = screener.normalised(person.party(use_details))
        found = {e for e, _ in screener.search(party)}
        cands = {e for e, _ in screener.candidates(party)}
        if wanted & cands:
            result.candidate_hits += 1
        if wanted & found:
            result.hits += 1
        else:
            why = (
                "no expected entity"
                if not wanted
                else ("not a candidate" if not wanted & cands else "scored low")
            )
            result.misses.append((person.line, person.name, why))
        if progress is not None:
            progress(1)
    return result


def evaluate_negatives(
    screener: Screener,
    people: list[Person],
    *,
    use_details: bool = True,
    progress: Callable[[int], None] | None = None,
) -> YenteResult:
    """Alerts: rows with any match above the threshold (`hits` counts the alerts)."""
    result = YenteResult()
    for person in people:
        result.rows += 1
        found = screener.search(screener.normalised(person.party(use_details)))
        if found:
            result.hits += 1
            entity, match = found[0]
            names = match.explain().candidate_name or screener.row(entity)["entity_id"]
            result.misses.append((person.line, person.name, f"{match.score:.2f} {names}"))
        if progress is not None:
            progress(1)
    return result
