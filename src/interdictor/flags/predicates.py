"""Registered predicates about parties, countries and documents (see registry.py for the contract).

Names are compared after light normalisation (case, punctuation, legal-form words dropped), which is
enough to tell "the same company written twice" from "another company" inside one deal; fuzzy and
cross-script identity is the screening and entity-resolution stages' job, not these rules'.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from interdictor.flags import predicates_goods as _goods  # noqa: F401  (registers goods predicates)
from interdictor.flags import predicates_history as _history  # noqa: F401  (registers [A] predicates)
from interdictor.flags import predicates_payments as _payments  # noqa: F401  (registers account predicates)
from interdictor.flags import predicates_shipping as _shipping  # noqa: F401  (registers vessel predicates)
from interdictor.flags import predicates_trade as _trade  # noqa: F401  (registers trade predicates)
from interdictor.flags.deal import Deal, Node, deal_corroboration
from interdictor.flags.reference import ReferenceData
from interdictor.flags.registry import Hit, Verdict, hit, predicate, same_name, same_party
from interdictor.model import Inquiry, LicenceApplication, Order, Party, Record, Role

__all__: list[str] = []


def _path(record: Record, party: Party, field: str) -> str:
    return f"parties[{record.parties.index(party)}].{field}"


@predicate("screening_hit")
def screening_hit(deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """A party of the deal matched a sanctions or denied-party list entry in screening (ORD-01).

    An identifier the list names always counts; a name match counts when corroborated by address,
    number or country or when nothing contradicts it (`deal.corroboration`). A name match whose
    countries, or in the entry's country whose registration number or street address, contradict the
    entry's is no hit: the assessment's screening results keep it as a possible match. A party that
    states no address, number or country on its record is judged with those the deal's other records
    give for the same name (`deal.deal_corroboration`)."""
    if deal.screening is None:
        return Verdict(missing=["screening results (no screening source was available)"])
    hits: list[Hit] = []
    for record, party in deal.parties():
        for found in deal.screening.get((record.id, party.ref), []):
            basis = deal_corroboration(deal, record, party, found)
            if not basis.counts:
                continue
            hits.append(
                hit(
                    record,
                    _path(record, party, found.field),
                    party.name if found.field == "name" else found.matched_name,
                    f"screening match above threshold; {basis.note}"
                    if found.field == "name"
                    else "identifier named on the list",
                    reference=f"{found.list_name}:{found.entity_id}",
                    name=party.name,
                    role=party.role.value,
                    matched=found.matched_name,
                    list=found.list_name,
                    score=f"{found.score:.2f}",
                )
            )
    return Verdict(hits, judged=True)


@predicate("young_company")
def young_company(deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """A counterparty was incorporated less than `years` before the record that names it (ORD-09). A record
    that does not state the date (an inquiry, a payment) takes it from another record of the same company
    (`History.incorporated`): the company is as young on its inquiry as on its order."""
    years = float(params.get("years", 2))
    verdict = Verdict()
    for record, party in deal.parties(*params.get("roles", [])):
        if party.type is not None and party.type.value == "individual":
            continue
        incorporated = party.incorporation_date or deal.history.incorporated(party.name)
        if incorporated is None:
            verdict.missing.append(f"{record.kind}.parties[role={party.role.value}].incorporation_date")
            continue
        verdict.judged = True
        days = (record.date - incorporated).days
        if days < years * 365.25:
            verdict.hits.append(
                hit(
                    record,
                    _path(record, party, "incorporation_date")
                    if party.incorporation_date is not None
                    else f"{_path(record, party, 'name')} (incorporation date from its other records)",
                    str(incorporated),
                    f"incorporated less than {years:g} years before the record",
                    name=party.name,
                    role=party.role.value,
                    days=days,
                    date=record.date,
                )
            )
    return verdict


@predicate("contact_country_mismatch")
def contact_country_mismatch(
    deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A party's phone country code, or an inquiry's IP country, differs from the country it claims
    (ORD-11); a payee counts as much as a buyer (a freelancer claiming one country with another
    country's phone, the IT-worker advisory's sign).
    """
    verdict = Verdict()
    roles = ("buyer", "consignee", "end_user", "intermediate_consignee", "payer", "beneficiary")
    for record, party in deal.parties(*roles):
        if party.phone is None or party.country is None:
            continue
        phone_country = ref.phone_country(party.phone)
        if phone_country is None:
            continue
        verdict.judged = True
        if phone_country != party.country:
            verdict.hits.append(
                hit(
                    record,
                    _path(record, party, "phone"),
                    party.phone,
                    "phone country != party.country",
                    reference=ref.cite("phone_country_codes"),
                    name=party.name,
                    role=party.role.value,
                    other=phone_country,
                    country=party.country,
                )
            )
    for record in deal.records:
        ip = getattr(record, "ip_country", None)
        requester = record.party(record.parties[0].role) if record.parties else None
        if ip and requester is not None and requester.country:
            verdict.judged = True
            if ip != requester.country:
                verdict.hits.append(
                    hit(
                        record,
                        "ip_country",
                        ip,
                        "inquiry.ip_country != requester.country",
                        name=requester.name,
                        role=requester.role.value,
                        other=ip,
                        country=requester.country,
                    )
                )
    if not verdict.judged:
        verdict.missing.append("records[].parties[].phone with country")
    return verdict


