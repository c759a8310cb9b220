"""Party screening: score a query party against list entities, with an explanation of every score.

    from interdictor.screening import Party, prepare, score
    query = Party(["Dalian Sunny Industries Co Ltd"], "Company")
    result = score(query, Party(["大连阳光实业有限公司"], "Company"))
    result.score, result.is_match, result.explain()

Prepare list entities once (`prepare`) and reuse them: the scorer works on precomputed forms.
Against a whole store, `Screener.from_store(store).screen("NAME", schema=...)` retrieves the
candidates from an index kept next to the store and scores them.
"""

from interdictor.screening.explain import Explanation, FeatureExplanation, MatchResult
from interdictor.screening.model import NameScreeningV1
from interdictor.screening.party import Party, PreparedParty, prepare
from interdictor.screening.screener import Match, Screener
from interdictor.screening.vocab import TokenFrequencies, default_frequencies

__all__ = [
    "DEFAULT_THRESHOLD",
    "Explanation",
    "FeatureExplanation",
    "Match",
    "MatchResult",
    "NameScreeningV1",
    "Party",
    "PreparedParty",
    "Screener",
    "TokenFrequencies",
    "default_frequencies",
    "prepare",
    "score",
]

#: Default alert threshold of the default algorithm.
DEFAULT_THRESHOLD = NameScreeningV1.THRESHOLD


def score(query: Party | PreparedParty, candidate: Party | PreparedParty) -> MatchResult:
    """Score one query against one candidate with the default algorithm, preparing either if needed."""
    q = query if isinstance(query, PreparedParty) else prepare(query)
    c = candidate if isinstance(candidate, PreparedParty) else prepare(candidate)
    return NameScreeningV1.score(q, c)
