"""Building FtM entities from OFAC CSV entries: parties, their crypto wallets, and their links.

Schema choice: individual -> Person, vessel -> Vessel, aircraft -> Airplane, and `-0-` (every
other kind of entry: companies, banks, ministries, armed groups, parties) -> Organization,
the common parent that fits them all; telling a company from a militia by its name is a
guess, so an entry becomes a Company only when its remarks carry an identifier that only
companies have (ISIN, equity ticker, BIK). Names written as text in the remarks or columns
(Linked To, a vessel's owner, an aircraft's operator) point to the entry of the same
publication whose name or alias they equal; a name that matches no entry stays as a note,
so no party that OFAC did not list is ever invented.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from followthemoney.property import Property
from followthemoney.types import registry

from interdictor.lists.base import ReadContext
from interdictor.lists.countries import country_code
from interdictor.lists.entity import ListEntity
from interdictor.lists.ofac_remarks import Fact, parse_remarks

if TYPE_CHECKING:
    from interdictor.lists.ofac import Entry

__all__ = ["NameIndex", "PartyBuilder", "ReadStats", "normalise_name", "null"]

REMARKS_LIMIT = 1000  # OFAC cuts Remarks here; the rest, when published, is in the comments file
_SCHEMA = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "-0-": "Organization"}
_COMPANY_ONLY = frozenset({"isinCode", "ticker", "bikCode"})
_ALIAS_PROPS = {"aka": "alias", "fka": "previousName", "nka": "alias"}
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_IDENTIFIER_FALLBACK = ("registrationNumber", "idNumber")
# Main-file columns that only vessels fill: (column index, column name, property)
_VESSEL_COLUMNS = (
    (5, "Call_Sign", "callSign"),
    (6, "Vess_type", "type"),
    (7, "Tonnage", "tonnage"),
    (8, "GRT", "grossRegisteredTonnage"),
    (9, "Vess_flag", "flag"),
)
_ISO_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
_AS_IS = frozenset({"string", "text", "identifier", "number"})  # FtM's cleaning leaves these as they are
_NOT_DIGIT = re.compile(r"\D+")
_PHONE_EXTRA = re.compile(r"\s*(?:ext\.?|x|/).*$", re.I)
_PUNCTUATION = re.compile(r"[\W_]+")
_QUOTED_NAMES = re.compile(r"\b[afn]\.k\.a\.\s+'([^;]+?)'(?=\s*(?:;|\.?\s*$))")


def null(value: str) -> str | None:
    """The cell's text, or None for OFAC's null marker `-0- ` and empty cells."""
    if value == "-0- ":
        return None
    value = value.strip()
    return None if not value or value == "-0-" else value


def _plain(value: str) -> bool:
    """Whether FtM's name cleaning (strip quotes, squash spaces) would leave `value` as it is."""
    return (
        value[0] not in "\"'"
        and value[-1] not in "\"'"
        and value.isprintable()
        and " ".join(value.split()) == value
    )


def _international(phone: str) -> str:
    """OFAC writes most numbers with their country code but without '+': '(98)(21)(66153220)'."""
    digits = _NOT_DIGIT.sub("", _PHONE_EXTRA.sub("", phone))
    return "+" + (digits[2:] if digits.startswith("00") else digits)


def normalise_name(name: str) -> str:
    """Case and punctuation folded, so 'CO., LTD.' in a remark finds 'CO. LTD' in a name."""
    return _PUNCTUATION.sub(" ", name.casefold()).strip()


@dataclass
class ReadStats:
    """What one read did with the remarks and the names they mention; logged and used by tests."""

    entries: int = 0
    fragments: int = 0
    noted: int = 0
    rules: Counter[str] = field(default_factory=Counter)
    uncleaned: int = 0
    cut_remarks: int = 0
    links: int = 0
    unresolved: list[str] = field(default_factory=list)

    @property
    def notes_share(self) -> float:
        return self.noted / self.fragments if self.fragments else 0.0

    def summary(self) -> str:
        return (
            f"{self.entries} entries, {self.fragments} remark fragments, {self.noted} kept as notes "
            f"({self.notes_share:.1%}), {self.cut_remarks} remarks cut short, {self.links} links, "
            f"{len(self.unresolved)} names unresolved"
        )


