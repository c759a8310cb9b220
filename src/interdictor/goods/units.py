"""Units as they are written in trade text, converted by pint into one canonical unit per quantity.

Descriptions spell units loosely ("Torr", "mbar", "um", "m3/h", "deg/hr", "GS/s", "5-axis"), and a few
spellings mean two things ("g" is a gram or standard gravity; "µg" a microgram or a micro-g). The table
below maps each spelling to the quantity kinds it can stand for and a pint expression; pint computes
every conversion factor; the factors are compiled into unit_factors.json (a test checks the file
against pint) because importing pint takes seconds. Classification then multiplies floats: a pint
Quantity per number would cost more than the whole rest of the classification.

Kinds that are not physical dimensions (counts of axes, rollers, bits; frame and sample rates) still
go through pint as dimensionless or per-second values, so every conversion has one source.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from interdictor.goods.spellings import LIMIT_ALIASES, SPELLINGS, WORDS
from interdictor.goods.text import trie_alternation

__all__ = [
    "KIND_BOUNDS",
    "KIND_UNITS",
    "Conversion",
    "UnitTable",
    "compute_factors",
    "convert_limit",
    "unit_table",
]

# kind -> canonical pint unit (the unit all values of this kind are stored in)
KIND_UNITS: dict[str, str] = {
    "frequency": "Hz",
    "pressure": "Pa",
    "length": "m",
    "flow": "m**3/s",
    "temperature": "kelvin",
    "power": "W",
    "voltage": "V",
    "current": "A",
    "capacitance": "F",
    "inductance": "H",
    "energy": "J",
    "time": "s",
    "frame_rate": "1/s",
    "sample_rate": "1/s",
    "acceleration": "standard_gravity",
    "mass": "kg",
    "angular_rate": "deg/hour",
    "arw": "deg/hour**0.5",
    "resistance": "ohm",
    "area": "m**2",
    "volume": "m**3",
    "force": "N",
    "rotational_speed": "rpm",
    "density": "kg/m**3",
    "ion_mass": "dalton",
    "fraction": "percent",
    "speed": "m/s",
    "sfc": "kg/N/hour",
    "unbalance": "g*mm/kg",
    "specific_length": "m",
    "axes": "dimensionless",
    "rollers": "dimensionless",
    "electrodes": "dimensionless",
    "bits": "dimensionless",
    "ratio": "dimensionless",
    "number": "dimensionless",
}

# Physically possible ranges in canonical units; a value outside is an input error, never a verdict.
KIND_BOUNDS: dict[str, tuple[float, float]] = {
    "frequency": (0.0, 1e13),
    "pressure": (0.0, 1e12),
    "length": (0.0, 1e6),
    "flow": (0.0, 1e4),
    "temperature": (0.0, 1e5),
    "power": (0.0, 1e10),
    "voltage": (0.0, 1e8),
    "current": (0.0, 1e8),
    "capacitance": (0.0, 1e4),
    "inductance": (0.0, 1e3),
    "energy": (0.0, 1e13),
    "time": (0.0, 1e10),
    "frame_rate": (0.0, 1e14),
    "sample_rate": (0.0, 1e14),
    "acceleration": (0.0, 1e6),
    "mass": (0.0, 1e8),
    "angular_rate": (0.0, 1e10),
    "arw": (0.0, 1e5),
    "resistance": (0.0, 1e13),
    "area": (0.0, 1e7),
    "volume": (0.0, 1e7),
    "force": (0.0, 1e10),
    "rotational_speed": (0.0, 1e8),
    "density": (1e-3, 25_000.0),
    "ion_mass": (0.0, 1e8),
    "fraction": (0.0, 100.0),
    "speed": (0.0, 1e6),
    "sfc": (0.0, 100.0),
    "unbalance": (0.0, 1e7),
    "specific_length": (0.0, 1e12),
    "axes": (0.0, 100.0),
    "rollers": (0.0, 100.0),
    "electrodes": (0.0, 100.0),
    "bits": (1.0, 128.0),
    "ratio": (0.0, 1e15),
    "number": (0.0, 1e12),
}


@dataclass(frozen=True, slots=True)
class Conversion:
    """value_canonical = value * factor + offset (the offset is non-zero only for °C and °F)."""

    kind: str
    factor: float
    offset: float


_FACTORS_FILE = Path(__file__).with_name("unit_factors.json")
Factors = dict[str, list[list[Any]]]


def _definitions_digest() -> str:
    """A hash of the spelling table, so a stale compiled factor file is noticed and rebuilt."""
    payload = json.dumps(
        [sorted(SPELLINGS.items()), sorted(LIMIT_ALIASES.items()), KIND_UNITS, sorted(WORDS.items())],
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def compute_factors() -> dict[str, Any]:
    """Every conversion factor, computed by pint (the single source of truth for unit arithmetic)."""
    import pint  # ~3 s to import and build a registry, hence the compiled file below

    ureg: Any = pint.UnitRegistry()

    def conversion(kind: str, expr: str) -> list[Any]:
        target = KIND_UNITS[kind]
        if kind == "temperature":
            zero = float(ureg.Quantity(0.0, expr).to(target).magnitude)
            one = float(ureg.Quantity(1.0, expr).to(target).magnitude)
            return [kind, one - zero, zero]
        scaled = ureg.parse_expression(expr) * ureg.Quantity(1.0, "dimensionless")
        return [kind, float(scaled.to(target).magnitude), 0.0]

    text = {spelling: [conversion(k, e) for k, e in options] for spelling, options in SPELLINGS.items()}
    limits = {spelling: [conversion(k, e)] for spelling, (k, e) in LIMIT_ALIASES.items()}
    words = {word: [conversion(k, e) for k, e in options] for word, options in WORDS.items()}
    return {
        "digest": _definitions_digest(),
        "pint": pint.__version__,
        "text": text,
        "limits": limits,
        "words": words,
    }


def write_factors(path: Path = _FACTORS_FILE) -> None:
    """Regenerate the compiled factor file after editing spellings.py."""
    path.write_text(
        json.dumps(compute_factors(), indent=1, sort_keys=True, ensure_ascii=False) + "\n", "utf-8"
    )


def _load_factors() -> dict[str, Any]:
    try:
        data: dict[str, Any] = json.loads(_FACTORS_FILE.read_text("utf-8"))
    except (OSError, ValueError):
        return compute_factors()
    if data.get("digest") != _definitions_digest():
        return compute_factors()
    return data


class UnitTable:
    """Every spelling with its conversions, and one compiled pattern that finds a spelling after a number.

    Symbols ("ms", "MPa", "mm") are matched as written, since case tells "mm" from "Mm" and "ms" from
    "Ms"; units spelled out as words ("Microseconds", "GigaPascal") are matched without regard to case
    and looked up in lower case.
    """

    def __init__(self, factors: dict[str, Any]) -> None:
        def convs(rows: list[list[Any]]) -> tuple[Conversion, ...]:
            return tuple(Conversion(str(k), float(f), float(o)) for k, f, o in rows)

        self.by_spelling: dict[str, tuple[Conversion, ...]] = {
            s: convs(r) for s, r in factors["text"].items()
        }
        self._limits: dict[str, tuple[Conversion, ...]] = dict(self.by_spelling)
        for spelling, rows in factors["limits"].items():
            self._limits[spelling] = self._limits.get(spelling, ()) + convs(rows)
        self.words: dict[str, tuple[Conversion, ...]] = {
            w: convs(r) for w, r in factors.get("words", {}).items()
        }
        symbols = trie_alternation(self.by_spelling)
        words = trie_alternation(self.words)
        # words first: "litres per second" must not stop at the symbol "litres" (a volume)
        alternatives = f"(?i:{words})|{symbols}" if words else symbols
        # A unit must not run on into a letter or digit ("mV/g" is not "mV", "12K" is not "12 K").
        self.pattern = re.compile(rf"(?:[ \u00a0\u202f]{{0,2}}|-)({alternatives})(?![A-Za-z0-9µμ²³/])")

    def spelling(self, written: str) -> str:
        """The table key of a spelling found by `pattern`: itself for a symbol, lower case for a word."""
        return written if written in self.by_spelling else written.lower()

    def conversions(self, spelling: str) -> tuple[Conversion, ...]:
        """Every reading of a spelling returned by `spelling` (a symbol or a word)."""
        found = self.by_spelling.get(spelling)
        return found if found is not None else self.words[spelling]

    def for_limit(self, unit: str | None, kind: str) -> Conversion:
        """The conversion of a catalogue limit's unit into `kind`; KeyError names what is wrong."""
        if unit is None:
            if KIND_UNITS.get(kind) == "dimensionless":
                return Conversion(kind, 1.0, 0.0)
            raise KeyError(f"a limit of kind {kind!r} needs a unit")
        for conversion in self._limits.get(unit, ()):
            if conversion.kind == kind:
                return conversion
        raise KeyError(f"unit {unit!r} is not a unit of {kind!r}")

    @staticmethod
    def display(value: float, conversion: Conversion) -> float:
        """A canonical value expressed in the unit the conversion came from (for explanations)."""
        return (value - conversion.offset) / conversion.factor


@lru_cache(maxsize=1)
def unit_table() -> UnitTable:
    """The shared table, built on first use from the compiled factors (pint when they are stale)."""
    return UnitTable(_load_factors())


def convert_limit(value: float, unit: str | None, kind: str) -> float:
    conversion = unit_table().for_limit(unit, kind)
    return value * conversion.factor + conversion.offset
