"""How trade text spells units: each spelling with the quantity kinds it can mean and a pint expression.

Pure data, kept in Python because it is read at every start: `units.py` turns it into conversion
factors (through pint) and one matching pattern. A spelling may stand for two kinds ("g": a gram, or
standard gravity in an accelerometer data sheet); the parameter assignment picks the kind the item
family needs. Add a spelling here, then refresh the compiled factors (a test fails until you do):
`python -c "from interdictor.goods.units import write_factors; write_factors()"`.
"""

from __future__ import annotations

__all__ = ["LIMIT_ALIASES", "SPELLINGS", "WORDS"]

# spelling -> list of (kind, pint expression). Longest spellings are matched first.
SPELLINGS: dict[str, list[tuple[str, str]]] = {}


def _add(kind: str, expr: str, *spellings: str) -> None:
    for spelling in spellings:
        SPELLINGS.setdefault(spelling, []).append((kind, expr))


_add("frequency", "Hz", "Hz", "hz", "HZ")
_add("frequency", "kHz", "kHz", "KHz", "khz")
_add("frequency", "MHz", "MHz", "Mhz", "mhz")
_add("frequency", "GHz", "GHz", "Ghz", "ghz")
_add("pressure", "Pa", "Pa")
_add("pressure", "mPa", "mPa")
for _u in ("kPa", "MPa", "GPa", "hPa"):
    _add("pressure", _u, _u)
