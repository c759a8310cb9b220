"""Schemes of money outside ordinary wires: cash and gold, remitters and ledgers, IT workers and virtual
assets, diplomats and overseas bank representatives."""

from __future__ import annotations

import datetime as dt
from typing import Any

from interdictor.generate.companies import Company, Person, make_account
from interdictor.generate.documents import account_dict, days
from interdictor.generate.ftm import account_entities
from interdictor.generate.identifiers import Account
from interdictor.generate.names import pick
from interdictor.generate.networks import Network, Planner
from interdictor.generate.rng import mix, opaque
from interdictor.generate.schemes.base import deal, new_front, pick_date, pick_family

__all__ = ["cash_and_gold", "diplomatic_cover", "it_workers", "remitter"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October")
_CLAIMED = ("JP", "US", "CA", "KR", "SG")  # nationalities remote IT workers pose as


def cash_and_gold(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p)
    buyer = new_front(p, net, when)
    dear = [f for f in p.know.families.values() if f.price[0] >= 2500 and f.unit == "pcs"]
    for k, (step, instrument) in enumerate((("cash_payment", "cash"), ("gold_payment", "gold"))):
        extra: dict[str, Any] = {"instrument": instrument}
        if instrument == "cash":
            extra.update(
                reference="Cash deposit", purpose="Cash payment for goods, handed over at the office"
            )
        else:
            bars = rng.randrange(2, 9)
            extra.update(
                reference=f"{bars} x 1 kg gold bars", purpose="Settlement of invoice in gold bullion"
            )
        deal(
            p,
            net,
            seller=p.supplier(),
            buyer=buyer,
            date=days(when, 60 * k + rng.randrange(0, 30)),
            family=pick(rng, dear),
            quantity=rng.randrange(5, 12),
            currency="USD",
            steps={"order": "order", "shipment": "shipment", "payment": step},
            payment_extra=extra,
        )


def _payment(
    p: Planner,
    net: Network,
    step: str,
    date: dt.date,
    payer: tuple[dict[str, Any], str],
    beneficiary: tuple[dict[str, Any], str],
    amount: float,
    **body: Any,
) -> str:
    return p.emit(
        net,
        step,
        "payment",
        date,
        [payer, beneficiary],
        amount=round(amount, 2),
        currency=body.pop("currency", "USD"),
        instrument=body.pop("instrument", "wire"),
        **body,
    )


def remitter(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p, 0.1, 0.75)
    agent = p.company(
        net, net.hub, "forwarder", "logistics", days(when, -rng.randrange(1500, 5000)), "remitter"
    )
    account = agent.accounts[0]
    purposes = p.know.world["remittance_purposes"]
    for k in range(rng.randrange(5, 7)):  # money in from one payer, passed on within two days (FIN-07)
        front = new_front(p, net, when, country=pick(rng, ("CN", "HK", "MY", "AE", "TR")), free_mail=False)
        supplier = p.supplier()
        date = days(when, 12 * k + rng.randrange(0, 8))
        result = deal(
            p,
            net,
            seller=supplier,
            buyer=front,
            date=date,
            family=pick_family(p),
            currency="USD",
            steps={"order": "order"},
        )
        value = float(result["value"])
        inflow = days(date, rng.randrange(1, 10))
        _payment(
            p,
            net,
            "inflow",
            inflow,
            p.party(front, "payer", "p1", account=front.accounts[0]),
            p.party(agent, "beneficiary", "p2", account=account),
            value * rng.uniform(1.01, 1.04),
            reference=pick(rng, purposes),
        )
        _payment(
            p,
            net,
            "outflow",
            days(inflow, rng.randrange(0, 2)),
            p.party(agent, "payer", "p1", account=account),
            p.party(supplier, "beneficiary", "p2", account=supplier.accounts[0]),
            value,
            order_ref=result["order"],
            reference=f"PO {rng.randrange(1000, 9999)}",
            purpose="Payment on behalf of principal",
        )
    # two linked firms: goods flow one way, money comes back rarely and in round sums (FIN-09)
    seller = new_front(p, net, when, kind="trading", role="ledger_partner", free_mail=False)
    buyer = new_front(
        p, net, when, country=pick(rng, ("CN", "RU", "MY")), role="ledger_partner", directors=seller.directors
    )
    buyer.phone, buyer.street, buyer.unit = seller.phone, seller.street, seller.unit
    family = pick_family(p)
    goods = 0.0
    for k in range(rng.randrange(3, 5)):
        result = deal(
            p,
            net,
            seller=seller,
            buyer=buyer,
            date=days(when, 40 * k + rng.randrange(0, 20)),
            family=family,
            band="far_below",
            currency="USD",
            steps={"order": "netting_order", "shipment": "netting_shipment"},
        )
        goods += float(result["value"])
    settled = max(1000.0, round(goods * rng.uniform(0.08, 0.2), -3))
    for k, share in enumerate((0.6, 0.4)):
        _payment(
            p,
            net,
            "netting_payment",
            days(when, 60 + 90 * k),
            p.party(buyer, "payer", "p1", account=buyer.accounts[0]),
            p.party(seller, "beneficiary", "p2", account=seller.accounts[0]),
            max(1000.0, round(settled * share, -3)),
            reference="Balance settlement",
            purpose="Settlement of current account",
        )


def _wallet(p: Planner, label: str) -> Account:
    """A virtual-asset wallet as a payment message carries it: an address held at an exchange."""
    name, code, country = pick(p.rng, p.know.world["vasps"])
    address = f"0x{opaque(p.net_no, mix(p.trade.seed, 'wallet', label)):010x}{p.rng.getrandbits(120):030x}"
    return Account(address, False, name, code, country, personal=True)


def it_workers(p: Planner, net: Network) -> None:
    rng = p.rng
    when = pick_date(p, 0.1, 0.8)
    cn = p.know.countries["CN"]
    shared = make_account(rng, cn, personal=True)  # several identities, one payout account
    workers: list[tuple[Person, str, Account]] = []
    for k in range(rng.randrange(3, 5)):
        worker = p.person(net, net.programme, "CN", "it_worker")
        claimed = pick(rng, _CLAIMED)
        account = shared if k < 2 else make_account(rng, cn, personal=True)
        workers.append((worker, claimed, account))
        if account is not shared or k == 0:
            p.plan.entities.extend(account_entities(account, worker.id, f"{worker.id}-a"))
            p.plan.entity_truth.append((account.id, account.id))
        else:
            p.plan.entities.append(
                {
                    "id": f"{worker.id}-a",
                    "schema": "Ownership",
                    "properties": {
                        "owner": [worker.id],
                        "asset": [account.id],
                        "ownershipType": ["account holder"],
                    },
                }
            )
    unit = p.company(net, net.programme, "research", "technology", days(when, -4000), "cyber_unit")
    p.state_name(unit, pick(rng, p.know.world["cyber_units"][net.programme]))
    net.members[-1]["name"] = unit.name.canonical
    wallet = _wallet(p, "unit")
    p.designate(
        net,
        unit.id,
        "Organization",
        [unit.name.canonical],
        net.programme,
        days(when, -rng.randrange(100, 700)),
    )
    list_id = net.designated[-1]["list_id"]
    p.plan.sanctions.append(
        {
            "id": f"{list_id}-w",
            "schema": "CryptoWallet",
            "properties": {
                "publicKey": [wallet.number],
                "currencySymbol": ["ETH"],
                "blockchain": ["ethereum"],
                "holder": [list_id],
            },
        }
    )
    purposes = p.know.world["it_purposes"]
    clients = [p.supplier() for _ in range(3)]
    for k, (worker, claimed, account) in enumerate(workers):
        client = clients[k % len(clients)]
        for month in range(rng.randrange(2, 4)):
            date = days(when, 30 * month + 7 * k + rng.randrange(0, 5))
            to_wallet = k == 0 and month == 0
            beneficiary = _worker_party(p, worker, claimed, wallet if to_wallet else account)
            purpose = pick(rng, purposes)
            _payment(
                p,
                net,
                "wallet_payout" if to_wallet else "payout",
                date,
                p.party(client, "payer", "p1", account=client.accounts[0]),
                beneficiary,
                float(rng.randrange(30, 120) * 100),
                instrument="virtual_asset" if to_wallet else "wire",
                reference=f"INV {rng.randrange(1000, 9999)}",
                purpose=purpose.replace("{inv}", str(rng.randrange(100, 999))).replace(
                    "{month}", _MONTHS[(when.month + month) % len(_MONTHS)]
                ),
            )


def _worker_party(p: Planner, worker: Person, claimed: str, account: Account) -> tuple[dict[str, Any], str]:
    """The freelancer as the client knows him: a claimed nationality, a Chinese phone and payout bank."""
    party: dict[str, Any] = {
        "ref": "p2",
        "role": "beneficiary",
        "name": worker.name.variant(p.rng, 1),
        "type": "individual",
        "country": claimed,
        "nationality": claimed,
        "phone": f"+86 1{p.rng.randrange(10**9, 10**10)}",
    }
    party["account"] = account_dict(account, party["name"])
    return party, worker.id


def _position(p: Planner, person: Person, position: str) -> None:
    for entity in reversed(p.plan.entities):
        if entity["id"] == person.id:
            entity["properties"]["position"] = [position]
            return


def diplomatic_cover(p: Planner, net: Network) -> None:
    rng = p.rng
    know = p.know
    when = pick_date(p, 0.1, 0.8)
    host = net.hub
    programme_name = know.countries[net.programme].name
    # the embassy: a public body whose address a trading company shares (NET-08)
    front = new_front(p, net, when, country=host, free_mail=False)
    embassy_id = f"pb-{opaque(p.net_no, mix(p.trade.seed, 'embassy')):010x}"
    p.plan.entities.append(
        {
            "id": embassy_id,
            "schema": "PublicBody",
            "properties": {
                "name": [f"Embassy of {programme_name} in {know.countries[host].name}"],
                "country": [host.lower()],
                "address": [front.address_line()],
            },
        }
    )
    p.plan.entity_truth.append((embassy_id, embassy_id))
    net.member(embassy_id, "embassy", f"Embassy of {programme_name}")
    diplomat = p.person(net, net.programme, host, "diplomat")
    _position(p, diplomat, f"Second Secretary (Commercial), Embassy of {programme_name}")
    relative = p.person(net, net.programme, host, "relative_director")
    p.plan.entities.append(
        {
            "id": f"{relative.id}-f",
            "schema": "Family",
            "properties": {"person": [diplomat.id], "relative": [relative.id], "relationship": ["spouse"]},
        }
    )
    front.directors = (relative,)
    front.shareholders = ((relative.id, 100.0),)
    p.plan.entities.append(
        {
            "id": f"{embassy_id}-e",
            "schema": "Employment",
            "properties": {"employee": [diplomat.id], "employer": [embassy_id], "role": ["diplomat"]},
        }
    )
    # personal accounts of the diplomat in three jurisdictions (NET-09)
    accounts: list[Account] = []
    for k, country in enumerate(
        [host, *rng.sample([c for c in ("CN", "RU", "MY", "SG", "HK") if c != host], 2)]
    ):
        account = make_account(rng, know.countries[country], personal=True)
        accounts.append(account)
        p.plan.entities.extend(account_entities(account, diplomat.id, f"{diplomat.id}-a{k}"))
        p.plan.entity_truth.append((account.id, account.id))
    for k in range(2):
        supplier = p.supplier()
        result = deal(
            p,
            net,
            seller=supplier,
            buyer=front,
            date=days(when, 45 * k + rng.randrange(0, 20)),
            end_use=pick(rng, know.world["vague_end_uses"]),
            steps={"order": "order", "shipment": "shipment"},
        )
        for n, account in enumerate(accounts[k : k + 2]):
            party = p.person_party(diplomat, "payer", "p1", account=account)
            _payment(
                p,
                net,
                "payment",
                days(result["ship_date"], -rng.randrange(1, 10) + 5 * n),
                party,
                p.party(supplier, "beneficiary", "p2", account=supplier.accounts[0]),
                float(result["value"]) / 2,
                order_ref=result["order"],
                reference=f"INV {rng.randrange(10**5, 10**6)}",
            )
    # a representative of a designated programme bank, paying for several fronts from a local account (NET-10)
    bank = p.company(net, net.programme, "bank", "finance", days(when, -9000), "programme_bank")
    p.state_name(bank, pick(rng, know.world["programme_banks"][net.programme]))
    net.members[-1]["name"] = bank.name.canonical
    p.designate(
        net, bank.id, "Company", [bank.name.canonical], net.programme, days(when, -rng.randrange(200, 900))
    )
    rep = p.person(net, net.programme, host, "bank_representative")
    _position(p, rep, f"Representative of {bank.name.canonical} in {know.countries[host].name}")
    p.plan.entities.append(
        {
            "id": f"{bank.id}-r",
            "schema": "Employment",
            "properties": {"employee": [rep.id], "employer": [bank.id], "role": ["representative"]},
        }
    )
    local = make_account(rng, know.countries[host])
    p.plan.entities.extend(account_entities(local, rep.id, f"{rep.id}-a"))
    p.plan.entity_truth.append((local.id, local.id))
    for k in range(3):
        buyer: Company = new_front(p, net, when, country=pick(rng, ("CN", "HK", "MY", host)), free_mail=False)
        supplier = p.supplier()
        result = deal(
            p,
            net,
            seller=supplier,
            buyer=buyer,
            date=days(when, 20 * k + rng.randrange(0, 15)),
            steps={"order": "client_order"},
        )
        _payment(
            p,
            net,
            "representative_payment",
            days(result["ship_date"], -rng.randrange(1, 8)),
            p.person_party(rep, "payer", "p1", account=local),
            p.party(supplier, "beneficiary", "p2", account=supplier.accounts[0]),
            float(result["value"]),
            order_ref=result["order"],
            reference=f"PO {rng.randrange(1000, 9999)}",
            purpose="Payment for client",
        )
