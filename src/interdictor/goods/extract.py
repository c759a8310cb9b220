"""Numbers with units read from free text: "0-10 Torr", "±0.05 % FS", "≤ 5 µm", "1,200 MPa", "5 x 10-9 mbar".

The reader is deliberately literal: it records what the text says (the numbers, the unit spelling,
a qualifier such as "max." or "better than", the span of text) and leaves the meaning to the
parameter assignment, which knows which parameters the item family has. A number whose unit it does
not know is kept as a bare number, so an unknown unit can be reported instead of guessed.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from interdictor.goods.units import Conversion, UnitTable

__all__ = ["Quantity", "extract_quantities"]

_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789-")
# 1,200 / 1’200 / 1 200 (narrow or no-break space) are thousands; 0,05 is a decimal comma.
# The pattern starts with a digit so the regex engine can skip to digits; the look-behind that follows
# rejects digits glued to a word ("T700", "x800") or continuing a number.
_NUMBER = re.compile(
    r"(?:(?<=[^A-Za-z0-9_.,])|^)(\d{1,3}(?:[,’'\u202f\u00a0]\d{3})+(?![\d])|\d+)(?:[.,](\d+))?(?![\d])"
)
_SCI = re.compile(
    r"\s*(?:[eE]\s*([-+−]?\d{1,3})(?![\d])|[x×*·]\s*10\s*(?:\^|\*\*)?\s*([-−⁻]?\s*[0-9⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}))"
)
_SEPARATORS = re.compile(r"[,’'\u202f\u00a0]")
_MULTIPLIER = re.compile(r"\s*(thousand|million|billion|mio\.?|mln|mrd)(?![A-Za-z])", re.IGNORECASE)
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "mio": 1e6, "mln": 1e6, "billion": 1e9, "mrd": 1e9}
_SCI_START = frozenset("eExX×*·")
_RANGE_START = frozenset("-–—~.…tbàah")
_RANGE_SEP = re.compile(r"\s*(?:-|–|—|~|\.\.\.?|…|to|bis|à|a|hasta)\s*(?=[-−+]?\d)")
_QUALIFIERS = tuple(
    sorted(
        (
            "≤",
            "<=",
            "=<",
            "⩽",
            "<",
            "≥",
            ">=",
            "=>",
            "⩾",
            ">",
            "±",
            "+/-",
            "+-",
            "up to",
            "upto",
            "max.",
            "max",
            "maximum",
            "min.",
            "min",
            "minimum",
            "better than",
            "less than",
            "lower than",
            "below",
            "under",
            "above",
            "over",
            "more than",
            "greater than",
            "at least",
            "bis zu",
            "jusqu'à",
            "hasta",
        ),
        key=len,
        reverse=True,
    )
)
_QUALIFIERS_BY_LAST: dict[str, tuple[str, ...]] = {}
for _q in _QUALIFIERS:
    _QUALIFIERS_BY_LAST[_q[-1]] = (*_QUALIFIERS_BY_LAST.get(_q[-1], ()), _q)
_BASIS = re.compile(
    r"\s*(?:of\s+)?(?:(?P<fs>f\.?s\.?o?\b|full[- ]?scale|span|of span|v\.e\.|fs\b)"
    r"|(?P<rd>reading|rdg|rd\b|of value|o\.r\.))",
    re.IGNORECASE,
)
_RATIO = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*:\s*1(?![\d])")
_DN = re.compile(r"\b(?:DN|NPS)\s?(\d{1,4})(?!\d|[.,]\d)", re.IGNORECASE)
_WORD_COUNT = re.compile(
    r"\b(single|one|two|three|four|five|six|seven|eight|nine|ten|dual|twin)[ -]?"
    r"(axis|axes|rollers?|electrodes?)\b",
    re.IGNORECASE,
)
_WORD_VALUES = {
    "single": 1,
    "one": 1,
    "two": 2,
    "dual": 2,
    "twin": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_COUNT_PHRASE = re.compile(
    r"(?<![\w.,])(\d{1,2})\s+(?:[a-z-]{3,15}\s+){1,2}(axes|axis|rollers|roller|electrodes)\b", re.IGNORECASE
)
_UNKNOWN_WORD = re.compile(r"[ \u00a0]?([A-Za-zµμ][A-Za-zµμ/]{0,9})\b")
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)")

_STRICT_BELOW = {"<", "less than", "lower than", "below", "under"}
_STRICT_ABOVE = {">", "more than", "greater than", "above", "over"}
_EPS = 1e-9


@dataclass(slots=True)
class Quantity:
    """One number (or range) as written, with every reading of its unit spelling."""

    start: int
    end: int
    lo_raw: float
    hi_raw: float
    is_range: bool
    spelling: str | None
    conversions: tuple[Conversion, ...]
    qualifier: str | None = None
    basis: str | None = None  # "fs" or "reading" for percentages
    unknown_word: str | None = None  # a word right after a bare number, maybe an unknown unit
    negative: bool = False

    @property
    def kinds(self) -> tuple[str, ...]:
        if not self.conversions:
            return ("number",)
        return tuple(c.kind for c in self.conversions)

    def values(self, kind: str) -> tuple[float, float] | None:
        """(low, high) in the canonical unit of `kind`, nudged by a strict qualifier, or None."""
        if not self.conversions:
            if kind != "number":
                return None
            lo, hi = self.lo_raw, self.hi_raw
        else:
            for conversion in self.conversions:
                if conversion.kind == kind:
                    lo = self.lo_raw * conversion.factor + conversion.offset
                    hi = self.hi_raw * conversion.factor + conversion.offset
                    break
            else:
                return None
        qualifier = (self.qualifier or "").lower()
        if qualifier in _STRICT_BELOW:
            lo, hi = lo - abs(lo) * _EPS, hi - abs(hi) * _EPS
        elif qualifier in _STRICT_ABOVE:
            lo, hi = lo + abs(lo) * _EPS, hi + abs(hi) * _EPS
        elif qualifier == "better than":
            # "better than" is strict on the good side; the assignment knows which side that is
            pass
        return (min(lo, hi), max(lo, hi))


def _qualifier(text: str, end: int) -> str | None:
    """The qualifier written just before a number ("max.", "≤", "better than"), lower case, or None."""
    window = text[max(0, end - 16) : end].rstrip(" :=\u00a0\t").lower()
    if not window:
        return None
    for qualifier in _QUALIFIERS_BY_LAST.get(window[-1], ()):
        if window.endswith(qualifier):
            before = window[: -len(qualifier)][-1:]
            if qualifier[0].isalpha() and before.isalpha():
                continue  # "rover 5" is not "over 5"
            return qualifier.rstrip(".")
    return None


def _number_at(text: str, match: re.Match[str]) -> float:
    whole = match.group(1)
    if len(whole) > 3:
        whole = _SEPARATORS.sub("", whole)
    value = float(whole)
    if match.group(2) is not None:
        value = float(f"{whole}.{match.group(2)}")
    return value


def _scientific(text: str, pos: int, value: float) -> tuple[float, int]:
    if text[pos : pos + 2].lstrip()[:1] not in _SCI_START:
        return value, pos
    sci = _SCI.match(text, pos)
    if sci is None:
        return value, pos
    exponent_text = (
        (sci.group(1) or sci.group(2) or "").translate(_SUPERSCRIPTS).replace("−", "-").replace(" ", "")
    )
    try:
        exponent = int(exponent_text)
    except ValueError:
        return value, pos
    return value * 10.0**exponent, sci.end()


def extract_quantities(text: str, units: UnitTable) -> list[Quantity]:
    """All numbers in `text` with their units, ranges, qualifiers and spans, in text order."""
    found: list[Quantity] = []
    consumed = 0
    for match in _NUMBER.finditer(text):
        start = match.start()
        if start < consumed:
            continue
        value = _number_at(text, match)
        pos = match.end()
        # fractions of an inch or horsepower: 1/2 inch, 3/4 HP
        frac = _FRACTION.match(text, start) if "/" in text[pos : pos + 2] else None
        if frac is not None and frac.group(2) != "0":
            unit_after = units.pattern.match(text, frac.end())
            if unit_after is not None and unit_after.group(1) in {"inch", "inches", '"', "HP", "hp", "in."}:
                value = int(frac.group(1)) / int(frac.group(2))
                pos = frac.end()
        value, pos = _scientific(text, pos, value)
        multiplier = _MULTIPLIER.match(text, pos)
        if multiplier is not None:
            value *= _MULTIPLIERS[multiplier.group(1).lower().rstrip(".")]
            pos = multiplier.end()
        negative = False
        before = text[max(0, start - 1) : start]
        if before in ("-", "−") and (start < 2 or not text[start - 2].isalnum()):
            negative = True
            value = -value
            qual_end = start - 1
        else:
            qual_end = start
        lo = hi = value
        is_range = False
        sep = _RANGE_SEP.match(text, pos) if text[pos : pos + 2].lstrip()[:1] in _RANGE_START else None
        if sep is not None:
            second = _NUMBER.match(text, sep.end())
            sign = 1.0
            second_start = sep.end()
            if second is None and text[second_start : second_start + 1] in "-−+":
                second = _NUMBER.match(text, second_start + 1)
                sign = -1.0 if text[second_start] in "-−" else 1.0
            if second is not None:
                value2, pos2 = _scientific(text, second.end(), sign * _number_at(text, second))
                unit_after = units.pattern.match(text, pos2)
                if unit_after is not None or units.pattern.match(text, pos) is None:
                    lo, hi = value, value2
                    is_range = True
                    pos = pos2
        unit = units.pattern.match(text, pos)
        spelling: str | None = None
        conversions: tuple[Conversion, ...] = ()
        if unit is not None:
            spelling = units.spelling(unit.group(1))
            conversions = units.conversions(spelling)
            pos = unit.end()
        qualifier = _qualifier(text, qual_end)
        if qualifier in ("max", "maximum", "up to", "upto", "bis zu", "jusqu'à", "hasta"):
            qualifier = "max"
        elif qualifier in ("min", "minimum", "at least"):
            qualifier = "min"
        if qualifier == "±":
            lo = hi = abs(value) if not is_range else hi
        basis = None
        unknown_word = None
        if spelling in ("%", "percent", "pct", "％", "ppm", "per cent", "per-cent", "percentage"):
            basis_match = _BASIS.match(text, pos)
            if basis_match is not None:
                basis = "fs" if basis_match.group("fs") else "reading"
                pos = basis_match.end()
        elif spelling is None:
            word = _UNKNOWN_WORD.match(text, pos)
            if word is not None:
                unknown_word = word.group(1)
        found.append(
            Quantity(
                start=start - (1 if negative else 0),
                end=pos,
                lo_raw=lo,
                hi_raw=hi,
                is_range=is_range,
                spelling=spelling,
                conversions=conversions,
                qualifier=qualifier,
                basis=basis,
                unknown_word=unknown_word,
                negative=negative or lo < 0,
            )
        )
        consumed = pos
    return _special_forms(text, found, units)


def _covering(found: list[Quantity], starts: list[int], pos: int) -> Quantity | None:
    """The quantity whose span contains `pos` (found is sorted by start), or None."""
    index = bisect_right(starts, pos) - 1
    if index >= 0 and found[index].start <= pos < found[index].end:
        return found[index]
    return None


def _special_forms(text: str, found: list[Quantity], units: UnitTable) -> list[Quantity]:
    """DN sizes, ratios and counts written in words: they replace the bare numbers read at their place."""
    low = text.lower()
    starts = [q.start for q in found]
    removed: list[tuple[int, int]] = []
    added: list[Quantity] = []

    def free(pos: int) -> bool:
        q = _covering(found, starts, pos)
        return q is None or q.spelling is None

    mm = units.by_spelling["mm"]
    for match in _DN.finditer(text) if ("dn" in low or "nps" in low) else ():
        if free(match.start(1)):
            size = float(match.group(1))
            removed.append((match.start(), match.end()))
            added.append(Quantity(match.start(1), match.end(), size, size, False, "mm", mm))
    for match in _RATIO.finditer(text) if ":" in text else ():
        if free(match.start()):
            ratio = float(match.group(1))
            removed.append((match.start(), match.end()))
            added.append(
                Quantity(
                    match.start(), match.end(), ratio, ratio, False, ":1", (Conversion("ratio", 1.0, 0.0),)
                )
            )
    if any(word in low for word in ("ax", "roll", "electrode")):
        for match in _COUNT_PHRASE.finditer(text):
            # "3 contouring axes", "5 simultaneous axes": a count whose unit follows one or two adjectives
            if free(match.start(1)):
                removed.append((match.start(1), match.start(1) + 1))
                added.append(_count(match.group(2), float(match.group(1)), match.start(1), match.end()))
        for match in _WORD_COUNT.finditer(text):
            value = float(_WORD_VALUES[match.group(1).lower()])
            added.append(_count(match.group(2), value, match.start(), match.end()))
    if not added:
        return found
    if removed:
        gone = {pos for a, b in removed for pos in range(a, b)}
        found = [q for q in found if q.start not in gone]
    found.extend(added)
    found.sort(key=lambda q: q.start)
    return found


def _count(noun: str, value: float, start: int, end: int) -> Quantity:
    noun = noun.lower()
    kind = "axes" if noun.startswith("ax") else "rollers" if noun.startswith("roll") else "electrodes"
    return Quantity(start, end, value, value, False, noun, (Conversion(kind, 1.0, 0.0),))
