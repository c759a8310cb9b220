"""A deal: the records of one transaction, and the path language rules use to read them.

Records of one deal point to each other (`order_ref`, `inquiry_ref`), so `group_deals` puts an
order with its certificates, licence applications, shipments and payments. Rules read a deal
through paths such as `orders[].parties[role=buyer].country`:

    name        an attribute (a missing attribute or None is "missing", never an error)
    name[]      every element of a list
    name[k=v]   the elements whose attribute k equals v (roles, kinds)

Roots are `records`, `inquiries`, `orders`, `eucs`, `licences`, `shipments` and `payments`. Each
resolved `Node` remembers the record it lies in and its concrete path inside that record
(`parties[2].country`), which is what a finding cites as evidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from interdictor.flags.history import History
from interdictor.goods import Classification
from interdictor.model import (
    EndUserCertificate,
    Inquiry,
    LicenceApplication,
    LineItem,
    Order,
    Party,
    Payment,
    Record,
    Shipment,
)

__all__ = ["Deal", "GoodsLookup", "Node", "ScreeningHit", "group_deals", "resolve"]

_SEGMENT = re.compile(r"^(?P<name>[a-z_]+)(?:\[(?P<sel>[^\]]*)\])?$")
_ROOTS = {
    "records": None,
    "inquiries": Inquiry,
    "orders": Order,
    "eucs": EndUserCertificate,
    "licences": LicenceApplication,
    "shipments": Shipment,
    "payments": Payment,
}


@dataclass(frozen=True)
class ScreeningHit:
    """A list match of one party, as the screening adapter reports it (assess/screening.py)."""

    record_id: str
    party_ref: str
    entity_id: str
    list_name: str
    matched_name: str
    score: float


GoodsLookup = Callable[[Record, LineItem], Classification]
"""Classification of a line item in its record (cached by the caller); rules never classify themselves."""


@dataclass
class Deal:
    """The records of one transaction and what the rules may consult besides them."""

    id: str
    records: list[Record]
    history: History = field(default_factory=History)
    goods: GoodsLookup | None = None
    screening: dict[tuple[str, str], list[ScreeningHit]] | None = None

    def of(self, kind: type[Any]) -> list[Any]:
        return [r for r in self.records if isinstance(r, kind)]

    @property
    def orders(self) -> list[Order]:
        return self.of(Order)

    @property
    def shipments(self) -> list[Shipment]:
        return self.of(Shipment)

    @property
    def payments(self) -> list[Payment]:
        return self.of(Payment)

    @property
    def eucs(self) -> list[EndUserCertificate]:
        return self.of(EndUserCertificate)

    @property
    def licences(self) -> list[LicenceApplication]:
        return self.of(LicenceApplication)

    def parties(self, *roles: str) -> list[tuple[Record, Party]]:
        """(record, party) for every party of the deal in one of `roles` (all parties if none given)."""
        return [(r, p) for r in self.records for p in r.parties if not roles or p.role.value in roles]

    def line_items(self) -> list[tuple[Record, LineItem]]:
        out: list[tuple[Record, LineItem]] = []
        for record in self.records:
            for item in getattr(record, "items", []) or []:
                out.append((record, item))
        return out


@dataclass(frozen=True)
class Node:
    """A value found at a path, with the record it lies in and its path inside that record."""

    value: Any
    record: Record | None
    path: str

    def child(self, name: str, value: Any) -> Node:
        return Node(value, self.record, f"{self.path}.{name}" if self.path else name)


def _is_record(value: Any) -> bool:
    return hasattr(value, "kind") and hasattr(value, "parties") and hasattr(value, "date")


def _matches(item: Any, selector: str) -> bool:
    key, _, wanted = selector.partition("=")
    got = getattr(item, key.strip(), None)
    return got is not None and str(got) == wanted.strip()


@lru_cache(maxsize=4096)
def _segment(segment: str) -> tuple[str, str | None]:
    match = _SEGMENT.match(segment)
    if match is None:
        raise ValueError(f"bad path segment {segment!r}")
    return match["name"], match["sel"]


_HAS: dict[tuple[type, str], bool] = {}


def has_field(cls: type, name: str) -> bool:
    """Whether instances of `cls` carry attribute `name` (a model field, a property or a method)."""
    found = _HAS.get((cls, name))
    if found is None:
        fields = getattr(cls, "model_fields", None)
        found = (fields is not None and name in fields) or hasattr(cls, name)
        _HAS[(cls, name)] = found
    return found


def _get(value: Any, name: str) -> Any:
    if value is None or not has_field(type(value), name):
        return None
    return getattr(value, name, None)


def _step(node: Node, segment: str) -> list[Node]:
    name, sel = _segment(segment)
    value = _get(node.value, name)
    if sel is None:
        return [node.child(name, value)]
    if value is None:
        return []
    out: list[Node] = []
    for index, item in enumerate(value):
        if sel and not _matches(item, sel):
            continue
        if _is_record(item):
            out.append(Node(item, item, ""))
        else:
            out.append(node.child(f"{name}[{index}]", item))
    return out


@lru_cache(maxsize=4096)
def _split(path: str) -> list[str]:
    return path.split(".")


def resolve(path: str, deal: Deal | None = None, start: Node | None = None) -> list[Node]:
    """Every node at `path`, from the deal's roots or from `start`; an absent list yields no node."""
    segments = _split(path)
    if start is None:
        if deal is None:
            raise ValueError("resolve needs a deal or a start node")
        root = re.sub(r"\[.*$", "", segments[0])
        if root not in _ROOTS:
            raise ValueError(f"unknown root {root!r} in path {path!r}; roots: {', '.join(_ROOTS)}")
        kind = _ROOTS[root]
        records = [r for r in deal.records if kind is None or isinstance(r, kind)]
        sel = segments[0][len(root) :].strip("[]")
        nodes = [Node(r, r, "") for r in records if not sel or _matches(r, sel)]
        segments = segments[1:]
    else:
        nodes = [start]
    for segment in segments:
        nodes = [found for node in nodes for found in _step(node, segment)]
    return nodes


def _refs(record: Record) -> set[str]:
    refs = {record.id}
    for name in ("order_ref", "inquiry_ref"):
        value = getattr(record, name, None)
        if value:
            refs.add(value)
    return refs


def group_deals(records: Iterable[Record]) -> list[list[Record]]:
    """Records joined into deals through their references (union-find), in order of first appearance."""
    items: Sequence[Record] = list(records)
    parent: dict[str, str] = {}

    def find(key: str) -> str:
        while parent.setdefault(key, key) != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for record in items:
        keys = sorted(_refs(record))
        for other in keys[1:]:
            parent[find(other)] = find(keys[0])
    groups: dict[str, list[Record]] = {}
    for record in items:
        groups.setdefault(find(record.id), []).append(record)
    return list(groups.values())