_add("pressure", "kPa", "KPa", "kpa")
_add("pressure", "MPa", "Mpa", "mpa", "N/mm²", "N/mm2", "N/mm^2")
_add("pressure", "bar", "bar", "bara", "barg", "bar(a)", "bar(g)", "Bar")
_add("pressure", "mbar", "mbar", "mBar", "mbara", "MBAR")
_add("pressure", "torr", "Torr", "torr", "TORR")
_add("pressure", "millitorr", "mTorr", "mtorr")
_add("pressure", "psi", "psi", "PSI", "psia", "psig", "PSIA", "PSIG")
_add("pressure", "ksi", "ksi")
_add("pressure", "mmHg", "mmHg", "mm Hg")
_add("pressure", "atm", "atm")
_add("length", "m", "m")
_add("length", "mm", "mm")
_add("length", "cm", "cm")
_add("length", "km", "km")
_add("length", "nm", "nm")
_add("length", "micrometer", "µm", "μm", "um", "micron", "microns", "µ")
_add("length", "inch", "inch", "inches", '"', "in.", "″")
_add("length", "foot", "ft", "feet")
_add("flow", "m**3/s", "m³/s", "m3/s", "m^3/s", "m3s-1")
_add("flow", "m**3/hour", "m³/h", "m3/h", "m^3/h", "m³/hr", "m3/hr", "cbm/h", "m³h", "m3h")
_add("flow", "m**3/minute", "m³/min", "m3/min")
_add("flow", "liter/second", "l/s", "L/s", "ls-1", "l/sec", "L/sec")
_add("flow", "liter/minute", "l/min", "L/min", "lpm", "LPM", "slm")
_add("flow", "liter/hour", "l/h", "L/h", "l/hr", "L/hr")
_add("flow", "cubic_foot/minute", "cfm", "CFM")
_add("flow", "gallon/minute", "gpm", "GPM")
_add("temperature", "degC", "°C", "ºC", "° C", "℃", "degC", "deg C", "deg. C")
_add("temperature", "degF", "°F", "ºF", "° F", "degF")
_add("temperature", "kelvin", "kelvin")
_add("power", "W", "W")
_add("power", "kW", "kW", "KW", "kw")
_add("power", "MW", "MW")
_add("power", "mW", "mW")
_add("power", "volt_ampere", "VA")
_add("power", "kilovolt_ampere", "kVA", "KVA", "kva")
_add("power", "megavolt_ampere", "MVA")
_add("power", "hp", "HP", "hp")
_add("voltage", "V", "V", "VAC", "VDC", "Vac", "Vdc", "V AC", "V DC", "Vpp", "Vp", "volt", "volts")
_add("voltage", "kV", "kV", "KV", "kv", "kVDC", "kVdc", "kVp")
_add("voltage", "mV", "mV")
_add("voltage", "MV", "MV")
_add("current", "A", "A", "amp", "amps", "Amp", "Amps", "ampere", "amperes")
_add("current", "kA", "kA", "KA")
_add("current", "mA", "mA")
_add("current", "uA", "µA", "μA", "uA")
_add("capacitance", "uF", "µF", "μF", "uF", "mfd")
_add("capacitance", "nF", "nF")
_add("capacitance", "pF", "pF")
_add("capacitance", "mF", "mF")
_add("inductance", "nH", "nH")
_add("inductance", "uH", "µH", "μH", "uH")
_add("inductance", "mH", "mH")
_add("energy", "J", "J", "joule", "joules")
_add("energy", "kJ", "kJ", "KJ")
_add("energy", "MJ", "MJ")
_add("energy", "mJ", "mJ")
_add("energy", "W*hour", "Wh")
_add("energy", "kW*hour", "kWh")
_add("time", "s", "s", "sec", "secs", "seconds", "second")
_add("time", "ms", "ms", "msec")
_add("time", "us", "µs", "μs", "us", "µsec", "usec")
_add("time", "ns", "ns", "nsec")
_add("time", "ps", "ps", "psec")
_add("time", "fs", "fs")
_add("time", "minute", "min", "mins", "minutes", "Minuten")
_add("time", "hour", "h", "hr", "hrs", "hour", "hours", "Std", "Stunden", "heures", "horas")
_add(
    "frame_rate", "1/s", "fps", "FPS", "frames/s", "frames/sec", "frames per second", "f/s", "pps", "images/s"
)
_add("frame_rate", "1000/s", "kfps", "kFPS", "Kfps")
_add("frame_rate", "1e6/s", "Mfps", "MFPS")
_add("sample_rate", "1/s", "S/s", "Sa/s", "SPS", "sps")
_add("sample_rate", "1e3/s", "kS/s", "kSa/s", "kSPS", "ksps", "KS/s")
_add("sample_rate", "1e6/s", "MS/s", "MSa/s", "MSPS", "Msps", "MSps", "Msa/s")
_add("sample_rate", "1e9/s", "GS/s", "GSa/s", "GSPS", "Gsps", "GSps", "Gsa/s")
_add("acceleration", "standard_gravity", "g", "gn", "g0")
_add("acceleration", "1e-3*standard_gravity", "mg")
_add("acceleration", "1e-6*standard_gravity", "µg", "μg", "ug", "ug0")
_add("acceleration", "m/s**2", "m/s²", "m/s2", "m/s^2")
_add("mass", "gram", "g")
_add("mass", "mg", "mg")
_add("mass", "ug", "µg", "μg")
_add("mass", "kg", "kg", "KG", "Kg", "kgs")
_add("mass", "tonne", "t", "tonne", "tonnes")
_add("mass", "lb", "lb", "lbs")
_add(
    "angular_rate",
    "deg/hour",
    "°/h",
    "°/hr",
    "º/h",
    "º/hr",
    "deg/h",
    "deg/hr",
    "°/hour",
    "deg/hour",
    "dph",
    "°h-1",
    "°/ч",
    "град/ч",
)
_add("angular_rate", "deg/s", "°/s", "º/s", "deg/s", "deg/sec", "°/sec", "dps")
_add("angular_rate", "rad/s", "rad/s")
_add(
    "arw",
    "deg/hour**0.5",
    "°/√h",
    "°/√hr",
    "º/√h",
    "deg/√h",
    "deg/√hr",
    "deg/rt-hr",
    "deg/rthr",
    "°/rt-hr",
    "deg/sqrt(h)",
    "°/sqrt(h)",
    "deg/sqrt(hr)",
    "°/sqrt(hr)",
    "deg/sqrt_h",
)
_add("resistance", "ohm", "Ω", "ohm", "ohms", "Ohm", "Ohms", "ohm")
_add("resistance", "kiloohm", "kΩ", "kohm", "kOhm")
_add("resistance", "milliohm", "mΩ", "mohm", "mOhm")
_add("area", "m**2", "m²", "m2", "m^2", "sq m", "sqm", "sq. m")
_add("area", "cm**2", "cm²", "cm2", "cm^2")
_add("area", "mm**2", "mm²", "mm2", "mm^2")
_add("area", "ft**2", "ft²", "ft2", "sq ft")
_add("volume", "liter", "L", "l", "litre", "litres", "liter", "liters", "ltr", "Liter", "Litre")
_add("volume", "m**3", "m³", "m3", "m^3", "cbm")
_add("volume", "cm**3", "cm³", "cm3", "cm^3", "cc", "ccm")
_add("volume", "ml", "ml", "mL")
_add("volume", "gallon", "gal", "gallon", "gallons")
_add("force", "N", "N")
_add("force", "kN", "kN", "KN")
_add("force", "MN", "MN")
_add("force", "daN", "daN")
_add("force", "lbf", "lbf")
_add("force", "kgf", "kgf")
_add(
    "rotational_speed", "rpm", "rpm", "RPM", "r/min", "min-1", "min⁻¹", "1/min", "U/min", "tr/min", "rev/min"
)
_add("density", "g/cm**3", "g/cm³", "g/cm3", "g/cm^3", "g/cc", "g/ml", "g/mL", "kg/dm3", "kg/dm³")
_add("density", "kg/m**3", "kg/m³", "kg/m3", "kg/m^3")
_add("ion_mass", "dalton", "u", "amu", "AMU", "Da", "Th")
_add("fraction", "percent", "%", "percent", "pct", "％")
_add("fraction", "ppm", "ppm")
_add("speed", "km/hour", "km/h", "kmh", "kph")
_add("speed", "m/s", "m/s", "m/sec")
_add("speed", "mm/us", "mm/µs", "mm/μs", "mm/us")
_add("speed", "knot", "kn", "kt", "knots")
_add("speed", "mph", "mph")
_add("sfc", "kg/N/hour", "kg/N/h", "kg/(N·h)", "kg/(N h)", "kg/Nh", "kg/N·h", "kg/(N*h)")
_add("sfc", "lb/lbf/hour", "lb/lbf/h", "lb/(lbf·h)", "lb/lbf/hr", "lb/(lbf h)")
_add("unbalance", "g*mm/kg", "g·mm/kg", "gmm/kg", "g mm/kg", "g.mm/kg", "g*mm/kg")
_add("axes", "dimensionless", "axis", "axes", "Achsen", "achsen", "ejes", "оси")
_add("rollers", "dimensionless", "roller", "rollers", "rolls", "Rollen", "rollen")
_add("electrodes", "dimensionless", "electrode", "electrodes")
_add("bits", "dimensionless", "bit", "bits", "Bit")

