"""ORD-01 follows its definition: an identifier hit always counts; a name match counts when corroborated by
country, address or number, or when nothing contradicts it; a name match whose countries contradict the
entry's, or in the entry's country with another registration number or another street address, is a
possible namesake, shown in the screening results for review but not a hit."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from interdictor.assess import Assessment, assess
from interdictor.assess.screening import (
    StoreScreening,
    listed_identifiers_in_store,
    listed_places_in_store,
)
from interdictor.flags.deal import ScreeningHit, corroboration
from interdictor.model import Party, Record, parse_record

BASE: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "flags" / "base_deal.json").read_text()
)


def _records(buyer: dict[str, Any] | None = None) -> list[Record]:
    """The base deal (an Austrian buyer) with the order's buyer edited; the other records keep theirs."""
    data = copy.deepcopy(BASE)
    if buyer is not None:
        data[0]["parties"][0] |= buyer
    return [parse_record(r) for r in data]


class _Lists:
    """A screening source that matches the order's buyer to one list entry with the given countries."""

    record_id, role, matched, score = "O1", "buyer", "동양해운", 0.93

    def __init__(
        self,
        countries: tuple[str, ...],
        addresses: tuple[str, ...] = (),
        field: str = "name",
        numbers: tuple[tuple[str, str], ...] = (),
    ):
        self.countries, self.addresses, self.field, self.numbers = countries, addresses, field, numbers

    def matches(self, record: Record, party: Party) -> list[ScreeningHit]:
        if record.id != self.record_id or party.role.value != self.role:
            return []
        return [
            ScreeningHit(
                record.id,
                party.ref,
                "E1",
                "test_list",
                self.matched,
                self.score,
                self.field,
                self.countries,
                self.addresses,
                self.numbers,
            )
        ]


def _ord01(result: Assessment) -> bool:
    return "ORD-01" in {f.flag_id for f in result.fired}


def _buyer_matches(result: Assessment) -> list[dict[str, str | float]]:
    assert result.screening is not None
    return next(s for s in result.screening if s.record_id == "O1" and s.party_ref == "b").matches


WALLET = "0x84404ba6a01fc7ac26213bd50e656c9413e5bba2"
KOREAN = {
    "name": "Dongyang Ltd.",
    "country": "KR",
    "address": {"street": "Sejong-daero 110", "city": "Seoul"},
}


def test_a_korean_namesake_of_a_north_korean_entry_is_shown_but_does_not_fire() -> None:
    result = assess(_records(KOREAN), screening=_Lists(("kp",)))[0]
    assert not _ord01(result) and result.risk.band != "high"
    (match,) = _buyer_matches(result)
    assert match["corroboration"] == "contradicted" and match["countries"] == "KP"
    assert "KR" in str(match["note"]) and "review" in str(match["note"])


def test_the_report_shows_the_namesake_for_review() -> None:
    from interdictor.assess.report import render_html

    page = render_html(assess(_records(KOREAN), screening=_Lists(("kp",))))
    assert "동양해운" in page and "possible namesake for review" in page


def test_a_name_match_in_the_same_country_fires() -> None:
    result = assess(_records(KOREAN), screening=_Lists(("kr",)))[0]
    assert _ord01(result) and result.risk.band == "high"
    assert _buyer_matches(result)[0]["corroboration"] == "country"
    evidence = next(f for f in result.fired if f.flag_id == "ORD-01").evidence[0]
    assert "country KR on both sides" in evidence.condition


@pytest.mark.parametrize(
    ("buyer", "countries"),
    [
        (KOREAN, ()),  # the list states no country for the entry
        (
            {"name": "Dongyang Ltd.", "country": None, "address": {"city": "Pyongyang"}},
            ("kp",),
        ),  # nor the party
    ],
)
def test_a_name_match_without_a_country_on_one_side_fires(
    buyer: dict[str, Any], countries: tuple[str, ...]
) -> None:
    result = assess(_records(buyer), screening=_Lists(countries))[0]
    assert _ord01(result)
    assert _buyer_matches(result)[0]["corroboration"] == "no country"


def test_any_of_the_entrys_countries_corroborates_a_front() -> None:
    """A front lists addresses in several countries: the party's country among any of them corroborates."""
    result = assess(_records(KOREAN), screening=_Lists(("cn", "kp", "kr")))[0]
    assert _ord01(result)


