"""Registered predicates comparing the documents of one deal: payments, shipments, certificates.

These are the cross-record checks a single actor can run once it holds the documents of a deal
(the bank with the invoice, the forwarder with the order): who pays, through where, to whom the
goods go, and whether the papers agree with each other.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from interdictor.flags.deal import Deal, Node
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import Verdict, hit, party_path, predicate, related_name, same_name
from interdictor.model import EndUserCertificate, Record, Role

__all__: list[str] = []

_TRADE_ROLES = (
    "buyer",
    "seller",
    "consignee",
    "end_user",
    "intermediate_consignee",
    "manufacturer",
    "shipper",
)


def _trade_names(deal: Deal) -> list[str]:
    return [p.name for r, p in deal.parties(*_TRADE_ROLES) if r.kind != "payment"]


@predicate("third_party_payer")
def third_party_payer(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """The payer is not the buyer, consignee or end user of the order it pays for (FIN-01)."""
    if not deal.payments or not deal.orders:
        return Verdict(missing=["payments[]" if not deal.payments else "orders[] (the order paid for)"])
    allowed = [p.name for r, p in deal.parties("buyer", "consignee", "end_user") if r.kind != "payment"]
    verdict = Verdict(judged=True)
    for payment in deal.payments:
        payer = payment.party(Role.PAYER)
        if payer is not None and not any(related_name(deal, payer.name, n) for n in allowed):
            verdict.hits.append(
                hit(
                    payment,
                    f"{party_path(payment, payer)}.name",
                    payer.name,
                    "payer not in {buyer, consignee, end_user}",
                    name=payer.name,
                    other=deal.orders[0].id,
                )
            )
    return verdict


@predicate("payment_party_not_in_documents")
def payment_party_not_in_documents(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A payment party in `roles` (payer, beneficiary) appears in no order, shipment, certificate or licence
    of the deal (FIN-12).
    """
    names = _trade_names(deal)
    if not deal.payments or not names:
        return Verdict(missing=["payments[]" if not deal.payments else "trade documents of the deal"])
    roles = {Role(r) for r in params.get("roles", ["payer", "beneficiary"])}
    verdict = Verdict(judged=True)
    for payment in deal.payments:
        for party in payment.parties:
            if party.role in roles and not any(related_name(deal, party.name, n) for n in names):
                verdict.hits.append(
                    hit(
                        payment,
                        f"{party_path(payment, party)}.name",
                        party.name,
                        "payment party not in the trade documents",
                        name=party.name,
                        role=party.role.value,
                    )
                )
    return verdict