# Units spelled out as words ("12 microseconds", "2.1 GigaPascal", "60 cubic metres per hour"). Matched
# without regard to case, so the keys are lower case; `_word` adds the plural, British and American
# spellings and a metric prefix written apart ("micro seconds", "kilo-volts").
WORDS: dict[str, list[tuple[str, str]]] = {}

_PREFIXES = {
    "": "",
    "femto": "f",
    "pico": "p",
    "nano": "n",
    "micro": "u",
    "milli": "m",
    "centi": "c",
    "hecto": "h",
    "kilo": "k",
    "mega": "M",
    "giga": "G",
}


def _variants(word: str) -> list[str]:
    """British and American spellings of one word: metre/meter, litre/liter."""
    out = [word]
    for british, american in (("metre", "meter"), ("litre", "liter"), ("kilogramme", "kilogram")):
        if british in word:
            out.append(word.replace(british, american))
    return out


def _word(kind: str, expr: str, *words: str, plural: bool = True) -> None:
    for word in words:
        for variant in _variants(word):
            forms = [variant]
            if plural:
                head, _, tail = variant.partition(" per ")
                many = head + ("" if head.endswith(("s", "z")) else "s")
                forms.append(f"{many} per {tail}" if tail else many)
            for form in forms:
                WORDS.setdefault(form, []).append((kind, expr))


