"""Identifiers of the registry: bank accounts with valid IBANs, registration numbers, random digits.

Screening tools validate IBAN check digits, so accounts carry correct ones (ISO 13616); registration
numbers follow each country's format from `data/world.yaml` (`{d8}`: eight digits, `{L}`: a letter).
Formats are compiled once per process; the draws are those of the plain definitions.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from interdictor.generate.data import Country
from interdictor.generate.names import below, pick

__all__ = ["Account", "iban", "make_account", "random_digits", "registration_number"]


@dataclass(frozen=True, slots=True)
class Account:
    number: str
    is_iban: bool
    bank_name: str
    bic: str
    country: str
    personal: bool = False
    id: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", "ba-" + self.number.replace(" ", "").lower())


_POW10 = tuple(10**n for n in range(16))


def random_digits(rng: random.Random, n: int) -> str:
    """n random decimal digits in one draw (leading zeros kept)."""
    if n <= 0:
        return ""
    if n <= 15:
        return str(int(rng.random() * _POW10[n])).zfill(n)
    return str(rng.getrandbits(4 * n) % 10**n).zfill(n)


_RegOp = tuple[int, str]  # (digits, "") for {dN}, (-1, "") for {L}, (0, text) for a literal
_REG_FORMATS: dict[str, tuple[_RegOp, ...]] = {}


def _compile_registration(fmt: str) -> tuple[_RegOp, ...]:
    ops: list[_RegOp] = []
    i = 0
    while i < len(fmt):
        if fmt.startswith("{d", i):
            end = fmt.index("}", i)
            ops.append((int(fmt[i + 2 : end]), ""))
            i = end + 1
        elif fmt.startswith("{L}", i):
            ops.append((-1, ""))
            i += 3
        else:
            ops.append((0, fmt[i]))
            i += 1
    return tuple(ops)


def registration_number(rng: random.Random, fmt: str) -> str:
    ops = _REG_FORMATS.get(fmt)
    if ops is None:
        ops = _REG_FORMATS[fmt] = _compile_registration(fmt)
    out = []
    for n, text in ops:
        if n > 0:
            out.append(random_digits(rng, n))
        elif n < 0:
            out.append(chr(65 + below(rng, 26)))
        else:
            out.append(text)
    return "".join(out)


_IBAN_LETTERS = {ord(ch): str(int(ch, 36)) for ch in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def iban(country: str, bank_code: str, account: str) -> str:
    """An IBAN with correct ISO 13616 check digits (screening tools validate them)."""
    bban = (bank_code + account).upper()
    numeric = (bban + country + "00").translate(_IBAN_LETTERS)
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def make_account(rng: random.Random, country: Country, personal: bool = False) -> Account:
    bank_name, bic = pick(rng, country.banks)
    if country.iban:
        body = random_digits(rng, country.iban - 8)
        return Account(iban(country.code, bic[:4], body), True, bank_name, bic, country.code, personal)
    return Account(random_digits(rng, pick(rng, (10, 12, 14))), False, bank_name, bic, country.code, personal)
