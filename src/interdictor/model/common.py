"""Building blocks shared by every trade record: parties, addresses, banks, accounts, line items.

Field names follow the field dictionary of domain/REDFLAGS.md (section 4) so that a red-flag
rule can name the field it reads. Every model rejects unknown fields by name: a misspelt key
in a hand-written record must be an error, not a silently missing fact that makes a flag
"not evaluable".
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

__all__ = [
    "Account",
    "AccountType",
    "Address",
    "AddressKind",
    "Bank",
    "CountryCode",
    "CurrencyCode",
    "HsCode",
    "Identifier",
    "IdentifierScheme",
    "LineItem",
    "Money",
    "Parameter",
    "Party",
    "PartyType",
    "Quantity",
    "Role",
    "StrictModel",
]


class StrictModel(BaseModel):
    """Unknown fields are refused by name; strings are kept exactly as written (no coercion)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False, str_min_length=0)


CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2, upper case (DE, IR, KP). `XK` and the like pass; unknown codes are a rule's concern."""

CurrencyCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
"""ISO 4217 alphabetic code (USD, EUR, CNY)."""

HsCode = Annotated[str, StringConstraints(pattern=r"^\d{4}(\.?\d{2}){0,3}$")]
"""An HS heading or subheading with optional national digits: 8504, 8504.40, 850440, 8504.40.90."""

NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Phone = Annotated[str, StringConstraints(pattern=r"^[+0-9 ()./-]{6,32}$")]
"""As written on the document; rules normalise to E.164 themselves (the country code is evidence)."""

Money = Annotated[Decimal, Field(ge=0, max_digits=18, decimal_places=2)]
Quantity = Annotated[Decimal, Field(gt=0, max_digits=18, decimal_places=4)]


class Role(StrEnum):
    """The part a party plays in one record; one company can play several across records."""

    BUYER = "buyer"
    SELLER = "seller"
    MANUFACTURER = "manufacturer"
    CONSIGNEE = "consignee"
    INTERMEDIATE_CONSIGNEE = "intermediate_consignee"
    END_USER = "end_user"
    FORWARDER = "forwarder"
    NOTIFY_PARTY = "notify_party"
    SHIPPER = "shipper"
    CARRIER = "carrier"
    BROKER = "broker"
    AGENT = "agent"
    PAYER = "payer"
    BENEFICIARY = "beneficiary"
    BANK = "bank"
    APPLICANT = "applicant"
    ISSUER = "issuer"


class PartyType(StrEnum):
    """What kind of business a party is, as far as the record says (ORD-14, SHP-01, EU-03 read it)."""

    MANUFACTURER = "manufacturer"
    END_USER_INDUSTRIAL = "end_user_industrial"
    TRADING = "trading"
    DISTRIBUTOR = "distributor"
    BROKER = "broker"
    FORWARDER = "forwarder"
    LOGISTICS = "logistics"
    CARRIER = "carrier"
    BANK = "bank"
    GOVERNMENT = "government"
    MILITARY = "military"
    RESEARCH = "research"
    UNIVERSITY = "university"
    INDIVIDUAL = "individual"


class AddressKind(StrEnum):
    COMMERCIAL = "commercial"
    RESIDENTIAL = "residential"
    PO_BOX = "po_box"
    VIRTUAL = "virtual"
    MASS_REGISTRATION = "mass_registration"


class IdentifierScheme(StrEnum):
    REGISTRATION = "registration"
    TAX = "tax"
    LEI = "lei"
    EORI = "eori"
    DUNS = "duns"
    PASSPORT = "passport"
    NATIONAL_ID = "national_id"
    IMO = "imo"
    OTHER = "other"


class AccountType(StrEnum):
    CORPORATE = "corporate"
    PERSONAL = "personal"


class Identifier(StrictModel):
    scheme: IdentifierScheme
    value: NonEmpty
    country: CountryCode | None = None


class Address(StrictModel):
    """An address as the document gives it; `raw` is the full line when it was not split into parts."""

    raw: NonEmpty | None = None
    street: NonEmpty | None = None
    po_box: NonEmpty | None = None
    unit: NonEmpty | None = None
    city: NonEmpty | None = None
    postcode: NonEmpty | None = None
    region: NonEmpty | None = None
    country: CountryCode | None = None
    kind: AddressKind | None = None
    free_zone: NonEmpty | None = Field(default=None, description="Name of the free trade zone, if any.")

    @model_validator(mode="after")
    def _something(self) -> Address:
        if not any((self.raw, self.street, self.po_box, self.city, self.postcode)):
            raise ValueError("an address needs at least one of raw, street, po_box, city or postcode")
        return self


class Bank(StrictModel):
    name: NonEmpty
    bic: Annotated[str, StringConstraints(pattern=r"^[A-Z0-9]{8}([A-Z0-9]{3})?$")] | None = None
    country: CountryCode | None = None
    city: NonEmpty | None = None


class Account(StrictModel):
    """A bank account as a payment message shows it; `type` personal matters for FIN-06."""

    iban: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}\d{2}[A-Z0-9]{8,30}$")] | None = None
    number: NonEmpty | None = None
    holder: NonEmpty | None = None
    type: AccountType | None = None
    bank: Bank | None = None

    @model_validator(mode="after")
    def _has_number(self) -> Account:
        if self.iban is None and self.number is None:
            raise ValueError("an account needs an iban or a number")
        return self


class Party(StrictModel):
    """One party as one record names it: not resolved, not deduplicated (that is entity resolution)."""

    ref: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.:-]{1,64}$")] = Field(
        description="Identifies the party within this record; other fields point to it (instructing_party)."
    )
    role: Role
    name: NonEmpty
    aliases: list[NonEmpty] = Field(default_factory=list)
    type: PartyType | None = None
    country: CountryCode | None = None
    address: Address | None = None
    identifiers: list[Identifier] = Field(default_factory=list)
    phone: Phone | None = None
    email: Annotated[str, StringConstraints(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")] | None = None
    website: NonEmpty | None = None
    incorporation_date: date | None = None
    industry: NonEmpty | None = Field(default=None, description="Declared line of business or NACE code.")
    nationality: CountryCode | None = None
    directors: list[NonEmpty] = Field(default_factory=list)
    account: Account | None = None


class Parameter(StrictModel):
    """A technical value the document states (output frequency 590 Hz); the classifier compares it."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    value: float
    unit: Annotated[str, StringConstraints(min_length=1, max_length=32)]


class LineItem(StrictModel):
    line: int = Field(ge=1)
    description: NonEmpty
    part_number: NonEmpty | None = None
    manufacturer: NonEmpty | None = None
    quantity: Quantity
    unit: Annotated[str, StringConstraints(min_length=1, max_length=16)] = "pcs"
    unit_price: Money | None = None
    currency: CurrencyCode | None = None
    hs_code: HsCode | None = None
    control_code: NonEmpty | None = Field(
        default=None, description="Classification the seller states (3A225, EAR99); never trusted blindly."
    )
    origin_country: CountryCode | None = None
    parameters: list[Parameter] = Field(default_factory=list)
    serials: list[NonEmpty] = Field(default_factory=list)