@predicate("payment_country_outside_trade")
def payment_country_outside_trade(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The payer or an intermediary bank is in a country none of the trade parties is in (FIN-02)."""
    trade = {p.country for r, p in deal.parties(*_TRADE_ROLES) if r.kind != "payment" and p.country}
    if not deal.payments or not trade:
        return Verdict(missing=["payments[]" if not deal.payments else "records[].parties[].country"])
    verdict = Verdict(judged=True)
    shown = ", ".join(sorted(trade))
    for payment in deal.payments:
        payer = payment.party(Role.PAYER)
        places = []
        if payer is not None and payer.country:
            places.append((f"{party_path(payment, payer)}.country", payer.country, payer.name))
        places += [
            (f"intermediary_banks[{i}].country", b.country, b.name)
            for i, b in enumerate(payment.intermediary_banks)
            if b.country
        ]
        for path, country, name in places:
            if country not in trade:
                verdict.hits.append(
                    hit(payment, path, country, "country not in trade countries", name=name, other=shown)
                )
    return verdict


@predicate("payment_amount_mismatch")
def payment_amount_mismatch(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A payment in the order's currency differs from the order value by more than `tolerance` (FIN-13)."""
    tolerance = Decimal(str(params.get("tolerance", 0.05)))
    orders = [o for o in deal.orders if o.total_value is not None and o.currency]
    if not deal.payments or not orders:
        return Verdict(missing=["payments[]" if not deal.payments else "orders[].total_value and currency"])
    order = orders[0]
    assert order.total_value is not None
    paid = [p for p in deal.payments if p.currency == order.currency]
    if not paid:
        return Verdict(missing=[f"a payment in {order.currency}"])
    total = sum((p.amount for p in paid), Decimal(0))
    if order.total_value and abs(total - order.total_value) / order.total_value > tolerance:
        first = paid[0]
        return Verdict(
            [
                hit(
                    first,
                    "amount",
                    float(total),
                    f"|paid - order| > {tolerance} of order",
                    currency=order.currency,
                    other=order.id,
                    expected=float(order.total_value),
                )
            ],
            judged=True,
        )
    return Verdict(judged=True)


@predicate("lc_consigned_to_bank")
def lc_consigned_to_bank(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """Under a letter of credit, a shipment is consigned to a bank and names no end user (FIN-11)."""
    if not any(p.instrument == "letter_of_credit" for p in deal.payments):
        return Verdict(missing=["payments[instrument=letter_of_credit]"])
    verdict = Verdict(judged=bool(deal.shipments))
    for shipment in deal.shipments:
        consignee = shipment.party(Role.CONSIGNEE)
        if (
            consignee
            and consignee.type
            and consignee.type.value == "bank"
            and shipment.party(Role.END_USER) is None
        ):
            verdict.hits.append(
                hit(
                    shipment,
                    f"{party_path(shipment, consignee)}.type",
                    "bank",
                    "consignee.type = bank AND no end user",
                    name=consignee.name,
                )
            )
    return verdict


def _end_user_country(deal: Deal) -> tuple[str, str] | None:
    for _, party in deal.parties("end_user"):
        if party.country:
            return party.name, party.country
    return None


@predicate("destination_not_end_user_country")
def destination_not_end_user_country(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A shipment's destination country differs from the end user's country (SHP-03)."""
    end_user = _end_user_country(deal)
    shipments = [s for s in deal.shipments if s.destination_country]
    if end_user is None or not shipments:
        return Verdict(
            missing=[
                "records[].parties[role=end_user].country"
                if end_user is None
                else "shipments[].destination_country"
            ]
        )
    verdict = Verdict(judged=True)
    for shipment in shipments:
        if shipment.destination_country != end_user[1]:
            verdict.hits.append(
                hit(
                    shipment,
                    "destination_country",
                    shipment.destination_country,
                    "destination_country != end_user.country",
                    name=end_user[0],
                    other=end_user[1],
                )
            )
    return verdict


@predicate("documents_contradict")
def documents_contradict(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The order's consignee is not the shipment's (and no amendment explains it), or an EUC post-dates
    shipping (SHP-12).
    """
    verdict = Verdict()
    order_consignees = [p.name for o in deal.orders for p in o.parties if p.role == Role.CONSIGNEE]
    for shipment in deal.shipments:
        consignee = shipment.party(Role.CONSIGNEE)
        amended = any(a.field == "consignee" for a in shipment.amendments)
        if consignee is not None and order_consignees:
            verdict.judged = True
            if not amended and not any(same_name(consignee.name, n) for n in order_consignees):
                verdict.hits.append(
                    hit(
                        shipment,
                        f"{party_path(shipment, consignee)}.name",
                        f"consignee {consignee.name} is not the order's {order_consignees[0]}",
                        "shipment.consignee != order.consignee",
                    )
                )
    first = min((s.date for s in deal.shipments), default=None)
    for euc in deal.eucs:
        if first is not None:
            verdict.judged = True
            if euc.date > first:
                verdict.hits.append(
                    hit(
                        euc,
                        "date",
                        f"certificate dated {euc.date}, goods shipped {first}",
                        "euc.date > first shipment date",
                    )
                )
    if not verdict.judged:
        verdict.missing.append("orders[] and shipments[] (two documents to compare)")
    return verdict


@predicate("foreign_instructing_party")
def foreign_instructing_party(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The forwarder's instructions come from a buyer-side party in another country than the shipper
    (SHP-15).
    """
    verdict = Verdict()
    for shipment in deal.shipments:
        if shipment.instructing_party is None:
            verdict.missing.append("shipments[].instructing_party")
            continue
        verdict.judged = True
        who = next(p for p in shipment.parties if p.ref == shipment.instructing_party)
        shipper = shipment.party(Role.SHIPPER) or shipment.party(Role.SELLER)
        buyer_side = who.role.value in {"buyer", "consignee", "notify_party", "end_user", "agent", "broker"}
        if buyer_side and shipper is not None and who.country and who.country != shipper.country:
            verdict.hits.append(
                hit(
                    shipment,
                    "instructing_party",
                    who.country,
                    "instructing party is buyer-side and foreign",
                    name=who.name,
                    role=who.role.value,
                )
            )
    return verdict


@predicate("euc_issuer_not_end_user")
def euc_issuer_not_end_user(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The certificate is issued by a party other than the end user it names (EU-02)."""
    euc = node.value if node is not None and isinstance(node.value, EndUserCertificate) else None
    if euc is None:
        return Verdict(missing=["eucs[]"])
    issuer, end_user = euc.party(Role.ISSUER), euc.party(Role.END_USER)
    if issuer is None or end_user is None:
        return Verdict(missing=["eucs[].parties[role=issuer]"])
    if same_name(issuer.name, end_user.name):
        return Verdict(judged=True)
    return Verdict(
        [hit(euc, f"{party_path(euc, issuer)}.name", issuer.name, "issuer != end_user", name=issuer.name)],
        judged=True,
    )


@predicate("intermediary_is_end_user")
def intermediary_is_end_user(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The buyer names itself as end user and is a trading, broking or logistics firm; with `sensitive_only`,
    only for controlled, near-threshold or catch-all goods (EU-03).
    """
    types = set(params.get("types", []))
    buyers = [(r, p) for r, p in deal.parties("buyer") if p.type is not None]
    end_users: list[tuple[Record, Any]] = deal.parties("end_user")
    if not buyers or not end_users:
        return Verdict(
            missing=[
                "orders[].parties[role=buyer].type" if not buyers else "records[].parties[role=end_user]"
            ]
        )
    if params.get("sensitive_only"):
        from interdictor.flags.registry import PREDICATES

        if not PREDICATES["deal_goods_sensitive"](deal, None, {}, ref).state:
            return Verdict(judged=deal.goods is not None)
    verdict = Verdict(judged=True)
    for record, buyer in buyers:
        if (
            buyer.type is not None
            and buyer.type.value in types
            and any(same_name(buyer.name, e.name) for _, e in end_users)
        ):
            verdict.hits.append(
                hit(
                    record,
                    f"{party_path(record, buyer)}.type",
                    buyer.type.value,
                    "end_user = buyer AND buyer.type intermediary",
                    name=buyer.name,
                )
            )
    return verdict
