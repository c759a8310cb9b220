"""Building keys (NET-08 at building level): units dropped, and only lines that name a building count."""

from __future__ import annotations

import pytest

from interdictor.graph.config import default_config
from interdictor.graph.keys import building_key

_SPEC = default_config().identity.building
_UNITS, _WORDS = frozenset(_SPEC.unit_words), frozenset(_SPEC.building_words)


def _key(raw: str, city: str = "") -> str | None:
    return building_key(raw, _UNITS, _WORDS, city=city)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("13th floor, Hongxiang Building, Dandong", "Hongxiang Building, Dandong"),
        ("Suite 1204, 88 Huanghe Road, Dalian", "Room 5, 88 Huanghe Road, Dalian"),
        ("1 Beach Road, #03-01, Singapore", "#05-11, 1 Beach Road, Singapore"),
        ("Floor 3, Tower B, Dubai", "Tower B, Dubai"),
    ],
)
def test_floors_and_units_of_one_building_share_a_key(a: str, b: str) -> None:
    assert _key(a) is not None
    assert _key(a) == _key(b)


@pytest.mark.parametrize(
    "raw",
    [
        "Office 14, Jebel Ali Free Zone, Dubai",  # a free zone is not a building
        "Beach Road, Singapore",  # a street without a number
        "P.O. Box 16535-0076",  # a mailing address without a city
        "Hongxiang Building",  # no city: "the same building" cannot be told
    ],
)
def test_lines_that_name_no_building_have_no_key(raw: str) -> None:
    assert _key(raw) is None


def test_other_city_other_building() -> None:
    assert _key("88 Huanghe Road, Dalian") != _key("88 Huanghe Road, Shenyang")


def test_city_given_apart_from_the_line() -> None:
    assert _key("13th floor, Hongxiang Building", city="dandong") == _key("Hongxiang Building, Dandong")
