"""The BIS Denied Persons List reader: merged parties, countries, dates, and a changed header refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdictor.exc import InputRejected
from interdictor.lists import read_list
from interdictor.lists.base import entity_id_from
from interdictor.lists.bis_dpl import COLUMNS
from interdictor.lists.load import detect_reader
from interdictor.lists.values import name_key
from interdictor.store import Store


def dpl_id(name: str) -> str:
    return entity_id_from("bis-dpl", name_key(name))


@pytest.fixture
def dpl_dir(fixtures: Path) -> Path:
    return fixtures / "lists/bis_dpl"


@pytest.fixture
def loaded(store: Store, dpl_dir: Path) -> Store:
    report = store.load(read_list(dpl_dir / "dpl.txt"))
    # seven rows, five parties: one person at two addresses, one name in two spellings
    assert (report.version.list_name, report.version.entity_count) == ("us_bis_denied", 5)
    return store


def test_rows_of_one_party_merge_into_one_entity(loaded: Store) -> None:
    person = loaded.entity(dpl_id("DARREN LOUIS HOLLOWAY"))
    assert person.schema_name == "LegalEntity"
    assert person.values("address") == {
        "4410 CEDAR CREEK ROAD, ABILENE, TX 79601",
        "INMATE NUMBER: 55120-177, FCI BIG SPRING, 1900 SIMLER AVENUE, BIG SPRING, TX 79720",
    }
    # case and spacing do not make a new party; both spellings stay as names
    greta = loaded.entity(dpl_id("Greta Wolanski"))
    assert greta.values("name") == {"GRETA WOLANSKI", "Greta Wolanski"}
    assert greta.original("name", "GRETA WOLANSKI") == "GRETA  WOLANSKI"


def test_dates_keep_their_original_text(loaded: Store) -> None:
    person = loaded.entity(dpl_id("DARREN LOUIS HOLLOWAY"))
    assert person.values("createdAt") == {"2021-03-15"}
    assert person.original("createdAt", "2021-03-15") == "03/15/2021"
    assert person.values("modifiedAt") == {"2021-03-22"}
    assert "Denial expires: 2031-02-28" in person.values("notes")
    assert "Federal Register: 86 F.R. 15167 3/22/2021" in person.values("notes")
    assert person.values("topics") == {"export.control"}


def test_a_date_bis_mistyped_is_kept_as_a_note(loaded: Store) -> None:
    mehran = loaded.entity(dpl_id("MEHRAN TAVAKOLI A/K/A MIKE TAVAKOLI"))
    assert mehran.values("modifiedAt") == set()
    assert "Modified on: 3019-07-08" in mehran.values("notes")


def test_also_known_as_and_doing_business_as_become_aliases(loaded: Store) -> None:
    mehran = loaded.entity(dpl_id("MEHRAN TAVAKOLI A/K/A MIKE TAVAKOLI"))
    assert mehran.values("name") == {"MEHRAN TAVAKOLI"}
    assert mehran.values("alias") == {"MIKE TAVAKOLI"}
    assert mehran.original("alias", "MIKE TAVAKOLI") == "MEHRAN TAVAKOLI A/K/A MIKE TAVAKOLI"
    company = loaded.entity(dpl_id("NORTHSTAR AVIONICS LTD. D/B/A NSA PARTS"))
    assert company.values("name") == {"NORTHSTAR AVIONICS LTD."}
    assert company.values("alias") == {"NSA PARTS"}


def test_countries_given_inferred_from_us_states_and_not_guessed(loaded: Store) -> None:
    person = loaded.entity(dpl_id("DARREN LOUIS HOLLOWAY"))
    assert person.values("country") == {"us"}
    assert person.original("country", "us") == "TX"
    # "CY" in State is a FIPS country code, not a US state: no country is guessed
    assert loaded.entity(dpl_id("MEHRAN TAVAKOLI A/K/A MIKE TAVAKOLI")).values("country") == set()
    # "NM" in Country is New Mexico
    greta = loaded.entity(dpl_id("Greta Wolanski"))
    assert greta.values("country") == {"us"}
    assert "INMATE NUMBER: 40218-051, FCI LA TUNA, P.O. BOX 3000, ANTHONY, NM 88021" in greta.values(
        "address"
    )
    assert loaded.entity(dpl_id("NORTHSTAR AVIONICS LTD. D/B/A NSA PARTS")).values("country") == {"gb"}


def test_sniff_accepts_dpl_only(fixtures: Path, dpl_dir: Path) -> None:
    reader = detect_reader(dpl_dir / "dpl.txt")
    assert reader.format == "bis-dpl-txt"
    assert detect_reader(dpl_dir / "dpl_unknown_column.txt") is reader
    for other in ("un_sc/consolidated.xml", "csl/csl_current.csv", "csl/csl_2019.csv", "ftm/v1.ftm.json"):
        path = fixtures / "lists" / other
        assert not reader.sniff(path, path.read_bytes()[:8192]), other


def test_unknown_and_missing_columns_are_refused(loaded: Store, dpl_dir: Path) -> None:
    before = loaded.versions()
    with pytest.raises(InputRejected) as info:
        loaded.load(read_list(dpl_dir / "dpl_unknown_column.txt"))
    problems = info.value.problems
    assert {(p.line, p.field) for p in problems} == {
        (1, "Federal_Register"),
        (1, "Remarks"),
        (1, "FR_Citation"),
    }
    assert all(p.file.endswith("dpl_unknown_column.txt") for p in problems)
    missing = next(p for p in problems if p.field == "FR_Citation")
    assert missing.message == "missing column(s): FR_Citation"
    assert missing.hint == f"expected columns: {', '.join(COLUMNS)}"
    assert loaded.versions() == before
