"""Identifiers and values in free text: checksums decide, labels anchor, formats normalise."""

from __future__ import annotations

import pytest

from interdictor.ingest.names import name_finder
from interdictor.ingest.patterns import normalise_amount_number, parse_date, patterns
from interdictor.ingest.vocab import header_key, vocab


def kinds(line: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for found in patterns().identifiers(line):
        out.setdefault(found.kind, []).append(found.normalised)
    return out


def test_vocab_validates_and_maps_header_synonyms() -> None:
    words = vocab()
    assert words.registry_headers[header_key("Company Number")] == "company_id"
    assert words.registry_headers[header_key("Share %")] == "percentage"
    assert words.registry_roles["managing_director"] == "directorship"
    assert words.currency("€") == "EUR" and words.currency("RMB") == "CNY" and words.currency("ALL") is None


def test_iban_needs_its_checksum_and_survives_a_trailing_word() -> None:
    assert kinds("IBAN DE89 3704 0044 0532 0130 00 BIC")["iban"] == ["DE89370400440532013000"]
    assert "iban" not in kinds("IBAN DE89 3704 0044 0532 0130 01")


def test_bic_needs_a_label_and_a_country() -> None:
    assert kinds("SWIFT: RHHBDEFF")["bic"] == ["RHHBDEFF"]
    assert "bic" not in kinds("SHIPMENT ARRIVED at 10")
    assert "bic" not in kinds("BIC: ABCDZZ12 x1")  # ZZ is no country


def test_imo_check_digit() -> None:
    assert kinds("vessel IMO 9074729 arrived")["imo"] == ["IMO9074729"]
    assert "imo" not in kinds("vessel IMO 9074728 arrived")


def test_phones_are_validated_and_normalised_to_e164() -> None:
    assert kinds("call +98 912 123 4567 now")["phone"] == ["+989121234567"]
    assert kinds("call 0049-30-12345678")["phone"] == ["+493012345678"]
    assert "phone" not in kinds("order +1 23 today")
    assert kinds("Tel: 030 1234567")["phone"] == ["0301234567"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("12,000.00", 12000.0), ("12.000,00", 12000.0), ("5 200", 5200.0), ("1'250.5", 1250.5), ("12,5", 12.5)],
)
def test_amount_numbers(text: str, value: float) -> None:
    assert normalise_amount_number(text) == value


def test_amounts_with_codes_symbols_and_multipliers() -> None:
    assert kinds("pay USD 12,480.00 and €5.200,00 and 1.2 million EUR")["amount"] == [
        "USD 12480.00",
        "EUR 5200.00",
        "EUR 1200000.00",
    ]
    assert "amount" not in kinds("we need 4 units")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2023-05-02", "2023-05-02"),
        ("02.05.2023", "2023-05-02"),
        ("05/13/2023", "2023-05-13"),
        ("2 May 2023", "2023-05-02"),
        ("May 2nd, 2023", "2023-05-02"),
        ("15. März 2024", "2024-03-15"),
        ("31.02.2023", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_emails_and_websites() -> None:
    found = kinds("write to Ops.Team@Gulf-Feeder.ae or see https://www.gulffeeder.ae/contact.")
    assert found["email"] == ["ops.team@gulf-feeder.ae"]
    assert found["website"] == ["gulffeeder.ae"]


def names(line: str, kind: str) -> list[str]:
    finder = name_finder()
    if kind == "company":
        return [f.value for f in finder.companies(line)]
    if kind == "person":
        return [f.value for f in finder.persons(line)]
    if kind == "address":
        return [f.value for f in finder.addresses(line)]
    return [f.value for f in finder.parts(line, [])]


def test_company_names_are_anchored_on_legal_forms() -> None:
    line = "Thanks, we ordered from Rhein Antriebstechnik GmbH for Al Noor General Trading LLC."
    assert names(line, "company") == ["Rhein Antriebstechnik GmbH", "Al Noor General Trading LLC"]
    assert names("OOO «Ромашка» and 大连阳光实业有限公司", "company") == [
        "OOO «Ромашка»",
        "大连阳光实业有限公司",
    ]
    assert names("PLEASE SEND AS SOON AS POSSIBLE", "company") == []
    assert names("the company will send it as agreed", "company") == []


def test_people_parts_and_addresses() -> None:
    assert names("Contact Mr. Reza Karimi today", "person") == ["Reza Karimi"]
    assert names("P/N FC-4410 and model ACS880-01, invoice INV-2023-0412", "part") == ["FC-4410", "ACS880-01"]
    assert names("Ship to: P.O. Box 17731, Jebel Ali Free Zone, Dubai. Thanks", "address") == [
        "P.O. Box 17731, Jebel Ali Free Zone, Dubai"
    ]
    assert names("Seller: Acme, Industriestraße 12, 40211 Düsseldorf", "address") == [
        "Industriestraße 12, 40211 Düsseldorf"
    ]
    # References with a number and a street-like abbreviation are not addresses.
    assert names("Written from SGHC-17 and ST-15: the sum, payer, bank", "address") == []
    assert names("Office at 12 Main St, Springfield", "address") == ["12 Main St, Springfield"]


def test_declared_phone_keeps_a_registry_number_libphonenumber_rejects() -> None:
    from interdictor.ingest.patterns import declared_phone

    assert declared_phone("+971 0500 38716") == "+971050038716"
    assert declared_phone("00 49 30 1234567") == "+49301234567"
    assert declared_phone("12-34") is None
