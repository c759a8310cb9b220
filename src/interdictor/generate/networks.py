"""Planted networks: the planner that places them in the world and writes their records and truth.

`plan_networks` runs in the parent process before any chunk is generated. It builds the world's
fleet, then for each network draws a programme (Iran, North Korea or Syria), its end user, an agent
and a hub, and lets the scheme functions of `schemes.py` add companies (which replace registry
indices), people, vessels, designations and records. Every record it writes carries a truth line
naming the network, scheme, step, methods and the red flags that should fire.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from interdictor.generate.companies import Company, Person
from interdictor.generate.data import LegalForm, Spelling
from interdictor.generate.documents import company_party, person_party
from interdictor.generate.ftm import person_entity, vessel_entities
from interdictor.generate.names import CompanyName, pick
from interdictor.generate.rng import mix, opaque, stream
from interdictor.generate.trade import Emit, Trade, Vessel, imo_number

__all__ = ["Network", "Plan", "Planner", "plan_networks"]

PROGRAMMES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    ("IR", 0.55, ("AE", "MY", "TR", "CN")),
    ("KP", 0.3, ("CN", "HK", "MY", "SG")),
    ("SY", 0.15, ("AE", "TR", "RU")),
)
COMPANIES_PER_NETWORK = 2_000
SHOWN_FLAGS = frozenset({"ORD-09", "ORD-10"})
"""Flags a step lists that hold only when the record shows the fact (an incorporation date, a webmail
address): `Trade.computed_flags` decides them from the record itself."""


@dataclass
class Network:
    id: str
    scheme: str
    programme: str
    hub: str
    end_user: Company
    agent: Person
    members: list[dict[str, str]] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    designated: list[dict[str, str]] = field(default_factory=list)

    def member(self, entity_id: str, role: str, name: str) -> None:
        self.members.append({"entity_id": entity_id, "role": role, "name": name})


@dataclass
class Plan:
    emits: list[Emit] = field(default_factory=list)
    entities: list[dict[str, Any]] = field(default_factory=list)
    entity_truth: list[tuple[str, str]] = field(default_factory=list)
    sanctions: list[dict[str, Any]] = field(default_factory=list)
    networks: list[dict[str, Any]] = field(default_factory=list)


class Planner:
    def __init__(self, trade: Trade) -> None:
        self.trade = trade
        self.know = trade.know
        self.reg = trade.registry
        self.rng = stream(trade.seed, "networks")
        self.plan = Plan()
        self.counter = 0
        self.net_no = 0
        self.truth: dict[str, dict[str, Any]] = {}
        self.people: set[int] = set()

    # -- places and parties --------------------------------------------------------------------

    def free_index(self) -> int:
        while True:
            index = int(self.rng.random() * self.reg.size)
            if index not in self.reg.overrides:
                return index

    def company(
        self, net: Network, country: str, kind: str, sector: str, incorporated: dt.date, role: str, **kw: Any
    ) -> Company:
        index = self.free_index()
        rng = random.Random(mix(self.trade.seed, "net-co", index))
        company = self.reg.build_company(rng, index, country, kind, sector, incorporated, **kw)
        company.network = net.id
        if company.parent is not None:  # a network company is no ordinary group's subsidiary
            company.parent = None
            company.shareholders = ((company.directors[0].id, 100.0),)
        self.reg.overrides[index] = company
        net.member(company.id, role, company.name.canonical)
        return company

    def person(self, net: Network | None, nationality: str, country: str, role: str) -> Person:
        index = self.free_index()
        while index in self.people:  # one person per slot: ids must not repeat
            index = self.free_index()
        self.people.add(index)
        person = self.reg.person(self.rng, -1 - index, 0, country, nationality=nationality)
        person.home = -1
        c = self.know.countries[country]
        person.phone = f"+{c.phone} {int(self.rng.random() * 10**c.phone_digits):0{c.phone_digits}d}"
        self.plan.entities.append(person_entity(person))
        self.plan.entity_truth.append((person.id, person.id))
        if net is not None:
            net.member(person.id, role, person.name.canonical)
        return person

    def designate(
        self,
        net: Network,
        entity_id: str,
        schema: str,
        names: list[str],
        country: str,
        date: dt.date,
        extra: dict[str, list[str]] | None = None,
    ) -> None:
        """Put a real entity on the generated sanctions list under its own list id, with aliases."""
        list_id = f"gsl-{opaque(len(self.plan.sanctions) + 1, mix(self.trade.seed, 'gsl')):010x}"
        props = {"name": names[:1], "alias": names[1:], "country": [country.lower()], "topics": ["sanction"]}
        props.update(extra or {})
        self.plan.sanctions.append(
            {"id": list_id, "schema": schema, "properties": {k: v for k, v in props.items() if v}}
        )
        self.plan.sanctions.append(
            {
                "id": f"{list_id}-s",
                "schema": "Sanction",
                "properties": {
                    "entity": [list_id],
                    "authority": ["Generated Sanctions Authority"],
                    "program": ["GEN-NPWMD"],
                    "startDate": [date.isoformat()],
                    "listingDate": [date.isoformat()],
                },
            }
        )
        self.plan.entity_truth.append((list_id, entity_id))
        self.trade.designated[entity_id] = date
        net.designated.append({"entity_id": entity_id, "list_id": list_id, "date": date.isoformat()})

    # -- records -------------------------------------------------------------------------------

    def emit(
        self,
        net: Network,
        step: str,
        kind: str,
        date: dt.date,
        parties: list[tuple[dict[str, Any], str]],
        *,
        items_truth: list[dict[str, Any]] | None = None,
        extra_flags: tuple[str, ...] = (),
        **body: Any,
    ) -> str:
        self.counter += 1
        rid = self.trade.record_id(kind, ((60_000 + self.net_no) << 24) + self.counter)
        record = {
            "id": rid,
            "kind": kind,
            "date": date.isoformat(),
            "parties": [p for p, _ in parties],
            **body,
        }
        ents = [(p["ref"], e) for p, e in parties]
        methods, listed = self.know.schemes[net.scheme].steps[step]
        flags = [f for f in listed if f not in SHOWN_FLAGS]  # these follow what the record shows
        truth = {
            "id": rid,
            "kind": kind,
            "date": record["date"],
            "planted": True,
            "network": net.id,
            "scheme": net.scheme,
            "step": step,
            "methods": list(methods),
            "flags": sorted(set(flags) | set(extra_flags) | set(self.trade.computed_flags(record, ents))),
        }
        if items_truth is not None:
            truth["items"] = items_truth
        self.plan.emits.append((record, truth, ents))
        self.truth[rid] = truth
        net.records.append(rid)
        return rid

    def add_flags(self, record_id: str, flags: tuple[str, ...]) -> None:
        """Flags a record turns out to deserve once later records exist (a third flag of a vessel)."""
        truth = self.truth[record_id]
        truth["flags"] = sorted(set(truth["flags"]) | set(flags))

    def party(self, company: Company, role: str, ref: str, **kw: Any) -> tuple[dict[str, Any], str]:
        return company_party(self.rng, company, role, ref, **kw), company.id

    def person_party(self, person: Person, role: str, ref: str, **kw: Any) -> tuple[dict[str, Any], str]:
        return person_party(self.rng, person, role, ref, **kw), person.id

    # -- networks ------------------------------------------------------------------------------

    def new_network(self, scheme: str) -> Network:
        rng = self.rng
        self.net_no += 1
        roll, acc = rng.random(), 0.0
        programme, hubs = PROGRAMMES[0][0], PROGRAMMES[0][2]
        for code, share, hub_list in PROGRAMMES:
            acc += share
            if roll <= acc:
                programme, hubs = code, hub_list
                break
        hub = pick(rng, hubs)
        net_id = f"NET-{self.net_no:04d}"
        start = self.know.start
        stub = Network(net_id, scheme, programme, hub, None, None)  # type: ignore[arg-type]
        end_user = self.company(
            stub,
            programme,
            "research",
            "industrial",
            start - dt.timedelta(days=365 * rng.randrange(10, 40)),
            "end_user",
        )
        self.state_name(end_user, pick(rng, self.know.world["programme_end_users"][programme]))
        stub.members[-1]["name"] = end_user.name.canonical
        end_user.kind = "military"
        stub.end_user = end_user
        stub.agent = self.person(stub, programme, hub, "agent")
        listed = start + dt.timedelta(days=rng.randrange(-400, 200))
        self.designate(
            stub,
            end_user.id,
            "Company",
            [end_user.name.canonical, *end_user.name.aliases()],
            programme,
            listed,
        )
        return stub

    def state_name(self, company: Company, template: str) -> None:
        """Name a state body of the programme from a template of data/world.yaml ({brand} of its culture)."""
        culture = self.know.cultures[self.know.countries[company.country].culture]
        brand = pick(self.rng, culture.brands)
        native = template.replace("{brand}", brand.native)
        latin = Spelling(native, (template.replace("{brand}", brand.canonical),))
        company.name = CompanyName(
            culture, (latin,), LegalForm("", ("",), "suffix"), native, company.name.abbreviations
        )

    def supplier(self) -> Company:
        return self.trade.draw(self.rng, ("manufacturer", "distributor"), "exporter")

    def forwarder(self, country: str) -> Company:
        return self.trade.draw(self.rng, ("forwarder",), "buyer", country=country)

    def fleet(self) -> None:
        """Ordinary vessels of the world: a few renamed once, as ships are (benign SHP-19 noise)."""
        count = max(40, self.reg.size // 400)
        key = mix(self.trade.seed, "vessels")
        rng = stream(self.trade.seed, "fleet")
        words = self.know.world["vessel_words"]
        for j in range(count):
            name = f"{pick(rng, words)} {pick(rng, words)}".upper()
            flag = pick(
                rng, self.know.world["mainstream_flags"] + self.know.world["flags_of_convenience"][:3]
            )
            names = [(dt.date(1990, 1, 1), name, flag)]
            if rng.random() < 0.15:  # sold and renamed once; half the time the new owner re-flags her
                when = self.know.start + dt.timedelta(days=rng.randrange(0, 365 * self.know.years))
                new_flag = pick(rng, self.know.world["mainstream_flags"]) if rng.random() < 0.5 else flag
                names.append((when, f"{pick(rng, words)} {pick(rng, words)}".upper(), new_flag))
            owner = self.trade.draw(rng, ("forwarder",), "buyer")
            vessel = Vessel(
                j,
                f"ve-{opaque(j, key):010x}",
                imo_number(opaque(j, key)),
                names,
                pick(rng, self.know.world["vessel_types"]),
                rng.randrange(1985, 2020),
                owner.index,
                owner.id,
            )
            self.trade.vessels.append(vessel)
            self.plan.entities.extend(vessel_entities(vessel))
            self.plan.entity_truth.append((vessel.id, vessel.id))

    def finish(self, net: Network) -> None:
        scheme = self.know.schemes[net.scheme]
        self.plan.networks.append(
            {
                "id": net.id,
                "scheme": net.scheme,
                "title": scheme.title,
                "methods": list(scheme.methods),
                "programme_country": net.programme,
                "hub": net.hub,
                "story": scheme.story,
                "members": net.members,
                "designated": net.designated,
                "records": len(net.records),
            }
        )


def plan_networks(trade: Trade) -> Plan:
    """Build the fleet and every planted network.

    One network per 2,000 companies, and every scheme at least its `min_per_world`, so that even a
    small world shows every method.
    """
    from interdictor.generate.schemes import SCHEMES

    planner = Planner(trade)
    planner.fleet()
    know = trade.know
    order: list[str] = []
    for scheme_id, scheme in know.schemes.items():
        order += [scheme_id] * scheme.min_per_world
    extra = max(0, trade.registry.size // COMPANIES_PER_NETWORK - len(order))
    ids = list(know.schemes)
    order += [ids[i % len(ids)] for i in range(extra)]
    for scheme_id in order:
        net = planner.new_network(scheme_id)
        SCHEMES[scheme_id](planner, net)
        planner.finish(net)
    _keep_traced_members(planner)
    return planner.plan


_NODE_SCHEMAS = frozenset({"Person", "Company", "Organization", "PublicBody", "BankAccount", "Vessel"})


def _keep_traced_members(planner: Planner) -> None:
    """List as members only what the world shows: a member no record, relation or list names is a
    story, not evidence (a network analysis cannot be asked to find it).

    A trace is a party of a record, a name a record gives (a sales representative), an FtM relation
    (directorship, ownership, family, link, employment), a listing, or a director or shareholder of a
    network company.
    """
    traced: set[str] = set()
    named: set[str] = set()
    for record, _truth, ents in planner.plan.emits:
        traced.update(entity for _ref, entity in ents)
        named.update(v for v in record.values() if isinstance(v, str))
    for entity in planner.plan.entities:
        if entity["schema"] not in _NODE_SCHEMAS:
            for values in entity["properties"].values():
                traced.update(v for v in values if isinstance(v, str))
    for company in planner.reg.overrides.values():
        traced.update(person.id for person in company.directors)
        traced.update(owner for owner, _pct in company.shareholders)
    for net in planner.plan.networks:
        listed = {d["entity_id"] for d in net["designated"]}
        net["members"] = [
            m
            for m in net["members"]
            if m["entity_id"] in traced or m["entity_id"] in listed or m["name"] in named
        ]
