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
from typing import Any, NamedTuple

from interdictor.flags.history import History
from interdictor.flags.names import norm_name
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

__all__ = [
    "Corroboration",
    "Deal",
    "GoodsLookup",
    "Node",
    "ScreeningHit",
    "corroboration",
    "deal_corroboration",
    "group_deals",
    "item_text",
    "resolve",
]

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
    field: str = "name"
    """What matched: the party's name, or an identifier the list names (`account.number`, a wallet)."""
    countries: tuple[str, ...] = ()
    """What the list says of the entry's countries (ISO codes, lower case): country, nationality,
    citizenship, jurisdiction and the countries of its listed addresses, all of them (a front's
    addresses often lie in several countries). Empty when the list states none."""
    addresses: tuple[str, ...] = ()
    """The entry's listed addresses as the list writes them."""
    numbers: tuple[tuple[str, str], ...] = ()
    """The entry's registration, tax and other numbers as (FtM property, value): `registrationNumber`,
    `taxNumber`, `leiCode` and the others of `LISTED_NUMBERS`."""


#: The FtM properties of a list entry's numbers and the kind of number each is, as a party's identifier
#: scheme names it (the graph reads the same properties, `graph.sources_lists`). A number of a kind no
#: party scheme names (`idNumber`) can only agree, never contradict: it may be any of them.
LISTED_NUMBERS: dict[str, str | None] = {
    "registrationNumber": "registration",
    "ogrnCode": "registration",
    "taxNumber": "tax",
    "innCode": "tax",
    "vatCode": "tax",
    "leiCode": "lei",
    "idNumber": None,
}


class Corroboration(NamedTuple):
    """How a list match stands against what the list says of the entry (ORD-01's rule, `corroboration`)."""

    basis: str
    """`identifier`, `address`, `registration`, `country`, `no country` (one side states none) or
    `contradicted`."""
    note: str
    """The reason in words, for the screening results a reviewer reads."""

    @property
    def counts(self) -> bool:
        """The match counts as a hit (ORD-01 fires); a contradicted one stays a possible match for review."""
        return self.basis != "contradicted"


def _party_countries(party: Party) -> frozenset[str]:
    address = party.address.country if party.address is not None else None
    return frozenset(c.lower() for c in (party.country, party.nationality, address) if c)


_WORD = re.compile(r"\w+")


def _address_words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def _party_address(party: Party) -> str:
    a = party.address
    if a is None:
        return ""
    parts = (a.raw, a.street, a.po_box, a.unit, a.postcode, a.city, a.region)
    return " ".join(p for p in parts if p)


def _same_address(party: Party, listed: Sequence[str]) -> str | None:
    """The listed address the party's address spells out (every word of the shorter one is in the other,
    at least three words: street, number, city), or None."""
    mine = _address_words(_party_address(party))
    if len(mine) < 3:
        return None
    for text in listed:
        theirs = _address_words(text)
        if len(theirs) >= 3 and (theirs <= mine or mine <= theirs):
            return text
    return None


#: A letter beyond Latin Extended-B: an address in Chinese, Korean or Cyrillic script, which no street key
#: of a romanised address can be compared with.
_NOT_LATIN = re.compile(r"[^\x00-\u024f]")


def _latin_street(*parts: str | None, raw: str | None = None) -> bool:
    """The street line is written in Latin script: the parts `resolve.keys.address_key` keys (street, PO
    box, unit; or a one-line address without its last part, the city), whatever script the city is in
    ("Science Park Road 322" in "北京" is compared by its street)."""
    if any(parts):
        text = " ".join(p for p in parts if p)
    else:
        segments = [p for p in (raw or "").split(",") if p.strip()]
        text = " ".join(segments[:-1] if len(segments) > 1 else segments)
    return not _NOT_LATIN.search(text)


def _different_streets(mine: str, theirs: str) -> bool:
    """Two street keys (`resolve.keys.address_key`: sorted ASCII tokens of the street line) that name
    different places: neither holds the other's words (a unit or "No." more is the same place), both
    give a house number, and the numbers differ or, the same number, no street word is shared ("Jiefang
    St. 70" and "Jiefang Street 70" share "jiefang" and are one address written differently)."""
    a, b = set(mine.split()), set(theirs.split())
    if a <= b or b <= a:
        return False
    numbers_a = {t for t in a if any(ch.isdigit() for ch in t)}
    numbers_b = {t for t in b if any(ch.isdigit() for ch in t)}
    if not numbers_a or not numbers_b:
        return False  # a street without a number, a district: nothing tells the two apart
    if numbers_a.isdisjoint(numbers_b):
        return True
    return not any(len(t) >= 3 and t.isalpha() for t in a & b)