def _end_users(deal: Deal) -> list[tuple[Record, Party]]:
    return [(r, p) for r, p in deal.parties("end_user") if p.country]


@predicate("buyer_end_user_country_differs")
def buyer_end_user_country_differs(
    deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The buyer or payer is in another country than the declared end user (ORD-12)."""
    end_users = _end_users(deal)
    buyers = [(r, p) for r, p in deal.parties("buyer", "payer") if p.country]
    if not end_users or not buyers:
        return Verdict(
            missing=["records[].parties[role=end_user].country"]
            if not end_users
            else ["orders[].parties[role=buyer].country"]
        )
    verdict = Verdict(judged=True)
    end_user = end_users[0][1]
    for record, party in buyers:
        if party.country != end_user.country and not same_name(party.name, end_user.name):
            hub = party.country in ref.get("transshipment_hubs")
            verdict.hits.append(
                hit(
                    record,
                    _path(record, party, "country"),
                    party.country,
                    "buyer.country != end_user.country" + (" (buyer in a hub)" if hub else ""),
                    reference=ref.cite("transshipment_hubs") if hub else None,
                    name=party.name,
                    role=party.role.value,
                    other=end_user.country,
                    other_name=end_user.name,
                )
            )
    return verdict


@predicate("military_end_user_civil_claim")
def military_end_user_civil_claim(
    deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The end user is a military body, or a government, research or university body in a country of
    concern, while a civilian use is declared (ORD-13): state research in a country of concern is the
    FATF indicator; a research institute elsewhere declaring civilian research is the ordinary case.
    """
    types = set(params.get("types", ["military"]))
    concern_types = set(params.get("concern_types", []))
    concern = ref.get(str(params["concern"])) if concern_types else set()
    civil = [c for c in deal.eucs if c.civil_use]
    end_users = [(r, p) for r, p in deal.parties("end_user") if p.type is not None]
    if not end_users:
        return Verdict(missing=["records[].parties[role=end_user].type"])
    if not deal.eucs or all(c.civil_use is None for c in deal.eucs):
        return Verdict(missing=["eucs[].civil_use"])
    verdict = Verdict(judged=True)
    for record, party in end_users:
        kind = party.type.value if party.type is not None else None
        if civil and (kind in types or (kind in concern_types and party.country in concern)):
            verdict.hits.append(
                hit(
                    record,
                    _path(record, party, "type"),
                    kind,
                    "end_user.type in military/state set AND eucs.civil_use",
                    name=party.name,
                )
            )
    return verdict


@predicate("deal_names_end_user")
def deal_names_end_user(deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData) -> Verdict:
    """Some document of the deal (order, licence, end-user certificate, transport document) names an end
    user that is not itself an intermediary: the end user is identified (SHP-01 reads the whole deal,
    not only the transport document)."""
    intermediaries = ref.get("intermediary_types")
    hits = [
        hit(record, _path(record, party, "name"), party.name, "end user named", name=party.name)
        for record, party in deal.parties("end_user")
        if party.type is None or party.type.value not in intermediaries
    ]
    return Verdict(hits, judged=True)


@predicate("receiver_not_on_licence")
def receiver_not_on_licence(
    deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A shipment's consignee or end user is not named on the approved licence of its deal (ORD-21); a
    spelling variant of a licensed name (a typo, a dropped legal form), or a party at the licensed
    party's address or with its phone, e-mail or registration, is the same receiver."""
    approved = [lic for lic in deal.licences if lic.decision and lic.decision.outcome == "approved"]
    if not approved or not deal.shipments:
        return Verdict(missing=["licences[].decision (approved)" if not approved else "shipments[]"])
    named = [p for lic in approved for p in lic.parties]
    verdict = Verdict(judged=True)
    for shipment in deal.shipments:
        for party in shipment.parties:
            if party.role.value in {"consignee", "end_user"} and not any(same_party(party, n) for n in named):
                verdict.hits.append(
                    hit(
                        shipment,
                        _path(shipment, party, "name"),
                        party.name,
                        "receiver not in licence.parties",
                        name=party.name,
                        role=party.role.value,
                        other=approved[0].id,
                    )
                )
    return verdict


def _denied(deal: Deal) -> list[LicenceApplication]:
    """Denied applications of the deal and of its history, each once."""
    found = dict(deal.history.denied_licences())
    for lic in deal.licences:
        if lic.decision and lic.decision.outcome == "denied":
            found.setdefault(lic.id, lic)
    return list(found.values())


@predicate("reapplication_after_denial")
def reapplication_after_denial(
    deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """A licence application follows, within `months`, a denied one by the same applicant with another end
    user (ORD-20).
    """
    if not deal.licences:
        return Verdict(missing=["licences[]"])
    window = dt.timedelta(days=int(params.get("months", 24)) * 30)
    verdict = Verdict(judged=True)
    for app in deal.licences:
        applicant = app.party(app.parties[0].role) if app.parties else None
        new_eu = next((p.name for p in app.parties if p.role.value == "end_user"), None)
        for old in _denied(deal):
            if old.id == app.id or not (dt.timedelta(0) < app.date - old.date <= window):
                continue
            old_app = next((p for p in old.parties if p.role.value == "applicant"), None)
            old_eu = next((p.name for p in old.parties if p.role.value == "end_user"), None)
            me = next((p for p in app.parties if p.role.value == "applicant"), applicant)
            if (
                me
                and old_app
                and same_name(me.name, old_app.name)
                and old_eu
                and new_eu
                and not same_name(old_eu, new_eu)
            ):
                verdict.hits.append(
                    hit(
                        app,
                        "parties",
                        new_eu,
                        "same applicant, end user changed after a denial",
                        name=me.name,
                        other=old.id,
                        date=old.date,
                        old=old_eu,
                        new=new_eu,
                    )
                )
    return verdict


@predicate("party_in_denied_licence")
def party_in_denied_licence(
    deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """An end user or consignee of the deal was named in a licence application denied within `years`
    (EU-07).
    """
    denied = _denied(deal)
    window = dt.timedelta(days=int(params.get("years", 10)) * 365)
    verdict = Verdict(judged=True)
    for record, party in deal.parties("end_user", "consignee"):
        for old in denied:
            if old.id == record.id or not (dt.timedelta(0) <= record.date - old.date <= window):
                continue
            if any(
                p.role.value in {"end_user", "consignee"} and same_name(p.name, party.name)
                for p in old.parties
            ):
                verdict.hits.append(
                    hit(
                        record,
                        _path(record, party, "name"),
                        party.name,
                        "named in a denied application",
                        name=party.name,
                        role=party.role.value,
                        other=old.id,
                        date=old.date,
                    )
                )
    return verdict


@predicate("order_names_no_receiver")
def order_names_no_receiver(
    deal: Deal, item: Node | None, params: dict[str, Any], ref: ReferenceData
) -> Verdict:
    """The order (or inquiry) of the item names no consignee and no end user, and no document of the deal
    names an end user: the goods go to the buyer, which is then the consignee (ORD-14)."""
    record = item.record if item is not None else None
    if not isinstance(record, Order | Inquiry):
        return Verdict(missing=["orders[].parties[role=consignee]"])
    if record.party(Role.CONSIGNEE) is not None or record.party(Role.END_USER) is not None:
        return Verdict(judged=True)
    if deal.parties("end_user"):
        return Verdict(judged=True)
    buyer = record.party(Role.BUYER)
    if buyer is None:
        return Verdict(missing=["orders[].parties[role=buyer]"])
    return Verdict(
        [hit(record, _path(record, buyer, "name"), buyer.name, "order names no consignee or end user")],
        judged=True,
    )
