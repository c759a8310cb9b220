"""Table-driven rule cases: each executable flag fires on a small change to a clean deal and not on it."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from history_cases import history_edits  # type: ignore[import-not-found]

from interdictor.assess import assess
from interdictor.flags import Deal, Outcome, default_catalogue, default_reference, evaluate_flag
from interdictor.flags.rules import imo_valid
from interdictor.model import parse_record

BASE: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "flags" / "base_deal.json").read_text()
)

REC = {"O1": 0, "C1": 1, "L1": 2, "S1": 3, "P1": 4}
CONTROLLED = "Frequency converter, 3-phase, output frequency 0-1200 Hz, 15 kVA, frequency stability 0.05 %"
MEANS = "Electron-beam welding fixture for capacitance manometer diaphragms"
NEAR = "Frequency converter, 3-phase, output 0-590 Hz, 15 kVA, frequency stability 0.1 %"


def party(rec: dict[str, Any], role: str) -> dict[str, Any]:
    return next(p for p in rec["parties"] if p["role"] == role)


def _evaluate(records: list[dict[str, Any]], flag_id: str, history: list[dict[str, Any]] = ()) -> Any:  # type: ignore[assignment]
    results = assess([parse_record(r) for r in records], history=[parse_record(h) for h in history])
    fired = {f.flag_id: f for a in results for f in a.fired}
    return fired.get(flag_id)


def _edit(flag: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(records, history) of a hit case for `flag`."""
    d = copy.deepcopy(BASE)
    o, c, lic, s, p = d
    history: list[dict[str, Any]] = []
    edits = {
        "ORD-02": lambda: o.update(end_use="trading"),
        "ORD-08": lambda: o.update(declined_services=["installation and training"]),
        "ORD-09": lambda: party(o, "buyer").update(incorporation_date="2023-10-01"),
        "ORD-10": lambda: party(o, "buyer").update(email="nordwerk77@gmail.com"),
        "ORD-11": lambda: party(o, "buyer").update(phone="+98 912 1234567"),
        "ORD-12": lambda: party(o, "buyer").update(country="AE", name="Al Noor General Trading LLC"),
        "ORD-13": lambda: party(c, "end_user").update(type="military"),
        "ORD-14": lambda: party(o, "end_user").update(type="trading"),
        "ORD-15": lambda: [
            o["items"][0].update(description=CONTROLLED),
            party(o, "buyer").update(type="trading"),
        ],
        "ORD-16": lambda: o["items"][0].update(description=NEAR, hs_code="8504.40"),
        "ORD-19": lambda: o.update(special_instructions="Use neutral packing please"),
        "ORD-20": lambda: history.append(
            {
                **copy.deepcopy(lic),
                "id": "L0",
                "date": "2023-06-01",
                "order_ref": None,
                "decision": {"outcome": "denied"},
                "parties": [
                    lic["parties"][0],
                    {"ref": "e", "role": "end_user", "name": "Navy Yard 7", "country": "MM"},
                ],
            }
        ),
        "ORD-21": lambda: party(s, "consignee").update(name="Gulf Feeder Logistics"),
        "ORD-23": lambda: [
            o["items"][0].update(description=CONTROLLED, origin_country="US"),
            party(o, "seller").update(country="AT"),
            party(o, "buyer").update(type="trading"),
            d.remove(c),
        ],
        "ORD-25": lambda: party(o, "buyer").update(nationality="IR"),
        "ORD-26": lambda: s["legs"][0]["destination"].update(country="IR"),
        "ORD-28": lambda: [s.update(routed_export=True), o["items"][0].update(description=CONTROLLED)],
        "ORD-27": lambda: [
            o["items"][0].update(description=MEANS, hs_code="8515.80"),
            party(o, "buyer").update(type="trading", industry="general trading"),
        ],
        "FIN-01": lambda: party(p, "payer").update(name="Wealthy Ocean Enterprises Ltd"),
        "FIN-02": lambda: p.update(intermediary_banks=[{"name": "Straits Merchant Bank", "country": "SG"}]),
        "FIN-04": lambda: p.update(instrument="cash", amount=12000.0),
        "FIN-05": lambda: p.update(instrument="gold"),
        "FIN-06": lambda: party(p, "payer")["account"].update(type="personal"),
        "FIN-11": lambda: [
            p.update(instrument="letter_of_credit"),
            party(s, "consignee").update(type="bank"),
            s["parties"].remove(party(s, "end_user")),
        ],
        "FIN-12": lambda: party(p, "beneficiary").update(name="Orient Star Trading"),
        "FIN-13": lambda: p.update(amount=150.0),
        "FIN-14": lambda: s.update(freight_cost=900.0),
        "FIN-15": lambda: p.update(intermediary_banks=[{"name": "Bank of Yangon", "country": "MM"}]),
        "FIN-16": lambda: [
            o["items"][0].update(description=CONTROLLED),
            lic["decision"].update(outcome="pending"),
        ],
        "SHP-01": lambda: [
            o["items"][0].update(description=CONTROLLED),
            party(s, "consignee").update(type="forwarder"),
            [r["parties"].remove(party(r, "end_user")) for r in (o, lic, s)],
            d.remove(c),
        ],
        "SHP-02": lambda: party(s, "consignee")["address"].update(free_zone="Jebel Ali Free Zone"),
        "SHP-03": lambda: s.update(destination_country="DE"),
        "SHP-04": lambda: s.update(
            legs=[
                {"seq": i + 1, "mode": "sea", "origin": {"country": a}, "destination": {"country": b}}
                for i, (a, b) in enumerate([("DE", "NL"), ("NL", "BE"), ("BE", "AT")])
            ]
        ),
        "SHP-05": lambda: s["legs"][0]["destination"].update(country="AE"),
        "SHP-06": lambda: o.pop("delivery_terms"),
        "SHP-07": lambda: s.update(
            amendments=[
                {"date": "2024-03-11", "field": "consignee", "old": "A", "new": "B", "seller_notified": False}
            ]
        ),
        "SHP-09": lambda: s["goods"][0].update(description="machine parts", hs_code="8479.89"),
        "SHP-10": lambda: s["goods"][0].update(hs_code="8479.89"),
        "SHP-12": lambda: c.update(date="2024-03-20"),
        "SHP-15": lambda: [party(s, "consignee").update(country="AT"), s.update(instructing_party="c")],
        "SHP-18": lambda: s["legs"][0].update(vessel={"name": "GLORY", "imo": "9074728"}),
        "EU-01": lambda: c.update(signed=False),
        "EU-02": lambda: c["verification"].update(result="denied"),
        "EU-03": lambda: [
            party(o, "buyer").update(type="trading"),
            o["items"][0].update(description=CONTROLLED),
        ],
        "EU-06": lambda: party(o, "end_user")["address"].update(kind="po_box"),
        "EU-07": lambda: history.append(
            {
                **copy.deepcopy(lic),
                "id": "L0",
                "date": "2020-01-01",
                "order_ref": None,
                "decision": {"outcome": "denied"},
            }
        ),
    }
    edits.update(history_edits(d, history))
    edits[flag]()
    return d, history