def _other_address(party: Party, found: ScreeningHit) -> str | None:
    """The party's street address when it lies in one of the entry's countries and is none of the
    entry's listed addresses (each compared by the street key entity resolution uses, and each
    comparable: written in Latin script with a house number), or None when it may be one of them or
    the list or the party gives none."""
    a = party.address
    country = (a.country if a is not None else None) or party.country
    if a is None or not found.addresses or not country or country.lower() not in found.countries:
        return None
    from interdictor.resolve.keys import address_key

    mine = address_key(raw=a.raw, street=a.street, po_box=a.po_box, unit=a.unit)
    if not mine or not _latin_street(a.street, a.po_box, a.unit, raw=a.raw):
        return None
    for text in found.addresses:
        theirs = address_key(raw=text)
        if not theirs or not _latin_street(raw=text) or not _different_streets(mine, theirs):
            return None
    return a.raw or ", ".join(p for p in (a.unit, a.street, a.po_box, a.postcode, a.city) if p)


def _numbers(party: Party) -> list[tuple[str, str, str | None, str]]:
    """The party's identifiers as (scheme, key, country, value), keyed as entity resolution keys them."""
    from interdictor.resolve.keys import identifier_key

    return [
        (i.scheme.value, key, (i.country or party.country or "").lower() or None, i.value)
        for i in party.identifiers
        if (key := identifier_key(i.value))
    ]


def _listed_numbers(found: ScreeningHit) -> list[tuple[str | None, str, str]]:
    """The entry's numbers as (kind, key, value)."""
    from interdictor.resolve.keys import identifier_key

    return [
        (LISTED_NUMBERS.get(prop), key, value)
        for prop, value in found.numbers
        if (key := identifier_key(value))
    ]


def _same_number(party: Party, found: ScreeningHit) -> str | None:
    """The entry's number the party states among its identifiers (any kind), or None."""
    mine = {key for _, key, _, _ in _numbers(party)}
    return next((value for _, key, value in _listed_numbers(found) if key in mine), None)


def _other_number(party: Party, found: ScreeningHit) -> tuple[str, str] | None:
    """(the party's number, the entry's) of one kind (registration, tax, LEI) that differ, the party's
    issued in one of the entry's countries or in no stated one; None when no kind is stated on both
    sides. A number of another kind contradicts nothing: a company has several."""
    theirs = [(kind, value) for kind, _, value in _listed_numbers(found) if kind]
    for scheme, _, country, value in _numbers(party):
        if country is not None and found.countries and country not in found.countries:
            continue
        listed = next((v for kind, v in theirs if kind == scheme), None)
        if listed is not None:
            return value, listed
    return None


def corroboration(party: Party, found: ScreeningHit) -> Corroboration:
    """ORD-01's rule for one list match of `party`: an identifier the list names always counts; a name
    match counts when it is corroborated (the party's address is a listed address of the entry, or it
    states the entry's registration or tax number, or its country, nationality or address country is
    among the entry's countries) or when nothing contradicts it (the party or the entry states no
    country). It does not count when both sides state countries and they share none, nor when they
    share one but the party's number of a kind the entry lists differs from the entry's, or its street
    address there is none of the entry's listed addresses: what a screening analyst checks beside the
    name, as the graph does (`graph.build._contradictions`). A namesake abroad ('Dongyang Ltd.' of Korea
    is not the North Korean '동양해운') or at home (another 'Hengtong Trading' of Ningbo, another
    registration number) stays in the screening results as a possible match for review."""
    return _judge(party, found)[0]