def test_the_partys_nationality_or_address_country_corroborates() -> None:
    buyer = KOREAN | {"address": {"street": "Jiefang Street 70", "city": "Ningbo", "country": "CN"}}
    assert _ord01(assess(_records(buyer), screening=_Lists(("cn", "kp")))[0])
    assert _ord01(assess(_records(KOREAN | {"nationality": "KP"}), screening=_Lists(("kp",)))[0])


def test_the_listed_address_corroborates_whatever_country_the_party_states() -> None:
    buyer = KOREAN | {"address": {"raw": "Jiefang Street 70, 315000 Ningbo"}}
    result = assess(_records(buyer), screening=_Lists(("kp",), ("Jiefang Street 70, 315000 Ningbo",)))[0]
    assert _ord01(result) and _buyer_matches(result)[0]["corroboration"] == "address"
    same_country = assess(_records(buyer), screening=_Lists(("kr",), ("Jiefang Street 70, 315000 Ningbo",)))[
        0
    ]
    assert _buyer_matches(same_country)[0]["corroboration"] == "address"  # the stronger reason is named
    other = KOREAN | {"address": {"raw": "Jiefang Street 12, 315000 Ningbo"}}
    assert not _ord01(
        assess(_records(other), screening=_Lists(("kp",), ("Jiefang Street 70, 315000 Ningbo",)))[0]
    )


def test_an_identifier_hit_fires_whatever_the_countries() -> None:
    result = assess(_records(KOREAN), screening=_Lists(("kp",), field="account.iban"))[0]
    assert _ord01(result) and _buyer_matches(result)[0]["corroboration"] == "identifier"


def test_corroboration_reads_both_sides() -> None:
    party = parse_record(BASE[0]).parties[0]  # Austria, address in Linz
    hit = ScreeningHit("O1", "b", "E1", "l", "Nordwerk", 0.9, "name", ("de", "kp"))
    assert not corroboration(party, hit).counts
    assert corroboration(party, ScreeningHit("O1", "b", "E1", "l", "Nordwerk", 0.9, "name", ("at",))).counts


def test_the_store_gives_each_entry_its_countries_and_listed_addresses(tmp_path: Path) -> None:
    """End to end through a store and the real screener: the North Korean entry's own country (from the
    screener's entity table) contradicts the Austrian buyer; the front whose listed addresses include
    Austria (an Address entity) fires; a listed wallet fires whatever its holder's country."""
    from interdictor.lists import read_list
    from interdictor.screening import Screener
    from interdictor.store import Store

    entities = [
        {
            "id": "kp1",
            "schema": "Company",
            "properties": {
                "name": ["Nordwerk Maschinenbau"],
                "country": ["kp"],
                "registrationNumber": ["KP-77012"],
            },
        },
        {
            "id": "fr1",
            "schema": "Company",
            "properties": {"name": ["Rhein Pumpen"], "country": ["kp"], "addressEntity": ["fr1-a"]},
        },
        {
            "id": "fr1-a",
            "schema": "Address",
            "properties": {"full": ["Donaulände 3, 4020 Linz"], "country": ["at"]},
        },
        {"id": "kp1-w", "schema": "CryptoWallet", "properties": {"publicKey": [WALLET], "holder": ["kp1"]}},
    ]
    source = tmp_path / "list.ftm.json"
    source.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        store.load(read_list(source, format="ftm-json"))
    with Store(tmp_path / "s.duckdb", read_only=True) as store:
        screener = Screener.from_store(store, persist=False)
        places = listed_places_in_store(store.con)
        identifiers = listed_identifiers_in_store(store.con)
    assert places[next(k for k in places if k[1] == "fr1")] == (("at",), ("Donaulände 3, 4020 Linz",), ())
    assert places[next(k for k in places if k[1] == "kp1")] == ((), (), (("registrationNumber", "KP-77012"),))
    screening = StoreScreening(screener, identifiers=identifiers, places=places)

    records = _records()
    payee = records[4].parties[1]
    assert payee.account is not None
    payee.account.number, payee.account.iban = WALLET, None
    result = assess(records, screening=screening)[0]
    assert result.screening is not None
    by_party = {(s.record_id, s.party_ref): s.matches for s in result.screening}
    buyer = by_party[("O1", "b")]
    assert (
        buyer and {m["entity_id"] for m in buyer} == {"kp1"} and buyer[0]["corroboration"] == "contradicted"
    )
    seller = by_party[("O1", "s")]  # Rhein Pumpen GmbH (DE) vs the front listed in KP and at a Linz address
    assert seller and seller[0]["countries"] == "AT,KP" and seller[0]["corroboration"] == "contradicted"
    payee = by_party[("P1", "q")]
    assert any(m["corroboration"] == "identifier" for m in payee)
    fired = next(f for f in result.fired if f.flag_id == "ORD-01")
    assert {e.record_id for e in fired.evidence} == {"P1"}  # only the listed wallet counts

    austrian = {"name": "Rhein Pumpen GmbH", "country": "AT", "address": None}
    front = assess(_records(austrian), screening=screening)[0]
    assert any(e.record_id == "O1" for f in front.fired if f.flag_id == "ORD-01" for e in f.evidence)
    # in Linz, but at another street address than the front's listed one: a possible match for review
    elsewhere = assess(
        _records(austrian | {"address": {"street": "Industriestrasse 4", "city": "Linz"}}),
        screening=screening,
    )[0]
    assert not any(e.record_id == "O1" for f in elsewhere.fired if f.flag_id == "ORD-01" for e in f.evidence)
    assert _by_party(elsewhere)[("O1", "b")][0]["corroboration"] == "contradicted"


