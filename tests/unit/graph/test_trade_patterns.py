"""Detectors over trade and accounts on small hand-made stores: chokepoint traders (NET-11), overseas bank
representatives of a country of concern (NET-10), capability bundles per resolved party (EU-08)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interdictor.graph import Finding

from .conftest import _e, _party
from .conftest import store_findings as _found


def _by(found: list[Finding], method: str) -> dict[str, Finding]:
    return {f.subjects[0].label: f for f in found if f.method == method}


# --- NET-11 chokepoint traders -------------------------------------------------------------------------


def _sale(
    i: int,
    seller: str,
    buyer: str,
    value: float,
    *,
    home: str = "CN",
    there: str = "KP",
    currency: str = "USD",
    description: str = "Steel wire rod",
) -> dict[str, Any]:
    return {
        "id": f"ORD-{i}",
        "kind": "order",
        "date": f"2016-{1 + i % 12:02d}-{1 + i % 27:02d}",
        "parties": [
            _party("p1", "buyer", buyer, there, type="trading"),
            _party("p2", "seller", seller, home, type="trading"),
        ],
        "items": [
            {
                "line": 1,
                "description": description,
                "quantity": 1,
                "unit_price": value,
                "currency": currency,
                "hs_code": "7213.91",
            }
        ],
        "currency": currency,
        "total_value": value,
    }


def _market(currencies: tuple[str, str] = ("USD", "USD")) -> list[dict[str, Any]]:
    """China-DPRK trade of 32 firms: one dominant trader, one with about 6 %, thirty small ones."""
    records = [
        _sale(i, "Dandong Big River Trading Co", "Korea Ryonbong Trading", 100000.0) for i in range(10)
    ]
    records += [
        _sale(
            20 + i, "Yanbian Middle Way Trading Co", "Korea Kangsong Trading", 20000.0, currency=currencies[1]
        )
        for i in range(5)
    ]
    records += [
        _sale(100 + i, f"Small Trader {n} Co", "Korea Sonbong Trading", 10000.0)
        for n in range(30)
        for i in (2 * n, 2 * n + 1)
    ]
    return records


def test_chokepoint_traders_by_value_share_and_top_rank(tmp_path: Path) -> None:
    found = _found(tmp_path, [], _market())
    hits = _by(found, "chokepoint_traders")
    assert set(hits) == {"Dandong Big River Trading Co", "Yanbian Middle Way Trading Co"}
    big, middle = hits["Dandong Big River Trading Co"], hits["Yanbian Middle Way Trading Co"]
    assert big.flag_id == "NET-11" and not big.network_member and not middle.network_member
    assert big.details["basis"] == "value" and big.details["pair"] == ["cn", "kp"]
    assert big.details["share"] == pytest.approx(1_000_000 / 1_700_000, abs=1e-4)
    assert (
        middle.details["share"] == pytest.approx(100_000 / 1_700_000, abs=1e-4)
        and middle.details["rank"] == 2
    )
    assert big.details["firms"] == 32 and big.details["deals"] == 75
    # The path is the firm's own trade: its seller edges on the orders, with the record as evidence.
    assert len(big.paths) == 10 and all(p[0].type == "seller" and p[0].evidence.ref for p in big.paths)
    # Buyers in the country of concern are the other end of the pair, never a chokepoint of it.
    assert not any("Korea" in label for label in hits)


def test_chokepoint_traders_fall_back_to_counts_with_mixed_currencies(tmp_path: Path) -> None:
    hits = _by(_found(tmp_path, [], _market(("USD", "CNY"))), "chokepoint_traders")
    big = hits["Dandong Big River Trading Co"]
    assert big.details["basis"] == "count" and big.details["share"] == pytest.approx(10 / 75, abs=1e-4)
    # By count the middle trader (5 of 75 deals, 6.7 %) still passes 5 %; small ones (2 deals) do not.
    assert set(hits) == {"Dandong Big River Trading Co", "Yanbian Middle Way Trading Co"}


def test_chokepoint_traders_need_a_meaningful_country_pair(tmp_path: Path) -> None:
    # Few firms: every share is large, none is a chokepoint; a pair without a concern country is ignored.
    records = [_sale(i, f"Trader {i % 4}", "Korea Ryonbong Trading", 5000.0) for i in range(60)]
    records += [
        _sale(200 + i, f"Firm {i}", "Kuala Lumpur Buyer Sdn Bhd", 9000.0, there="MY") for i in range(60)
    ]
    assert not _by(_found(tmp_path, [], records), "chokepoint_traders")


# --- NET-10 overseas bank representatives ----------------------------------------------------------------

ACCOUNT = "5141 2290 8821"


def _bank_world(nationality: str = "kp", holder_country: str = "my") -> list[dict[str, Any]]:
    return [
        _e("pe-rep", "Person", name="Ri Song Chol", country=holder_country, nationality=nationality),
        _e(
            "co-hold",
            "Company",
            name="Golden Pine Trading Sdn Bhd",
            country=holder_country,
            registrationNumber="MY-8821",
        ),
        _e("d1", "Directorship", director="pe-rep", organization="co-hold", role="Director"),
        _e("ba1", "BankAccount", accountNumber=ACCOUNT, bic="MBBEMYKL"),
        _e("o1", "Ownership", owner="co-hold", asset="ba1", ownershipType="account holder"),
    ]


def _through(i: int, payer: str, country: str, beneficiary: str) -> dict[str, Any]:
    return {
        "id": f"PAY-{i}",
        "kind": "payment",
        "date": f"2017-0{i}-10",
        "parties": [
            _party(
                "p1",
                "payer",
                payer,
                country,
                account={
                    "number": ACCOUNT,
                    "bank": {"name": "Malayan Bank", "bic": "MBBEMYKL", "country": "MY"},
                },
            ),
            _party("p2", "beneficiary", beneficiary, "CN"),
        ],
        "amount": 25000.0,
        "currency": "USD",
        "instrument": "wire",
    }


PAYERS = [
    ("Shenyang Hengfa Trading Co", "CN"),
    ("Blue Lagoon General Trading LLC", "AE"),
    ("Orchard Link Pte Ltd", "SG"),
]


def _payments(n: int) -> list[dict[str, Any]]:
    return [_through(i + 1, name, c, f"Supplier {i}") for i, (name, c) in enumerate(PAYERS[:n])]


def test_overseas_representative_controls_an_account_used_by_third_parties(tmp_path: Path) -> None:
    found = [
        f
        for f in _found(tmp_path, _bank_world(), _payments(3))
        if f.method == "overseas_bank_representatives"
    ]
    assert len(found) == 1
    rep = found[0]
    assert rep.flag_id == "NET-10" and rep.network_member
    assert {s.label for s in rep.subjects} == {"Ri Song Chol", "Golden Pine Trading Sdn Bhd"}
    assert rep.details["nationality"] == ["kp"]
    assert rep.details["third_parties"] == sorted(name for name, _ in PAYERS)
    # First path: the person directs the holder, which holds the account (registry evidence); then one
    # payment record per third party using the account.
    assert [s.type for s in rep.paths[0]] == ["directs", "has_account"]
    assert {p[0].evidence.ref for p in rep.paths[1:]} == {"PAY-1", "PAY-2", "PAY-3"}


@pytest.mark.parametrize(
    ("nationality", "holder_country", "payers"),
    [("my", "my", 3), ("kp", "kp", 3), ("kp", "my", 2)],
    ids=["not-a-concern-national", "not-abroad", "too-few-third-parties"],
)
def test_overseas_representative_needs_all_conditions(
    tmp_path: Path, nationality: str, holder_country: str, payers: int
) -> None:
    found = _found(tmp_path, _bank_world(nationality, holder_country), _payments(payers))
    assert not [f for f in found if f.method == "overseas_bank_representatives"]


# --- EU-08 per resolved party ----------------------------------------------------------------------------

FREQ = "Frequency converter, 3-phase, output frequency 0-1200 Hz, 15 kVA, frequency stability 0.05 %"
TRANSDUCER = "Absolute pressure transducer 1.33 kPa FS, accuracy 0.08 %, nickel alloy sensor"
PUMP = "Turbomolecular vacuum pump, DN 400 inlet, pumping speed 20 m3/s N2, ultimate pressure 5e-3 Pa"
MARAGING = "Maraging steel forging, UTS 2146 MPa, OD 120 mm"

FRONTS = [
    _e(
        "co-a",
        "Company",
        name="Arya Sanat Trading FZE",
        country="ae",
        registrationNumber="AE-4411",
        phone="+971 4 555 0199",
        address="PO Box 77120, Sharjah",
    ),
    _e(
        "co-b",
        "Company",
        name="Pamir Industrial Supplies LLC",
        country="ae",
        registrationNumber="AE-4412",
        phone="+971 4 555 0199",
        address="PO Box 77120, Sharjah",
    ),
]


def _buy(i: int, buyer: str, text: str, hs: str, date: str, reg: str | None = None) -> dict[str, Any]:
    idents = [{"scheme": "registration", "value": reg, "country": "AE"}] if reg else []
    return {
        "id": f"ORD-{i}",
        "kind": "order",
        "date": date,
        "parties": [
            _party("p1", "buyer", buyer, "AE", type="trading", identifiers=idents),
            _party("p2", "seller", f"Maker {i} GmbH", "DE", type="manufacturer"),
        ],
        "items": [
            {
                "line": 1,
                "description": text,
                "quantity": 2,
                "unit_price": 9000.0,
                "currency": "EUR",
                "hs_code": hs,
            }
        ],
        "currency": "EUR",
        "total_value": 18000.0,
    }


def test_capability_bundle_across_names_and_linked_buyers(tmp_path: Path) -> None:
    records = [
        # One front under two names (its registration number joins them), and a second front linked
        # to it by NET-01 (same phone and PO box): each alone covers one or two key items.
        _buy(1, "Arya Sanat Trading FZE", FREQ, "8504.40", "2023-01-10", reg="AE-4411"),
        _buy(2, "Arya Sanat Trdg. F.Z.E.", TRANSDUCER, "9026.20", "2023-06-10", reg="AE-4411"),
        _buy(3, "Pamir Industrial Supplies LLC", PUMP, "8414.10", "2024-02-01", reg="AE-4412"),
        _buy(5, "Pamir Industrial Supplies LLC", MARAGING, "7224.90", "2024-03-01", reg="AE-4412"),
        # An office chair adds nothing to any bundle and is not part of the path.
        _buy(
            4, "Pamir Industrial Supplies LLC", "Office chair, swivel", "9401.30", "2024-02-02", reg="AE-4412"
        ),
    ]
    found = [f for f in _found(tmp_path, FRONTS, records) if f.method == "capability_accumulation"]
    assert len(found) == 1
    hit = found[0]
    assert hit.flag_id == "EU-08"
    assert {s.node_id for s in hit.subjects} == {"party:co-a", "party:co-b"}
    assert hit.details["bundle"] == "centrifuge"
    assert hit.message.startswith(
        "Arya Sanat Trading FZE and 1 linked receiver(s) cover 36% of the centrifuge"
    )
    # 4 of the 11 key item families of the bundle: 36 %, above the rule's 30 % (3 would be 27 %).
    assert hit.details["covered"] == [
        "frequency_changer",
        "maraging_steel",
        "pressure_transducer",
        "vacuum_pump",
    ]
    assert sorted(hit.details["orders"]) == ["order:ORD-1", "order:ORD-2", "order:ORD-3", "order:ORD-5"]
    assert {p[0].evidence.ref for p in hit.paths} == {"ORD-1", "ORD-2", "ORD-3", "ORD-5"}


def test_capability_bundle_needs_the_link_and_the_window(tmp_path: Path) -> None:
    unlinked = [{**e, "properties": {**e["properties"], "phone": [], "address": []}} for e in FRONTS]
    records = [
        _buy(1, "Arya Sanat Trading FZE", FREQ, "8504.40", "2023-01-10", reg="AE-4411"),
        _buy(2, "Arya Sanat Trdg. F.Z.E.", TRANSDUCER, "9026.20", "2023-06-10", reg="AE-4411"),
        _buy(3, "Pamir Industrial Supplies LLC", PUMP, "8414.10", "2024-02-01", reg="AE-4412"),
        _buy(5, "Pamir Industrial Supplies LLC", MARAGING, "7224.90", "2024-03-01", reg="AE-4412"),
    ]
    assert not [f for f in _found(tmp_path / "a", unlinked, records) if f.method == "capability_accumulation"]
    # Linked, but the second front's key items come more than two years after the first front's (the
    # window is the rule's: two years either side of each order).
    late = [
        *records[:2],
        _buy(3, "Pamir Industrial Supplies LLC", PUMP, "8414.10", "2025-08-01", reg="AE-4412"),
        _buy(5, "Pamir Industrial Supplies LLC", MARAGING, "7224.90", "2025-09-01", reg="AE-4412"),
    ]
    assert not [f for f in _found(tmp_path / "b", FRONTS, late) if f.method == "capability_accumulation"]


# --- websites as a link kind -----------------------------------------------------------------------------


def _firm(i: int, website: str) -> dict[str, Any]:
    return _e(
        f"co-w{i}",
        "Company",
        name=["Bayu Teknik Sdn Bhd", "Seri Radio Enterprise", "Kilat Sistem Trading"][i],
        country="my",
        registrationNumber=f"MY-55{i}",
        phone="+60 3 2274 0101",
        website=website,
    )


@pytest.mark.parametrize(
    ("websites", "linked"),
    [
        (["www.kilat-radio.com.my", "http://kilat-radio.com.my/contact", "kilat-radio.com.my"], True),
        (
            ["https://www.facebook.com/kilat.radio", "facebook.com/kilat.radio/", "facebook.com/kilat.radio"],
            True,
        ),
        (
            [
                "https://www.facebook.com/bayuteknik",
                "facebook.com/seriradio",
                "https://facebook.com/kilatsistem",
            ],
            False,
        ),
    ],
    ids=["own-domain", "same-portal-page", "different-pages-of-one-portal"],
)
def test_website_links_firms_by_their_site_not_by_a_portal(
    tmp_path: Path, websites: list[str], linked: bool
) -> None:
    # A shared phone is one kind; the website makes the second only when it is the same site or page.
    entities = [_firm(i, site) for i, site in enumerate(websites)]
    found = [f for f in _found(tmp_path, entities, []) if f.method == "shared_identifiers"]
    assert bool(found) is linked
    if linked:
        assert found[0].details["kinds"] == ["phone", "website"] and len(found[0].subjects) == 3


def test_a_website_and_an_email_at_its_domain_are_one_kind(tmp_path: Path) -> None:
    # Two firms writing from one mailbox at the domain of the website they share: one domain, one kind.
    entities = [
        _e(
            f"co-d{i}",
            "Company",
            name=name,
            country="gb",
            registrationNumber=f"GB-70{i}",
            email="office@lewis.co.uk",
            website="www.lewis.co.uk",
        )
        for i, name in enumerate(["Lewis & Jones Supply Ltd", "Lewis & Young Exports Ltd"])
    ]
    assert not [f for f in _found(tmp_path, entities, []) if f.method == "shared_identifiers"]


@pytest.mark.parametrize(("phone", "reached"), [(None, False), ("+98 21 8877 1200", True)])
def test_a_website_alone_does_not_reach_a_designated_party(
    tmp_path: Path, phone: str | None, reached: bool
) -> None:
    # Every company of a brand shares its website, and anyone can write one on a form: alone it links
    # no one; beside a shared phone it is a second kind and the firm is next to the designated one.
    extra = {"phone": phone} if phone else {}
    entities = [
        _e("co-des", "Company", name="Pishro Sanat Aria", country="ir", website="pishro-sanat.ir", **extra),
        _e("san-1", "Sanction", entity="co-des", authority="Test Authority", startDate="2020-01-01"),
        _e(
            "co-firm",
            "Company",
            name="Golden Falcon Industrial Supplies",
            country="ae",
            website="www.pishro-sanat.ir",
            **extra,
        ),
    ]
    near = {s.node_id for f in _found(tmp_path, entities, []) for s in f.subjects if f.network_member}
    assert ("party:co-firm" in near) is reached


@pytest.mark.parametrize(("phone", "flagged"), [(None, False), ("+886 2 2720 1188", True)])
def test_a_parent_and_its_subsidiary_sharing_the_group_website(
    tmp_path: Path, phone: str | None, flagged: bool
) -> None:
    # Declared ownership beside the group's website is how groups look; a shared phone as well is NET-01.
    extra = {"phone": phone} if phone else {}
    entities = [
        _e("co-p", "Company", name="Formosa Lumen Holdings", country="tw", website="lumen.com.tw", **extra),
        _e("co-s", "Company", name="Keelung Optics Works", country="tw", website="www.lumen.com.tw", **extra),
        _e("own-1", "Ownership", owner="co-p", asset="co-s", percentage="100"),
    ]
    found = [f for f in _found(tmp_path, entities, []) if f.method == "shared_identifiers"]
    assert bool(found) is flagged
