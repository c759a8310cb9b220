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

__all__ = ["address_node_key", "city_of"]

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
