"""Identifier and value patterns in free text: e-mails, websites, phones, IBAN, BIC, IMO, amounts, dates.

Each finder takes one line and returns `Found` spans with the value as written and its comparison
key. Checksums decide where there is one (IBAN mod 97 and IMO check digit through rigour; phone
numbers through libphonenumber), so a number that merely looks like an identifier is not one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from rigour.ids import BIC, IBAN

from interdictor.ingest.vocab import Vocab, trie_pattern, vocab

__all__ = [
    "Found",
    "Patterns",
    "declared_phone",
    "normalise_amount_number",
    "parse_date",
    "patterns",
]


@dataclass(frozen=True)
class Found:
    """One value found in a line: kind, value as written, comparison key and its character span."""

    kind: str
    value: str
    normalised: str
    start: int
    end: int


_EMAIL = re.compile(
    r"(?<![\w.+%-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+"
    r"[A-Za-z]{2,24}(?![\w-])"
)
_URL = re.compile(r"(?i)\b(?:https?://|www\.)[^\s<>\"'()\[\]{}]+")
_PHONE_INTL = re.compile(r"(?<![\w+])(?:\+|00)\s?\(?\d{1,4}\)?(?:[\s.\-/]{0,2}\(?\d{1,6}\)?){1,6}(?![\w])")
_PHONE_LABEL = re.compile(
    r"(?i)\b(?:tel|phone|telephone|mobile|mob|cell|fax|whatsapp|wa|viber|telegram)\b\.?\s*(?:no\.?|number)?"
    r"\s*[:.]?\s*(\(?\d[\d\s().\-/]{5,20}\d)"
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
_BIC = re.compile(
    r"(?i)\b(?:BIC|SWIFT|S\.W\.I\.F\.T\.)(?:\s*/\s*BIC|\s*/\s*SWIFT)?(?:\s*code)?\s*(?:no\.?)?\s*[:#.]?\s*"
    r"(?-i:([A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?))\b"
)
_IMO = re.compile(r"(?i)\bIMO(?:\s*(?:no\.?|number|#))?\s*[:.#]?\s*(\d{7})\b")
_ISO_DATE = re.compile(r"(?<![\d.])(\d{4})-(\d{1,2})-(\d{1,2})(?![\d])")
_NUM_DATE = re.compile(r"(?<![\d.:/+-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?![\d.:/-]?\d)")
_DIGIT = re.compile(r"\d")
#: Cheap tests that decide whether a finder can match a line at all (most chat lines hold nothing).
_DATE_HINT = re.compile(r"\d[./-]\d|\d{4}")
_UPPER3 = re.compile(r"(?<![A-Za-z])[A-Z]{3}(?![a-z])")
_PHONE_WORDS = frozenset(
    {"tel", "phone", "telephone", "mobile", "mob", "cell", "fax", "whatsapp", "wa", "viber", "telegram"}
)


def imo_valid(digits: str) -> bool:
    """IMO check digit: the first six digits weighted 7 to 2, the sum's last digit is the seventh
    (rigour's IMO format checks the shape only)."""
    if len(digits) != 7 or not digits.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10 == int(digits[6])


@lru_cache(maxsize=50_000)
def iban_valid(key: str) -> bool:
    """ISO 13616: mod 97 of the rearranged number is 1 (fast), then rigour's per-country check."""
    if not (15 <= len(key) <= 34 and key[:2].isalpha() and key[2:4].isdigit() and key.isalnum()):
        return False
    digits = "".join(str(int(ch, 36)) for ch in key[4:] + key[:4])
    return int(digits) % 97 == 1 and bool(IBAN.is_valid(key))


def _compact(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]", "", text).upper()


def _valid_date(year: int, month: int, day: int) -> str | None:
    if year < 100:
        year += 2000 if year < 70 else 1900
    if not 1900 <= year <= 2100:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """An ISO date from one written date (ISO, day-first numeric, or with a month name), else None."""
    found = patterns().dates(text.strip())
    return found[0].normalised if found else None


def normalise_amount_number(text: str) -> float | None:
    """12,000.00 / 12.000,00 / 12 000 / 1'200.5 as a float; None when it is not a number."""
    raw = text.replace("\u00a0", " ").replace("'", "").replace(" ", "")
    if not raw or not raw[0].isdigit():
        return None
    last_dot, last_comma = raw.rfind("."), raw.rfind(",")
    if last_dot >= 0 and last_comma >= 0:
        decimal = "." if last_dot > last_comma else ","
    elif last_comma >= 0:
        # "12,000" groups thousands; "12,5" or "1200,50" is a decimal comma.
        decimal = "," if len(raw) - last_comma - 1 in (1, 2) else ""
    elif last_dot >= 0:
        decimal = "." if len(raw) - last_dot - 1 != 3 or (raw.count(".") == 1 and raw.startswith("0")) else ""
    else:
        decimal = ""
    if decimal == ",":
        raw = raw.replace(".", "").replace(",", ".")
    elif decimal == ".":
        raw = raw.replace(",", "")
    else:
        raw = raw.replace(",", "").replace(".", "")
    try:
        return float(raw)
    except ValueError:
        return None


class Patterns:
    """The compiled finders, built once from the vocabulary."""

    def __init__(self, words: Vocab) -> None:
        self.words = words
        months = trie_pattern(words.months)
        self._day_month = re.compile(
            rf"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?({months})\.?,?\s+(\d{{4}})\b"
        )
        self._month_day = re.compile(rf"(?i)\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b")
        self._symbols = tuple(sym for sym in words.currency_symbols if not sym.isalpha())
        cur = trie_pattern([*words.currency_symbols, *words.currency_codes])
        number = r"\d{1,3}(?:[,.' \u00a0]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
        mult = trie_pattern(words.multipliers)
        self._amount_before = re.compile(
            rf"(?<![A-Za-z0-9])(?P<cur>{cur})\s?(?P<num>{number})(?:\s?(?P<mult>{mult})\b)?(?![\d,.]\d)"
        )
        self._amount_after = re.compile(
            rf"(?<![\w.,])(?P<num>{number})(?:\s?(?P<mult>{mult}))?\s?(?P<cur>{cur})(?![A-Za-z])"
        )

    # -- identifiers --------------------------------------------------------------------------

    def emails(self, line: str) -> list[Found]:
        if "@" not in line:
            return []
        return [
            Found("email", m.group(0), m.group(0).lower(), m.start(), m.end()) for m in _EMAIL.finditer(line)
        ]

    def websites(self, line: str) -> list[Found]:
        if "www." not in line.lower() and "://" not in line:
            return []
        out = []
        for m in _URL.finditer(line):
            value = m.group(0).rstrip(".,;:!?")
            host = re.sub(r"(?i)^(?:https?://)?", "", value).split("/")[0].split(":")[0].lower()
            host = host.removeprefix("www.")
            if "." in host and "@" not in value:
                out.append(Found("website", value, host, m.start(), m.start() + len(value)))
        return out

    def phones(self, line: str, words: frozenset[str] | None = None) -> list[Found]:
        out: list[Found] = []
        intl = "+" in line or "00" in line
        for m in _PHONE_INTL.finditer(line) if intl else ():
            value = m.group(0).strip()
            digits = re.sub(r"\D", "", value)
            if value.startswith("00"):
                digits = digits[2:]
            key = _phone_key(digits)
            if key is not None:
                out.append(Found("phone", value, key, m.start(), m.start() + len(value)))
        labelled = words is None or not _PHONE_WORDS.isdisjoint(words)
        for m in _PHONE_LABEL.finditer(line) if labelled else ():
            value = m.group(1).strip()
            digits = re.sub(r"\D", "", value)
            if 7 <= len(digits) <= 15 and not any(f.start <= m.start(1) < f.end for f in out):
                out.append(Found("phone", value, digits, m.start(1), m.start(1) + len(value)))
        return out

    def ibans(self, line: str) -> list[Found]:
        out = []
        for m in _IBAN.finditer(line):
            text = m.group(0)
            # The pattern may swallow a short upper-case word after the IBAN: drop trailing groups.
            while len(_compact(text)) >= 15:
                key = _compact(text)
                if iban_valid(key):
                    out.append(Found("iban", text, key, m.start(), m.start() + len(text)))
                    break
                cut = text.rfind(" ")
                if cut < 0:
                    break
                text = text[:cut]
        return out

    def bics(self, line: str) -> list[Found]:
        lower = line.lower()
        if "bic" not in lower and "swift" not in lower and "s.w.i.f.t" not in lower:
            return []
        out = []
        for m in _BIC.finditer(line):
            code = m.group(1)
            if BIC.is_valid(code):
                out.append(Found("bic", code, code, m.start(1), m.end(1)))
        return out

    def imos(self, line: str) -> list[Found]:
        if "imo" not in line.lower():
            return []
        out = []
        for m in _IMO.finditer(line):
            if imo_valid(m.group(1)):
                out.append(Found("imo", m.group(0), f"IMO{m.group(1)}", m.start(), m.end()))
        return out

    # -- values -------------------------------------------------------------------------------

    def dates(self, line: str, words: frozenset[str] | None = None) -> list[Found]:
        out: list[Found] = []
        if not _DATE_HINT.search(line):
            return out
        for m in _ISO_DATE.finditer(line):
            iso = _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            if iso:
                out.append(Found("date", m.group(0), iso, m.start(), m.end()))
        for m in _NUM_DATE.finditer(line):
            a, b, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
            if len(m.group(4)) == 2 and m.group(2) == "-":
                continue
            # Day first, as most of the world writes; month first only when the day cannot be a month.
            iso = _valid_date(year, b, a) if a > 12 or b <= 12 else _valid_date(year, a, b)
            if iso:
                out.append(Found("date", m.group(0), iso, m.start(), m.end()))
        if words is not None and self.words.months.keys().isdisjoint(words):
            return out
        for m in self._day_month.finditer(line):
            iso = _valid_date(int(m.group(3)), self.words.months[m.group(2).lower()], int(m.group(1)))
            if iso:
                out.append(Found("date", m.group(0), iso, m.start(), m.end()))
        for m in self._month_day.finditer(line):
            iso = _valid_date(int(m.group(3)), self.words.months[m.group(1).lower()], int(m.group(2)))
            if iso:
                out.append(Found("date", m.group(0), iso, m.start(), m.end()))
        return out

    def amounts(self, line: str) -> list[Found]:
        out: list[Found] = []
        if not any(sym in line for sym in self._symbols) and self.words.currency_codes.isdisjoint(
            _UPPER3.findall(line)
        ):
            return out
        for pattern in (self._amount_before, self._amount_after):
            for m in pattern.finditer(line):
                if any(f.start < m.end() and m.start() < f.end for f in out):
                    continue
                code = self.words.currency(m.group("cur"))
                number = normalise_amount_number(m.group("num"))
                if code is None or number is None:
                    continue
                if m.group("mult"):
                    number *= self.words.multipliers[m.group("mult").lower()]
                value = m.group(0).strip()
                out.append(Found("amount", value, f"{code} {number:.2f}", m.start(), m.start() + len(value)))
        return out

    def identifiers(self, line: str, words: frozenset[str] | None = None) -> Iterator[Found]:
        """Every identifier and value of a line; spans of earlier kinds are not reused by later ones."""
        taken: list[tuple[int, int]] = []

        def free(found: Found) -> bool:
            return not any(s < found.end and found.start < e for s, e in taken)

        finders: list[Callable[[str], list[Found]]] = [self.emails, self.websites]
        if _DIGIT.search(line):
            finders += [
                self.ibans,
                self.bics,
                self.imos,
                lambda text: self.dates(text, words),
                self.amounts,
                lambda text: self.phones(text, words),
            ]
        else:
            finders.append(self.bics)
        for finder in finders:
            for found in finder(line):
                if free(found):
                    taken.append((found.start, found.end))
                    yield found


@lru_cache(maxsize=100_000)
def declared_phone(raw: str) -> str | None:
    """A number a registry field declares to be a phone, as '+' and digits, even where libphonenumber
    finds no valid numbering plan: the field says it is a phone, and a shared number links parties."""
    digits = re.sub(r"\D", "", raw)
    if raw.lstrip().startswith("00"):
        digits = digits[2:]
    return "+" + digits if 7 <= len(digits) <= 15 else None


def _phone_key(digits: str) -> str | None:
    """'+' and the digits of a valid international number (libphonenumber decides), else None."""
    if not 8 <= len(digits) <= 15:
        return None
    try:
        number = phonenumbers.parse("+" + digits, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=1)
def patterns() -> Patterns:
    """The finders over the packaged vocabulary."""
    return Patterns(vocab())
