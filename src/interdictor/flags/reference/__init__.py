"""Reference sets for red-flag rules: a versioned file of public facts, plus the shared CSVs if present.

`default_reference()` loads `reference.yaml` once, on first use. `load_reference(path, shared=...)`
adds rows from the team's country folder (FATF lists, transshipment points) when it exists, so a
deployment with fresher public data gets it without a code change; the version then records both
sources (`2026-11+shared`), and every finding cites the version it was judged with.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml

from interdictor.exc import ReferenceDataError

__all__ = ["ReferenceData", "default_reference", "load_reference", "shared_countries_folder"]

_FILE = Path(__file__).with_name("reference.yaml")
_PAIRS: dict[tuple[int, str], dict[str, frozenset[str]]] = {}


@dataclass(frozen=True)
class ReferenceData:
    """Named sets of codes or phrases with the version of the data they came from."""

    version: str
    sets: dict[str, frozenset[str]]
    sources: dict[str, str] = field(default_factory=dict)

    def get(self, name: str) -> frozenset[str]:
        try:
            return self.sets[name]
        except KeyError:
            known = ", ".join(sorted(self.sets))
            raise ReferenceDataError(f"unknown reference set {name!r}; known sets: {known}") from None

    def cite(self, name: str) -> str:
        return f"{name}@{self.version}"

    def pairs(self, name: str) -> dict[str, frozenset[str]]:
        """A set of `key=value` rows as key -> values (industry_fit, capability_bundles)."""
        cached = _PAIRS.get((id(self), name))
        if cached is not None:
            return cached
        grouped: dict[str, set[str]] = {}
        for row in self.get(name):
            key, _, value = row.partition("=")
            grouped.setdefault(key.strip(), set()).add(value.strip())
        found = {k: frozenset(v) for k, v in grouped.items()}
        _PAIRS[(id(self), name)] = found
        return found

    def phone_country(self, phone: str) -> str | None:
        """ISO country of an international number (+98 912..., 0098...), longest calling code first."""
        digits = "".join(ch for ch in phone if ch.isdigit())
        if phone.strip().startswith("00"):
            digits = digits[2:]
        elif not phone.strip().startswith("+"):
            return None  # a national number names no country
        codes = dict(item.split("=", 1) for item in self.get("phone_country_codes"))
        for length in (3, 2, 1):
            found = codes.get(digits[:length])
            if found:
                return found
        return None


def shared_countries_folder() -> Path | None:
    """The team's shared country data (../shared/data/countries next to the checkout), if present."""
    folder = Path(__file__).resolve().parents[5] / "shared" / "data" / "countries"
    return folder if folder.is_dir() else None


def _shared_rows(folder: Path) -> dict[str, set[str]]:
    extra: dict[str, set[str]] = {"fatf_listed": set(), "transshipment_hubs": set()}
    fatf = folder / "fatf_lists_2026.csv"
    if fatf.is_file():
        with fatf.open(encoding="utf-8") as handle:
            extra["fatf_listed"] |= {row["iso2"].strip() for row in csv.DictReader(handle) if row.get("iso2")}
    hubs = folder / "transshipment_points_russia_fincen_bis_2022.csv"
    if hubs.is_file():
        with hubs.open(encoding="utf-8") as handle:
            extra["transshipment_hubs"] |= {
                row["iso2"].strip() for row in csv.DictReader(handle) if row.get("iso2")
            }
    return extra


def load_reference(path: Path = _FILE, *, shared: Path | None = None) -> ReferenceData:
    """Read a reference file; with `shared`, add the shared CSV rows to the sets they extend."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReferenceDataError(f"{path}: cannot read reference data: {exc}") from exc
    if not isinstance(data, dict) or "version" not in data or not isinstance(data.get("sets"), dict):
        raise ReferenceDataError(f"{path}: expected a mapping with 'version' and 'sets'")
    sets: dict[str, set[str]] = {}
    sources: dict[str, str] = {}
    for name, spec in data["sets"].items():
        values = spec.get("values") if isinstance(spec, dict) else None
        if not isinstance(values, list):
            raise ReferenceDataError(f"{path}: set {name!r} needs a list of values")
        sets[name] = {str(v).strip() for v in values}
        sources[name] = str(spec.get("source", ""))
    version = str(data["version"])
    if shared is not None:
        for name, values in _shared_rows(shared).items():
            if values:
                sets.setdefault(name, set()).update(values)
        version += "+shared"
    return ReferenceData(version, {k: frozenset(v) for k, v in sets.items()}, sources)


@cache
def default_reference() -> ReferenceData:
    """The packaged reference file only: results must not depend on whether ../shared is mounted."""
    return load_reference()
