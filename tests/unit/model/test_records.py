"""The trade-record models: valid records parse, bad ones are refused with the JSON path and a hint."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from interdictor.exc import InputRejected
from interdictor.model import Order, Payment, Shipment, parse_record, read_records


def _order(**changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "id": "ORD-1",
        "kind": "order",
        "date": "2023-05-02",
        "parties": [
            {"ref": "p1", "role": "buyer", "name": "Gulf Crescent Trading LLC", "country": "AE"},
            {"ref": "p2", "role": "seller", "name": "Rhein Antriebstechnik GmbH", "country": "DE"},
        ],
        "items": [
            {
                "line": 1,
                "description": "Frequency converter, 3-phase, output 0-590 Hz",
                "quantity": 4,
                "unit_price": 5200.0,
                "currency": "EUR",
                "hs_code": "8504.40",
                "parameters": [{"name": "output_frequency", "value": 590, "unit": "Hz"}],
            }
        ],
        "currency": "EUR",
    }
    record.update(changes)
    return record


def _problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputRejected) as info:
        parse_record(data)
    return [f"{p.field}: {p.message}" for p in info.value.problems]


def test_a_valid_order_parses() -> None:
    order = parse_record(_order())
    assert isinstance(order, Order)
    assert order.items[0].parameters[0].value == 590
    assert order.party("buyer") is not None


def test_unknown_fields_are_named_with_a_suggestion() -> None:
    data = _order(enduse="resale")
    data["parties"][0]["countyr"] = "AE"
    problems = _problems(data)
    assert "enduse: unknown field 'enduse' (did you mean 'end_use'?)" in problems
    assert "parties[0].countyr: unknown field 'countyr' (did you mean 'country'?)" in problems


def test_unknown_role_and_negative_quantity_give_paths() -> None:
    data = _order()
    data["parties"][0]["role"] = "byer"
    data["items"][0]["quantity"] = -1
    problems = _problems(data)
    assert any(
        p.startswith("parties[0].role: 'byer' is not allowed (did you mean 'buyer'?)") for p in problems
    )
    assert any(p.startswith("items[0].quantity:") for p in problems)


def test_inconsistent_currency_is_refused() -> None:
    data = _order()
    data["items"][0]["currency"] = "USD"
    assert any("priced in USD but the record is in EUR" in p for p in _problems(data))


def test_unknown_kind_and_duplicate_refs() -> None:
    assert any("unknown record kind 'ordr'" in p for p in _problems(_order(kind="ordr")))
    data = _order()
    data["parties"][1]["ref"] = "p1"
    assert any("party ref 'p1' is used twice" in p for p in _problems(data))


def test_payment_needs_one_payer_and_one_beneficiary() -> None:
    data = {
        "id": "PAY-1",
        "kind": "payment",
        "date": "2023-06-01",
        "amount": 1000.5,
        "currency": "USD",
        "parties": [
            {
                "ref": "p1",
                "role": "payer",
                "name": "Wealthy Ocean Enterprises Ltd",
                "country": "HK",
                "account": {
                    "number": "123456789",
                    "type": "corporate",
                    "bank": {"name": "Victoria Harbour Bank Ltd", "bic": "VHBKHKHH", "country": "HK"},
                },
            },
            {
                "ref": "p2",
                "role": "beneficiary",
                "name": "Rhein GmbH",
                "country": "DE",
                "account": {"iban": "DE89370400440532013000"},
            },
        ],
        "intermediary_banks": [{"name": "First Meridian Bank N.A.", "bic": "FMBKUS33", "country": "US"}],
    }
    payment = parse_record(data)
    assert isinstance(payment, Payment)
    data["parties"] = data["parties"][:1]
    assert any("exactly one beneficiary" in p for p in _problems(data))


def test_shipment_legs_and_instructing_party() -> None:
    data = {
        "id": "SHP-1",
        "kind": "shipment",
        "date": "2023-06-10",
        "parties": [{"ref": "p1", "role": "shipper", "name": "Rhein GmbH", "country": "DE"}],
        "legs": [
            {
                "seq": 1,
                "mode": "sea",
                "origin": {"code": "DEHAM", "country": "DE"},
                "destination": {"code": "AEJEA", "country": "AE", "free_zone": "Jebel Ali Free Zone"},
                "departure": "2023-06-10",
                "arrival": "2023-07-01",
                "vessel": {"name": "GLORY STAR", "imo": "9074729", "flag": "PA"},
            },
        ],
        "goods": [
            {"description": "machine parts", "hs_code": "8466.93", "value": 1200, "gross_weight_kg": 80.5}
        ],
        "instructing_party": "p1",
    }
    assert isinstance(parse_record(data), Shipment)
    data["instructing_party"] = "p9"
    data["legs"][0]["arrival"] = "2023-06-01"
    problems = _problems(data)
    assert any("instructing_party 'p9' names no party" in p for p in problems) or any(
        "before departure" in p for p in problems
    )


def test_read_records_reports_bad_lines_and_keeps_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "records.jsonl"
    lines = [json.dumps(_order()), "{not json", json.dumps(_order(id="ORD-2", kind="order", items=[]))]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    results = list(read_records(path))
    assert isinstance(results[0], Order)
    assert isinstance(results[1], InputRejected) and results[1].problems[0].line == 2
    assert isinstance(results[2], InputRejected) and results[2].problems[0].field == "items"
