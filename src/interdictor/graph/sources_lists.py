"""What the graph reads from the list tables: parties, vessels, designations and relations (FtM).

Lists hold two kinds of data: sanctions and denied-party lists, whose entities are designated, and
registry datasets loaded through the same loader (companies, directors, shareholders), whose entities
are not. A list is a sanctions list when it is an official source (lists/sources.yml) or its
entities carry a sanctions topic, a programme, or a Sanction entity names them (config.designation).
Relations are FtM interval schemata: Ownership (with percentage), Directorship, UnknownLink (OFAC's
"Linked To"), Family, and the other person-to-person links.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

import duckdb
import yaml

from interdictor.graph.config import NetworkConfig
from interdictor.graph.keys import address_node_key
from interdictor.graph.parties import PartyRecord
from interdictor.resolve.keys import domain_of, email_key, identifier_key, phone_key

__all__ = ["ListData", "Relation", "VesselRecord", "parse_date", "read_lists"]

PARTY_SCHEMATA = frozenset({"Company", "Organization", "LegalEntity", "PublicBody", "Person"})
#: Relation schema -> (source prop, target prop, edge type)
RELATIONS: dict[str, tuple[str, str, str]] = {
    "Ownership": ("owner", "asset", "owns"),
    "Directorship": ("director", "organization", "directs"),
    "UnknownLink": ("subject", "object", "linked"),
    "Family": ("person", "relative", "family"),
    "Associate": ("person", "associate", "associate"),
    "Employment": ("employee", "employer", "employed_by"),
    "Membership": ("member", "organization", "member_of"),
    "Representation": ("agent", "client", "represents"),
    "Succession": ("predecessor", "successor", "succeeded_by"),
}
_ID_PROPS = ("registrationNumber", "taxNumber", "innCode", "ogrnCode", "leiCode", "vatCode", "idNumber")
_WANTED = frozenset(
    {
        "name",
        "alias",
        "previousName",
        "weakAlias",
        "country",
        "jurisdiction",
        "nationality",
        "address",
        "phone",
        "email",
        "website",
        "incorporationDate",
        "birthDate",
        "topics",
        "programId",
        "program",
        "imoNumber",
        "flag",
        "pastFlags",
        "iban",
        "accountNumber",
        "publicKey",
        "holder",
        "bic",
        "bankName",
        "percentage",
        "startDate",
        "endDate",
        "role",
        "relationship",
        "entity",
        "listingDate",
        "date",
        "createdAt",
        *_ID_PROPS,
        *(p for rel in RELATIONS.values() for p in rel[:2]),
    }
)


@dataclass(slots=True)
class VesselRecord:
    entity_id: str
    list_name: str
    names: list[str]
    imo: str | None
    flags: list[str]
    designated: bool
    designated_date: dt.date | None


@dataclass(slots=True)
class Relation:
    relation_id: str
    list_name: str
    schema: str
    src: str
    dst: str
    type: str
    date: dt.date | None
    attrs: dict[str, str]


@dataclass
class ListData:
    parties: list[PartyRecord] = field(default_factory=list)
    vessels: list[VesselRecord] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    #: bank account entity id -> (kind, key, label)
    accounts: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)
    sanctions_lists: list[str] = field(default_factory=list)
    entities: int = 0


def parse_date(value: str | None) -> dt.date | None:
    """An ISO date from the first 10 characters; a year or a month alone gives its first day."""
    if not value:
        return None
    text = value.strip()[:10]
    try:
        if len(text) == 4:
            return dt.date(int(text), 1, 1)
        if len(text) == 7:
            return dt.date(int(text[:4]), int(text[5:7]), 1)
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


@lru_cache(maxsize=1)
def official_list_names() -> frozenset[str]:
    """Names of the official sanctions and denied-party sources Interdictor knows (lists/sources.yml)."""
    from importlib import resources

    raw = yaml.safe_load(resources.files("interdictor.lists").joinpath("sources.yml").read_text("utf-8"))
    sources = raw.get("sources", raw) if isinstance(raw, dict) else raw
    return frozenset(s["name"] for s in sources if isinstance(s, dict) and "name" in s)


def _entities(con: duckdb.DuckDBPyConnection) -> Iterator[tuple[str, str, str, dict[str, list[str]]]]:
    wanted = sorted(_WANTED)
    cursor = con.execute(
        f"""SELECT list_name, entity_id, any_value(schema), prop, list(DISTINCT value ORDER BY value)
            FROM current_statements WHERE prop IN ({", ".join("?" for _ in wanted)})
            GROUP BY list_name, entity_id, prop ORDER BY list_name, entity_id""",
        wanted,
    )
    current: tuple[str, str, str] | None = None
    props: dict[str, list[str]] = {}
    while rows := cursor.fetchmany(20_000):
        for list_name, entity_id, schema, prop, values in rows:
            if current is not None and (list_name, entity_id) != current[:2]:
                yield (*current, props)
                props = {}
            current = (list_name, entity_id, schema)
            props[prop] = values
    if current is not None:
        yield (*current, props)


def party_idents(props: dict[str, list[str]], country: str | None) -> list[tuple[str, str, str, str]]:
    """Identifier links of an FtM entity: (kind, key, label, property)."""
    out: list[tuple[str, str, str, str]] = []
    for value in props.get("email", []):
        if key := email_key(value):
            out.append(("email", key, value, "email"))
    for value in props.get("phone", []):
        if key := phone_key(value):
            out.append(("phone", key, value, "phone"))
    for value in props.get("website", []):
        if key := domain_of(website=value):
            out.append(("website", key, value, "website"))
    for prop in _ID_PROPS:
        for value in props.get(prop, []):
            if key := identifier_key(value):
                out.append(("registration", f"{country or '-'}:{key}", value, prop))
    for value in props.get("address", []):
        if key := address_node_key(country, raw=value):
            out.append(("address", key, value, "address"))
    return out


def read_lists(con: duckdb.DuckDBPyConnection, config: NetworkConfig) -> ListData:
    """Every entity of the newest version of each list, sorted into parties, vessels and relations."""
    spec = config.designation
    topics = set(spec.topics)
    official = official_list_names()
    data = ListData()
    sanctioned: dict[str, dt.date | None] = {}
    pending: list[tuple[str, str, str, dict[str, list[str]]]] = []
    listed_by_topic: dict[str, int] = {}
    for list_name, entity_id, schema, props in _entities(con):
        data.entities += 1
        if schema == "Sanction":
            dates = [d for p in spec.sanction_date_props for v in props.get(p, []) if (d := parse_date(v))]
            for target in props.get("entity", []):
                known = sanctioned.get(target)
                first = min(dates) if dates else None
                sanctioned[target] = first if known is None else min(known, first or known)
            listed_by_topic[list_name] = listed_by_topic.get(list_name, 0) + 1
            continue
        if topics.intersection(props.get("topics", [])) or any(props.get(p) for p in spec.programme_props):
            listed_by_topic[list_name] = listed_by_topic.get(list_name, 0) + 1
        pending.append((list_name, entity_id, schema, props))
    sanction_lists = {name for name in listed_by_topic} | (official & {p[0] for p in pending})
    data.sanctions_lists = sorted(sanction_lists)
    seen: set[str] = set()
    for list_name, entity_id, schema, props in pending:
        on_list = list_name in sanction_lists and (
            list_name in official
            or entity_id in sanctioned
            or bool(topics.intersection(props.get("topics", [])))
            or any(props.get(p) for p in spec.programme_props)
        )
        listed = parse_date(next(iter(props.get("createdAt", [])), None))
        when = sanctioned.get(entity_id) or (listed if on_list else None)
        names = [*props.get("name", []), *props.get("alias", []), *props.get("previousName", [])]
        if schema in RELATIONS:
            src_prop, dst_prop, type_ = RELATIONS[schema]
            start = parse_date(next(iter(props.get("startDate", []) or props.get("date", [])), None))
            attrs = {
                k: v[0] for k in ("percentage", "role", "relationship", "endDate") if (v := props.get(k))
            }
            for src in props.get(src_prop, []):
                for dst in props.get(dst_prop, []):
                    data.relations.append(
                        Relation(entity_id, list_name, schema, src, dst, type_, start, attrs)
                    )
        elif schema == "BankAccount":
            accounts = [("iban", k, v) for v in props.get("iban", []) if (k := identifier_key(v))]
            accounts += [
                ("account", k, v) for v in props.get("accountNumber", []) if (k := identifier_key(v))
            ]
            data.accounts[entity_id] = accounts
        elif schema == "CryptoWallet":
            # A listed wallet is an account of its holder: a payment to the same address pays them.
            data.accounts[entity_id] = [
                ("account", k, v) for v in props.get("publicKey", []) if (k := identifier_key(v))
            ]
            start = parse_date(next(iter(props.get("createdAt", [])), None))
            for holder in props.get("holder", []):
                data.relations.append(
                    Relation(entity_id, list_name, schema, holder, entity_id, "owns", start, {})
                )
        elif schema == "Vessel":
            data.vessels.append(
                VesselRecord(
                    entity_id,
                    list_name,
                    names,
                    next(iter(props.get("imoNumber", [])), None),
                    [*props.get("flag", []), *props.get("pastFlags", [])],
                    on_list,
                    when,
                )
            )
        elif schema in PARTY_SCHEMATA and names:
            country = next(
                iter(
                    props.get("country", []) or props.get("jurisdiction", []) or props.get("nationality", [])
                ),
                None,
            )
            record_id = entity_id if entity_id not in seen else f"{list_name}:{entity_id}"
            seen.add(record_id)
            born = props.get("incorporationDate", []) or props.get("birthDate", [])
            data.parties.append(
                PartyRecord(
                    record_id,
                    f"list:{list_name}",
                    schema,
                    names,
                    country=country.lower() if country else None,
                    nationality=[n.lower() for n in props.get("nationality", [])],
                    designated=on_list,
                    designated_date=when if on_list else None,
                    first_date=parse_date(min(born)) if born else None,
                    kind="person" if schema == "Person" else "org",
                    idents=party_idents(props, country.lower() if country else None),
                )
            )
    return data
