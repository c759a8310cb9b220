"""Typed trade records: inquiries, orders, end-user certificates, licence applications, shipments, payments.

The documented transaction format (docs/transactions.md). Records are pydantic models that
refuse unknown fields by name; `parse_record` and `read_records` turn JSON into records and
report problems with their JSON path and line.
"""

from interdictor.model.common import (
    Account,
    AccountType,
    Address,
    AddressKind,
    Bank,
    Identifier,
    IdentifierScheme,
    LineItem,
    Parameter,
    Party,
    PartyType,
    Role,
)
from interdictor.model.records import (
    Amendment,
    DeclaredGoods,
    DeliveryTerms,
    EndUserCertificate,
    Inquiry,
    LicenceApplication,
    LicenceDecision,
    Order,
    Payment,
    PaymentTerms,
    Port,
    RouteLeg,
    Shipment,
    TransportDocument,
    Verification,
    VesselRef,
)
from interdictor.model.validate import RECORD_KINDS, Record, parse_record, problems_from, read_records

__all__ = [
    "RECORD_KINDS",
    "Account",
    "AccountType",
    "Address",
    "AddressKind",
    "Amendment",
    "Bank",
    "DeclaredGoods",
    "DeliveryTerms",
    "EndUserCertificate",
    "Identifier",
    "IdentifierScheme",
    "Inquiry",
    "LicenceApplication",
    "LicenceDecision",
    "LineItem",
    "Order",
    "Parameter",
    "Party",
    "PartyType",
    "Payment",
    "PaymentTerms",
    "Port",
    "Record",
    "Role",
    "RouteLeg",
    "Shipment",
    "TransportDocument",
    "Verification",
    "VesselRef",
    "parse_record",
    "problems_from",
    "read_records",
]