def _prefixed(kind: str, unit: str, base: str, *prefixes: str, plural: bool = True) -> None:
    """`base` with each metric prefix, written together, hyphenated or apart ("micro seconds")."""
    for prefix in prefixes:
        expr = f"{_PREFIXES[prefix]}{unit}"
        if not prefix:
            _word(kind, expr, base, plural=plural)
            continue
        _word(kind, expr, f"{prefix}{base}", f"{prefix}-{base}", f"{prefix} {base}", plural=plural)


_prefixed("time", "s", "second", "milli", "micro", "nano", "pico", "femto")
_prefixed("frequency", "Hz", "hertz", "", "kilo", "mega", "giga", plural=False)
_prefixed("pressure", "Pa", "pascal", "", "milli", "hecto", "kilo", "mega", "giga")
_prefixed("pressure", "bar", "bar", "milli")
_word("pressure", "millitorr", "millitorr", "milli-torr")
_word("pressure", "psi", "pound per square inch", "pounds per square inch")
_word("pressure", "atm", "atmosphere")
_prefixed("length", "m", "metre", "", "nano", "micro", "milli", "centi", "kilo")
_word("length", "inch", "inch", "inches", plural=False)
_word("flow", "liter/second", "litre per second", "litre/second", "litres/second", "l per second")
_word("flow", "liter/minute", "litre per minute", "litre/minute", "litres/minute")
_word("flow", "liter/hour", "litre per hour", "litres/hour")
for _w, _e in (("hour", "hour"), ("second", "second"), ("minute", "minute")):
    _word(
        "flow",
        f"m**3/{_e}",
        f"cubic metre per {_w}",
        f"cubic metres/{_w}",
        f"cubic metre/{_w}",
        f"cu. m per {_w}",
        f"cu m per {_w}",
    )