def _by_party(result: Assessment) -> dict[tuple[str, str], list[dict[str, str | float]]]:
    assert result.screening is not None
    return {(s.record_id, s.party_ref): s.matches for s in result.screening}


def test_the_entrys_countries_are_read_as_iso_codes_once_per_list_version() -> None:
    """A list that writes a country as a name ('North Korea') gives the same code as the party's 'KP'."""
    from interdictor.screening import Screener
    from interdictor.screening.entities import entity_table_from_parties
    from interdictor.screening.party import Party as ListParty

    table = entity_table_from_parties(
        [("l", ListParty(names=["Dongyang Shipping"], schema="Company", countries=["North Korea"], id="e1"))]
    )
    source = StoreScreening(Screener.from_table(table))
    assert source.place("l", "e1") == (("kp",), (), ())
    assert source.place("l", "e1") is source.place("l", "e1")  # worked out once
    assert source.place("l", "other") == ((), (), ())


# A Chinese firm that shares its name with a Chinese list entry: the country corroborates, the registration
# number and the street address are what tell the two apart (as the graph's `possible_match` does).
CHINESE = {
    "name": "Hengtong Trading Co., Ltd.",
    "country": "CN",
    "address": {"street": "Zhongshan Road 12", "city": "Ningbo", "country": "CN"},
    "identifiers": [{"scheme": "registration", "value": "913302001234567890"}],
}
LISTED_NUMBER = (("registrationNumber", "915658588799671842"),)
LISTED_ADDRESS = ("Jiefang Street 70, 315000 Ningbo",)


def test_a_same_country_namesake_with_another_registration_number_is_shown_but_does_not_fire() -> None:
    result = assess(_records(CHINESE), screening=_Lists(("cn",), numbers=LISTED_NUMBER))[0]
    assert not _ord01(result)
    (match,) = _buyer_matches(result)
    assert match["corroboration"] == "contradicted"
    assert "913302001234567890" in str(match["note"]) and "915658588799671842" in str(match["note"])
    assert "review" in str(match["note"])


def test_the_listed_registration_number_fires_however_it_is_written() -> None:
    buyer = CHINESE | {"identifiers": [{"scheme": "registration", "value": "9156 5858 8799 6718 42"}]}
    result = assess(_records(buyer), screening=_Lists(("cn",), LISTED_ADDRESS, numbers=LISTED_NUMBER))[0]
    assert _ord01(result) and _buyer_matches(result)[0]["corroboration"] == "registration"


def test_a_number_of_another_kind_contradicts_nothing() -> None:
    """A company has several numbers: its tax number does not contradict the entry's registration number."""
    buyer = CHINESE | {"identifiers": [{"scheme": "tax", "value": "913302001234567890"}], "address": None}
    result = assess(_records(buyer), screening=_Lists(("cn",), numbers=LISTED_NUMBER))[0]
    assert _ord01(result) and _buyer_matches(result)[0]["corroboration"] == "country"


