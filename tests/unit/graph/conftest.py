"""A small hand-made case: a registry, a sanctions list and trade records, written as the loaders take them.

The registry holds a designated end user's network: an agent directing two fronts that share a PO box
and phone, a successor incorporated after the front's designation at the same address, a parent
owning a company through a chain (50 % rule), an ownership cycle and a self-loop (bad input that
must not break anything), and two honest companies. Records: a front buys from an honest maker and
ships to the designated end user, a shell pays for the front's order, and a forwarder carries goods.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from interdictor.assess.history import RecordHistory
from interdictor.graph import Finding, build_graph, findings
from interdictor.lists import read_list
from interdictor.model import parse_record
from interdictor.store import Store


def _e(id_: str, schema: str, **props: Any) -> dict[str, Any]:
    return {
        "id": id_,
        "schema": schema,
        "properties": {k: v if isinstance(v, list) else [v] for k, v in props.items()},
    }


REGISTRY = [
    _e("co-eu", "Company", name="Novin Energy Research Centre", country="ir", registrationNumber="IR-55501"),
    _e("pe-agent", "Person", name="Farhad Nouri", country="ae", nationality="ir"),
    _e(
        "co-f1",
        "Company",
        name="Gulf Star Trading FZE",
        country="ae",
        registrationNumber="AE-77001",
        address="PO Box 4821, Jebel Ali, Dubai",
        phone="+971 4 555 0101",
        incorporationDate="2020-01-10",
    ),
    _e(
        "co-f2",
        "Company",
        name="Crescent Horizon General Trading LLC",
        country="ae",
        registrationNumber="AE-77002",
        address="PO Box 4821, Jebel Ali, Dubai",
        phone="+971 4 555 0101",
        incorporationDate="2020-02-11",
    ),
    _e(
        "co-succ",
        "Company",
        name="Gulf Star Trading (FTZ) FZE",
        country="ae",
        registrationNumber="AE-77009",
        address="PO Box 4821, Jebel Ali, Dubai",
        incorporationDate="2021-09-01",
    ),
    _e(
        "co-maker",
        "Company",
        name="Rhein Antriebstechnik GmbH",
        country="de",
        registrationNumber="HRB-10001",
        address="Hauptstrasse 1, Karlsruhe",
    ),
    _e("co-fwd", "Company", name="Hanse Spedition GmbH", country="de", registrationNumber="HRB-10002"),
    _e(
        "co-shell",
        "Company",
        name="Wealthy Ocean Enterprises Ltd",
        country="hk",
        registrationNumber="HK-3003",
    ),
    _e("co-parent", "Company", name="Orient Holding Ltd", country="hk", registrationNumber="HK-3004"),
    _e("co-sub", "Company", name="Orient Precision Ltd", country="hk", registrationNumber="HK-3005"),
    _e("co-loop", "Company", name="Circle Trading Ltd", country="hk", registrationNumber="HK-3006"),
    _e("d1", "Directorship", director="pe-agent", organization="co-f1", role="Director"),
    _e("d2", "Directorship", director="pe-agent", organization="co-f2", role="Director"),
    _e("o1", "Ownership", owner="co-f1", asset="co-parent", percentage="30"),
    _e("o2", "Ownership", owner="co-eu", asset="co-parent", percentage="25"),
    _e("o3", "Ownership", owner="co-parent", asset="co-sub", percentage="60"),
    _e("o4", "Ownership", owner="co-sub", asset="co-loop", percentage="50"),
    _e("o5", "Ownership", owner="co-loop", asset="co-sub", percentage="40"),
    _e("o6", "Ownership", owner="co-loop", asset="co-loop", percentage="10"),
    _e("ba1", "BankAccount", accountNumber="58210937745", bic="VHBKHKHH"),
    _e("o7", "Ownership", owner="co-shell", asset="ba1", ownershipType="account holder"),
]
SANCTIONS = [
    _e("gsl-eu", "Company", name="Novin Energy Research Centre", country="ir", topics="sanction"),
    _e("gsl-eu-s", "Sanction", entity="gsl-eu", authority="Test Authority", startDate="2019-05-01"),
    _e(
        "gsl-f1",
        "Company",
        name="Gulf Star Trading FZE",
        country="ae",
        topics="sanction",
        registrationNumber="AE-77001",
    ),
    _e("gsl-f1-s", "Sanction", entity="gsl-f1", authority="Test Authority", startDate="2021-03-01"),
]


def _party(ref: str, role: str, name: str, country: str, **extra: Any) -> dict[str, Any]:
    return {"ref": ref, "role": role, "name": name, "country": country, **extra}


RECORDS = [
    {
        "id": "ORD-1",
        "kind": "order",
        "date": "2021-06-01",
        "parties": [
            _party("p1", "buyer", "Gulf Star Trading (FTZ) FZE", "AE", type="trading"),
            _party("p2", "seller", "Rhein Antriebstechnik GmbH", "DE", type="manufacturer"),
        ],
        "items": [
            {
                "line": 1,
                "description": "Frequency converter 590 Hz",
                "quantity": 2,
                "unit_price": 5000.0,
                "currency": "EUR",
                "hs_code": "8504.40",
            }
        ],
        "currency": "EUR",
        "total_value": 10000.0,
    },
    {
        "id": "PAY-1",
        "kind": "payment",
        "date": "2021-06-05",
        "order_ref": "ORD-1",
        "parties": [
            _party(
                "p1",
                "payer",
                "Wealthy Ocean Enterprises Ltd",
                "HK",
                account={
                    "number": "58210937745",
                    "type": "corporate",
                    "bank": {"name": "Victoria Harbour Bank", "bic": "VHBKHKHH", "country": "HK"},
                },
            ),
            _party(
                "p2",
                "beneficiary",
                "Rhein Antriebstechnik GmbH",
                "DE",
                account={
                    "iban": "DE89370400440532013000",
                    "type": "corporate",
                    "bank": {"name": "Rheinische Bank", "bic": "RHHBDEFF", "country": "DE"},
                },
            ),
        ],
        "amount": 10000.0,
        "currency": "EUR",
        "instrument": "wire",
        "intermediary_banks": [
            {"name": "Gulf Bank", "bic": "GCBKAEAD", "country": "AE"},
            {"name": "Straits Bank", "bic": "STMBSGSG", "country": "SG"},
        ],
    },
    {
        "id": "SHP-1",
        "kind": "shipment",
        "date": "2021-07-01",
        "order_ref": "ORD-1",
        "parties": [
            _party("p1", "shipper", "Gulf Star Trading (FTZ) FZE", "AE"),
            _party("p2", "consignee", "Novin Energy Research Centre", "IR"),
            _party("p3", "forwarder", "Hanse Spedition GmbH", "DE", type="forwarder"),
        ],
        "legs": [
            {
                "seq": 1,
                "mode": "sea",
                "origin": {"code": "AEJEA", "country": "AE"},
                "destination": {"code": "IRBND", "country": "IR"},
                "vessel": {"name": "GLORY STAR", "imo": "9074729", "flag": "PA"},
            }
        ],
        "goods": [
            {"description": "Frequency converter", "hs_code": "8504.40", "quantity": 2, "value": 10000.0}
        ],
    },
]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def store_findings(
    folder: Path, entities: list[dict[str, Any]], records: list[dict[str, Any]]
) -> list[Finding]:
    """The findings of a graph built from a registry (FtM entities, loaded as a list) and records."""
    folder.mkdir(parents=True, exist_ok=True)
    with Store(folder / "store.duckdb") as store:
        if entities:
            store.load(read_list(write_jsonl(folder / "registry.ftm.json", entities), format="ftm-json"))
        if records:
            RecordHistory(store.con).save([parse_record(r) for r in records])
        build_graph(store)
        return findings(store.con)


def make_store(folder: Path, *, records: bool = True) -> Path:
    """A store with the registry, the sanctions list and (optionally) the records."""
    db = folder / "store.duckdb"
    with Store(db) as store:
        store.load(read_list(write_jsonl(folder / "registry.ftm.json", REGISTRY), format="ftm-json"))
        store.load(read_list(write_jsonl(folder / "sanctions.ftm.json", SANCTIONS), format="ftm-json"))
        if records:
            RecordHistory(store.con).save([parse_record(r) for r in RECORDS])
    return db


@pytest.fixture(scope="session")
def case_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The case with its graph built once; tests must not change it (copy it when they do)."""
    from interdictor.graph import build_graph

    db = make_store(tmp_path_factory.mktemp("graph"))
    with Store(db) as store:
        build_graph(store)
    return db
