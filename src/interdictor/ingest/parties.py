"""Parties already known to the store, found by name in free text.

The names of every screenable list entity and every evidence entity are turned into token
sequences the way the screening engine normalises them (legal forms removed, any script to ASCII,
"PUTIN, Vladimir" as "vladimir putin"), and a line's tokens are matched against them. A name is
only worth looking for when it is distinctive: its tokens' screening weights must add up to a
whole distinctive word, so "General Trading" alone never fires but "Al Noor General Trading" does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import duckdb

from interdictor.ingest.patterns import Found
from interdictor.ingest.tables import tables_exist
from interdictor.screening import default_frequencies
from interdictor.screening.forms import Kind, analyze_name, kind_of_schema
from interdictor.screening.text import to_ascii

__all__ = ["Gazetteer", "KnownName"]

_TOKEN = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*")
#: Longest name looked for, in tokens; the sum of token weights a name needs to be looked for.
MAX_TOKENS = 8
MIN_WEIGHT = 1.0
#: Single-token names are looked for only when this long (short ones are ordinary words).
MIN_SINGLE_CHARS = 7
#: Names loaded at most; a store beyond this is told so in the report.
MAX_NAMES = 2_000_000
_PARTY_SCHEMATA = ("Company", "Organization", "LegalEntity", "PublicBody", "Person", "Vessel", "Airplane")


@dataclass(frozen=True)
class KnownName:
    entity_id: str
    schema: str
    name: str


@dataclass
class Gazetteer:
    """Token sequences of known names, keyed by their first token, with the entities they name."""

    first: dict[str, dict[tuple[str, ...], list[KnownName]]] = field(default_factory=dict)
    names: int = 0
    truncated: bool = False

    def add(self, entity_id: str, schema: str, name: str) -> None:
        kind = kind_of_schema(schema)
        freqs = default_frequencies()
        for form in analyze_name(name, kind, freqs)[:2]:
            tokens = tuple(form.tokens)
            if not tokens or len(tokens) > MAX_TOKENS:
                continue
            if len(tokens) == 1 and (len(tokens[0]) < MIN_SINGLE_CHARS or tokens[0].isdigit()):
                continue
            if len(tokens) > 1 and sum(form.weights) < MIN_WEIGHT:
                continue
            keys = [tokens]
            if kind is Kind.PERSON and len(tokens) in (2, 3):
                # People are written family name first as often as last ("Karimi Reza").
                keys.append((tokens[-1], *tokens[:-1]))
            for key in keys:
                bucket = self.first.setdefault(key[0], {}).setdefault(key, [])
                known = KnownName(entity_id, schema, name)
                if all(k.entity_id != entity_id for k in bucket):
                    bucket.append(known)
            self.names += 1

    def find(self, line: str) -> Iterator[Found]:
        """Known names in a line, longest first at each position; each with the entity it names."""
        words = [
            (m.start(), m.end(), to_ascii(m.group(0).replace("'", "").replace("’", "")))
            for m in _TOKEN.finditer(line)
        ]
        tokens = [w[2] for w in words]
        i = 0
        first = self.first
        while i < len(words):
            bucket = first.get(tokens[i])
            if bucket is None:
                i += 1
                continue
            match: tuple[str, ...] | None = None
            for size in range(min(MAX_TOKENS, len(words) - i), 0, -1):
                key = tuple(tokens[i : i + size])
                if key in bucket:
                    match = key
                    break
            if match is None:
                i += 1
                continue
            start, end = words[i][0], words[i + len(match) - 1][1]
            for known in bucket[match]:
                yield Found("known_party", line[start:end], known.entity_id, start, end)
            i += len(match)

    @classmethod
    def from_names(cls, names: Iterable[tuple[str, str, str]]) -> Gazetteer:
        """From (entity id, schema, name) triples: for tests and for callers with their own parties."""
        gazetteer = cls()
        for entity_id, schema, name in names:
            gazetteer.add(entity_id, schema, name)
        return gazetteer

    @classmethod
    def from_store(cls, con: duckdb.DuckDBPyConnection, *, max_names: int = MAX_NAMES) -> Gazetteer:
        """Names of the store's current list entities and of its evidence entities."""
        gazetteer = cls()
        for entity_id, schema, name in _store_names(con):
            if gazetteer.names >= max_names:
                gazetteer.truncated = True
                break
            gazetteer.add(entity_id, schema, name)
        return gazetteer


def _store_names(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str, str]]:
    schemata = ", ".join(f"'{s}'" for s in _PARTY_SCHEMATA)
    queries = []
    if tables_exist(con, "statements", "entity_versions", "latest_versions", "snapshots"):
        queries.append(
            "SELECT DISTINCT entity_id, schema, value FROM current_statements"
            f" WHERE prop IN ('name', 'alias', 'previousName') AND schema IN ({schemata})"
        )
    if tables_exist(con, "evidence_statements"):
        queries.append(
            "SELECT DISTINCT entity_id, schema, value FROM evidence_statements"
            f" WHERE prop IN ('name', 'alias', 'previousName') AND schema IN ({schemata})"
        )
    for sql in queries:
        cursor = con.cursor()
        cursor.execute(sql)
        while True:
            rows = cursor.fetchmany(10_000)
            if not rows:
                break
            yield from rows
        cursor.close()
