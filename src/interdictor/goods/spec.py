"""The catalogue as the classifier uses it: compiled, typed, limits already in canonical units.

The YAML files are written for people (units they know, terms in several languages); these objects
are written for the hot loop (patterns compiled, every limit converted once by the unit table).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from interdictor.goods.text import Lexicon
from interdictor.goods.units import Conversion

__all__ = [
    "Catalogue",
    "CatchAllRule",
    "Condition",
    "DestinationRule",
    "Entry",
    "Family",
    "KindLeaf",
    "Leaf",
    "Node",
    "ParamDef",
    "TermLeaf",
]

Op = Literal["<", "<=", ">", ">=", "in"]


@dataclass(frozen=True, slots=True)
class Leaf:
    """One comparison: parameter, comparator, limit (canonical units) and the unit to show it in."""

    param: str
    op: Op
    limit: float
    unit: str | None
    conversion: Conversion
    values: frozenset[str] = frozenset()  # for op "in": accepted vocabulary keys
    shown_limit: float = 0.0  # the limit as written in the catalogue, for explanations


@dataclass(frozen=True, slots=True)
class KindLeaf:
    """The text names one of these sub-types (true), another of the group (false), or none (unknown)."""

    group: str
    kinds: frozenset[str]


@dataclass(frozen=True, slots=True)
class TermLeaf:
    """One of these words appears anywhere in the text (true); otherwise unknown, never false.

    With `ask`, an unknown term is a question for the customer (named `name` in the answer), for example
    whether the item is especially designed or prepared for an enrichment plant (NSG Part 1).
    """

    terms: tuple[str, ...]
    pattern: re.Pattern[str]
    name: str = "term"
    ask: str | None = None


@dataclass(frozen=True, slots=True)
class Node:
    mode: Literal["all", "any"]
    children: tuple[Condition, ...]


Condition = Leaf | KindLeaf | TermLeaf | Node


@dataclass(frozen=True, slots=True)
class ParamDef:
    name: str
    kind: str
    ask: str
    cues: re.Pattern[str] | None = None
    not_cues: re.Pattern[str] | None = None
    cue_required: bool = False
    range: Literal["capability", "max", "min"] = "capability"
    better: Literal["lower", "higher"] | None = None
    discrete: bool = False
    plus_minus: bool = False
    selector: bool = False
    vocabulary: Lexicon | None = None
    derived_op: str | None = None
    derived_args: tuple[tuple[str, str | float], ...] = ()
    plausible: tuple[float, float] | None = None


@dataclass(frozen=True, slots=True)
class CatchAllRule:
    id: str
    destinations: frozenset[str]
    note: str
    source: str | None
    when: Condition | None
    entry_id: str


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    family: str
    eu: str | None
    us: str | None
    regime: str
    title: str
    hs: tuple[str, ...]
    source: str
    confidence: str
    logic: Condition | None = None
    other_than: tuple[str, ...] = ()
    gate: tuple[re.Pattern[str], ...] = ()
    context: tuple[re.Pattern[str], ...] = ()
    exclude: re.Pattern[str] | None = None
    exclusions: tuple[str, ...] = ()
    near_cues: tuple[str, ...] = ()
    catch_all: tuple[CatchAllRule, ...] = ()
    parent: str | None = None
    notes: str | None = None

    @property
    def base_code(self) -> str:
        """The five-character control code (2B230 for 2B230.a), used in CSV output and tests."""
        return self.id[:5]

    @property
    def unverified(self) -> bool:
        return self.confidence == "R"


@dataclass(frozen=True, slots=True)
class Family:
    id: str
    title: str
    params: dict[str, ParamDef]
    entries: tuple[Entry, ...]
    kinds: dict[str, Lexicon]
    exclude: re.Pattern[str] | None
    terms: tuple[str, ...]
    source_file: str

    @property
    def hs_prefixes(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for entry in self.entries:
            for code in entry.hs:
                seen[code.replace(".", "")] = None
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class DestinationRule:
    id: str
    destinations: frozenset[str]
    note: str
    source: str | None
    hs_prefixes: tuple[str, ...] = ()
    when_listed: bool = False
    when_family: frozenset[str] = frozenset()
    always: bool = False


@dataclass(slots=True)
class Catalogue:
    """All families, an index of entries, and the context and destination data the classifier needs."""

    version: str
    families: dict[str, Family]
    entries: dict[str, Entry]
    headings: dict[str, Entry]
    term_pattern: re.Pattern[str]
    term_families: dict[str, tuple[str, ...]]
    consumer: re.Pattern[str] | None
    application_markers: tuple[str, ...]
    request_words: frozenset[str]
    marker_pattern: re.Pattern[str]
    destination_rules: tuple[DestinationRule, ...]
    groups: dict[str, frozenset[str]]
    margin: float = 0.15
    files: tuple[str, ...] = field(default=())