EXECUTABLE = [f.id for f in default_catalogue() if f.executable and f.id != "ORD-01"]


def test_clean_base_fires_nothing() -> None:
    results = assess([parse_record(r) for r in BASE])
    assert len(results) == 1
    assert [f.flag_id for f in results[0].fired] == []
    assert results[0].risk.band == "none"


@pytest.mark.parametrize("flag_id", EXECUTABLE)
def test_rule_hit(flag_id: str) -> None:
    records, history = _edit(flag_id)
    found = _evaluate(records, flag_id, history)
    assert found is not None, f"{flag_id} did not fire"
    ev = found.evidence[0]
    assert ev.message and "?" not in ev.message.split()[0] and ev.field


def test_not_evaluable_names_missing_fields() -> None:
    order = parse_record(BASE[0])
    result = evaluate_flag(default_catalogue()["EU-01"], Deal("d", [order]), default_reference())
    assert result.outcome == Outcome.NOT_EVALUABLE and result.missing == ["eucs[]"]


def test_screening_absent_is_not_evaluable_never_clear() -> None:
    result = assess([parse_record(r) for r in BASE])[0]
    assert "ORD-01" in [f.flag_id for f in result.not_evaluable]


def test_evidence_cites_reference_version() -> None:
    records, _ = _edit("ORD-26")
    found = _evaluate(records, "ORD-26")
    assert found.evidence[0].reference == f"restricted_destinations@{default_reference().version}"
    assert found.evidence[0].record_id == "S1" and found.evidence[0].field == "legs[0].destination.country"