def test_a_different_street_address_in_the_entrys_country_does_not_fire() -> None:
    buyer = CHINESE | {"identifiers": []}
    result = assess(_records(buyer), screening=_Lists(("cn",), LISTED_ADDRESS))[0]
    assert not _ord01(result)
    (match,) = _buyer_matches(result)
    assert match["corroboration"] == "contradicted" and "Zhongshan Road 12" in str(match["note"])
    other_number = buyer | {"address": {"raw": "Jiefang Street 12, 315000 Ningbo", "country": "CN"}}
    assert not _ord01(assess(_records(other_number), screening=_Lists(("cn",), LISTED_ADDRESS))[0])
    city_in_chinese = buyer | {
        "address": {"street": "Science Park Road 322", "city": "北京", "country": "CN"}
    }
    assert not _ord01(assess(_records(city_in_chinese), screening=_Lists(("cn",), LISTED_ADDRESS))[0])


@pytest.mark.parametrize(
    "address",
    [
        {"raw": "Jiefang St. 70, Ningbo", "country": "CN"},
        {"street": "Jiefang Street 70", "unit": "Room 1203", "city": "Ningbo"},
        {"raw": "No. 70 Jiefang Street, Haishu District, Ningbo"},
        {"raw": "Jiefang Jie 70 Hao, Ningbo"},
        {"raw": "宁波市解放街70号", "country": "CN"},  # another script: not compared
        {"city": "Ningbo", "country": "CN"},  # no street: nothing to compare
    ],
)
def test_the_listed_address_written_differently_still_fires(address: dict[str, str]) -> None:
    buyer = CHINESE | {"identifiers": [], "address": address}
    result = assess(_records(buyer), screening=_Lists(("cn",), LISTED_ADDRESS))[0]
    assert _ord01(result), _buyer_matches(result)[0]["note"]
    assert _buyer_matches(result)[0]["corroboration"] in ("address", "country")


def test_an_entry_without_addresses_or_numbers_fires_on_the_country() -> None:
    result = assess(_records(CHINESE), screening=_Lists(("cn",)))[0]
    assert _ord01(result) and _buyer_matches(result)[0]["corroboration"] == "country"


def test_an_address_outside_the_entrys_countries_is_not_compared() -> None:
    """A front listed in North Korea and China at a Chinese address, met with its Korean nationality at a
    Russian address: the country corroborates, the Russian address contradicts none of the listed ones."""
    buyer = CHINESE | {
        "identifiers": [],
        "country": None,
        "nationality": "KP",
        "address": {"raw": "Svetlanskaya 12, Vladivostok", "country": "RU"},
    }
    result = assess(_records(buyer), screening=_Lists(("cn", "kp"), LISTED_ADDRESS))[0]
    assert _ord01(result) and _buyer_matches(result)[0]["corroboration"] == "country"


# The deal's other records lend what a record does not state of the same party: a payment names the firm
# without address or number, the order of the same deal gives them.


class _PaymentLists(_Lists):
    """A screening source that matches only the payment's payer to the list entry."""

    record_id, role, matched, score = "P1", "payer", "Hengtong Trading Co., Ltd.", 0.95


PAYER = {"name": "Hengtong Trading Co Ltd", "country": "CN", "address": None, "identifiers": []}


def _payment_deal(buyer: dict[str, Any], payer: dict[str, Any] = PAYER) -> list[Record]:
    """The base deal with the order's buyer and the payment's payer edited."""
    data = copy.deepcopy(BASE)
    data[0]["parties"][0] |= buyer
    data[4]["parties"][0] |= payer
    return [parse_record(r) for r in data]


def _payer_matches(result: Assessment) -> list[dict[str, str | float]]:
    return _by_party(result)[("P1", "p")]


