"""Registered predicates over payments and accounts: instruction changes, pass-through and dormant
accounts, netting between linked firms, trade finance before onboarding, IT-worker payouts.

Accounts are matched by IBAN or number (`history.account_key`); account histories come from the
payments the history holds, which is the bank's own ledger view when a bank feeds its payments in.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from interdictor.flags.deal import Deal, Node
from interdictor.flags.history import account_key
from interdictor.flags.predicates_history import line_families
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import Verdict, close_name, hit, party_path, predicate, same_name
from interdictor.model import Payment, Role

__all__: list[str] = []


@predicate("payment_account_changed")
def payment_account_changed(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A payment of the deal goes to another account of the same beneficiary than an earlier payment of
    the same deal: the instructions changed between instalments (FIN-03).
    """
    payments = sorted(deal.payments, key=lambda p: (p.date, p.id))
    if not payments:
        return Verdict(missing=["payments[]"])
    verdict = Verdict(judged=True)
    seen: dict[str, tuple[str, Payment]] = {}
    for payment in payments:
        payee = payment.party(Role.BENEFICIARY)
        account = account_key(payee) if payee else None
        if payee is None or account is None:
            continue
        before = next((v for k, v in seen.items() if same_name(k, payee.name)), None)
        if before is not None and before[0] != account:
            verdict.hits.append(
                hit(
                    payment,
                    f"{party_path(payment, payee)}.account",
                    account,
                    "beneficiary account differs from an earlier payment of the deal",
                    name=payee.name,
                    other=before[0],
                    earlier=before[1].id,
                )
            )
        seen.setdefault(payee.name, (account, payment))
    return verdict


_ENDS = (Role.PAYER, Role.BENEFICIARY)


def _ledger(deal: Deal, account: str) -> list[tuple[Payment, str]]:
    return deal.history.account_payments(account)


