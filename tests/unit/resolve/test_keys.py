"""Normalised keys: spellings of one fact agree, different facts do not, junk gives nothing."""

from __future__ import annotations

import pytest

from interdictor.resolve.keys import address_key, domain_of, email_key, identifier_key, name_keys, phone_key


@pytest.mark.parametrize(
    "a, b",
    [
        ("+86 06982596829", "0086-069-82596829"),
        ("(+49) 85 22998315", "+498522998315"),
    ],
)
def test_phone_formats_agree(a: str, b: str) -> None:
    assert phone_key(a) == phone_key(b) is not None


def test_bad_values_give_no_key() -> None:
    assert phone_key("12") is None
    assert phone_key("") is None
    assert email_key("not an email") is None
    assert email_key("a@b@c.com") is None
    assert identifier_key("-- 1 --") is None
    assert domain_of(email="someone@gmail.com") is None
    assert name_keys("???", False) == ()


def test_name_keys_ignore_order_case_and_legal_form() -> None:
    a = name_keys("Hengtong (Shanghai) Machine Tool Co., Ltd.", False)
    b = name_keys("SHANGHAI HENGTONG MACHINE TOOL CORPORATION LIMITED", False)
    assert a[0] == b[0]
    assert (
        name_keys("Schneider & Schneider Messtechnik AG", False)[0]
        != name_keys("Schneider Messtechnik", False)[0]
    )


def test_address_raw_and_parts_agree() -> None:
    raw = address_key(raw="Marunouchi 307, 61684 Kobe")
    parts = address_key(street="Marunouchi 307")
    assert raw == parts == "307 marunouchi"
    assert address_key(raw="P.O. Box 17731, Jebel Ali Free Zone, Dubai") == address_key(
        po_box="17731", street="Jebel Ali Free Zone"
    )
