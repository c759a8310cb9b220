"""FollowTheMoney JSON for the registry: companies, people, directorships, ownerships, accounts, vessels.

Entities are written as plain dicts (`id`, `schema`, `properties` of string lists), exactly what
`interdictor lists load --format ftm-json` reads; ids are the real entity ids of the world, so the
entity truth is the identity for registry records and maps list entries and transaction parties
onto them.
"""

from __future__ import annotations

import random
from typing import Any

from interdictor.generate.companies import Account, Company, Person
from interdictor.generate.trade import Vessel

__all__ = ["account_entities", "company_entities", "person_entity", "vessel_entities"]

Entity = dict[str, Any]


def _entity(entity_id: str, schema: str, props: dict[str, list[str]]) -> Entity:
    return {"id": entity_id, "schema": schema, "properties": {k: v for k, v in props.items() if v}}


def person_entity(person: Person) -> Entity:
    name = person.name
    props: dict[str, list[str]] = {"name": [name.canonical]}
    aliases = name.aliases()
    if aliases:
        props["alias"] = aliases
    props["nationality"] = [person.nationality.lower()]
    props["country"] = [person.country.lower()]
    if person.birth_date:
        props["birthDate"] = [person.birth_date.isoformat()]
    if person.phone:
        props["phone"] = [person.phone.replace(" ", "")]
    if person.email:
        props["email"] = [person.email]
    return {"id": person.id, "schema": "Person", "properties": props}


def account_entities(account: Account, holder_id: str, link_id: str) -> list[Entity]:
    props = {"bankName": [account.bank_name], "bic": [account.bic], "country": [account.country.lower()]}
    props["iban" if account.is_iban else "accountNumber"] = [account.number]
    if account.personal:
        props["accountType"] = ["personal"]
    return [
        {"id": account.id, "schema": "BankAccount", "properties": props},
        _holder(link_id, holder_id, account.id),
    ]


def _holder(link_id: str, holder_id: str, account_id: str) -> Entity:
    return {
        "id": link_id,
        "schema": "Ownership",
        "properties": {"owner": [holder_id], "asset": [account_id], "ownershipType": ["account holder"]},
    }


def company_entities(rng: random.Random, company: Company, *, with_people: bool = True) -> list[Entity]:
    """The registry record of a company and its officers, owners and accounts; some fields missing.

    Written as literal dicts (no filtering pass): this runs once per registered company.
    """
    rnd = rng.random
    cid = company.id
    country = company.country.lower()
    start = company.incorporated.isoformat()
    props: dict[str, list[str]] = {"name": [company.name.canonical]}
    aliases = company.name.aliases()
    if company.extra_names:
        aliases += company.extra_names
    if aliases:
        props["alias"] = aliases
    props["country"] = [country]
    props["jurisdiction"] = [country]
    props["registrationNumber"] = [company.registration]
    props["incorporationDate"] = [start]
    props["sector"] = [company.sector]
    if rnd() < 0.92:
        props["address"] = [company.address_line()]
    if company.phone and rnd() < 0.8:
        props["phone"] = [company.phone.replace(" ", "")]
    if company.email and rnd() < 0.7:
        props["email"] = [company.email]
    if company.website:
        props["website"] = [company.website]
    if company.dissolved:
        props["dissolutionDate"] = [company.dissolved.isoformat()]
    out: list[Entity] = [{"id": cid, "schema": "Company", "properties": props}]
    for k, director in enumerate(company.directors):
        if with_people and director.home == company.index:
            out.append(person_entity(director))
        out.append(
            {
                "id": f"{cid}-d{k}",
                "schema": "Directorship",
                "properties": {
                    "director": [director.id],
                    "organization": [cid],
                    "role": ["Director"],
                    "startDate": [start],
                },
            }
        )
    for k, (owner, pct) in enumerate(company.shareholders):
        out.append(
            {
                "id": f"{cid}-o{k}",
                "schema": "Ownership",
                "properties": {
                    "owner": [owner],
                    "asset": [cid],
                    "percentage": [f"{pct:g}"],
                    "startDate": [start],
                },
            }
        )
    for k, account in enumerate(company.accounts):
        if account.id in company.borrowed_accounts:  # the owner writes the account; this is a second holder
            out.append(_holder(f"{cid}-a{k}", cid, account.id))
            continue
        out.extend(account_entities(account, cid, f"{cid}-a{k}"))
    return out


def vessel_entities(vessel: Vessel) -> list[Entity]:
    first, *later = vessel.names
    current = vessel.names[-1]
    props = {
        "name": [current[1]],
        "previousName": sorted({n for _, n, _ in vessel.names[:-1]} - {current[1]}),
        "imoNumber": [vessel.imo],
        "flag": [current[2].lower()],
        "pastFlags": sorted({f.lower() for _, _, f in vessel.names[:-1]} - {current[2].lower()}),
        "type": [vessel.type],
        "buildDate": [str(vessel.build_year)],
    }
    if later:
        props["nameChangeDate"] = [start.isoformat() for start, _, _ in later]
    del first
    out = [_entity(vessel.id, "Vessel", props)]
    if vessel.owner_id:
        out.append(
            _entity(
                f"{vessel.id}-o",
                "Ownership",
                {"owner": [vessel.owner_id], "asset": [vessel.id], "percentage": ["100"]},
            )
        )
    return out