_word("flow", "cubic_foot/minute", "cubic foot per minute", "cubic feet per minute", plural=False)
_word(
    "temperature",
    "degC",
    "degree celsius",
    "degrees celsius",
    "deg celsius",
    "deg. celsius",
    "degree c",
    "degrees c",
    "deg. c",
    "celsius",
    "°celsius",
    "° celsius",
    "degree centigrade",
    "degrees centigrade",
    "centigrade",
    plural=False,
)
_word(
    "temperature",
    "degF",
    "degree fahrenheit",
    "degrees fahrenheit",
    "deg fahrenheit",
    "degrees f",
    "fahrenheit",
    plural=False,
)
_word("temperature", "kelvin", "kelvin", "degrees kelvin", "degree kelvin")
_prefixed("power", "W", "watt", "", "milli", "kilo", "mega")
_word(
    "power",
    "kilovolt_ampere",
    "kilovolt-ampere",
    "kilovolt ampere",
    "kilovoltampere",
    "kilo-volt-ampere",
    "kilovolt-amp",
)
_word("power", "volt_ampere", "volt-ampere", "volt ampere", "voltampere")
_word("power", "hp", "horsepower", "horse power", plural=False)
_prefixed("voltage", "V", "volt", "", "milli", "kilo", "mega")
_prefixed("current", "A", "ampere", "", "micro", "milli", "kilo")
_prefixed("current", "A", "amp", "", "micro", "milli", "kilo")
_prefixed("capacitance", "F", "farad", "", "pico", "nano", "micro", "milli")
_prefixed("inductance", "H", "henry", "nano", "micro", "milli", plural=False)
_word("inductance", "nH", "nanohenries", "nanohenrys")
_word("inductance", "uH", "microhenries", "microhenrys")
_word("inductance", "mH", "millihenries", "millihenrys")
_prefixed("energy", "J", "joule", "", "milli", "kilo", "mega")
_prefixed("force", "N", "newton", "", "kilo", "mega")
_word("force", "kgf", "kilogram-force", "kilogramme-force", "kilopond")
_prefixed("mass", "g", "gram", "", "milli", "kilo")
_word("mass", "kg", "kilogramme")
_word("mass", "lb", "pound")
_word(
    "angular_rate",
    "deg/hour",
    "degree per hour",
    "deg per hour",
    "deg per hr",
    "degree/hour",
    "degrees/hour",
    "degree/hr",
    "degrees/hr",
)
_word("angular_rate", "deg/s", "degree per second", "deg per second", "degree/second", "degrees/second")
_word(
    "arw",
    "deg/hour**0.5",
    "degree per root hour",
    "degree per square root hour",
    "degree per root-hour",
    "deg per root hour",
    "degree/root hour",
    "degrees/root hour",
    "degree per √hour",
    "degree per √hr",
)
_word(
    "rotational_speed",
    "rpm",
    "revolution per minute",
    "rev per minute",
    "rev per min",
    "revs per min",
    "turn per minute",
    "revolutions/minute",
)
_word("area", "m**2", "square metre", "sq. metre", "sq metre", "square metres", plural=False)
_word("area", "mm**2", "square millimetre", "sq. millimetre", "sq millimetre")
_word("area", "cm**2", "square centimetre", "sq. centimetre", "sq centimetre")
_word("volume", "m**3", "cubic metre", "cu. metre", "cu metre")
_word("volume", "cm**3", "cubic centimetre", "cu. centimetre")
_word("volume", "liter", "litre")
_word("volume", "ml", "millilitre", "milli-litre")
_word("fraction", "percent", "percent", "per cent", "per-cent", "percentage", plural=False)
_word("sample_rate", "1e9/s", "gigasample per second", "giga samples per second", "gigasamples/s")
_word("sample_rate", "1e6/s", "megasample per second", "mega samples per second", "megasamples/s")
_word("frame_rate", "1/s", "frame per second", "image per second", "picture per second")
_word("speed", "m/s", "metre per second", "metres/second")
_word("speed", "km/hour", "kilometre per hour", "kilometres/hour")
_word("ion_mass", "dalton", "dalton", "atomic mass unit")

# Extra spellings accepted in catalogue limits only (never searched for in text).
LIMIT_ALIASES: dict[str, tuple[str, str]] = {
    "m^3/s": ("flow", "m**3/s"),
    "m^3/h": ("flow", "m**3/hour"),
    "m^3": ("volume", "m**3"),
    "m^2": ("area", "m**2"),
    "cm^3": ("volume", "cm**3"),
    "g/cm^3": ("density", "g/cm**3"),
    "deg/h": ("angular_rate", "deg/hour"),
    "deg/s": ("angular_rate", "deg/s"),
    "deg/sqrt_h": ("arw", "deg/hour**0.5"),
    "g0": ("acceleration", "standard_gravity"),
    "ug0": ("acceleration", "1e-6*standard_gravity"),
    "degC": ("temperature", "degC"),
    "fps": ("frame_rate", "1/s"),
    "GS/s": ("sample_rate", "1e9/s"),
    "MS/s": ("sample_rate", "1e6/s"),
    "mm/us": ("speed", "mm/us"),
    "um": ("length", "micrometer"),
    "uF": ("capacitance", "uF"),
    "u": ("ion_mass", "dalton"),
    "g*mm/kg": ("unbalance", "g*mm/kg"),
    "kg/N/h": ("sfc", "kg/N/hour"),
    "%": ("fraction", "percent"),
    "ppm": ("fraction", "ppm"),
    "m": ("specific_length", "m"),
}
