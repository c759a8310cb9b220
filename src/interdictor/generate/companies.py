"""The registry: companies and people as pure functions of (seed, index), and their FtM records.

Company `i` is rebuilt from its own random stream whenever a record needs it, so any process can
use any company without shared state and memory stays bounded (an LRU cache keeps the busy
ones). A cheap `profile(i)` (country and kind from a hash) lets deal generation pick sellers
and buyers by rejection without building the company. Planted networks replace chosen indices
with their own companies through `Registry.overrides`, so fronts sit among ordinary companies
in the files and their ids look like any other.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from dataclasses import dataclass, field
from functools import lru_cache

from interdictor.generate.data import Country, Culture, Knowledge, LegalForm, Place
from interdictor.generate.identifiers import Account, iban, make_account, random_digits, registration_number
from interdictor.generate.names import (
    CompanyName,
    PersonName,
    below,
    make_company_name,
    make_person_name,
    pick,
)
from interdictor.generate.rng import Seeder, mix, opaque, splitmix

__all__ = [
    "KINDS",
    "Account",
    "Company",
    "Person",
    "Registry",
    "iban",
    "make_account",
    "registration_number",
]

# kind, share of registered companies, sectors it is drawn from
KINDS: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("manufacturer", 0.24, ("machinery", "electronics", "instruments", "metals", "chemicals", "technology")),
    (
        "end_user_industrial",
        0.26,
        ("machinery", "electronics", "metals", "chemicals", "industrial", "technology"),
    ),
    ("trading", 0.24, ("trading",)),
    ("distributor", 0.15, ("machinery", "electronics", "instruments", "trading")),
    ("forwarder", 0.07, ("logistics",)),
    ("research", 0.04, ("technology", "instruments")),
)
COMPANY_CACHE = 120_000
"""Companies kept built per process (about 2 KB each): deals draw busy companies again and again."""
DIASPORA = {
    "IR": ("AE", "MY", "TR", "CA", "DE"),
    "CN": ("MY", "SG", "US"),
    "KR": ("US", "CN"),
    "RU": ("DE", "KZ", "TR"),
}


@dataclass(slots=True)
class Person:
    id: str
    name: PersonName
    nationality: str
    country: str
    birth_date: dt.date | None
    phone: str | None = None
    email: str | None = None
    accounts: tuple[Account, ...] = ()
    home: int = -1  # company index whose registry chunk writes this person; -1: written with the networks


@dataclass(slots=True)
class Company:
    """A real company of the world; records show it through `names.CompanyName.variant`."""

    index: int
    id: str
    country: str
    kind: str
    sector: str
    name: CompanyName
    street: str
    city: str
    city_native: str
    postcode: str
    region: str | None
    po_box: str | None
    unit: str | None
    free_zone: str | None
    address_kind: str
    phone: str | None
    email: str | None
    website: str | None
    registration: str
    incorporated: dt.date
    directors: tuple[Person, ...]
    shareholders: tuple[tuple[str, float], ...]  # (owner entity id, percentage)
    accounts: tuple[Account, ...]
    dissolved: dt.date | None = None
    network: str | None = None
    parent: int | None = None
    borrowed_accounts: frozenset[str] = frozenset()  # accounts of another company this one also uses
    extra_names: tuple[str, ...] = field(default=())

    def address_line(self) -> str:
        parts = [p for p in (self.unit, self.street, self.po_box and f"P.O. Box {self.po_box}") if p]
        place = f"{self.postcode} {self.city}".strip() if self.postcode else self.city
        return ", ".join([*parts, place, self.free_zone or ""]).strip(", ").replace(", ,", ",")


@dataclass(frozen=True, slots=True)
class _Local:
    """What building a company in one country needs, looked up once per country and process."""

    country: Country
    culture: Culture
    places: tuple[Place, ...]
    forms: tuple[LegalForm, ...]
    streets: tuple[str, ...]
    buildings: tuple[str, ...]
    regions: tuple[str, ...]
    phone_prefix: str
    registration: str
    number_first: bool
    diaspora: tuple[str, ...]  # origins whose diaspora lives here, in the order of DIASPORA


_SLUG_WORDS: dict[tuple[str, int], str] = {}


def _slug(word: str, length: int) -> str:
    slug = _SLUG_WORDS.get((word, length))
    if slug is None:
        slug = _SLUG_WORDS[(word, length)] = "".join(ch for ch in word.lower() if ch.isalnum())[:length]
    return slug


class Registry:
    """Companies, people and their FtM records for one world (seed, size)."""

    def __init__(
        self, know: Knowledge, seed: int, companies: int, overrides: dict[int, Company] | None = None
    ):
        self.know = know
        self.seed = seed
        self.size = companies
        self.overrides: dict[int, Company] = overrides or {}
        self.key = mix(seed, "ids")
        self._person_key = self.key ^ 0x5A5A
        codes = sorted(know.countries)
        weights = [know.countries[c].exporter + know.countries[c].buyer for c in codes]
        self._codes = [c for c, w in zip(codes, weights, strict=True) if w > 0]
        total = sum(w for w in weights if w > 0)
        acc, self._cum = 0.0, []
        for w in (w for w in weights if w > 0):
            acc += w / total
            self._cum.append(acc)
        acc, self._kind_cum = 0.0, []
        for _, share, _ in KINDS:
            acc += share
            self._kind_cum.append(acc)
        self._sectors = {kind: sectors for kind, _, sectors in KINDS}
        self._locals: dict[str, _Local] = {}
        self._person_cultures: dict[tuple[str, str], Culture] = {}
        self._seeder = Seeder(seed, "co")
        self.company = lru_cache(maxsize=COMPANY_CACHE)(self._build)
        self.world_end = dt.date(know.start.year + know.years, 1, 1)

    # -- ids and cheap profiles ----------------------------------------------------------------

    def company_id(self, index: int) -> str:
        return f"co-{opaque(index, self.key):010x}"

    def person_id(self, index: int, slot: int) -> str:
        return f"pe-{opaque(index * 4 + slot, self._person_key):010x}"

    def profile(self, index: int) -> tuple[str, str]:
        """Country and kind of company `index`, from a hash: no company is built."""
        override = self.overrides.get(index)
        if override is not None:
            return override.country, override.kind
        h = splitmix(index ^ self.key)
        u1 = (h & 0xFFFFFFFF) / 2**32
        u2 = (h >> 32) / 2**32
        country = self._codes[min(bisect.bisect_left(self._cum, u1), len(self._codes) - 1)]
        kind = KINDS[min(bisect.bisect_left(self._kind_cum, u2), len(KINDS) - 1)][0]
        return country, kind

    def profiles(self, stop: int) -> list[tuple[str, str]]:
        """`profile(i)` for i in range(stop), in one pass (the parent scans the whole registry once)."""
        codes, cum, kind_cum = self._codes, self._cum, self._kind_cum
        kinds = [k for k, _, _ in KINDS]
        last_code, last_kind = len(codes) - 1, len(kinds) - 1
        key, m64, scale = self.key, (1 << 64) - 1, 1 / 2**32
        bisect_left = bisect.bisect_left
        out = []
        for index in range(stop):
            # splitmix(index ^ key), inlined
            z = ((index ^ key) + 0x9E3779B97F4A7C15) & m64
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m64
            h = z ^ (z >> 31)
            country = codes[min(bisect_left(cum, (h & 0xFFFFFFFF) * scale), last_code)]
            out.append((country, kinds[min(bisect_left(kind_cum, (h >> 32) * scale), last_kind)]))
        for index, company in self.overrides.items():
            if index < stop:
                out[index] = (company.country, company.kind)
        return out

    def _local(self, code: str) -> _Local:
        local = self._locals.get(code)
        if local is None:
            know = self.know
            country = know.countries[code]
            culture = know.cultures[country.culture]
            local = _Local(
                country=country,
                culture=culture,
                places=country.cities or culture.cities[country.city_key],
                forms=country.legal_forms or culture.legal_forms,
                streets=tuple(s.canonical for s in culture.streets),
                buildings=tuple(b.canonical for b in culture.buildings),
                regions=country.regions,
                phone_prefix=f"+{country.phone} ",
                registration=know.world["registration_formats"].get(code, "{d8}"),
                number_first=code in ("US", "GB", "CA", "SG"),
                diaspora=tuple(origin for origin, hosts in DIASPORA.items() if code in hosts),
            )
            self._locals[code] = local
        return local

    # -- building ------------------------------------------------------------------------------

    def _build(self, index: int) -> Company:
        override = self.overrides.get(index)
        if override is not None:
            return override
        country_code, kind = self.profile(index)
        rng = self._seeder(index)  # the stream of mix(seed, "co", index), on a reused generator
        sectors = self._sectors[kind]
        sector = sectors[int(rng.random() * len(sectors))]
        start = self.know.start
        if rng.random() < 0.05:
            incorporated = start + dt.timedelta(days=below(rng, 365 * self.know.years))
        else:
            incorporated = start - dt.timedelta(days=365 + below(rng, 365 * 45 - 365))
        return self.build_company(rng, index, country_code, kind, sector, incorporated)

    def build_company(
        self,
        rng: random.Random,
        index: int,
        country_code: str,
        kind: str,
        sector: str,
        incorporated: dt.date,
        *,
        directors: tuple[Person, ...] | None = None,
        free_mail: bool | None = None,
    ) -> Company:
        """A complete company; planted networks call this too, then adjust what they share.

        The order of random draws is part of the output (same seed, same bytes): keep it.
        """
        local = self._local(country_code)
        country = local.country
        rnd = rng.random
        places = local.places
        place = places[int(rnd() * len(places))]
        name = make_company_name(rng, self.know, local.culture, sector, place, local.forms)
        streets = local.streets
        street = streets[int(rnd() * len(streets))] if streets else "Main Road"
        number = 1 + below(rng, 399)
        postcode = place.postcode + random_digits(rng, 5 - len(place.postcode)) if place.postcode else ""
        unit = None
        buildings = local.buildings
        if buildings and rnd() < 0.7:
            building = buildings[int(rnd() * len(buildings))]
            unit = f"Unit {1 + below(rng, 39)}{1 + below(rng, 29):02d}, {building}"
        regions = local.regions
        region = regions[int(rnd() * len(regions))] if regions else None
        phone = local.phone_prefix + random_digits(rng, country.phone_digits) if rnd() < 0.93 else None
        words = name.words
        slug = _slug(words[0].latin[0], 14) or "info"
        if len(words) > 1:
            slug += _slug(words[1].latin[0], 8)
        uses_free_mail = free_mail if free_mail is not None else (kind == "trading" and rnd() < 0.1)
        if uses_free_mail:
            email: str | None = f"{slug}{1 + below(rng, 98)}@{pick(rng, country.free_mail)}"
            website = None
        else:
            domain = f"{slug}.{country.tld}"
            email = f"{pick(rng, _MAILBOXES)}@{domain}" if rnd() < 0.8 else None
            website = f"www.{domain}" if rnd() < 0.75 else None
        if directors is None:
            count = 1 if rnd() < 0.6 else 2
            directors = tuple(self.person(rng, index, slot, country_code) for slot in range(count))
        shareholders: list[tuple[str, float]] = []
        parent: int | None = None
        if rnd() < 0.12 and self.size > 1 and index >= 0:
            parent = self._parent(rng, index, country_code)
            if parent is not None:
                shareholders.append((self.company_id(parent), float(pick(rng, (51, 60, 75, 100)))))
        rest = 100.0 - sum(p for _, p in shareholders)
        if rest > 0:
            if len(directors) > 1 and rnd() < 0.5:
                first = float(pick(rng, (50, 60, 70)))
                shareholders += [
                    (directors[0].id, round(rest * first / 100, 2)),
                    (directors[1].id, round(rest * (100 - first) / 100, 2)),
                ]
            else:
                shareholders.append((directors[0].id, rest))
        accounts = tuple(make_account(rng, country) for _ in range(1 if rnd() < 0.75 else 2))
        return Company(
            index,
            self.company_id(index),
            country_code,
            kind,
            sector,
            name,
            f"{number} {street}" if local.number_first else f"{street} {number}",
            place.name.latin[0],
            place.name.native,
            postcode,
            region,
            None,
            unit,
            None,
            "commercial",
            phone,
            email,
            website,
            registration_number(rng, local.registration),
            incorporated,
            directors,
            tuple(shareholders),
            accounts,
            parent=parent,
        )

    def _parent(self, rng: random.Random, index: int, country_code: str) -> int | None:
        """A parent company: a business (not a forwarder or institute), usually of the same country.

        A group's holding is mostly local; the first business found abroad is kept when no local one
        turns up in a few draws (a foreign group's subsidiary).
        """
        rnd, size, overrides, profile = rng.random, self.size, self.overrides, self.profile
        foreign = None
        for _ in range(_PARENT_TRIES):
            candidate = int(rnd() * size)
            if candidate == index or candidate in overrides:
                continue
            code, kind = profile(candidate)
            if kind in _PARENT_KINDS:
                if code == country_code:
                    return candidate
                if foreign is None:
                    foreign = candidate
        return foreign

    def person(
        self, rng: random.Random, index: int, slot: int, country_code: str, nationality: str | None = None
    ) -> Person:
        """A director or owner of company `index`: usually a national of its country, sometimes diaspora."""
        rnd = rng.random
        if nationality is None:
            nationality = country_code
            for origin in self._local(country_code).diaspora:
                if rnd() < 0.08:
                    nationality = origin
                    break
        culture = self._person_cultures.get((nationality, country_code))
        if culture is None:
            culture = self.know.cultures[self.know.countries[nationality].culture]
            if nationality == "HK" or (nationality == "CN" and country_code == "HK"):
                culture = self.know.cultures["zh_hk"]
            self._person_cultures[(nationality, country_code)] = culture
        name = make_person_name(rng, culture)
        birth = (
            dt.date(1945 + below(rng, 50), 1 + below(rng, 12), 1 + below(rng, 28)) if rnd() < 0.7 else None
        )
        return Person(self.person_id(index, slot), name, nationality, country_code, birth, home=index)


_MAILBOXES = ("info", "sales", "export", "office", "contact")
_PARENT_KINDS = frozenset({"manufacturer", "end_user_industrial", "trading", "distributor"})
_PARENT_TRIES = 12