def test_imo_check_digit() -> None:
    assert imo_valid("9074729") and not imo_valid("9074728") and not imo_valid("12345")


def test_shp01_end_user_named_elsewhere_in_the_deal() -> None:
    """The transport document names only a forwarder, but the order names the industrial end user:
    the end user is identified, so SHP-01 stays clear; an intermediary named as end user does not count."""
    d = copy.deepcopy(BASE)
    o, _, _, s, _ = d
    o["items"][0].update(description=CONTROLLED)
    party(s, "consignee").update(type="forwarder")
    s["parties"].remove(party(s, "end_user"))
    assert _evaluate(d, "SHP-01") is None
    for rec in d:
        for p in rec["parties"]:
            if p["role"] == "end_user":
                p["type"] = "trading"
    assert _evaluate(d, "SHP-01") is not None


def test_ord14_an_order_naming_no_receiver_delivers_to_its_trading_buyer() -> None:
    """A trading buyer of near-threshold goods on an order that names no consignee or end user, in a deal
    naming no end user: the buyer is the consignee, an intermediary. A manufacturer buyer, or an end user
    named on another document, keeps ORD-14 clear; ordinary goods too."""
    d = copy.deepcopy(BASE)
    o = d[0]
    o["items"][0].update(description=NEAR, hs_code="8504.40")
    party(o, "buyer").update(type="trading")
    for rec in d:
        rec["parties"] = [p for p in rec["parties"] if p["role"] not in {"end_user", "consignee"}]
    only_order = [o]
    found = _evaluate(only_order, "ORD-14")
    assert found is not None and found.evidence[0].record_id == "O1"
    assert _evaluate(d, "ORD-14") is not None
    party(o, "buyer").update(type="manufacturer")
    assert _evaluate(only_order, "ORD-14") is None
    party(o, "buyer").update(type="trading")
    o["items"][0].update(description="Office chair, swivel, black", hs_code="9401.31")
    assert _evaluate(only_order, "ORD-14") is None
    inquiry = {
        "id": "I1",
        "kind": "inquiry",
        "date": o["date"],
        "parties": [party(o, "buyer"), party(o, "seller")],
        "items": [{"line": 1, "description": NEAR, "quantity": 2, "hs_code": "8504.40"}],
    }
    assert _evaluate([inquiry], "ORD-14") is not None
    named = copy.deepcopy(BASE)
    named[0]["items"][0].update(description=NEAR, hs_code="8504.40")
    party(named[0], "buyer").update(type="trading")
    named[0]["parties"] = [p for p in named[0]["parties"] if p["role"] != "end_user"]
    assert _evaluate(named, "ORD-14") is None


def test_a_de_rated_item_of_a_control_list_family_counts_as_sensitive() -> None:
    """Well below the limit a frequency converter is ordinary goods; once the buyer asks for it to be
    upgraded to full range later it is judged by what it is to become (ORD-14 and SHP-01 read it)."""
    o = copy.deepcopy(BASE[0])
    o["items"][0].update(
        description="Frequency converter, 3-phase, output 0-100 Hz, 15 kVA", hs_code="8504.40"
    )
    party(o, "buyer").update(type="trading")
    o["parties"] = [p for p in o["parties"] if p["role"] != "end_user"]
    assert _evaluate([o], "ORD-14") is None
    o["special_instructions"] = "Firmware upgrade to full range to follow"
    assert _evaluate([o], "ORD-14") is not None


