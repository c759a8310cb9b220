"""The UN Security Council XML reader: what it keeps, and what it refuses without touching the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from interdictor.exc import InputRejected
from interdictor.lists import read_list
from interdictor.lists.load import detect_reader
from interdictor.store import Store


@pytest.fixture
def un_dir(fixtures: Path) -> Path:
    return fixtures / "lists/un_sc"


@pytest.fixture
def loaded(store: Store, un_dir: Path) -> Store:
    report = store.load(read_list(un_dir / "consolidated.xml"))
    assert report.version.entity_count == 4
    return store


def test_publication_date_comes_from_date_generated(loaded: Store) -> None:
    [version] = loaded.versions()
    assert (version.list_name, version.format) == ("un_sc_sanctions", "un-sc-xml")
    assert (version.published, version.published_source) == (date(2025, 3, 14), "file")


def test_individual_names_aliases_and_original_script(loaded: Store) -> None:
    person = loaded.entity("unsc-9000001")
    assert person.schema_name == "Person"
    assert person.values("name") == {"RUSLAN TIMUROVICH BEKOV", "Беков Руслан Тимурович"}
    assert person.values("firstName") == {"RUSLAN"}
    assert person.values("secondName") == {"TIMUROVICH"}
    assert person.values("middleName") == {"BEKOV"}
    assert person.values("alias") == {"Ruslan Bekoev"}
    # a Low alias is weak; the original-script spelling in its note is kept with it
    assert person.values("weakAlias") == {"Abu Timur", "Абу Тимур"}
    assert person.original("weakAlias", "Абу Тимур") == "original script: Абу Тимур"
    # Cyrillic does not say which language: no lang rather than a guess
    assert {s.lang for s in person.statements if s.prop == "name"} == {None}
    korean = loaded.entity("unsc-9000002")
    assert {(s.value, s.lang) for s in korean.statements if s.prop == "name"} == {
        ("KIM SONG HUI", None),
        ("김성희", "kor"),
    }


def test_listing_program_and_descriptive_fields(loaded: Store) -> None:
    person = loaded.entity("unsc-9000001")
    assert person.values("program") == {"Al-Qaida"}
    assert person.values("programId") == {"QDi.901"}
    assert person.values("createdAt") == {"2015-09-23"}
    assert person.values("modifiedAt") == {"2021-11-15"}
    assert person.values("title") == {"Emir"}
    assert person.values("position") == {"Leader of a recruitment network"}
    assert person.values("nationality") == {"ru"}
    assert person.original("nationality", "ru") == "Russian Federation"
    assert person.values("gender") == {"male"}
    [comments] = [note for note in person.values("notes") if note.startswith("Recruiter")]
    assert "\n" not in comments and comments.endswith("concluded on 4 Dec. 2019.")
    assert person.values("topics") == {"sanction"}


def test_dates_of_birth_exact_between_approximate_and_in_notes(loaded: Store) -> None:
    person = loaded.entity("unsc-9000001")
    assert person.values("birthDate") == {"1981-04-17", "1979", "1980", "1981"}
    assert person.original("birthDate", "1980") == "BETWEEN 1979 to 1981 (Approximately)"
    korean = loaded.entity("unsc-9000002")
    # APPROXIMATELY 1967, "Feb. 1968" in a NOTE, and the alias's own date of birth
    assert korean.values("birthDate") == {"1967", "1968-02", "1968-02-11"}
    assert korean.original("birthDate", "1967") == "APPROXIMATELY 1967"


def test_places_addresses_and_documents(loaded: Store) -> None:
    person = loaded.entity("unsc-9000001")
    assert person.values("birthPlace") == {"Nalchik, Kabardino-Balkarian Republic, Russian Federation"}
    assert person.values("birthCountry") == {"ru"}
    assert person.values("address") == {
        "14 Sadovaya Street, Nalchik, Russian Federation",
        "Believed to be in the Syrian Arab Republic",
    }
    assert person.original("address", "14 Sadovaya Street, Nalchik, Russian Federation") == (
        "14 Sadovaya Street, Nalchik, Russian Federation (previous address)"
    )
    assert person.values("country") == {"ru"}
    assert person.values("passportNumber") == {"75 1234567"}
    assert person.original("passportNumber", "75 1234567") == (
        "Passport 75 1234567; Russian Federation; issued 2012-06-01; expired"
    )
    assert person.values("idNumber") == {"0701 554433"}
    # a document without a number is kept whole as a note
    assert "Document: National Identification Number; Italian Fiscal Code: BKVRLN81D17Z154X" in person.values(
        "notes"
    )
    # a French "passeport" is a passport too
    assert loaded.entity("unsc-9000002").values("passportNumber") == {"836410115"}


def test_entities_split_names_aliases_by_quality(loaded: Store) -> None:
    org = loaded.entity("unsc-9100001")
    assert org.schema_name == "Organization"
    assert org.values("alias") == {"KPMTC"}
    assert org.values("previousName") == {"Ryongak Machine Export Company"}
    assert org.values("country") == {"kp"}
    two = loaded.entity("unsc-9100002")
    assert two.values("name") == {
        "GULF HORIZON AIR CARGO (GHAC)",
        "SAHARA LINK LOGISTICS (SLL)",
        "أفق الخليج للشحن الجوي",
    }
    assert two.original("address", "Benghazi, Libya") == "Benghazi, Libya (Tel.: +218 61 555 0101)"


def test_sniff_accepts_un_xml_only(fixtures: Path, un_dir: Path) -> None:
    assert detect_reader(un_dir / "consolidated.xml").format == "un-sc-xml"
    assert detect_reader(un_dir / "billion_laughs.xml").format == "un-sc-xml"
    reader = detect_reader(un_dir / "consolidated.xml")
    for other in ("bis_dpl/dpl.txt", "csl/csl_current.csv", "ftm/v1.ftm.json"):
        path = fixtures / "lists" / other
        assert not reader.sniff(path, path.read_bytes()[:8192]), other


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_entity_declarations_are_refused(loaded: Store, un_dir: Path, name: str) -> None:
    before = loaded.versions()
    with pytest.raises(InputRejected) as info:
        loaded.load(read_list(un_dir / name))
    [problem] = info.value.problems
    assert problem.file.endswith(name) and problem.line == 2
    assert "billion laughs" in problem.message and "DTDForbidden" in problem.message
    assert loaded.versions() == before


def test_truncated_xml_is_refused_with_line_and_column(loaded: Store, un_dir: Path) -> None:
    before = loaded.versions()
    with pytest.raises(InputRejected) as info:
        loaded.load(read_list(un_dir / "truncated.xml"), force=True)
    [problem] = info.value.problems
    assert problem.file.endswith("truncated.xml") and problem.line == 95
    assert "malformed XML at column" in problem.message and "cut short" in str(problem.hint)
    # the first entry had already been read when parsing failed: nothing of it was kept
    assert loaded.versions() == before


def test_unknown_elements_and_values_are_problems(store: Store, un_dir: Path) -> None:
    with pytest.raises(InputRejected) as info:
        store.load(read_list(un_dir / "unknown_element.xml"))
    located = {(p.line, p.element, p.field) for p in info.value.problems}
    assert located == {
        (14, "INDIVIDUAL 9000001", "INDIVIDUAL/EYE_COLOUR"),
        (121, "INDIVIDUAL 9000002", "INDIVIDUAL_DATE_OF_BIRTH/TYPE_OF_DATE"),
    }
    assert all(p.file.endswith("unknown_element.xml") for p in info.value.problems)
    assert store.versions() == []