@predicate("pass_through_account")
def pass_through_account(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The paying or the receiving account sends on at least `share` of what it receives within `hours`,
    to or from at least `min_counterparties` different parties over `days`: a remitter, not a trader
    (FIN-07). A payment into such an account is as much part of the pattern as one out of it.
    """
    hours, days = int(params.get("hours", 48)), int(params.get("days", 180))
    share, minimum = float(params.get("share", 0.9)), int(params.get("min_counterparties", 5))
    verdict = Verdict()
    for payment, payer in (
        (pay, party) for pay in deal.payments for party in pay.parties if party.role in _ENDS
    ):
        account = account_key(payer)
        if account is None:
            verdict.missing.append("payments[].parties[role=payer|beneficiary].account")
            continue
        verdict.judged = True
        window = [
            (p, role) for p, role in _ledger(deal, account) if abs((p.date - payment.date).days) <= days
        ]
        inflows = [p for p, role in window if role == "beneficiary"]
        outflows = [p for p, role in window if role == "payer"]
        if not inflows or not outflows:
            continue
        passed = sum(
            (
                o.amount
                for o in outflows
                if any(dt.timedelta(0) <= o.date - i.date <= dt.timedelta(hours=hours) for i in inflows)
            ),
            Decimal(0),
        )
        received = sum((i.amount for i in inflows), Decimal(0))
        others = {
            q.name.casefold()
            for p, _ in window
            for q in p.parties
            if q.role in (Role.PAYER, Role.BENEFICIARY) and not same_name(q.name, payer.name)
        }
        if received and passed / received >= Decimal(str(share)) and len(others) >= minimum:
            verdict.hits.append(
                hit(
                    payment,
                    f"{party_path(payment, payer)}.account",
                    account,
                    f"outflows within {hours} h >= {share:.0%} of inflows; counterparties >= {minimum}",
                    name=payer.name,
                    share=f"{float(passed / received):.0%}",
                    count=len(others),
                    hours=hours,
                )
            )
    return verdict


@predicate("dormant_account_revived")
def dormant_account_revived(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """An account silent for at least `idle_days` moves, within 30 days, at least `factor` times its
    busiest 30 days of the year before the silence (FIN-08).
    """
    idle, factor = int(params.get("idle_days", 180)), float(params.get("factor", 10))
    verdict = Verdict()
    for payment in deal.payments:
        for party in payment.parties:
            account = account_key(party) if party.role in (Role.PAYER, Role.BENEFICIARY) else None
            if account is None:
                continue
            ledger = [p for p, _ in _ledger(deal, account)]
            before = [p for p in ledger if p.date < payment.date]
            if not before:
                continue
            verdict.judged = True
            last = before[-1]
            if (payment.date - last.date).days < idle:
                continue
            year = [p for p in before if (last.date - p.date).days <= 365]
            monthly = max(
                sum(
                    (q.amount for q in year if dt.timedelta(0) <= q.date - p.date <= dt.timedelta(30)),
                    Decimal(0),
                )
                for p in year
            )
            burst = sum(
                (p.amount for p in ledger if dt.timedelta(0) <= p.date - payment.date <= dt.timedelta(30)),
                Decimal(0),
            )
            if monthly > 0 and burst >= monthly * Decimal(str(factor)):
                verdict.hits.append(
                    hit(
                        payment,
                        f"{party_path(payment, party)}.account",
                        account,
                        f"idle >= {idle} days, then 30-day volume >= {factor:g}x the busiest earlier month",
                        name=party.name,
                        idle=(payment.date - last.date).days,
                        ratio=f"{float(burst / monthly):.0f}",
                    )
                )
    if not verdict.judged:
        verdict.missing.append("payments of the account before this one (account history)")
    return verdict


def _spellings(deal: Deal, name: str) -> set[str]:
    """The name and its spellings on other records of the same firm (close names sharing an identifier)."""
    return {name} | {n for n in deal.history.cluster(name) if close_name(n, name)}


@predicate("linked_firms_netting")
def linked_firms_netting(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """Seller and buyer share an identifier, and over `days` the buyer paid the seller less than `ratio`
    of the goods ordered, in round sums (FIN-09); the firms' other spellings on other records count as
    the same firms.
    """
    days, ratio = int(params.get("days", 365)), Decimal(str(params.get("ratio", 0.3)))
    verdict = Verdict()
    for order in deal.orders:
        seller, buyer = order.party(Role.SELLER), order.party(Role.BUYER)
        if seller is None or buyer is None:
            verdict.missing.append("orders[].parties[role=seller|buyer]")
            continue
        verdict.judged = True
        links = deal.history.shared_keys(seller.name, buyer.name)
        if not links:
            continue
        found = {
            f.id: f
            for a in _spellings(deal, seller.name)
            for b in _spellings(deal, buyer.name)
            for f in deal.history.flows(a, b)
            if abs((f.date - order.date).days) <= days
        }
        flows = list(found.values())
        goods = sum((f.total_value or Decimal(0) for f in flows if not isinstance(f, Payment)), Decimal(0))
        paid = [f for f in flows if isinstance(f, Payment)]
        money = sum((p.amount for p in paid), Decimal(0))
        round_sums = all(p.amount % 1000 == 0 for p in paid)
        if len(flows) - len(paid) >= 2 and goods > 0 and money < goods * ratio and round_sums:
            verdict.hits.append(
                hit(
                    order,
                    f"{party_path(order, buyer)}.name",
                    buyer.name,
                    f"linked firms; payments < {ratio} of goods over {days} days",
                    name=buyer.name,
                    other=seller.name,
                    link=links[0],
                    goods=float(goods),
                    paid=float(money),
                )
            )
    return verdict


@predicate("lc_before_onboarding")
def lc_before_onboarding(
    deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A letter of credit for sensitive goods is asked for by a payer first seen with this deal and
    incorporated less than `days` before it: trade finance ahead of an established relationship (FIN-10).
    """
    lcs = [p for p in deal.payments if p.instrument == "letter_of_credit"]
    if not lcs:
        return Verdict(missing=["payments[instrument=letter_of_credit]"])
    sensitive = line_families((i for _, i in deal.line_items()), sensitive_only=True)
    verdict = Verdict(judged=True)
    first_of_deal = min(r.date for r in deal.records)
    for payment in lcs:
        payer = payment.party(Role.PAYER)
        if payer is None or not sensitive:
            continue
        seen = deal.history.first_seen(payer.name)
        young = payer.incorporation_date is not None and (
            (payment.date - payer.incorporation_date).days < int(params.get("days", 365))
        )
        if (seen is None or seen >= first_of_deal) and young:
            verdict.hits.append(
                hit(
                    payment,
                    f"{party_path(payment, payer)}.incorporation_date",
                    str(payer.incorporation_date),
                    "LC for sensitive goods by a new, young applicant",
                    name=payer.name,
                    family=", ".join(sorted(sensitive)),
                )
            )
    return verdict


@predicate("it_worker_payout")
def it_worker_payout(deal: Deal, node: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """A payment for IT work is made in virtual assets, or into a bank in a payout-risk country other than
    the beneficiary's own (FIN-20).
    """
    phrases = ref.get("it_service_phrases")
    risky = ref.get("it_payout_risk_countries")
    verdict = Verdict()
    for payment in deal.payments:
        if not payment.purpose:
            verdict.missing.append("payments[].purpose")
            continue
        verdict.judged = True
        text = payment.purpose.casefold()
        if not any(phrase in text for phrase in phrases):
            continue
        payee = payment.party(Role.BENEFICIARY)
        bank = payee.account.bank if payee and payee.account else None
        bank_country = bank.country if bank else None
        elsewhere = bank_country in risky and payee is not None and bank_country != payee.country
        if payment.instrument == "virtual_asset" or elsewhere:
            verdict.hits.append(
                hit(
                    payment,
                    "purpose",
                    payment.purpose,
                    "IT-work payment in virtual assets or to a payout-risk bank abroad",
                    reference=ref.cite("it_payout_risk_countries"),
                    name=payee.name if payee else "?",
                    other=payment.instrument if payment.instrument == "virtual_asset" else bank_country,
                )
            )
    return verdict