def test_the_production_means_of_a_control_list_item_count_as_sensitive() -> None:
    """A welding fixture for capacitance-manometer diaphragms names no control entry itself, but it makes
    one (ORD-27's production means): a trading buyer naming no one else as receiver is ORD-14."""
    o = copy.deepcopy(BASE[0])
    party(o, "buyer").update(type="trading")
    o["parties"] = [p for p in o["parties"] if p["role"] != "end_user"]
    assert _evaluate([o], "ORD-14") is None
    o["items"][0].update(description=MEANS, hs_code="8515.80")
    assert _evaluate([o], "ORD-14") is not None


def test_a_part_for_a_system_of_a_control_list_family_counts_as_sensitive() -> None:
    """A servo board for a named accelerometer is a component of a control-list system (the entries cover
    their specially designed components): a trading requester naming no one else is ORD-14."""
    o = copy.deepcopy(BASE[0])
    party(o, "buyer").update(type="trading")
    o["parties"] = [p for p in o["parties"] if p["role"] != "end_user"]
    o["items"][0].update(description="Servo electronics board for accelerometer QA-9488", hs_code="9031.90")
    assert _evaluate([o], "ORD-14") is not None
    o["items"][0].update(description="Castor wheel for office chair CH-200", hs_code="9401.90")
    assert _evaluate([o], "ORD-14") is None


@pytest.mark.parametrize("domain", ["web.de", "tm.net.my", "naver.com", "netvigator.com", "libero.it"])
def test_ord10_national_webmail_and_provider_mailboxes_are_free_mail(domain: str) -> None:
    d = copy.deepcopy(BASE)
    party(d[0], "buyer").update(email=f"nordwerk77@{domain}")
    assert _evaluate(d, "ORD-10") is not None
    party(d[0], "buyer").update(email="buy@nordwerk.at")
    assert _evaluate(d, "ORD-10") is None


def test_ord13_research_end_user_counts_only_in_a_country_of_concern() -> None:
    d = copy.deepcopy(BASE)
    party(d[1], "end_user").update(type="research")
    assert _evaluate(d, "ORD-13") is None
    party(d[1], "end_user").update(type="research", country="IR")
    assert _evaluate(d, "ORD-13") is not None


def test_ord21_transliterated_consignee_at_the_licensed_address_is_licensed() -> None:
    d = copy.deepcopy(BASE)
    _, _, lic, s, _ = d
    lic["parties"].append(
        {
            "ref": "c",
            "role": "consignee",
            "name": "Woosung Co., Ltd.",
            "country": "KR",
            "address": {"street": "Jungang-daero 366", "city": "Seoul", "country": "KR"},
        }
    )
    party(s, "consignee").update(
        name="USEONG CORPORATION", address={"street": "Jungang-daero 366", "city": "Seoul", "country": "KR"}
    )
    s["parties"].remove(party(s, "end_user"))
    assert _evaluate(d, "ORD-21") is None
    party(s, "consignee")["address"].update(street="Sejong-daero 1")
    assert _evaluate(d, "ORD-21") is not None


def test_fin07_a_payment_into_a_pass_through_account_fires() -> None:
    """The base payment's payer passes money through (the history case); a payment *into* that account,
    assessed on its own, is part of the same pattern."""
    records, history = _edit("FIN-07")
    pay = records[4]
    inflow = copy.deepcopy(history[0])
    inflow.update(id="Q1", order_ref=None)
    history = [*history[1:], {**pay, "order_ref": None}]
    assert _evaluate([inflow], "FIN-07", history) is not None


