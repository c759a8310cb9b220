"""Token weights from how often a token appears in list names.

A screener that alerts on every "Trading Co., Ltd." is switched off by its users: a token seen in
thousands of list names ("trading", "international", "mohammad", "al") says little about who is
meant, a rare one ("crystalord", "nazarbayev") says a lot. The weight of a token is its inverse
document frequency, scaled so that tokens seen in `FULL_WEIGHT_DF` or fewer names weigh 1.0.

The default table ships as `data/token_freq.json`, computed by `freqgen.py` from the real lists;
an index built from other lists computes its own with `TokenFrequencies.from_token_lists`.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = [
    "FULL_WEIGHT_DF",
    "MIN_WEIGHT",
    "PARTICLES",
    "STOPWORDS",
    "TokenFrequencies",
    "default_frequencies",
]

#: A token seen in at most this many names gets the full weight 1.0.
FULL_WEIGHT_DF = 4
#: No token weighs less than this: even "trading" is some evidence when everything else agrees.
MIN_WEIGHT = 0.08
#: Weight of words that carry no identity at all ("of", "the", "and").
STOPWORD_WEIGHT = 0.05

#: Connecting words in names; they align when present and cost nothing when absent.
STOPWORDS = frozenset(
    {"of", "the", "and", "for", "in", "de", "des", "du", "la", "le", "los", "las", "del", "da", "do", "dos"}
    | {"et", "und", "y", "e", "i", "a", "an", "at", "on", "to", "fur", "der", "die", "das", "van", "von"}
)
#: Arabic/Persian genealogical particles: weak evidence, but their position structures a name.
PARTICLES = frozenset(
    {"al", "el", "bin", "ben", "ibn", "bint", "ould", "abu", "abou", "abd", "ul", "ad", "ud"}
)


@dataclass
class TokenFrequencies:
    """Document frequencies of tokens among person names and among other names (companies, vessels)."""

    person_total: int
    other_total: int
    person: dict[str, int] = field(default_factory=dict)
    other: dict[str, int] = field(default_factory=dict)
    source: str = "computed"

    @classmethod
    def from_token_lists(
        cls, person_names: Iterable[Iterable[str]], other_names: Iterable[Iterable[str]], min_df: int = 1
    ) -> TokenFrequencies:
        """Count in how many names each token appears (tokens as produced by `forms.name_tokens`)."""
        counts: list[Counter[str]] = [Counter(), Counter()]
        totals = [0, 0]
        for slot, names in enumerate((person_names, other_names)):
            for tokens in names:
                totals[slot] += 1
                counts[slot].update(set(tokens))
        tables = [{t: n for t, n in c.items() if n >= min_df} for c in counts]
        return cls(totals[0], totals[1], tables[0], tables[1])

    def weight(self, token: str, person: bool) -> float:
        """Inverse-document-frequency weight in [MIN_WEIGHT, 1]; unseen tokens weigh 1."""
        if token in STOPWORDS:
            return STOPWORD_WEIGHT
        table, total = (self.person, self.person_total) if person else (self.other, self.other_total)
        df = table.get(token, 0)
        if df <= FULL_WEIGHT_DF or total <= FULL_WEIGHT_DF:
            return 1.0
        idf = math.log((total + 1) / (df + 1))
        full = math.log((total + 1) / (FULL_WEIGHT_DF + 1))
        return float(max(MIN_WEIGHT, min(1.0, idf / full) ** 1.5))

    def is_common(self, token: str, person: bool) -> bool:
        """True for tokens frequent enough to be ordinary words or names, not typos of something else."""
        return self.weight(token, person) < 0.75

    def to_json(self) -> dict[str, object]:
        return {
            "source": self.source,
            "person_total": self.person_total,
            "other_total": self.other_total,
            "person": dict(sorted(self.person.items(), key=lambda kv: (-kv[1], kv[0]))),
            "other": dict(sorted(self.other.items(), key=lambda kv: (-kv[1], kv[0]))),
        }

    @classmethod
    def from_json(cls, data: dict[str, object]) -> TokenFrequencies:
        person = data.get("person", {})
        other = data.get("other", {})
        assert isinstance(person, dict) and isinstance(other, dict)
        return cls(
            person_total=int(str(data.get("person_total", 0))),
            other_total=int(str(data.get("other_total", 0))),
            person={str(k): int(v) for k, v in person.items()},
            other={str(k): int(v) for k, v in other.items()},
            source=str(data.get("source", "file")),
        )


@lru_cache(maxsize=1)
def default_frequencies() -> TokenFrequencies:
    """The shipped table, loaded on first use (not at import)."""
    path = resources.files("interdictor.screening").joinpath("data/token_freq.json")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return TokenFrequencies(0, 0, source="empty")
    return TokenFrequencies.from_json(data)
