"""The six kinds of trade record, one per intervention point where the data is born.

    inquiry               IP1  a request for quotation, with the requester's contact details
    order                 IP2  an order or contract: parties, line items, stated end use, terms
    end_user_certificate  IP4  the end user's statement: who uses the goods, for what, signed how
    licence_application   IP5  an export licence application and, once known, its decision
    shipment              IP6/IP7  transport document, route legs, declared goods, amendments
    payment               IP8  payer and beneficiary with their accounts and banks, intermediaries

Every record has `id`, `kind` and `date`; records of one deal point to each other with
`order_ref` (and `inquiry_ref`), as the documents do in practice. Cross-field rules that a
single field cannot express (one payer per payment, legs in order, currencies consistent)
are checked here, so every consumer can rely on them.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from interdictor.model.common import (
    Bank,
    CountryCode,
    CurrencyCode,
    HsCode,
    LineItem,
    Money,
    Party,
    Quantity,
    Role,
    StrictModel,
)

__all__ = [
    "Amendment",
    "DeclaredGoods",
    "DeliveryTerms",
    "EndUserCertificate",
    "Inquiry",
    "LicenceApplication",
    "LicenceDecision",
    "Order",
    "Payment",
    "PaymentTerms",
    "Port",
    "RouteLeg",
    "Shipment",
    "TransportDocument",
    "Verification",
    "VesselRef",
]

RecordId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,79}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]


class _Record(StrictModel):
    id: RecordId
    date: dt.date
    parties: list[Party] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_refs(self) -> _Record:
        seen: set[str] = set()
        for party in self.parties:
            if party.ref in seen:
                raise ValueError(
                    f"party ref {party.ref!r} is used twice; refs identify parties within a record"
                )
            seen.add(party.ref)
        return self

    def party(self, role: Role) -> Party | None:
        """The first party in `role`, or None."""
        return next((p for p in self.parties if p.role == role), None)

    def _require_ref(self, ref: str | None, field: str) -> None:
        if ref is not None and ref not in {p.ref for p in self.parties}:
            raise ValueError(f"{field} {ref!r} names no party of this record")


def _check_currencies(items: list[LineItem], currency: str | None) -> None:
    if currency is None:
        return
    for item in items:
        if item.currency is not None and item.currency != currency:
            raise ValueError(
                f"line {item.line} is priced in {item.currency} but the record is in {currency};"
                " give each record one currency"
            )


class DeliveryTerms(StrictModel):
    incoterm: Literal["EXW", "FCA", "FAS", "FOB", "CFR", "CIF", "CPT", "CIP", "DAP", "DPU", "DDP"] | None = (
        None
    )
    place: Text | None = None
    country: CountryCode | None = None
    date: dt.date | None = None


class PaymentTerms(StrictModel):
    method: (
        Literal["advance", "open_account", "documentary_collection", "letter_of_credit", "cash"] | None
    ) = None
    days: int | None = Field(default=None, ge=0, le=720)


class Inquiry(_Record):
    """A first contact: what is asked, by whom, from where (ORD-10, ORD-11, ORD-22 read it)."""

    kind: Literal["inquiry"] = "inquiry"
    channel: Literal["email", "web_form", "phone", "trade_fair", "agent", "platform"] | None = None
    items: list[LineItem] = Field(default_factory=list)
    text: Text | None = None
    ip_country: CountryCode | None = None


class Order(_Record):
    """An order or contract as the seller holds it."""

    kind: Literal["order"] = "order"
    inquiry_ref: RecordId | None = None
    items: list[LineItem] = Field(min_length=1)
    currency: CurrencyCode | None = None
    total_value: Money | None = None
    end_use: Text | None = Field(default=None, description="End use as the buyer states it.")
    reexport: Literal["yes", "no", "unknown"] | None = None
    delivery_terms: DeliveryTerms | None = None
    payment_terms: PaymentTerms | None = None
    services: list[Text] = Field(default_factory=list)
    declined_services: list[Text] = Field(default_factory=list)
    special_instructions: Text | None = None
    sales_rep: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Order:
        _check_currencies(self.items, self.currency)
        return self


class Verification(StrictModel):
    method: Literal["none", "document_check", "phone", "site_visit", "embassy"] | None = None
    result: Literal["confirmed", "denied", "unreachable", "not_done"]
    date: dt.date | None = None


class EndUserCertificate(_Record):
    kind: Literal["end_user_certificate"] = "end_user_certificate"
    order_ref: RecordId | None = None
    items: list[LineItem] = Field(default_factory=list)
    end_use_text: Text | None = None
    civil_use: bool | None = None
    reexport_undertaking: bool | None = None
    signed: bool | None = None
    signatory: Text | None = None
    letterhead: bool | None = None
    verification: Verification | None = None


class LicenceDecision(StrictModel):
    outcome: Literal["approved", "denied", "returned", "pending"]
    date: dt.date | None = None
    reason: Text | None = None
    licence_number: Text | None = None


class LicenceApplication(_Record):
    """An export licence application and its decision; denials feed ORD-20 and EU-07."""

    kind: Literal["licence_application"] = "licence_application"
    authority: CountryCode = Field(description="Country whose licensing authority decides.")
    order_ref: RecordId | None = None
    items: list[LineItem] = Field(min_length=1)
    end_use: Text | None = None
    decision: LicenceDecision | None = None

    @model_validator(mode="after")
    def _decided_after(self) -> LicenceApplication:
        if self.decision is not None and self.decision.date is not None and self.decision.date < self.date:
            raise ValueError(f"decision.date {self.decision.date} is before the application date {self.date}")
        return self


class Port(StrictModel):
    code: Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}[A-Z0-9]{3}$")] | None = Field(
        default=None, description="UN/LOCODE (DEHAM, AEJEA) or IATA-style code with country prefix."
    )
    name: Text | None = None
    country: CountryCode
    free_zone: Text | None = None


class VesselRef(StrictModel):
    """A vessel as the document names it; the IMO check digit is not enforced (SHP-18 checks it)."""

    name: Text
    imo: Annotated[str, StringConstraints(pattern=r"^\d{7}$")] | None = None
    flag: CountryCode | None = None


class RouteLeg(StrictModel):
    seq: int = Field(ge=1)
    mode: Literal["sea", "air", "road", "rail", "courier"]
    origin: Port
    destination: Port
    departure: dt.date | None = None
    arrival: dt.date | None = None
    carrier: Text | None = None
    vessel: VesselRef | None = None
    flight: Text | None = None

    @model_validator(mode="after")
    def _in_order(self) -> RouteLeg:
        if self.departure and self.arrival and self.arrival < self.departure:
            raise ValueError(f"arrival {self.arrival} is before departure {self.departure}")
        return self


class TransportDocument(StrictModel):
    type: Literal["bill_of_lading", "air_waybill", "cmr", "rail_waybill", "courier_waybill"]
    number: Text


class DeclaredGoods(StrictModel):
    description: Text
    hs_code: HsCode | None = None
    quantity: Quantity | None = None
    unit: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    value: Money | None = None
    gross_weight_kg: Annotated[float, Field(gt=0)] | None = None
    packages: int | None = Field(default=None, ge=1)
    origin_country: CountryCode | None = None


class Amendment(StrictModel):
    date: dt.date
    field: Text
    old: Text | None = None
    new: Text | None = None
    requested_by: Text | None = Field(default=None, description="Ref of the party that asked, if known.")
    seller_notified: bool | None = None


class Shipment(_Record):
    """A consignment: who ships to whom, how, through where, declared as what."""

    kind: Literal["shipment"] = "shipment"
    order_ref: RecordId | None = None
    transport_document: TransportDocument | None = None
    legs: list[RouteLeg] = Field(default_factory=list)
    goods: list[DeclaredGoods] = Field(min_length=1)
    currency: CurrencyCode | None = None
    declared_value: Money | None = None
    freight_cost: Money | None = None
    gross_weight_kg: Annotated[float, Field(gt=0)] | None = None
    incoterm: str | None = None
    destination_country: CountryCode | None = None
    instructing_party: str | None = Field(
        default=None, description="Ref of the party instructing the forwarder."
    )
    routed_export: bool | None = None
    eccn_provided: bool | None = None
    amendments: list[Amendment] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> Shipment:
        self._require_ref(self.instructing_party, "instructing_party")
        for before, after in zip(self.legs, self.legs[1:], strict=False):
            if after.seq <= before.seq:
                raise ValueError(f"legs must be in order of seq; leg {after.seq} follows leg {before.seq}")
        return self


class Payment(_Record):
    """A transfer: payer and beneficiary are parties whose `account` carries account and bank."""

    kind: Literal["payment"] = "payment"
    order_ref: RecordId | None = None
    invoice_ref: Text | None = None
    amount: Money
    currency: CurrencyCode
    instrument: Literal[
        "wire",
        "letter_of_credit",
        "documentary_collection",
        "open_account",
        "cash",
        "gold",
        "virtual_asset",
        "cheque",
    ] = "wire"
    intermediary_banks: list[Bank] = Field(
        default_factory=list, description="Correspondent and intermediary banks, in the order funds pass."
    )
    reference: Text | None = None
    purpose: Text | None = None

    @model_validator(mode="after")
    def _one_payer_one_beneficiary(self) -> Payment:
        for role in (Role.PAYER, Role.BENEFICIARY):
            count = sum(1 for p in self.parties if p.role == role)
            if count != 1:
                raise ValueError(f"a payment needs exactly one {role.value} party; found {count}")
        return self
