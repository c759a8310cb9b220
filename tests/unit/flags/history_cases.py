"""Hit cases of the history, account and vessel rules: each edits the clean base deal and, where the rule
looks back, adds the earlier records it needs (test_rules.py runs them with the other cases)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

Rec = dict[str, Any]

CONTROLLED = "Frequency converter, 3-phase, output frequency 0-1200 Hz, 15 kVA, frequency stability 0.05 %"
TRANSDUCER = "Absolute pressure transducer 1.33 kPa FS, accuracy 0.08 %, nickel alloy sensor"
PUMP = "Turbomolecular vacuum pump, DN 400 inlet, pumping speed 20 m3/s N2, ultimate pressure 5e-3 Pa"
MARAGING = "Maraging steel forging, UTS 2146 MPa, OD 120 mm"
GYRO = "Fibre optic gyroscope, bias stability 0.05 deg/h"


def party(rec: Rec, role: str) -> Rec:
    return next(p for p in rec["parties"] if p["role"] == role)


def _order(base: Rec, rid: str, date: str, description: str, value: float, **buyer: Any) -> Rec:
    order = copy.deepcopy(base)
    order.update(id=rid, date=date, total_value=value)
    order["items"] = [
        {"line": 1, "description": description, "quantity": 1, "unit_price": value, "currency": "EUR"}
    ]
    party(order, "buyer").update(buyer)
    return order


def _payment(
    base: Rec, rid: str, date: str, payer: str, payee: str, iban: str, amount: float, role: str
) -> Rec:
    pay = copy.deepcopy(base)
    pay.update(id=rid, date=date, amount=amount, order_ref=None)
    account = {"iban": iban, "type": "corporate"}
    pay["parties"] = [
        {"ref": "p", "role": "payer", "name": payer, "country": "AT"},
        {"ref": "q", "role": "beneficiary", "name": payee, "country": "AT"},
    ]
    pay["parties"][0 if role == "payer" else 1]["account"] = account
    other = "AT483200000012345864" if role == "payer" else "AT022050302101023600"
    pay["parties"][1 if role == "payer" else 0]["account"] = {"iban": other, "type": "corporate"}
    return pay


def _shipment(base: Rec, rid: str, date: str, **changes: Any) -> Rec:
    ship = copy.deepcopy(base)
    ship.update(id=rid, date=date, order_ref=None)
    ship.update(changes)
    return ship


def history_edits(d: list[Rec], history: list[Rec]) -> dict[str, Callable[[], Any]]:
    o, _c, _lic, s, p = d
    iban = party(p, "payer")["account"]["iban"]

    def ord17() -> None:
        o["items"][0].update(description=TRANSDUCER, hs_code="9026.20", quantity=1, unit_price=4000.0)
        o["total_value"] = 4000.0
        history.extend(
            _order(o, f"H{i}", f"2024-02-{10 + i}", TRANSDUCER, 4000.0, name="Nordwerk Handels KG")
            for i in range(2)
        )

    def ord22() -> None:
        inquiry = {
            "id": "I1",
            "kind": "inquiry",
            "date": "2024-02-20",
            "parties": [
                party(o, "buyer"),
                {"ref": "s", "role": "seller", "name": "Supplier 0", "country": "DE"},
            ],
            "text": "Request for quotation: capacitance manometer, absolute, full scale 10 Torr",
        }
        d.append(inquiry)
        for i in range(1, 5):
            other = copy.deepcopy(inquiry)
            other.update(id=f"H{i}", date=f"2024-02-{10 + i}")
            other["parties"][1]["name"] = f"Supplier {i}"
            history.append(other)

    def eu08() -> None:
        o["items"][0].update(description=CONTROLLED, hs_code="8504.40")
        for i, text in enumerate([TRANSDUCER, PUMP, MARAGING]):
            history.append(_order(o, f"H{i}", f"2023-0{i + 1}-01", text, 5000.0))

    def fin03() -> None:
        second = copy.deepcopy(p)
        second.update(id="P2", date="2024-03-20")
        party(second, "beneficiary")["account"]["iban"] = "DE44500105175407324931"
        d.append(second)

    def fin07() -> None:
        history.extend(
            _payment(
                p,
                f"H{i}",
                "2024-03-11",
                f"Customer {i}",
                "Nordwerk Maschinenbau GmbH",
                iban,
                40.0,
                "beneficiary",
            )
            for i in range(5)
        )

    def fin09() -> None:
        party(o, "seller")["phone"] = party(o, "buyer")["phone"]
        p.update(amount=1000.0)
        history.extend(
            _order(o, f"H{i}", f"2023-1{i}-01", "Office chair, swivel, black", 5000.0) for i in range(2)
        )

    def shp13() -> None:
        s["goods"][0].update(hs_code="8471.30", description="Laptop computers")
        s["destination_country"] = "AE"
        history.extend(
            _shipment(
                s,
                f"H{i}",
                "2023-06-01",
                destination_country="DE",
                goods=[{"description": "Laptops", "hs_code": "8471.30"}],
            )
            for i in range(30)
        )

    def vessel_legs(names: list[str], flags: list[str]) -> None:
        s["legs"][0].update(mode="sea", vessel={"name": names[0], "imo": "9074729", "flag": flags[0]})
        for i, (name, flag) in enumerate(zip(names[1:], flags[1:], strict=True)):
            leg = {**copy.deepcopy(s["legs"][0]), "vessel": {"name": name, "imo": "9074729", "flag": flag}}
            history.append(_shipment(s, f"H{i}", f"2023-1{i}-01", legs=[leg]))

    def ord24() -> None:
        """Rep A sells controlled converters to three young customers; rep B sells to one old one."""
        o.update(sales_rep="Rep A")
        o["items"][0].update(description=CONTROLLED)
        for i, born in enumerate(["2023-06-01", "2023-02-01", "2022-11-01"]):
            young = _order(o, f"H{i}", f"2024-01-1{i}", CONTROLLED, 9000.0)
            young.update(sales_rep="Rep A")
            party(young, "buyer").update(name=f"Young Trader {i}", incorporation_date=born)
            history.append(young)
        peer = _order(o, "H9", "2024-01-20", CONTROLLED, 9000.0)
        peer.update(sales_rep="Rep B")
        history.append(peer)

    return {
        "ORD-18": lambda: o["items"][0].update(
            description="Proof mass assembly for accelerometer QA-9488", quantity=40, hs_code="9031.90"
        ),
        "ORD-24": ord24,
        "ORD-03": lambda: [
            party(o, "buyer").update(industry="metals"),
            o["items"][0].update(description=GYRO, hs_code="9014.20"),
        ],
        "ORD-17": ord17,
        "ORD-22": ord22,
        "EU-08": eu08,
        "FIN-03": fin03,
        "FIN-07": fin07,
        "FIN-08": lambda: history.append(
            _payment(p, "H0", "2023-01-10", "Nordwerk Maschinenbau GmbH", "Old Supplier", iban, 10.0, "payer")
        ),
        "FIN-09": fin09,
        "FIN-10": lambda: [
            p.update(instrument="letter_of_credit"),
            party(p, "payer").update(incorporation_date="2024-01-01"),
            o["items"][0].update(description=CONTROLLED, hs_code="8504.40"),
        ],
        "FIN-20": lambda: [
            p.update(purpose="Software development services, March"),
            party(p, "beneficiary")["account"].update(
                bank={"name": "Bank of Bohai Commerce", "country": "CN"}
            ),
        ],
        "SHP-08": lambda: s["goods"][0].update(packages=1, gross_weight_kg=0.01),
        "SHP-11": lambda: [s.update(gross_weight_kg=5000.0), s["goods"][0].update(gross_weight_kg=100.0)],
        "SHP-13": shp13,
        "SHP-14": lambda: history.append(
            _shipment(
                s,
                "H0",
                "2024-02-20",
                destination_country="DE",
                parties=[
                    {"ref": "sh", "role": "shipper", "name": "Shenzhen Office Furniture Co", "country": "CN"},
                    {"ref": "c", "role": "consignee", "name": "Rhein Pumpen GmbH", "country": "DE"},
                ],
                legs=[],
                instructing_party=None,
            )
        ),
        "SHP-16": lambda: vessel_legs(["GLORY STAR", "OCEAN ONE", "SEA TWO"], ["PA", "PA", "PA"]),
        "SHP-19": lambda: vessel_legs(["GLORY STAR", "GLORY STAR", "GLORY STAR"], ["PA", "TG", "SL"]),
        "SHP-20": lambda: s.update(
            legs=[
                {"seq": 1, "mode": "road", "origin": {"country": "DE"}, "destination": {"country": "NL"}},
                {"seq": 2, "mode": "road", "origin": {"country": "BE"}, "destination": {"country": "AT"}},
            ]
        ),
        "EU-05": lambda: [
            o["items"][0].update(serials=["SN-4471"]),
            history.append(
                {
                    **_order(o, "H0", "2024-06-01", "Office chair, swivel, black", 200.0, country="IR"),
                    "items": [{**o["items"][0], "serials": ["SN-4471"]}],
                }
            ),
        ],
    }
