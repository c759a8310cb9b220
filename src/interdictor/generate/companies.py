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

from interdictor.generate.data import Country, Knowledge
from interdictor.generate.names import CompanyName, PersonName, make_company_name, make_person_name, pick
from interdictor.generate.rng import mix, opaque, splitmix

__all__ = ["KINDS", "Account", "Company", "Person", "Registry", "iban", "registration_number"]

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
DIASPORA = {
    "IR": ("AE", "MY", "TR", "CA", "DE"),
    "CN": ("MY", "SG", "US"),
    "KR": ("US", "CN"),
    "RU": ("DE", "KZ", "TR"),
}


@dataclass(frozen=True, slots=True)
class Account:
    number: str
    is_iban: bool
    bank_name: str
    bic: str
    country: str
    personal: bool = False

    @property
    def id(self) -> str:
        return "ba-" + self.number.replace(" ", "").lower()


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


def _digits(rng: random.Random, n: int) -> str:
    """n random decimal digits in one draw (leading zeros kept)."""
    if n <= 0:
        return ""
    return f"{int(rng.random() * 10**n) if n <= 15 else rng.getrandbits(4 * n) % 10**n:0{n}d}"


def registration_number(rng: random.Random, fmt: str) -> str:
    out, i = [], 0
    while i < len(fmt):
        if fmt.startswith("{d", i):
            end = fmt.index("}", i)
            out.append(_digits(rng, int(fmt[i + 2 : end])))
            i = end + 1
        elif fmt.startswith("{L}", i):
            out.append(chr(65 + rng.randrange(26)))
            i += 3
        else:
            out.append(fmt[i])
            i += 1
    return "".join(out)


