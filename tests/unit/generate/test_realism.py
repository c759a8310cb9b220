"""What the truth says is what the records show: legitimate trade that does not look planted, planted
methods visible in the records, vessel identities as the papers give them."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest

from interdictor.generate.data import knowledge

Row = tuple[dict[str, Any], dict[str, Any]]


@pytest.fixture(scope="module")
def rows(world: Path) -> list[Row]:
    records = [json.loads(line) for line in (world / "transactions.jsonl").open("rb")]
    truth = [json.loads(line) for line in (world / "truth" / "transactions.jsonl").open("rb")]
    return list(zip(records, truth, strict=True))


@pytest.fixture(scope="module")
def entities(world: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (world / "entities.ftm.json").open("rb")]


@pytest.fixture(scope="module")
def party_entity(world: Path) -> dict[str, str]:
    rows = csv.DictReader((world / "truth" / "entities.csv").open(encoding="utf-8"))
    return {r["record_id"]: r["entity_id"] for r in rows if r["record_type"] == "party"}


def _imo_valid(imo: str) -> bool:
    return sum(int(d) * w for d, w in zip(imo[:6], range(7, 1, -1), strict=True)) % 10 == int(imo[6])


def test_every_method_of_every_scheme_is_shown_by_its_records(rows: list[Row]) -> None:
    know = knowledge()
    shown: dict[str, set[str]] = defaultdict(set)
    for _, truth in rows:
        if truth["planted"]:
            shown[truth["scheme"]] |= set(truth["methods"])
    for scheme_id, scheme in know.schemes.items():
        assert set(scheme.methods) <= shown[scheme_id], scheme_id
    every = {m for s in know.schemes.values() for m in s.methods}
    assert {f"M-{n:02d}" for n in range(1, 25)} <= every


def test_legitimate_shipments_declare_the_heading_of_their_goods(rows: list[Row]) -> None:
    know = knowledge()
    headings = {g.hs for g in know.goods} | {h for f in know.families.values() for h in f.hs}
    orders = {r["id"]: r for r, _ in rows if r["kind"] == "order"}
    checked = 0
    for record, truth in rows:
        if record["kind"] != "shipment" or truth["planted"]:
            continue
        order = orders[record["order_ref"]]
        for item, declared in zip(order["items"], record["goods"], strict=True):
            assert declared["hs_code"] in headings
            if "hs_code" in item:
                assert declared["hs_code"] == item["hs_code"]
            else:
                assert item["description"] in {
                    d for g in know.goods if g.hs == declared["hs_code"] for d in g.descriptions
                }
            checked += 1
    assert checked > 1000


def test_a_parent_that_pays_is_a_registered_shareholder_and_no_third_party(
    rows: list[Row], entities: list[dict[str, Any]], party_entity: dict[str, str]
) -> None:
    owners = {
        (e["properties"]["owner"][0], e["properties"]["asset"][0])
        for e in entities
        if e["schema"] == "Ownership"
    }
    orders = {r["id"]: r for r, _ in rows if r["kind"] == "order"}
    parents = 0
    for record, truth in rows:
        if record["kind"] != "payment" or truth["planted"]:
            continue
        payer = party_entity[f"{record['id']}/p1"]
        buyer = party_entity[f"{orders[record['order_ref']]['id']}/p1"]
        if payer != buyer:
            parents += 1
            assert (payer, buyer) in owners
            assert "FIN-01" not in truth["flags"]
            assert "subsidiary" in record["purpose"]
    assert parents > 20


def test_distributors_name_their_customer_and_documents_spell_one_company_one_way(rows: list[Row]) -> None:
    for record, truth in rows:
        if truth["planted"]:
            continue
        for party in record["parties"]:
            if party["role"] == "end_user":
                assert party["type"] not in ("trading", "distributor", "forwarder"), record["id"]
        if record["kind"] == "end_user_certificate":
            end_user, issuer = record["parties"]
            assert end_user["name"] == issuer["name"]


def test_benign_flags_follow_what_the_record_shows(rows: list[Row]) -> None:
    free_mail = {d for c in knowledge().countries.values() for d in c.free_mail}
    for record, truth in rows:
        buyers = [p for p in record["parties"] if p["role"] == "buyer"]
        webmail = any(p.get("email", "@").split("@")[1] in free_mail for p in buyers)
        assert ("ORD-10" in truth["flags"]) == webmail, record["id"]
        day = dt.date.fromisoformat(record["date"])
        young = any(
            (day - dt.date.fromisoformat(p["incorporation_date"])).days < 730
            for p in record["parties"]
            if "incorporation_date" in p and p["role"] in ("buyer", "consignee", "end_user", "payer")
        )
        assert ("ORD-09" in truth["flags"]) == young, record["id"]


def test_legitimate_weights_follow_the_goods(rows: list[Row]) -> None:
    for record, truth in rows:
        if record["kind"] == "shipment" and not truth["planted"]:
            lines = [g["gross_weight_kg"] for g in record["goods"] if "gross_weight_kg" in g]
            if len(lines) == len(record["goods"]):
                assert sum(lines) == pytest.approx(record["gross_weight_kg"], abs=0.2 * len(lines) + 1)


def test_laundered_vessels_sail_under_each_identity_and_truth_follows_the_papers(
    rows: list[Row], entities: list[dict[str, Any]]
) -> None:
    registered: dict[str, set[str]] = defaultdict(set)
    for e in entities:
        if e["schema"] == "Vessel":
            registered[e["properties"]["imoNumber"][0]].add(e["id"])
    voyages: dict[str, list[Row]] = defaultdict(list)
    for record, truth in rows:
        if truth["scheme"] == "vessel_identity" and record["kind"] == "shipment":
            voyages[truth["network"]].append((record, truth))
    assert voyages
    for shipments in voyages.values():
        vessels = {leg["vessel"]["imo"]: leg["vessel"] for r, _ in shipments for leg in r["legs"]}
        assert len(vessels) == 1
        imo = next(iter(vessels))
        names = {leg["vessel"]["name"] for r, _ in shipments for leg in r["legs"]}
        flags = {leg["vessel"]["flag"] for r, _ in shipments for leg in r["legs"]}
        assert len(names) == len(shipments) >= 3 and len(flags) >= 3
        tampered = not _imo_valid(imo) or len(registered[imo]) > 1
        for _, truth in shipments:
            assert ("SHP-18" in truth["flags"]) == tampered
    # ordinary ships: valid numbers, one registered ship per number, the name of the day on the papers
    ordinary = {
        leg["vessel"]["imo"]
        for record, truth in rows
        if not truth["planted"]
        for leg in record.get("legs", ())
        if "vessel" in leg
    }
    assert all(_imo_valid(imo) and len(registered[imo]) == 1 for imo in ordinary)
    assert not any("SHP-18" in t["flags"] for _, t in rows if not t["planted"])


def _by_scheme(rows: list[Row], scheme: str) -> list[Row]:
    return [(r, t) for r, t in rows if t["scheme"] == scheme]


def test_cash_gold_and_virtual_assets_are_visible(world: Path, rows: list[Row]) -> None:
    instruments = {r["instrument"] for r, _ in _by_scheme(rows, "cash_and_gold") if r["kind"] == "payment"}
    assert {"cash", "gold"} <= instruments
    sanctions = [json.loads(line) for line in (world / "sanctions.ftm.json").open("rb")]
    wallets = {k for e in sanctions if e["schema"] == "CryptoWallet" for k in e["properties"]["publicKey"]}
    va = [r for r, _ in _by_scheme(rows, "it_workers") if r["instrument"] == "virtual_asset"]
    assert va and all(r["parties"][1]["account"]["number"] in wallets for r in va)
    wires = [r for r, _ in _by_scheme(rows, "it_workers") if r["instrument"] == "wire"]
    assert all(r["parties"][1]["account"]["bank"]["country"] == "CN" for r in wires)
    assert all(r["parties"][1]["country"] != "CN" for r in wires)


def test_remitter_passes_money_on_within_two_days(rows: list[Row], party_entity: dict[str, str]) -> None:
    payments = [r for r, _ in _by_scheme(rows, "remitter") if r["kind"] == "payment"]
    inflows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in payments:
        inflows[party_entity[f"{r['id']}/p2"]].append(r)
    agent, received = max(inflows.items(), key=lambda kv: len(kv[1]))
    sent = [r for r in payments if party_entity[f"{r['id']}/p1"] == agent]
    assert len(received) >= 5 and len(sent) == len(received)
    total_in = sum(r["amount"] for r in received)
    passed = sum(
        s["amount"]
        for s in sent
        if any(
            0 <= (dt.date.fromisoformat(s["date"]) - dt.date.fromisoformat(i["date"])).days <= 2
            for i in received
        )
    )
    assert passed / total_in >= 0.9


def test_domestic_sales_diplomats_spares_and_production_means_are_visible(
    rows: list[Row], entities: list[dict[str, Any]]
) -> None:
    orders = [r for r, _ in _by_scheme(rows, "domestic_sale") if r["kind"] == "order"]
    assert len({o["sales_rep"] for o in orders}) == 1 and len(orders) >= 3
    for order in orders:
        seller = next(p for p in order["parties"] if p["role"] == "seller")
        buyer = next(p for p in order["parties"] if p["role"] == "buyer")
        assert seller["country"] == buyer["country"] != order["items"][0]["origin_country"]
    truths = [t for _, t in rows if t["planted"]]
    assert any(i.get("part_of") for t in truths for i in t.get("items", ()))
    assert any(i.get("input_for") for t in truths for i in t.get("items", ()))
    positions = {e["id"] for e in entities if e["schema"] == "Person" and e["properties"].get("position")}
    payers = [
        p
        for r, _ in _by_scheme(rows, "diplomatic_cover")
        if r["kind"] == "payment"
        for p in r["parties"]
        if p["role"] == "payer"
    ]
    assert payers and all(
        p["type"] == "individual" and p["nationality"] in ("IR", "KP", "SY") for p in payers
    )
    assert len(positions) >= 2