def test_a_payment_without_address_is_a_possible_match_when_the_order_gives_another_address() -> None:
    buyer = CHINESE | {"identifiers": []}
    alone = assess(
        _payment_deal({"name": "Nordwerk Maschinenbau GmbH"}),
        screening=_PaymentLists(("cn",), LISTED_ADDRESS),
    )[0]
    assert _ord01(alone) and _payer_matches(alone)[0]["corroboration"] == "country"  # nothing to contradict
    result = assess(_payment_deal(buyer), screening=_PaymentLists(("cn",), LISTED_ADDRESS))[0]
    assert not _ord01(result)
    (match,) = _payer_matches(result)
    assert match["corroboration"] == "contradicted"
    assert "Zhongshan Road 12" in str(match["note"]) and "order O1 parties[0].address" in str(match["note"])


def test_a_payment_without_number_is_a_possible_match_when_the_order_gives_another_number() -> None:
    buyer = CHINESE | {"address": None}
    result = assess(_payment_deal(buyer), screening=_PaymentLists(("cn",), numbers=LISTED_NUMBER))[0]
    assert not _ord01(result)
    (match,) = _payer_matches(result)
    assert match["corroboration"] == "contradicted" and "order O1 parties[0].identifiers" in str(
        match["note"]
    )


def test_a_payment_without_address_fires_when_the_order_gives_the_listed_address() -> None:
    buyer = CHINESE | {"identifiers": [], "address": {"raw": "Jiefang St. 70, Ningbo", "country": "CN"}}
    result = assess(_payment_deal(buyer), screening=_PaymentLists(("cn",), LISTED_ADDRESS))[0]
    assert _ord01(result) and result.risk.band == "high"
    (match,) = _payer_matches(result)
    assert match["corroboration"] in ("address", "country")
    listed = buyer | {"address": {"raw": "Jiefang Street 70, 315000 Ningbo"}}
    result = assess(_payment_deal(listed), screening=_PaymentLists(("cn",), LISTED_ADDRESS))[0]
    assert _ord01(result) and _payer_matches(result)[0]["corroboration"] == "address"
    assert "order O1" in str(_payer_matches(result)[0]["note"])


def test_a_party_with_another_name_lends_nothing() -> None:
    buyer = CHINESE | {"name": "Hengtong Machinery Co., Ltd.", "identifiers": []}
    result = assess(_payment_deal(buyer), screening=_PaymentLists(("cn",), LISTED_ADDRESS))[0]
    assert _ord01(result) and _payer_matches(result)[0]["corroboration"] == "country"


def test_what_the_record_states_itself_decides_first() -> None:
    """The payment gives the listed address itself: the order's other address does not clear it."""
    buyer = CHINESE | {"identifiers": []}
    payer = PAYER | {"address": {"raw": "Jiefang Street 70, 315000 Ningbo", "country": "CN"}}
    result = assess(_payment_deal(buyer, payer), screening=_PaymentLists(("cn",), LISTED_ADDRESS))[0]
    assert _ord01(result) and _payer_matches(result)[0]["corroboration"] == "address"


def test_a_lent_country_abroad_contradicts_and_an_identifier_hit_still_fires() -> None:
    payer = PAYER | {"country": None}
    buyer = {"name": "Hengtong Trading Co., Ltd.", "country": "KR", "address": None}
    result = assess(_payment_deal(buyer, payer), screening=_PaymentLists(("kp",)))[0]
    assert not _ord01(result)
    assert "order O1 parties[0].country" in str(_payer_matches(result)[0]["note"])
    wallet = assess(_payment_deal(buyer, payer), screening=_PaymentLists(("kp",), field="account.iban"))[0]
    assert _ord01(wallet) and _payer_matches(wallet)[0]["corroboration"] == "identifier"


class _ShipmentLists(_PaymentLists):
    """A screening source that matches only the shipment's end user to the list entry."""

    record_id, role = "S1", "end_user"


def test_the_same_party_in_another_role_of_the_same_record_lends_its_address() -> None:
    """A bill of lading names the firm as end user without address and as consignee with its address."""
    data = copy.deepcopy(BASE)
    data[3]["parties"][1] |= CHINESE | {"identifiers": []}
    data[3]["parties"][2] |= {"name": "Hengtong Trading Co., Ltd.", "country": "CN", "address": None}
    result = assess([parse_record(r) for r in data], screening=_ShipmentLists(("cn",), LISTED_ADDRESS))[0]
    assert not _ord01(result)
    (match,) = _by_party(result)[("S1", "e")]
    assert "shipment S1 parties[1].address" in str(match["note"])
