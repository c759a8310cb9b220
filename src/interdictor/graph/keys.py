"""Node keys of addresses: the resolution key of the street line, qualified by country and city.

Entity resolution compares street lines without the city on purpose (cities are spelt in many ways);
the graph cannot: "Cumhuriyet Cad. 85" exists in every Turkish city, and joining them would make
co-location findings of strangers. The city is the ASCII letters of the city field, or of the last
part of a one-line address ("34112 Istanbul" gives "istanbul").
"""

from __future__ import annotations

import re

from interdictor.resolve.keys import address_key
from interdictor.screening.text import to_ascii

__all__ = ["address_node_key", "building_key", "city_of"]

_LETTERS = re.compile(r"[^a-z ]+")


def city_of(raw: str | None = None, city: str | None = None) -> str:
    """The city as lower-case ASCII words; empty when unknown."""
    text = city
    if not text and raw:
        parts = [p for p in raw.split(",") if p.strip()]
        text = parts[-1] if len(parts) > 1 else None
    if not text:
        return ""
    words = [to_ascii(w) for w in text.lower().split()]
    return " ".join(_LETTERS.sub("", " ".join(w for w in words if w)).split())


def address_node_key(
    country: str | None,
    *,
    raw: str | None = None,
    street: str | None = None,
    po_box: str | None = None,
    unit: str | None = None,
    city: str | None = None,
) -> str | None:
    """`country:city:street key`, or None when the address has no usable street line."""
    key = address_key(raw=raw, street=street, po_box=po_box, unit=unit)
    if not key:
        return None
    return f"{(country or '-').lower()}:{city_of(raw, city)}:{key}"


_UNIT_NUMBER = re.compile(r"#\s*[\w-]+")


def building_key(
    raw: str, unit_words: frozenset[str], building_words: frozenset[str], city: str = ""
) -> str | None:
    """`city:street key` of the building an address line is in, without its floor, suite or room.

    None when the line names no building: after its unit parts are dropped, what is left must carry a
    building word or a house number ("Hongxiang Building", "88 Huanghe Road"), so a free zone, a
    district or a street alone never makes neighbours of everyone in it.
    """
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not city:
        city = city_of(raw) if len(parts) > 1 else ""
        street = parts[:-1] if len(parts) > 1 else parts
    else:
        street = [p for p in parts if city_of(city=p) != city]
    kept = []
    for part in street:
        words = _UNIT_NUMBER.sub(" ", part.lower()).replace(".", " ").split()
        if not words or part.lstrip().startswith("#"):
            continue
        if any(w in unit_words for w in words[:2]) or any(w in unit_words for w in words[-1:]):
            continue  # "13th floor", "Floor 13", "Suite 1204", "Office 14"
        kept.append(" ".join(words))
    if not kept or not city:
        return None
    text = " ".join(kept)
    tokens = text.split()
    named = any(w in building_words for w in tokens) or any(
        w in text for w in building_words if not w.isascii()
    )
    if not named and not any(ch.isdigit() for ch in text):
        return None
    key = address_key(raw=f"{text}, -")
    return f"{city}:{key}" if key else None