def iban(country: str, bank_code: str, account: str) -> str:
    """An IBAN with correct ISO 13616 check digits (screening tools validate them)."""
    bban = (bank_code + account).upper()
    rearranged = bban + country + "00"
    numeric = "".join(str(int(ch, 36)) for ch in rearranged)
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def make_account(rng: random.Random, country: Country, personal: bool = False) -> Account:
    bank_name, bic = pick(rng, country.banks)
    if country.iban:
        body = _digits(rng, country.iban - 8)
        return Account(iban(country.code, bic[:4], body), True, bank_name, bic, country.code, personal)
    return Account(_digits(rng, pick(rng, (10, 12, 14))), False, bank_name, bic, country.code, personal)


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
        self.company = lru_cache(maxsize=50_000)(self._build)
        self.world_end = dt.date(know.start.year + know.years, 1, 1)

    # -- ids and cheap profiles ----------------------------------------------------------------

    def company_id(self, index: int) -> str:
        return f"co-{opaque(index, self.key):010x}"

    def person_id(self, index: int, slot: int) -> str:
        return f"pe-{opaque(index * 4 + slot, self.key ^ 0x5A5A):010x}"

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

    # -- building ------------------------------------------------------------------------------

    def _build(self, index: int) -> Company:
        override = self.overrides.get(index)
        if override is not None:
            return override
        country_code, kind = self.profile(index)
        rng = random.Random(mix(self.seed, "co", index))
        sectors = next(s for k, _, s in KINDS if k == kind)
        sector = pick(rng, sectors)
        start = self.know.start
        if rng.random() < 0.05:
            incorporated = start + dt.timedelta(days=rng.randrange(0, 365 * self.know.years))
        else:
            incorporated = start - dt.timedelta(days=rng.randrange(365, 365 * 45))
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
        """A complete company; planted networks call this too, then adjust what they share."""
        know = self.know
        country = know.countries[country_code]
        culture = know.cultures[country.culture]
        places = country.cities or culture.cities[country.city_key]
        place = pick(rng, places)
        forms = country.legal_forms or culture.legal_forms
        name = make_company_name(rng, know, culture, sector, place, forms)
        street = pick(rng, culture.streets).canonical if culture.streets else "Main Road"
        number = rng.randrange(1, 400)
        postcode = place.postcode + _digits(rng, max(0, 5 - len(place.postcode))) if place.postcode else ""
        unit = None
        if culture.buildings and rng.random() < 0.7:
            building = pick(rng, culture.buildings).canonical
            unit = f"Unit {rng.randrange(1, 40)}{rng.randrange(1, 30):02d}, {building}"
        region = pick(rng, country.regions) if country.regions else None
        phone = f"+{country.phone} {_digits(rng, country.phone_digits)}" if rng.random() < 0.93 else None
        slug = "".join(ch for ch in name.words[0].canonical.lower() if ch.isalnum())[:14] or "info"
        if len(name.words) > 1:
            slug += "".join(ch for ch in name.words[1].canonical.lower() if ch.isalnum())[:8]
        domain = f"{slug}.{country.tld}"
        uses_free_mail = free_mail if free_mail is not None else (kind == "trading" and rng.random() < 0.1)
        if uses_free_mail:
            email: str | None = f"{slug}{rng.randrange(1, 99)}@{pick(rng, country.free_mail)}"
            website = None
        else:
            email = (
                f"{pick(rng, ('info', 'sales', 'export', 'office', 'contact'))}@{domain}"
                if rng.random() < 0.8
                else None
            )
            website = f"www.{domain}" if rng.random() < 0.75 else None
        fmt = know.world["registration_formats"].get(country_code, "{d8}")
        if directors is None:
            count = 1 if rng.random() < 0.6 else 2
            directors = tuple(self.person(rng, index, slot, country_code) for slot in range(count))
        shareholders: list[tuple[str, float]] = []
        parent: int | None = None
        if rng.random() < 0.12 and self.size > 1 and index >= 0:
            parent = int(rng.random() * self.size)
            if parent != index and parent not in self.overrides:
                shareholders.append((self.company_id(parent), float(pick(rng, (51, 60, 75, 100)))))
            else:
                parent = None
        rest = 100.0 - sum(p for _, p in shareholders)
        if rest > 0:
            if len(directors) > 1 and rng.random() < 0.5:
                first = float(pick(rng, (50, 60, 70)))
                shareholders += [
                    (directors[0].id, round(rest * first / 100, 2)),
                    (directors[1].id, round(rest * (100 - first) / 100, 2)),
                ]
            else:
                shareholders.append((directors[0].id, rest))
        accounts = tuple(make_account(rng, country) for _ in range(1 if rng.random() < 0.75 else 2))
        return Company(
            index=index,
            id=self.company_id(index),
            country=country_code,
            kind=kind,
            sector=sector,
            name=name,
            street=f"{number} {street}" if country_code in ("US", "GB", "CA", "SG") else f"{street} {number}",
            city=place.name.canonical,
            city_native=place.name.native,
            postcode=postcode,
            region=region,
            po_box=None,
            unit=unit,
            free_zone=None,
            address_kind="commercial",
            phone=phone,
            email=email,
            website=website,
            registration=registration_number(rng, fmt),
            incorporated=incorporated,
            directors=directors,
            shareholders=tuple(shareholders),
            accounts=accounts,
            parent=parent,
        )

    def person(
        self, rng: random.Random, index: int, slot: int, country_code: str, nationality: str | None = None
    ) -> Person:
        """A director or owner of company `index`: usually a national of its country, sometimes diaspora."""
        if nationality is None:
            nationality = country_code
            for origin, hosts in DIASPORA.items():
                if country_code in hosts and rng.random() < 0.08:
                    nationality = origin
                    break
        culture = self.know.cultures[self.know.countries[nationality].culture]
        if nationality == "HK" or (nationality == "CN" and country_code == "HK"):
            culture = self.know.cultures["zh_hk"]
        name = make_person_name(rng, culture)
        birth = (
            dt.date(rng.randrange(1945, 1995), rng.randrange(1, 13), rng.randrange(1, 29))
            if rng.random() < 0.7
            else None
        )
        return Person(self.person_id(index, slot), name, nationality, country_code, birth, home=index)
