"""Parties to compare, and their precomputed forms.

`Party` is what a caller knows: names, schema, countries, birth dates, identifiers; for a list
entity, the names include every alias. `prepare()` turns it into a `PreparedParty` once: name
forms per comparison kind, parsed identifiers, birth years and days, country codes. An index
prepares each list entity once and reuses it for every query.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from interdictor.screening.forms import Kind, NameForm, analyze_name, kind_of_schema
from interdictor.screening.identifiers import Identifier, parse_identifier
from interdictor.screening.vocab import TokenFrequencies, default_frequencies

__all__ = [
    "COUNTRY_PROPS",
    "GENERIC_SCHEMATA",
    "IDENTIFIER_PROPS",
    "NAME_PROPS",
    "Party",
    "PreparedParty",
    "prepare",
    "split_names",
]

_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
#: Schemata that say nothing about whether a name is a person's or an organisation's.
GENERIC_SCHEMATA = frozenset({"LegalEntity", "Thing", ""})
#: FtM properties read as a party's names: weak aliases ("Abu Ali") are left out, as nomenklatura does.
NAME_PROPS = ("name", "alias", "previousName")
#: FtM properties read as countries, and identifier properties with the kind the scorer parses.
COUNTRY_PROPS = ("country", "nationality", "citizenship", "jurisdiction")
IDENTIFIER_PROPS = {
    "imoNumber": "imo", "registrationNumber": "id", "passportNumber": "id", "idNumber": "id",
    "taxNumber": "id", "swiftBic": "bic", "iban": "iban", "phone": "phone", "email": "email",
    "innCode": "id", "ogrnCode": "id", "leiCode": "id", "vatCode": "id",
}  # fmt: skip


def split_names(values: Sequence[str]) -> list[str]:
    """Names as listed, with "A; B" cells split: some lists put several aliases in one field."""
    out: list[str] = []
    for value in values:
        parts = [p.strip() for p in value.split(";")] if ";" in value else [value.strip()]
        out.extend(p for p in parts if p)
    return out


@dataclass
class Party:
    """A query or a list entity, in FollowTheMoney terms (names include aliases)."""

    names: Sequence[str]
    schema: str = "LegalEntity"
    countries: Sequence[str] = ()
    birth_dates: Sequence[str] = ()
    identifiers: Sequence[str] = ()
    id: str | None = None

    @classmethod
    def from_entity(cls, entity: Any) -> Party:
        """From a followthemoney entity proxy: names, aliases, countries, dates and identifiers."""
        get = entity.get
        names = [v for prop in NAME_PROPS for v in get(prop, quiet=True)]
        idents = [f"{kind}:{v}" for prop, kind in IDENTIFIER_PROPS.items() for v in get(prop, quiet=True)]
        countries = [v for prop in COUNTRY_PROPS for v in get(prop, quiet=True)]
        return cls(
            names=names,
            schema=entity.schema.name,
            countries=countries,
            birth_dates=list(get("birthDate", quiet=True)),
            identifiers=idents,
            id=getattr(entity, "id", None),
        )


@dataclass
class PreparedParty:
    """A party with everything the scorer needs computed once."""

    party: Party
    kind: Kind
    generic: bool
    identifiers: list[Identifier]
    years: frozenset[int]
    days: frozenset[str]
    countries: frozenset[str]
    freqs: TokenFrequencies
    _forms: dict[Kind, list[NameForm]] = field(default_factory=dict)

    def forms(self, kind: Kind | None = None) -> list[NameForm]:
        """Name forms under one kind's rules; a generic party (LegalEntity) adopts the other side's kind."""
        kind = kind or self.kind
        cached = self._forms.get(kind)
        if cached is None:
            cached = []
            seen: set[tuple[str, ...]] = set()
            for name in self.party.names:
                for form in analyze_name(name, kind, self.freqs):
                    key = (form.script, *form.tokens)
                    if key not in seen:
                        seen.add(key)
                        cached.append(form)
            self._forms[kind] = cached
        return cached


def _dates(values: Iterable[str]) -> tuple[frozenset[int], frozenset[str]]:
    years: set[int] = set()
    days: set[str] = set()
    for value in values:
        match = _DATE.match(value.strip())
        if match is None:
            continue
        years.add(int(match.group(1)))
        if match.group(3):
            days.add(f"{match.group(1)}-{int(match.group(2)):02d}-{int(match.group(3)):02d}")
    return frozenset(years), frozenset(days)


def prepare(party: Party, freqs: TokenFrequencies | None = None, *, eager: bool = True) -> PreparedParty:
    """Precompute a party's forms; name forms are built now for its own kind (on first use when not
    `eager`: a screened query with no candidate never needs them), others on demand."""
    freqs = freqs or default_frequencies()
    idents = [i for i in (parse_identifier(v) for v in party.identifiers) if i is not None]
    years, days = _dates(party.birth_dates)
    prepared = PreparedParty(
        party=party,
        kind=kind_of_schema(party.schema),
        generic=party.schema in GENERIC_SCHEMATA,
        identifiers=idents,
        years=years,
        days=days,
        countries=frozenset(c.strip().lower() for c in party.countries if c.strip()),
        freqs=freqs,
    )
    if eager:
        prepared.forms()
    return prepared
