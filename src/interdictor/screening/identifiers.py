"""Identifiers: IMO numbers, registration numbers, passports, BIC, IBAN, phone numbers and e-mail.

An identifier that agrees is strong evidence even when the names differ (a renamed vessel keeps
its IMO number; a front company keeps its registration number). Values are normalised per kind
so that "IMO 9187629" meets "9187629", "DEUTDEFF500" meets "DEUTDEFF" (same bank, a branch), and
"+98 21 8896 1234" meets "00982188961234".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["Identifier", "compare_identifiers", "parse_identifier"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")
_BIC = re.compile(r"^[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?$")
_IMO = re.compile(r"^(IMO)?(\d{7})$")

#: Kinds where two different values on both sides make a match less likely (one IMO per hull).
UNIQUE_KINDS = frozenset({"imo", "iban", "bic"})
#: Strength of an agreeing identifier by kind; phones are shared by offices and families.
STRENGTH = {"imo": 1.0, "iban": 1.0, "bic": 0.85, "email": 0.9, "phone": 0.7, "id": 0.95}


class Identifier:
    """A normalised identifier: kind ("imo", "bic", "iban", "phone", "email" or "id") and key."""

    __slots__ = ("key", "kind", "raw")

    def __init__(self, kind: str, key: str, raw: str) -> None:
        self.kind = kind
        self.key = key
        self.raw = raw

    def __repr__(self) -> str:
        return f"{self.kind}:{self.key}"


def _imo_valid(digits: str) -> bool:
    check = sum(int(d) * w for d, w in zip(digits[:6], range(7, 1, -1), strict=True)) % 10
    return check == int(digits[6])


def parse_identifier(value: str, kind: str | None = None) -> Identifier | None:
    """Normalise one identifier; `kind` ("imo", "passport", "phone" ...) may be given or guessed."""
    raw = value.strip()
    if not raw:
        return None
    if ":" in raw and kind is None:
        head, _, rest = raw.partition(":")
        if head.isalpha() and len(head) <= 12 and "@" not in head:
            kind, raw = head.lower(), rest.strip()
    lowered = raw.lower()
    if kind == "email" or (kind is None and _EMAIL.match(lowered)):
        return Identifier("email", lowered, raw)
    compact = re.sub(r"[^A-Za-z0-9+]", "", raw).upper()
    international = compact.startswith("00") and compact.isdigit() and len(compact) >= 10
    if kind == "phone" or (kind is None and (compact.startswith("+") or international)):
        digits = re.sub(r"\D", "", compact)
        return Identifier("phone", digits[-9:], raw) if len(digits) >= 7 else None
    compact = compact.replace("+", "")
    if len(compact) < 4:
        return None
    imo = _IMO.match(compact)
    if kind in ("imo", "mmsi") or (kind is None and imo and _imo_valid(imo.group(2))):
        return Identifier("imo", imo.group(2) if imo else compact, raw)
    if kind in ("iban",) or (kind is None and _IBAN.match(compact)):
        return Identifier("iban", compact, raw)
    if kind in ("bic", "swift", None) and _BIC.match(compact):
        return Identifier("bic", compact[:8], raw)
    return Identifier("id", compact, raw)


def compare_identifiers(
    query: Iterable[Identifier], candidate: Iterable[Identifier]
) -> tuple[float, float, str]:
    """(agreement strength, disagreement, sentence): equal keys agree; differing unique kinds disagree."""
    cands = list(candidate)
    if not cands:
        return 0.0, 0.0, ""
    best = 0.0
    detail = ""
    clash: list[str] = []
    for q in query:
        for c in cands:
            if q.key == c.key and (q.kind == c.kind or "id" in (q.kind, c.kind)):
                strength = STRENGTH.get(c.kind if q.kind == "id" else q.kind, 0.85)
                if strength > best:
                    best = strength
                    detail = f"{q.kind} {q.raw!r} equals {c.raw!r}"
            elif q.kind == c.kind and q.kind in UNIQUE_KINDS:
                clash.append(f"{q.kind} {q.raw!r} differs from {c.raw!r}")
    if best > 0.0:
        return best, 0.0, detail
    if clash:
        return 0.0, 1.0, "; ".join(clash[:3])
    return 0.0, 0.0, ""