def _judge(party: Party, found: ScreeningHit) -> tuple[Corroboration, tuple[str, ...]]:
    """`corroboration` and the party's fields that decided it (`address`, `identifiers`, `country`,
    `nationality`), so that a fact lent by another record of the deal can be named."""
    if found.field != "name":
        return Corroboration("identifier", "identifier named on the list"), ()
    address = _same_address(party, found.addresses)
    if address is not None:  # the stronger corroboration is named first
        return Corroboration("address", f"address matches the listed address {address!r}"), ("address",)
    number = _same_number(party, found)
    if number is not None:
        return Corroboration("registration", f"number {number} is the list entry's"), ("identifiers",)
    mine = _party_countries(party)
    theirs = frozenset(found.countries)
    shared = mine & theirs
    stated = tuple(
        f
        for f, value in (
            ("country", party.country),
            ("nationality", party.nationality),
            ("address", party.address.country if party.address is not None else None),
        )
        if value
    )
    if shared:
        numbers = _other_number(party, found)
        if numbers is not None:
            return Corroboration(
                "contradicted",
                f"possible namesake for review: the party's number {numbers[0]} is not the list entry's "
                f"{numbers[1]}; not counted as a hit",
            ), ("identifiers",)
        other = _other_address(party, found)
        if other is not None:
            listed = "; ".join(found.addresses)
            return Corroboration(
                "contradicted",
                f"possible namesake for review: the party's address {other!r} is none of the list entry's "
                f"({listed}); not counted as a hit",
            ), ("address",)
        return Corroboration(
            "country", f"country {', '.join(sorted(c.upper() for c in shared))} on both sides"
        ), stated
    if not mine or not theirs:
        side = "the party" if not mine else "the list entry"
        return Corroboration(
            "no country", f"{side} states no country; nothing contradicts the name match"
        ), stated
    return Corroboration(
        "contradicted",
        f"possible namesake for review: party in {', '.join(sorted(c.upper() for c in mine))}, list entry in "
        f"{', '.join(sorted(c.upper() for c in theirs))}; not counted as a hit",
    ), stated


def _lend(party: Party, other: Party) -> tuple[Party, tuple[str, ...]]:
    """`party` with the address, numbers, country and nationality it does not state taken from `other`
    (the same company on another record of the deal), and the fields taken."""
    update: dict[str, Any] = {}
    if party.address is None and other.address is not None:
        update["address"] = other.address
    if not party.identifiers and other.identifiers:
        update["identifiers"] = list(other.identifiers)
    if party.country is None and other.country is not None:
        update["country"] = other.country
    if party.nationality is None and other.nationality is not None:
        update["nationality"] = other.nationality
    if not update:
        return party, ()
    return party.model_copy(update=update), tuple(update)


def deal_corroboration(deal: Deal, record: Record, party: Party, found: ScreeningHit) -> Corroboration:
    """ORD-01's rule for one list match of `party` on `record`, read with what the deal's other records
    (and other roles of the same record: a shipment's consignee and notify party) say of the same company
    (the same name after `names.norm_name`, as the rules' `same_name`): when the
    party's own record states no address, number or country, or states its country only, those another
    record of the deal gives for the same name are judged as if this record stated them (an inquiry or
    payment names the firm, the order of the same deal gives its address). A fact lent this way that
    corroborates (the listed address, the entry's number) wins over one that contradicts; a
    contradiction lent this way names the record and field it came from. What the record itself states
    decides first; an identifier hit always counts; nothing outside the deal is read."""
    own = corroboration(party, found)
    if own.basis not in ("country", "no country"):
        return own
    key = norm_name(party.name)
    contradicted: Corroboration | None = None
    for other_record, other in deal.parties():
        if other is party or norm_name(other.name) != key:
            continue
        lent, fields = _lend(party, other)
        if not fields:
            continue
        basis, deciding = _judge(lent, found)
        used = [f for f in deciding if f in fields]
        if not used or basis.basis not in ("address", "registration", "contradicted"):
            continue
        index = other_record.parties.index(other)
        source = ", ".join(f"parties[{index}].{f}" for f in used)
        note = f"{basis.note} (from {other_record.kind} {other_record.id} {source}, the same party there)"
        if basis.counts:
            return Corroboration(basis.basis, note)
        if contradicted is None:
            contradicted = Corroboration(basis.basis, note)
    return contradicted or own


def item_text(item: LineItem) -> str:
    """What the classifier reads for a line item: its description followed by the parameters the
    document states (`pumping speed 16.6 m^3/s`). A data sheet's figures decide an entry as much as the
    words do; a description that leaves out a deciding parameter would otherwise stay undecided."""
    if not item.parameters:
        return item.description
    stated = ", ".join(f"{p.name.replace('_', ' ')} {p.value:g} {p.unit}" for p in item.parameters)
    return f"{item.description}; {stated}"


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
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    """Answers computed once per deal (records by kind, parties by role, resolved paths): sixty rules
    ask the same questions of one deal. The lists returned from it are shared: read them, never
    change them."""

    def of(self, kind: type[Any]) -> list[Any]:
        found = self.memo.get(kind)
        if found is None:
            found = self.memo[kind] = [r for r in self.records if isinstance(r, kind)]
        return found

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
        key = ("parties", roles)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = [
                (r, p) for r in self.records for p in r.parties if not roles or p.role.value in roles
            ]
        return found

    def line_items(self) -> list[tuple[Record, LineItem]]:
        found = self.memo.get("line_items")
        if found is None:
            found = self.memo["line_items"] = [
                (record, item) for record in self.records for item in getattr(record, "items", []) or []
            ]
        return found


