"""A deliberately simple exact-and-token matcher, used by the demo until the real engine lands.

Names are casefolded, transliterated to Latin and stripped of legal forms (rigour); a query
scores 1.0 against an identical name, else the share of its tokens found in the candidate
name, weighted by token length. It explains itself with the tokens it matched. It knows no
person logic, typos or identifiers; the screening engine replaces it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from followthemoney import StatementEntity
from normality import normalize
from rigour.names import remove_org_types

__all__ = ["SimpleHit", "SimpleNameIndex", "name_tokens"]

_NAME_PROPS = ("name", "alias", "weakAlias", "previousName")


def name_tokens(name: str) -> tuple[str, ...]:
    """Normalised tokens of a name: Latin script, lower case, no punctuation or legal form."""
    text = normalize(remove_org_types(name) or name, lowercase=True, latinize=True) or ""
    return tuple(text.split())


@dataclass(frozen=True)
class SimpleHit:
    entity_id: str
    list_name: str
    schema: str
    caption: str
    matched_name: str
    score: float
    explanation: str


class SimpleNameIndex:
    """An in-memory inverted index from name tokens to entity names."""

    def __init__(self, entities: Iterable[StatementEntity]) -> None:
        self._names: list[tuple[tuple[str, ...], str, StatementEntity]] = []
        self._postings: dict[str, set[int]] = defaultdict(set)
        for entity in entities:
            if not entity.schema.matchable:
                continue
            for prop in _NAME_PROPS:
                if prop not in entity.schema.properties:
                    continue
                for name in entity.get(prop, quiet=True):
                    tokens = name_tokens(name)
                    if not tokens:
                        continue
                    position = len(self._names)
                    self._names.append((tokens, name, entity))
                    for token in tokens:
                        self._postings[token].add(position)

    def __len__(self) -> int:
        return len(self._names)

    def search(self, query: str, *, threshold: float = 0.7, limit: int = 5) -> list[SimpleHit]:
        """Best hit per entity above `threshold`, best first."""
        query_tokens = name_tokens(query)
        if not query_tokens:
            return []
        candidates: set[int] = set()
        for token in query_tokens:
            candidates |= self._postings.get(token, set())
        best: dict[str, SimpleHit] = {}
        total = sum(len(t) for t in query_tokens)
        for position in candidates:
            tokens, name, entity = self._names[position]
            if tokens == query_tokens:
                score, why = 1.0, "exact match after normalisation"
            else:
                shared = [t for t in query_tokens if t in tokens]
                extra = [t for t in tokens if t not in query_tokens]
                coverage = sum(len(t) for t in shared) / total
                # names with many tokens the query lacks are weaker evidence
                score = coverage * (len(shared) / (len(shared) + 0.5 * len(extra)))
                why = f"tokens in common: {', '.join(shared)}"
                if extra:
                    why += f"; not in the query: {', '.join(extra)}"
            if score < threshold:
                continue
            entity_id = entity.id or ""
            if entity_id not in best or best[entity_id].score < score:
                best[entity_id] = SimpleHit(
                    entity_id=entity_id,
                    list_name=entity.dataset.name,
                    schema=entity.schema.name,
                    caption=entity.caption,
                    matched_name=name,
                    score=round(score, 3),
                    explanation=why,
                )
        return sorted(best.values(), key=lambda h: (-h.score, h.caption))[:limit]
