"""Detectors of money and mission patterns on small hand-made stores: ledger netting between linked
firms (FIN-09), payout accounts shared by identities (FIN-20), firms at a mission's address (NET-09)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interdictor.graph import Finding

from .conftest import _e, _party
from .conftest import store_findings as _found


def _subjects(found: list[Finding], method: str) -> set[str]:
    return {s.node_id for f in found if f.method == method for s in f.subjects}


LINKED = [
    _e("co-my", "Company", name="Bintang Trading Sdn. Bhd.", country="my", registrationNumber="MY-1"),
    _e(
        "co-cn", "Company", name="Qingdao Hengtong Trading Co., Ltd.", country="cn", registrationNumber="CN-1"
    ),
    _e("pe-d", "Person", name="Ahmad bin Khairul", country="my"),
    _e("d1", "Directorship", director="pe-d", organization="co-my"),
    _e("d2", "Directorship", director="pe-d", organization="co-cn"),
]


def _order(
    i: int, seller: str, buyer: str, value: float, countries: tuple[str, str] = ("MY", "CN")
) -> dict[str, Any]:
    return {
        "id": f"ORD-{i}",
        "kind": "order",
        "date": f"2022-0{i}-01",
        "parties": [
            _party("p1", "buyer", buyer, countries[1], type="trading"),
            _party("p2", "seller", seller, countries[0], type="trading"),
        ],
        "items": [
            {
                "line": 1,
                "description": "Absolute pressure transducer",
                "quantity": 1,
                "unit_price": value,
                "currency": "USD",
                "hs_code": "9026.20",
            }
        ],
        "currency": "USD",
        "total_value": value,
    }


def _settlement(amount: float) -> dict[str, Any]:
    return {
        "id": "PAY-9",
        "kind": "payment",
        "date": "2022-06-01",
        "parties": [
            _party("p1", "payer", "Qingdao Hengtong Trading Co., Ltd.", "CN"),
            _party("p2", "beneficiary", "Bintang Trading Sdn. Bhd.", "MY"),
        ],
        "amount": amount,
        "currency": "USD",
        "instrument": "wire",
        "purpose": "Settlement of current account",
    }


@pytest.mark.parametrize(("paid", "fires"), [(4000.0, True), (30000.0, False)])
def test_ledger_netting_between_firms_sharing_a_director(tmp_path: Path, paid: float, fires: bool) -> None:
    seller, buyer = "Bintang Trading Sdn. Bhd.", "Qingdao Hengtong Trading Co., Ltd."
    records = [_order(1, seller, buyer, 15000.0), _order(2, seller, buyer, 16000.0), _settlement(paid)]
    found = _found(tmp_path, LINKED, records)
    subjects = _subjects(found, "ledger_netting")
    assert (subjects == {"party:co-my", "party:co-cn"}) is fires
    if fires:
        finding = next(f for f in found if f.method == "ledger_netting")
        assert finding.flag_id == "FIN-09"
        assert any(step.type == "directs" for path in finding.paths for step in path)


def test_ledger_netting_needs_linked_firms(tmp_path: Path) -> None:
    unlinked = [e for e in LINKED if e["schema"] != "Directorship"]
    seller, buyer = "Bintang Trading Sdn. Bhd.", "Qingdao Hengtong Trading Co., Ltd."
    records = [_order(1, seller, buyer, 15000.0), _order(2, seller, buyer, 16000.0), _settlement(4000.0)]
    assert not _subjects(_found(tmp_path, unlinked, records), "ledger_netting")


def _pay(i: int, name: str, country: str, bank_country: str, number: str) -> dict[str, Any]:
    return {
        "id": f"PAY-{i}",
        "kind": "payment",
        "date": f"2023-0{i}-10",
        "parties": [
            _party("p1", "payer", "Young & Green Sensors Inc.", "US"),
            _party(
                "p2",
                "beneficiary",
                name,
                country,
                type="individual",
                account={
                    "number": number,
                    "type": "personal",
                    "bank": {"name": "Bank", "bic": f"BANK{bank_country}22", "country": bank_country},
                },
            ),
        ],
        "amount": 4200.0,
        "currency": "USD",
        "instrument": "wire",
        "purpose": "Mobile app development",
    }


def test_two_identities_paid_into_one_account_abroad(tmp_path: Path) -> None:
    records = [
        _pay(1, "Kenji Sato", "JP", "CN", "4905350860"),
        _pay(2, "Daniel Brooks", "US", "CN", "4905350860"),
        _pay(3, "Maria Lopez", "US", "US", "7711002200"),
        _pay(4, "Anna Weber", "US", "US", "7711002200"),
    ]
    found = _found(tmp_path, [], records)
    hits = [f for f in found if f.method == "shared_payout_identities"]
    assert len(hits) == 1 and hits[0].flag_id == "FIN-20"
    labels = {s.label for s in hits[0].subjects}
    assert labels == {"Kenji Sato", "Daniel Brooks"}  # the account at home with two names does not fire


MISSION = [
    _e(
        "pb-emb",
        "PublicBody",
        name="Embassy of Iran in United Arab Emirates",
        country="ae",
        address="Unit 326, Jumeirah Lake Towers Cluster X, Dubai",
    ),
    _e("pe-dip", "Person", name="Behrouz Jafari", country="ae", nationality="ir"),
    _e("pe-spouse", "Person", name="Amir Ghasemi", country="ae"),
    _e("pe-clerk", "Person", name="Reza Karimi", country="ae"),
    _e(
        "co-front",
        "Company",
        name="Al Amal Import & Export FZE",
        country="ae",
        address="Unit 326, Jumeirah Lake Towers Cluster X, Dubai",
    ),
    _e(
        "co-other", "Company", name="Desert Rose Catering LLC", country="ae", address="Al Wasl Road 12, Dubai"
    ),
    _e("em1", "Employment", employee="pe-dip", employer="pb-emb"),
    _e("em2", "Employment", employee="pe-clerk", employer="pb-emb"),
    _e("fa1", "Family", person="pe-dip", relative="pe-spouse"),
    _e("di1", "Directorship", director="pe-spouse", organization="co-front"),
]


def test_firm_at_a_mission_with_a_diplomats_relative_as_director(tmp_path: Path) -> None:
    found = _found(tmp_path, MISSION, [])
    hits = [f for f in found if f.method == "mission_business"]
    assert len(hits) == 1 and hits[0].flag_id == "NET-09"
    subjects = {s.node_id for s in hits[0].subjects}
    assert subjects == {"party:pb-emb", "party:co-front", "party:pe-dip", "party:pe-spouse"}
    assert any([s.type for s in path] == ["employed_by", "family", "directs"] for path in hits[0].paths)


def test_a_front_paying_a_party_that_supplied_nothing(tmp_path: Path) -> None:
    listed = [
        _e(
            "gsl-d",
            "Company",
            name="Novin Energy Research Centre",
            country="ir",
            topics="sanction",
            phone="+98 21 5550 1234",
        ),
        _e("gsl-d-s", "Sanction", entity="gsl-d", authority="Test Authority", startDate="2019-05-01"),
        _e("co-front", "Company", name="Gulf Star Trading FZE", country="ae", phone="+98 21 5550 1234"),
    ]
    order = _order(1, "Rhein Antriebstechnik GmbH", "Gulf Star Trading FZE", 15000.0, ("DE", "AE"))
    paid_seller = {
        "id": "PAY-1",
        "kind": "payment",
        "date": "2022-02-01",
        "order_ref": "ORD-1",
        "parties": [
            _party("p1", "payer", "Gulf Star Trading FZE", "AE"),
            _party("p2", "beneficiary", "Rhein Antriebstechnik GmbH", "DE"),
        ],
        "amount": 15000.0,
        "currency": "USD",
        "instrument": "wire",
    }
    commission = {
        **paid_seller,
        "id": "PAY-2",
        "order_ref": None,
        "parties": [
            _party("p1", "payer", "Gulf Star Trading FZE", "AE"),
            _party("p2", "beneficiary", "Yuanyang Economic and Trade Co., Ltd.", "CN"),
        ],
        "amount": 750.0,
        "purpose": "Commission",
    }
    del commission["order_ref"]
    found = _found(tmp_path, listed, [order, paid_seller, commission])
    hits = [f for f in found if f.method == "unexplained_payee"]
    assert [s.label for f in hits for s in f.subjects] == ["Yuanyang Economic and Trade Co., Ltd."]
    assert hits[0].flag_id == "NET-07"