class Node(NamedTuple):
    """A value found at a path, with the record it lies in and its path inside that record.

    A named tuple rather than a dataclass: rules create tens of them per deal, and tuples are cheap.
    """

    value: Any
    record: Record | None
    path: str

    def child(self, name: str, value: Any) -> Node:
        return Node(value, self.record, f"{self.path}.{name}" if self.path else name)


_RECORD_TYPES = (Inquiry, Order, EndUserCertificate, LicenceApplication, Shipment, Payment)


def _is_record(value: Any) -> bool:
    return isinstance(value, _RECORD_TYPES)


def _matches(item: Any, key: str, wanted: str) -> bool:
    got = getattr(item, key, None)
    return got is not None and str(got) == wanted


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


Step = Callable[[Node], list[Node]]


def _compile_step(segment: str) -> Step:
    """One path segment as a function from a node to the nodes below it (see the module docstring)."""
    name, sel = _segment(segment)
    if sel is None:

        def attribute(node: Node) -> list[Node]:
            value = node.value
            got = getattr(value, name, None) if value is not None and has_field(type(value), name) else None
            return [Node(got, node.record, f"{node.path}.{name}" if node.path else name)]

        return attribute
    key, _, wanted = sel.partition("=")
    key, wanted = key.strip(), wanted.strip()

    def elements(node: Node) -> list[Node]:
        value = node.value
        if value is None or not has_field(type(value), name):
            return []
        items = getattr(value, name, None)
        if items is None:
            return []
        base = f"{node.path}.{name}" if node.path else name
        out: list[Node] = []
        for index, item in enumerate(items):
            if sel and not _matches(item, key, wanted):
                continue
            if isinstance(item, _RECORD_TYPES):
                out.append(Node(item, item, ""))
            else:
                out.append(Node(item, node.record, f"{base}[{index}]"))
        return out

    return elements


@dataclass(frozen=True)
class CompiledPath:
    """A path parsed once: the root kind and selector (for paths from a deal) and one step per segment."""

    text: str
    root: str | None
    kind: type[Any] | None
    selector: tuple[str, str] | None
    steps: tuple[Step, ...]
    simple: bool = False
    """One plain attribute (`country`): rules read it directly, without walking."""

    def from_deal(self, deal: Deal) -> list[Node]:
        """The nodes at this path in `deal`, resolved once per deal (rules share paths)."""
        key = ("path", self.text)
        found = deal.memo.get(key)
        if found is not None:
            return found  # type: ignore[no-any-return]
        if self.root is None:
            raise ValueError(f"path {self.text!r} does not start at a deal root")
        kind, sel = self.kind, self.selector
        nodes = [
            Node(r, r, "")
            for r in (deal.records if kind is None else deal.of(kind))
            if sel is None or _matches(r, *sel)
        ]
        found = deal.memo[key] = self._walk(nodes)
        return found

    def from_node(self, start: Node) -> list[Node]:
        return self._walk([start])

    def _walk(self, nodes: list[Node]) -> list[Node]:
        for step in self.steps:
            nodes = step(nodes[0]) if len(nodes) == 1 else [f for node in nodes for f in step(node)]
        return nodes


@lru_cache(maxsize=4096)
def compile_path(path: str, rooted: bool) -> CompiledPath:
    """Parse `path` once; `rooted` paths start at a deal root (`orders[]...`), the others at a node."""
    segments = path.split(".")
    if not rooted:
        simple = len(segments) == 1 and _segment(segments[0])[1] is None
        return CompiledPath(path, None, None, None, tuple(_compile_step(s) for s in segments), simple)
    root = re.sub(r"\[.*$", "", segments[0])
    if root not in _ROOTS:
        raise ValueError(f"unknown root {root!r} in path {path!r}; roots: {', '.join(_ROOTS)}")
    sel = segments[0][len(root) :].strip("[]")
    selector = None
    if sel:
        key, _, wanted = sel.partition("=")
        selector = (key.strip(), wanted.strip())
    return CompiledPath(path, root, _ROOTS[root], selector, tuple(_compile_step(s) for s in segments[1:]))


def resolve(path: str, deal: Deal | None = None, start: Node | None = None) -> list[Node]:
    """Every node at `path`, from the deal's roots or from `start`; an absent list yields no node."""
    if start is None:
        if deal is None:
            raise ValueError("resolve needs a deal or a start node")
        return compile_path(path, True).from_deal(deal)
    return compile_path(path, False).from_node(start)


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