class NameIndex:
    """Primary names and aliases of a publication, for resolving names written in remarks."""

    def __init__(self, entries: dict[int, Entry]) -> None:
        self.primary: dict[str, set[int]] = defaultdict(set)
        self.alias: dict[str, set[int]] = defaultdict(set)
        for entry in entries.values():
            self.primary[normalise_name(entry.row[1])].add(entry.num)
            for _, name, _ in entry.aliases:
                self.alias[normalise_name(name)].add(entry.num)
            remarks = entry.row[11] + "".join(entry.comments)
            if "k.a. '" in remarks:
                for match in _QUOTED_NAMES.finditer(remarks):
                    self.alias[normalise_name(match[1])].add(entry.num)

    def resolve(self, name: str) -> int | None:
        """The one entry with this primary name, else the one with this alias; None if none or several."""
        key = normalise_name(name)
        for table in (self.primary, self.alias):
            hits = table.get(key)
            if hits:
                return next(iter(hits)) if len(hits) == 1 else None
        return None


class PartyBuilder:
    """Turns entries into entities; collects the links to yield once every party is out."""

    def __init__(self, ctx: ReadContext, prefix: str, entries: dict[int, Entry], stats: ReadStats) -> None:
        self.ctx = ctx
        self.prefix = prefix
        self.stats = stats
        self.index = NameIndex(entries)
        self._links: dict[str, ListEntity] = {}
        self.dataset = ctx.dataset.name
        self._cleaned: dict[str, dict[str, str | None]] = {}

    def clean(self, prop: Property, value: str, entity: ListEntity) -> str | None:
        """FtM's cleaning, cheaper: plain text as is, countries through the fast index, repeats remembered."""
        kind = prop.type
        if kind.name in _AS_IS:
            return value
        if kind is registry.date:
            return value if _ISO_DATE.fullmatch(value) else kind.clean_text(value)
        if kind is registry.name or kind is registry.address:
            return value if _plain(value) else kind.clean_text(value)
        if kind is registry.entity:
            return value if value != entity.id and kind.clean_text(value) else None
        if kind is registry.phone:
            return kind.clean_text(value) or kind.clean_text(_international(value))
        cache = self._cleaned.get(kind.name)
        if cache is None:
            cache = self._cleaned[kind.name] = {}
        if value not in cache:
            cache[value] = country_code(value) if kind is registry.country else kind.clean_text(value)
        return cache[value]

    def add(
        self,
        entity: ListEntity,
        prop: str,
        value: str,
        original: str | None = None,
        note: str | None = "",
    ) -> bool:
        """Add a value; one the schema or FtM's cleaning refuses becomes a note (`note=None`: dropped)."""
        props = entity.schema.properties
        target = props.get(prop)
        if target is None and (prop.endswith(("Number", "Code", "Bic")) or prop in ("mmsi", "ticker")):
            target = next((props[p] for p in _IDENTIFIER_FALLBACK if p in props), None)
        if target is not None and value:
            clean = value if target.type.name in _AS_IS else self.clean(target, value, entity)
            if clean is not None:
                # Cleaned here already, so FtM's cleaning in ListEntity.add is skipped.
                entity.add_row(target.name, clean, original)
                return True
        if note is None:
            return False
        self.stats.uncleaned += 1
        entity.add_row("notes", note or original or f"{prop}: {value}")
        return False

    def _resolve(self, name: str) -> int | None:
        """The entry a name in a remark or column refers to; unresolved names are counted."""
        num = self.index.resolve(name)
        if num is None:
            self.stats.unresolved.append(name)
        return num

    def build(self, entry: Entry) -> list[ListEntity]:
        """The party of one entry, then any crypto wallets its remarks list."""
        row = entry.row
        kind = row[2].strip().lower()
        remarks = (null(row[11]) or "") + "".join(entry.comments)
        cut = not entry.comments and len(row[11]) >= REMARKS_LIMIT
        self.stats.cut_remarks += cut
        facts = parse_remarks(remarks, is_person=kind == "individual", cut=cut) if remarks else []
        schema = _SCHEMA[kind]
        if schema == "Organization" and any(fact.prop in _COMPANY_ONLY for fact in facts):
            schema = "Company"
        entity = self.ctx.make(schema, f"{self.prefix}{entry.num}")
        name = row[1].strip()
        self.add(entity, "name", name)
        if schema == "Person":
            self._name_parts(entity, name)
        program = null(row[3])
        if program is not None:
            for code in program.split("] ["):
                code = code.strip("[] ")
                self.add(entity, "program", code, program)
                self.add(entity, "programId", code, program)
        title = null(row[4])
        if title is not None:
            self.add(entity, "position", title, note=f"Title: {title}")
        for index, column, prop in _VESSEL_COLUMNS:
            value = null(row[index])
            if value is not None:
                clean = value.replace(",", "") if prop.endswith("onnage") else value
                self.add(entity, prop, clean, value, note=f"{column}: {value}")
        owner = null(row[10])
        if owner is not None:
            owner_num = self._resolve(owner) if "owner" in entity.schema.properties else None
            if owner_num is None or not self.add(
                entity, "owner", f"{self.prefix}{owner_num}", owner, note=None
            ):
                self.add(entity, "notes", f"Vessel owner: {owner}")
        for alt_type, alias, alias_remarks in entry.aliases:
            self.add(entity, _ALIAS_PROPS[alt_type], alias)
            if alias_remarks:
                self.add(entity, "notes", f"{alias}: {alias_remarks}")
        for address in entry.addresses:
            self._address(entity, address)
        return [entity, *self._facts(entity, entry.num, facts)]

    def _name_parts(self, entity: ListEntity, name: str) -> None:
        """'LAST, First' -> lastName and firstName when the comma split is unambiguous."""
        parts = [part.strip() for part in name.split(",")]
        if len(parts) == 3 and parts[2].rstrip(".").lower() in _SUFFIXES:
            self.add(entity, "nameSuffix", parts[2], name)
            parts = parts[:2]
        if len(parts) == 2 and all(parts):
            self.add(entity, "lastName", parts[0], name)
            self.add(entity, "firstName", parts[1], name)

    def _address(self, entity: ListEntity, row: list[str]) -> None:
        """One add.csv row: the full address as one string, and its country as a code."""
        parts = [value for value in (null(row[2]), null(row[3]), null(row[4])) if value]
        if parts:
            self.add(entity, "address", ", ".join(parts))
        country = null(row[4])
        if country is not None:
            self.add(entity, "country", country, note=None)  # the address keeps the text
        remarks = null(row[5])
        if remarks is not None:
            self.add(entity, "notes", f"Address {', '.join(parts)}: {remarks}")

    def _facts(self, entity: ListEntity, num: int, facts: list[Fact]) -> list[ListEntity]:
        """Apply the remarks' facts; returns the wallets they list."""
        wallets: list[ListEntity] = []
        noted: set[str] = set()
        fragments: set[str] = set()
        for fact in facts:
            prop, value, original, rule = fact
            fragments.add(original)
            self.stats.rules[rule] += 1
            if prop == "_link":
                if not self._link(entity, num, value, original):
                    noted.add(original)
            elif prop == "_operator":
                target = self._resolve(value)
                if target is None or not self.add(
                    entity, "operator", f"{self.prefix}{target}", original, note=None
                ):
                    self.add(entity, "notes", original)
                    noted.add(original)
            elif prop == "_wallet":
                currency, _, address = value.partition(" ")
                wallet = self.ctx.make("CryptoWallet", f"{self.prefix}wallet-{currency.lower()}-{address}")
                self.add(wallet, "publicKey", address, original)
                self.add(wallet, "currency", currency, original)
                self.add(wallet, "holder", entity.id or "", original)
                wallets.append(wallet)
            elif rule == "optional":
                self.add(entity, prop, value, original, note=None)
            elif prop == "notes" or not self.add(entity, prop, value, original, note=original):
                if prop == "notes":
                    self.add(entity, "notes", value)
                noted.add(original)
        self.stats.fragments += len(fragments)
        self.stats.noted += len(noted)
        return wallets

    def _link(self, entity: ListEntity, num: int, name: str, original: str) -> bool:
        """'Linked To: NAME' -> an UnknownLink to the entry named NAME, or a note when none is."""
        target = self._resolve(name)
        if target is None or target == num:
            self.add(entity, "notes", original)
            return False
        link_id = f"{self.prefix}link-{num}-{target}"
        if link_id not in self._links:
            link = self.ctx.make("UnknownLink", link_id)
            self.add(link, "subject", f"{self.prefix}{num}", original)
            self.add(link, "object", f"{self.prefix}{target}", original)
            self.add(link, "role", "Linked To", original)
            self._links[link_id] = link
            self.stats.links += 1
        return True

    def links(self) -> Iterator[ListEntity]:
        """The relations, once every party has been built (a link may name a later entry)."""
        yield from self._links.values()