def test_ord11_payee_phone_from_another_country() -> None:
    d = copy.deepcopy(BASE)
    party(d[4], "beneficiary").update(phone="+86 139 1234 5678")
    found = _evaluate(d, "ORD-11")
    assert found is not None and found.evidence[0].record_id == "P1"


def test_ord21_abbreviated_and_misspelt_consignee_is_the_licensed_one() -> None:
    d = copy.deepcopy(BASE)
    _, _, lic, s, _ = d
    lic["parties"].append(
        {"ref": "c", "role": "consignee", "name": "Frontier Allied International Ltd", "country": "US"}
    )
    party(s, "consignee").update(name="Frrontier Allied Int'l Ltd")
    s["parties"].remove(party(s, "end_user"))
    assert _evaluate(d, "ORD-21") is None
    party(s, "consignee").update(name="Pacific Rim Allied Trading Ltd")
    assert _evaluate(d, "ORD-21") is not None


def test_eu08_parts_of_key_systems_count_toward_the_capability() -> None:
    """Parts for a pump, a manometer and a machining centre, then a controlled converter: four families
    of the centrifuge bundle, although no part is itself controlled."""
    d = copy.deepcopy(BASE)
    o = d[0]
    o["items"][0].update(description=CONTROLLED, hs_code="8504.40")
    parts = [
        "Bearing kit for turbomolecular pump TMP-368",
        "Sensor diaphragm assembly for capacitance manometer 722-3250",
        "Linear scale set for machining centre DMU-6764",
    ]
    history = []
    for i, text in enumerate(parts):
        h = copy.deepcopy(o)
        h.update(id=f"H{i}", date=f"2023-0{i + 1}-01")
        line = {"line": 1, "description": text, "quantity": 20, "unit_price": 100.0, "currency": "EUR"}
        h["items"] = [line]
        history.append(h)
    assert _evaluate(d, "EU-08", history) is not None
    assert _evaluate(d, "EU-08", history[:1]) is None


def test_ord27_production_means_from_a_maker_of_the_end_item_is_ordinary() -> None:
    """A manometer maker buying a diaphragm welding fixture equips its own line; a trader asking for it, or
    for a licence to build frequency converters, asks for the means to make a controlled item (M-23)."""
    d = copy.deepcopy(BASE)
    o = d[REC["O1"]]
    o["items"][0].update(description=MEANS, hs_code="8515.80")
    party(o, "buyer").update(type="manufacturer", industry="Vacuum instruments")
    assert _evaluate(d, "ORD-27") is None
    party(o, "buyer").update(type="end_user_industrial", industry="Semiconductor equipment")
    assert _evaluate(d, "ORD-27") is None  # makes its own sensors in-house
    party(o, "buyer").update(type="end_user_industrial", industry="Food packaging")
    assert _evaluate(d, "ORD-27") is not None
    party(o, "buyer").update(type="trading", industry="general trading")
    o["items"][0].update(description="Manufacturing documentation and licence to build frequency converters")
    fired = _evaluate(d, "ORD-27")
    assert fired is not None and "frequency_changer" in fired.evidence[0].message
    o["items"][0].update(description="Frequency converter spare fan kit")
    assert _evaluate(d, "ORD-27") is None


def test_ord09_an_inquiry_takes_the_incorporation_date_from_the_company_s_other_records() -> None:
    """The inquiry does not state when the buyer was incorporated; its order a month later does."""
    d = copy.deepcopy(BASE)
    o = d[REC["O1"]]
    inquiry = {
        "id": "Q1",
        "kind": "inquiry",
        "date": "2024-02-01",
        "parties": [{k: v for k, v in party(o, "buyer").items() if k != "incorporation_date"}],
        "text": "Please quote a frequency converter.",
    }
    assert _evaluate([inquiry], "ORD-09", history=[o]) is None
    party(o, "buyer").update(incorporation_date="2023-10-01")
    fired = _evaluate([inquiry], "ORD-09", history=[o])
    assert fired is not None and "other records" in fired.evidence[0].field
