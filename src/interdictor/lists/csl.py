"""The US Consolidated Screening List (CSL), the CSV file trade.gov publishes.

One row per party per source list: OFAC's SDN, SSI, FSE, PLC, CAPTA and menu-based lists,
BIS's Entity List, Unverified List, Military End User List and Denied Persons List, State's
nonproliferation (ISN) and ITAR debarred (DTC) lists. Decisions:

- The source list is the row's `program` ("Entity List (EL) - Bureau of Industry and
  Security"), so an Entity List party says so wherever it shows up; `programs` (OFAC's
  codes, such as NPWMD) go to `programId`, and `topics` marks sanctions, export controls
  (EL, DPL, UVL, MEU) and debarment (DTC) so screening can tell them apart.
- Ids: `csl-{_id}` when the file has trade.gov's `_id` column (since about 2020); the older
  files have none, and then the id is a hash of source, name and addresses.
- `type` gives Person, Organization, Vessel or Airplane. BIS and State rows leave it empty:
  they are LegalEntity, or Person when the row has a birth date or place, a nationality, a
  citizenship or a title, which only people have.
- Multi-valued cells are `;`-separated. `ids` entries are "type, number, country" now and
  were "country, number, type" in the 2019 format (told apart by the `_id` column); the type
  is read with the OFAC remarks vocabulary (Passport, Tax ID No., Gender, Secondary sanctions
  risk:...), since the CSL takes these entries from OFAC.
- `start_date` is the listing date (createdAt); the end date, the Federal Register notice,
  the licence requirement and policy, the standard-order flag and the vessel owner have no
  FtM property on a party and are kept as labelled notes.
- The file states no publication date; the loader takes it from the file name when it has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney.types import registry

from interdictor.lists.base import ListReader, ReadContext, entity_id_from, register
from interdictor.lists.entity import ListEntity
from interdictor.lists.ofac_remarks import parse_dates, parse_remarks
from interdictor.lists.tabular import header_of, read_records
from interdictor.lists.values import add_date_note, add_note, add_value, clean_text, name_key, split_values

__all__ = ["COLUMNS", "CslReader"]

#: every column trade.gov has published, in its order; a column not here is a problem
COLUMNS = (
    "_id",
    "source",
    "entity_number",
    "type",
    "programs",
    "name",
    "title",
    "addresses",
    "federal_register_notice",
    "start_date",
    "end_date",
    "standard_order",
    "license_requirement",
    "license_policy",
    "call_sign",
    "vessel_type",
    "gross_tonnage",
    "gross_registered_tonnage",
    "vessel_flag",
    "vessel_owner",
    "remarks",
    "source_list_url",
    "alt_names",
    "citizenships",
    "dates_of_birth",
    "nationalities",
    "places_of_birth",
    "source_information_url",
    "ids",
)
REQUIRED = ("source", "name")

_SCHEMATA = {"individual": "Person", "entity": "Organization", "vessel": "Vessel", "aircraft": "Airplane"}
#: columns holding one value for an FtM property
_SINGLE = {
    "title": "position",
    "start_date": "createdAt",
    "call_sign": "callSign",
    "vessel_type": "type",
    "gross_tonnage": "tonnage",
    "gross_registered_tonnage": "grossRegisteredTonnage",
    "vessel_flag": "flag",
    "remarks": "notes",
    "source_list_url": "sourceUrl",
    "source_information_url": "sourceUrl",
}
#: columns holding `;`-separated values for an FtM property (countries may also use commas)
_MULTI = {
    "programs": "programId",
    "alt_names": "alias",
    "nationalities": "nationality",
    "citizenships": "citizenship",
    "places_of_birth": "birthPlace",
}
#: columns with no FtM property on a party, kept as labelled notes
_NOTES = {
    "entity_number": "Source entity number",
    "federal_register_notice": "Federal Register",
    "standard_order": "Standard order",
    "license_requirement": "License requirement",
    "license_policy": "License policy",
    "vessel_owner": "Vessel owner",
}
_PERSON_ONLY = ("dates_of_birth", "places_of_birth", "nationalities", "citizenships", "title")
#: source list abbreviation (in parentheses in `source`) -> FtM topic; other Treasury lists are sanctions
_TOPICS = {
    "SDN": "sanction",
    "SSI": "sanction",
    "FSE": "sanction",
    "PLC": "sanction",
    "CAP": "sanction",
    "CMIC": "sanction",
    "NS-MBS": "sanction",
    "ISN": "sanction",
    "EL": "export.control",
    "DPL": "export.control",
    "UVL": "export.control",
    "MEU": "export.control",
    "DTC": "debarment",
}
_ABBREVIATION = re.compile(r"\(([^()]+)\)")
_SUCCESSORS = re.compile(r"^and any successor", re.IGNORECASE)
_COUNTRY_CODE = re.compile(r"[A-Z]{2}")
_AND = re.compile(r"^and\s+")


@register
class CslReader(ListReader):
    format = "us-csl-csv"
    list_name = "us_trade_csl"
    title = "US Consolidated Screening List"
    description = (
        "trade.gov's Consolidated Screening List CSV: SDN, Entity List, DPL, UVL, MEU, ISN and more."
    )

    def sniff(self, path: Path, head: bytes) -> bool:
        # A few known columns are enough, so that a new column is reported, not unrecognised.
        columns = header_of(head, ",")
        return {"source", "name"} <= set(columns) and len(set(columns) & set(COLUMNS)) >= 6

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ListEntity]:
        records = read_records(path, ctx, delimiter=",", known=COLUMNS, required=REQUIRED)
        type_first: bool | None = None
        for line, row in records:
            if type_first is None:
                type_first = "_id" in row  # the current format, whose ids read "type, number, country"
            entity = _entity(ctx, line, row, type_first=type_first)
            if entity is not None:
                yield entity


def _schema(ctx: ReadContext, line: int, row: dict[str, str]) -> str | None:
    kind = clean_text(row.get("type")).lower()
    if kind:
        schema = _SCHEMATA.get(kind)
        if schema is None:
            known = ", ".join(name.title() for name in _SCHEMATA)
            ctx.problem(
                f"unknown type {row['type']!r}", line=line, field="type", hint=f"expected {known} or empty"
            )
        return schema
    return "Person" if any(clean_text(row.get(column)) for column in _PERSON_ONLY) else "LegalEntity"


def _entity(ctx: ReadContext, line: int, row: dict[str, str], *, type_first: bool) -> ListEntity | None:
    source, raw_name = clean_text(row.get("source")), row.get("name", "")
    names = split_values(raw_name)
    if not names or not source:
        ctx.problem("the row has no name or no source", line=line, field="name" if source else "source")
        return None
    schema = _schema(ctx, line, row)
    if schema is None:
        return None
    record_id = clean_text(row.get("_id"))
    if record_id:
        entity_id = f"csl-{record_id}"
    else:
        entity_id = entity_id_from("csl", source, name_key(names[0]), name_key(row.get("addresses", "")))
    entity = ctx.make(schema, entity_id)
    add_value(entity, "name", names[0], original=raw_name)
    for extra in names[1:]:
        if _SUCCESSORS.match(extra):
            add_note(entity, "Listing covers", extra, original=raw_name)
        else:
            add_value(entity, "alias", extra, original=raw_name)
    add_value(entity, "program", source)
    topic = _topic(source)
    if topic:
        entity.add("topics", topic, original_value=source)
    _add_columns(entity, row)
    _add_addresses(entity, row.get("addresses", ""))
    _add_birth_dates(entity, row.get("dates_of_birth", ""))
    _add_ids(entity, row.get("ids", ""), type_first=type_first)
    return entity


def _parts(raw: str) -> list[str]:
    """The `;`-separated values of a cell; the last of several may read "and X" (alt names, addresses)."""
    return [_AND.sub("", part) for part in split_values(raw)]


def _topic(source: str) -> str | None:
    for abbreviation in _ABBREVIATION.findall(source):
        key = abbreviation.split()[0].upper()
        if key in _TOPICS:
            return _TOPICS[key]
    return "sanction" if "Treasury" in source else None


def _add_columns(entity: ListEntity, row: dict[str, str]) -> None:
    for column, prop in _SINGLE.items():
        add_value(entity, prop, row.get(column))
    for column, prop in _MULTI.items():
        raw = row.get(column, "")
        prop_obj = entity.schema.get(prop)
        is_country = prop_obj is not None and prop_obj.type == registry.country
        for value in _parts(raw.replace(",", ";") if is_country else raw):
            add_value(entity, prop, value, original=raw)
    add_date_note(entity, "Listing ends", row.get("end_date"))
    for column, label in _NOTES.items():
        add_note(entity, label, row.get(column))


def _add_addresses(entity: ListEntity, raw: str) -> None:
    """Each address whole, and its country when it ends with a country code ("..., Yerevan, AM", "SY")."""
    for address in _parts(raw):
        add_value(entity, "address", address, original=raw)
        last = address.rpartition(",")[2].strip()
        if _COUNTRY_CODE.fullmatch(last):
            add_value(entity, "country", last, original=address)


def _add_birth_dates(entity: ListEntity, raw: str) -> None:
    """ISO dates as they are; "circa 1955" and "1958 to 1963" read as OFAC writes them."""
    for value in split_values(raw):
        for iso in parse_dates(value) or (value,):
            add_value(entity, "birthDate", iso, original=raw)


def _add_ids(entity: ListEntity, raw: str, *, type_first: bool) -> None:
    """Identifiers and sanction facts of the `ids` cell, typed with the OFAC remarks vocabulary."""
    is_person = entity.schema.is_a("Person")
    for entry in split_values(raw):
        parts = [part.strip() for part in entry.split(",")]
        kind, rest = (parts[0], parts[1:]) if type_first else (parts[-1], parts[:-1])
        country = ""
        if len(rest) >= 2:
            edge = -1 if type_first else 0
            if _COUNTRY_CODE.fullmatch(rest[edge]):
                country = rest.pop(edge)
        number = ", ".join(rest)
        fragment = f"{kind} {number}".strip() + (f" ({country})" if country else "")
        for fact in parse_remarks(fragment, is_person=is_person):
            # the file already separates type and number; the remarks parser only types them
            value = number if fact.rule == "generic" else fact.value
            if fact.prop.startswith("_"):
                add_note(entity, kind, number, original=entry)
            else:
                add_value(entity, fact.prop, value, original=entry)
