"""The generator's knowledge, read from the YAML files in `generate/data/` on first use.

Names per culture, countries with their banks and ports, ordinary goods, control-list families,
network schemes and document phrases are data, reviewable without reading code. Each file is
parsed once per process into frozen dataclasses (`Knowledge`); `knowledge()` caches it.
Entries written "native|latin1/latin2" become `Spelling(native, ("latin1", "latin2"))`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from interdictor.exc import ReferenceDataError

__all__ = [
    "Country",
    "Culture",
    "Family",
    "Good",
    "Knowledge",
    "LegalForm",
    "Place",
    "Scheme",
    "Spelling",
    "knowledge",
]


@dataclass(frozen=True, slots=True)
class Spelling:
    """One name part: native script (may equal the Latin form) and Latin spellings, canonical first."""

    native: str
    latin: tuple[str, ...]

    @property
    def canonical(self) -> str:
        return self.latin[0]

    @classmethod
    def parse(cls, text: str) -> Spelling:
        native, _, latin = text.partition("|") if "|" in text else ("", "", text)
        latin = latin.split("|")[0]
        spellings = tuple(s.strip() for s in latin.split("/") if s.strip())
        if not spellings:
            raise ReferenceDataError(f"generator data: name entry {text!r} has no Latin spelling")
        return cls(native or spellings[0], spellings)


@dataclass(frozen=True, slots=True)
class Place:
    """A city: native and Latin spellings and a postcode prefix (empty where postcodes are not used)."""

    name: Spelling
    postcode: str


@dataclass(frozen=True, slots=True)
class LegalForm:
    native: str
    latin: tuple[str, ...]
    position: str  # suffix, prefix (both scripts) or prefix_native (native script only)


@dataclass(frozen=True, slots=True)
class Culture:
    code: str
    family_first: bool
    surnames: tuple[Spelling, ...]
    given_male: tuple[Spelling, ...]
    given_female: tuple[Spelling, ...]
    brands: tuple[Spelling, ...]
    industries: dict[str, tuple[Spelling, ...]]
    legal_forms: tuple[LegalForm, ...]
    patterns: tuple[str, ...]
    native_pattern: str | None
    cities: dict[str, tuple[Place, ...]]
    streets: tuple[Spelling, ...]
    buildings: tuple[Spelling, ...]
    districts: tuple[Spelling, ...]
    intl: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    culture: str
    city_key: str
    cities: tuple[Place, ...] | None
    legal_forms: tuple[LegalForm, ...] | None
    currency: str
    phone: str
    phone_digits: int
    iban: int | None
    tld: str
    free_mail: tuple[str, ...]
    exporter: float
    buyer: float
    hub: bool
    concern: bool
    embargoed: bool  # broad export embargo without being a programme country (ORD-26)
    banks: tuple[tuple[str, str], ...]
    ports: tuple[tuple[str, str, str, str | None], ...]  # code, name, mode, free zone
    regions: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Good:
    hs: str
    descriptions: tuple[str, ...]
    unit: str
    price: tuple[float, float]
    weight: float
    sectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Family:
    family: str
    entry: str
    regime: str
    hs: tuple[str, ...]
    decoy_hs: tuple[str, ...]
    key: str
    key_unit: str
    key_op: str
    threshold: float
    bands: dict[str, tuple[float, float]]
    fixed: tuple[tuple[str, float, str], ...]
    descriptions: tuple[str, ...]
    part_prefix: tuple[str, ...]
    price: tuple[float, float]
    unit: str
    unit_weight_kg: float
    bundle: tuple[str, ...]
    generic: tuple[str, ...]
    sectors: tuple[str, ...] = ()
    spares: tuple[str, ...] = ()
    parts_hs: str = ""
    inputs: tuple[tuple[str, str], ...] = ()  # (description, HS subheading)


@dataclass(frozen=True, slots=True)
class Scheme:
    id: str
    title: str
    story: str
    methods: tuple[str, ...]
    min_per_world: int
    steps: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]  # step -> (methods, flags)


@dataclass(frozen=True)
class Knowledge:
    cultures: dict[str, Culture]
    countries: dict[str, Country]
    goods: tuple[Good, ...]
    families: dict[str, Family]
    schemes: dict[str, Scheme]
    world: dict[str, Any]
    start: dt.date = field(default=dt.date(2019, 1, 1))
    years: int = 7


def _read(name: str) -> Any:
    path = resources.files("interdictor.generate") / "data" / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"generator data file {name} cannot be read: {exc}") from exc


def _spellings(items: list[str] | None) -> tuple[Spelling, ...]:
    return tuple(Spelling.parse(item) for item in items or [])


def _places(items: list[str] | None) -> tuple[Place, ...]:
    places = []
    for item in items or []:
        parts = item.split("|")
        native, latin, postcode = ([*parts, "", "", ""])[:3]
        places.append(Place(Spelling.parse(f"{native}|{latin}"), postcode))
    return tuple(places)


def _legal_forms(items: list[dict[str, Any]]) -> tuple[LegalForm, ...]:
    return tuple(
        LegalForm(item.get("native", ""), tuple(item["latin"]), item.get("position", "suffix"))
        for item in items
    )


def _culture(code: str, raw: dict[str, Any]) -> Culture:
    cities = {key: _places(value) for key, value in raw.items() if key.startswith("cities")}
    return Culture(
        code=code,
        family_first=bool(raw.get("family_first", False)),
        surnames=_spellings(raw["surnames"]),
        given_male=_spellings(raw["given_male"]),
        given_female=_spellings(raw["given_female"]),
        brands=_spellings(raw["brands"]),
        industries={key: _spellings(value) for key, value in raw["industries"].items()},
        legal_forms=_legal_forms(raw["legal_forms"]),
        patterns=tuple(raw["company_patterns"]),
        native_pattern=raw.get("native_pattern"),
        cities=cities,
        streets=_spellings(raw.get("streets")),
        buildings=_spellings(raw.get("buildings")),
        districts=_spellings(raw.get("districts")),
        intl=tuple(raw.get("intl", ["International"])),
    )


def _country(code: str, raw: dict[str, Any]) -> Country:
    return Country(
        code=code,
        name=raw["name"],
        culture=raw["culture"],
        city_key=raw.get("city_key", "cities"),
        cities=_places(raw["city_override"]) if "city_override" in raw else None,
        legal_forms=_legal_forms(raw["legal_forms"]) if "legal_forms" in raw else None,
        currency=raw["currency"],
        phone=str(raw["phone"]),
        phone_digits=int(raw["phone_digits"]),
        iban=raw.get("iban"),
        tld=raw["tld"],
        free_mail=tuple(raw["free_mail"]),
        exporter=float(raw["exporter"]),
        buyer=float(raw["buyer"]),
        hub=bool(raw.get("hub", False)),
        concern=bool(raw.get("concern", False)),
        embargoed=bool(raw.get("embargoed", False)),
        banks=tuple((name, bic) for name, bic in raw["banks"]),
        ports=tuple((p[0], p[1], p[2], p[3] if len(p) > 3 else None) for p in raw["ports"]),
        regions=tuple(raw.get("regions", [])),
    )


def _family(raw: dict[str, Any]) -> Family:
    key = raw["key"]
    return Family(
        family=raw["family"],
        entry=raw["entry"],
        regime=raw["regime"],
        hs=tuple(raw["hs"]),
        decoy_hs=tuple(raw["decoy_hs"]),
        key=key["name"],
        key_unit=key["unit"],
        key_op=key["op"],
        threshold=float(key["v"]),
        bands={name: (float(lo), float(hi)) for name, (lo, hi) in raw["bands"].items()},
        fixed=tuple((f["name"], float(f["value"]), f["unit"]) for f in raw["fixed"]),
        descriptions=tuple(raw["descriptions"]),
        part_prefix=tuple(raw["part_prefix"]),
        price=(float(raw["price"][0]), float(raw["price"][1])),
        unit=raw.get("unit", "pcs"),
        unit_weight_kg=float(raw["unit_weight_kg"]),
        bundle=tuple(raw["bundle"]),
        generic=tuple(raw["generic"]),
        sectors=tuple(raw.get("sectors", ())),
        spares=tuple(raw.get("spares", ())),
        parts_hs=str(raw.get("parts_hs", "")),
        inputs=tuple((i["description"], str(i["hs"])) for i in raw.get("inputs", ())),
    )


def _scheme(scheme_id: str, raw: dict[str, Any]) -> Scheme:
    steps = {
        name: (tuple(step.get("methods", [])), tuple(step.get("flags", [])))
        for name, step in raw["steps"].items()
    }
    return Scheme(
        scheme_id,
        raw["title"],
        " ".join(raw["story"].split()),
        tuple(raw["methods"]),
        raw["min_per_world"],
        steps,
    )


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """All generator data, parsed once per process."""
    cultures = {}
    for entry in (resources.files("interdictor.generate") / "data" / "names").iterdir():
        if entry.name.endswith(".yaml"):
            raw = _read(f"names/{entry.name}")
            cultures[raw["culture"]] = _culture(raw["culture"], raw)
    countries = {code: _country(code, raw) for code, raw in _read("countries.yaml")["countries"].items()}
    for country in countries.values():
        if country.culture not in cultures:
            raise ReferenceDataError(
                f"country {country.code} names culture {country.culture!r}, which has no file"
            )
    goods = tuple(
        Good(
            g["hs"],
            tuple(g["descriptions"]),
            g["unit"],
            (float(g["price"][0]), float(g["price"][1])),
            float(g["weight"]),
            tuple(g["sectors"]),
        )
        for g in _read("goods.yaml")["goods"]
    )
    families = {raw["family"]: _family(raw) for raw in _read("families.yaml")["families"]}
    schemes = {key: _scheme(key, raw) for key, raw in _read("schemes.yaml")["schemes"].items()}
    world = _read("world.yaml")
    return Knowledge(
        cultures=cultures,
        countries=countries,
        goods=goods,
        families=families,
        schemes=schemes,
        world=world,
        start=dt.date.fromisoformat(world["start"]),
        years=int(world["years"]),
    )
