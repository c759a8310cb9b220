"""The BIS Denied Persons List: the tab-separated text file BIS publishes (`dpl.txt`).

One row per party and address, under a quoted header: Name, Street_Address, City, State,
Country, Postal_Code, Effective_Date, Expiration_Date, Standard_Order, Last_Update, Action,
FR_Citation. What the file does not say, and what we decided (checked on the 2022-09-07 file):

- Ids: none are published. The id is a hash of the name with case, punctuation and spacing
  removed, so the rows of one party at several addresses become one entity (the same id is
  yielded once per row and the store merges the statements), and a party keeps its id from
  one publication to the next.
- Schema: LegalEntity. Persons and companies share the list without a type column; legal-form
  words misfire on names ("KIM SONG II"), many companies have none ("AL NASER AIRLINES"),
  and a schema that flipped between publications would be worse than the neutral one, which
  FtM matchers compare with both persons and organisations.
- Country: an empty Country does not always mean the United States. It does when State is a
  US state code (TX, CA...: 200 of the 202 such rows); but Nicosia rows carry "CY" and
  Stavropol rows "RS" in State, FIPS country codes (RS is Russia there, not Serbia), so no
  country is inferred from a State that is not a US one. A US state code in Country ("NM"
  with an Anthony, New Mexico address) is read as a state.
- "X A/K/A Y", "X D/B/A Y" and "X F/K/A Y" in Name become a name and an alias (or a previous
  name); the whole cell stays the original value.
- Dates are MM/DD/YYYY (Last_Update is YYYY-MM-DD). Effective_Date is when the denial began
  (createdAt); Expiration_Date, the Federal Register citation, the standard-order flag and
  the last action have no FtM property and are kept as labelled notes.
- The file states no publication date; the loader takes it from the file name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from interdictor.lists.base import ListReader, ReadContext, entity_id_from, register
from interdictor.lists.entity import ListEntity
from interdictor.lists.tabular import header_of, read_records
from interdictor.lists.values import add_date_note, add_note, add_value, clean_text, is_country, name_key

__all__ = ["COLUMNS", "BisDplReader"]

#: the columns of dpl.txt, in the order BIS publishes them; all are required
COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)

_US_DATE = "%m/%d/%Y"

#: USPS codes of the states, DC and the territories
_US_STATES = frozenset(
    {
        *("AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS"),
        *("KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY"),
        *("NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV"),
        *("WI", "WY", "DC", "PR", "GU", "VI", "AS", "MP"),
    }
)

_ALSO_KNOWN = re.compile(r"\s+([ADF])/[KB]/A\s+", re.IGNORECASE)


@register
class BisDplReader(ListReader):
    format = "bis-dpl-txt"
    list_name = "us_bis_denied"
    title = "US BIS Denied Persons List"
    description = "The Bureau of Industry and Security's Denied Persons List, tab-separated text (dpl.txt)."

    def sniff(self, path: Path, head: bytes) -> bool:
        # A few known columns are enough, so that a renamed column is reported, not unrecognised.
        columns = header_of(head, "\t")
        return "Name" in columns and len(set(columns) & set(COLUMNS)) >= 4

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ListEntity]:
        for line, row in read_records(path, ctx, delimiter="\t", known=COLUMNS, required=COLUMNS):
            entity = self._entity(ctx, line, row)
            if entity is not None:
                yield entity

    def _entity(self, ctx: ReadContext, line: int, row: dict[str, str]) -> ListEntity | None:
        raw_name = row.get("Name", "")
        name = clean_text(raw_name)
        if not name:
            ctx.problem("the row has no name", line=line, field="Name")
            return None
        entity = ctx.make("LegalEntity", entity_id_from("bis-dpl", name_key(name)))
        parts = _ALSO_KNOWN.split(name)
        add_value(entity, "name", parts[0], original=raw_name)
        for kind, other in zip(parts[1::2], parts[2::2], strict=True):
            add_value(entity, "previousName" if kind.upper() == "F" else "alias", other, original=raw_name)
        _add_address(entity, row)
        add_value(entity, "createdAt", row.get("Effective_Date"), date_format=_US_DATE)
        add_date_note(entity, "Denial expires", row.get("Expiration_Date"), date_format=_US_DATE)
        add_value(entity, "modifiedAt", row.get("Last_Update"))
        add_note(entity, "Standard order", row.get("Standard_Order"))
        add_note(entity, "Last action", row.get("Action"))
        add_note(entity, "Federal Register", row.get("FR_Citation"))
        entity.add("topics", "export.control")
        return entity


def _add_address(entity: ListEntity, row: dict[str, str]) -> None:
    """The address as one text, and its country: given, or the US when State is a US state."""
    state, country = clean_text(row.get("State")), clean_text(row.get("Country"))
    if country.upper() in _US_STATES and not is_country(country) and not state:
        state, country = country, ""
    state_postal = " ".join(p for p in (state, clean_text(row.get("Postal_Code"))) if p)
    parts = (clean_text(row.get("Street_Address")), clean_text(row.get("City")), state_postal, country)
    add_value(entity, "address", ", ".join(p for p in parts if p))
    if country:
        add_value(entity, "country", country)
    elif state.upper() in _US_STATES:
        add_value(entity, "country", "us", original=state)
