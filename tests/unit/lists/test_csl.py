"""The Consolidated Screening List reader: every source list, both formats, and bad rows refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdictor.exc import InputRejected
from interdictor.lists import read_list
from interdictor.lists.load import detect_reader
from interdictor.store import Store

ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"


@pytest.fixture
def csl_dir(fixtures: Path) -> Path:
    return fixtures / "lists/csl"


@pytest.fixture
def current(store: Store, csl_dir: Path) -> Store:
    report = store.load(read_list(csl_dir / "csl_current.csv"))
    assert (report.version.list_name, report.version.entity_count) == ("us_trade_csl", 8)
    return store


def by_program(store: Store, program: str) -> list[str]:
    rows = store.con.execute(
        "SELECT DISTINCT entity_id FROM statements WHERE prop = 'program' AND value = ? ORDER BY 1", [program]
    ).fetchall()
    return [row[0] for row in rows]


def test_entity_list_rows_say_where_they_come_from(current: Store) -> None:
    [entity_id] = by_program(current, ENTITY_LIST)
    record = current.entity(entity_id)
    assert entity_id == "csl-6c1f0e8a9b7d4c3e2f1a0b9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a"
    assert record.schema_name == "LegalEntity"
    assert record.values("topics") == {"export.control"}
    assert record.values("name") == {"Zhonghe Precision Vacuum Technology Co., Ltd."}
    # "; and ZPVT": the last of several names reads "and X"
    assert record.values("alias") == {"Hefei Zhonghe Vacuum", "ZPVT"}
    assert record.values("country") == {"cn"}
    assert record.values("createdAt") == {"2024-09-05"}
    assert {
        "License requirement: For all items subject to the EAR. (See §744.11 of the EAR)",
        "License policy: Presumption of denial.",
        "Federal Register: 89 FR 71812",
    } <= record.values("notes")


def test_every_source_list_is_kept_with_its_topic(current: Store) -> None:
    topics = {}
    for program in (
        "Specially Designated Nationals (SDN) - Treasury Department",
        ENTITY_LIST,
        "Denied Persons List (DPL) - Bureau of Industry and Security",
        "Nonproliferation Sanctions (ISN) - State Department",
        "Military End User (MEU) List - Bureau of Industry and Security",
        "Unverified List (UVL) - Bureau of Industry and Security",
        "ITAR Debarred (DTC) - State Department",
    ):
        ids = by_program(current, program)
        assert ids, program
        topics[program.split(" (")[0]] = current.entity(ids[0]).values("topics")
    assert topics["Specially Designated Nationals"] == {"sanction"}
    assert topics["Nonproliferation Sanctions"] == {"sanction"}
    assert topics["Unverified List"] == topics["Military End User"] == {"export.control"}
    assert topics["ITAR Debarred"] == {"debarment"}


def test_individual_with_ids_addresses_and_birth_data(current: Store) -> None:
    person = current.entity("csl-36001")
    assert person.schema_name == "Person"
    assert person.values("programId") == {"NPWMD", "IFSR"}
    assert person.values("alias") == {"TAHERI, Kamran Ali", "KAMRAN, Taheri"}
    assert person.values("address") == {"No. 12 Vanak Square, Tehran, IR", "Sheikh Zayed Road, Dubai, AE"}
    assert person.values("country") == {"ir", "ae"}
    assert person.values("birthDate") == {"1974-06-02"}
    assert person.values("nationality") == {"ir"}
    assert person.values("birthPlace") == {"Isfahan, Iran"}
    assert person.values("passportNumber") == {"Y45123987"}
    assert person.original("passportNumber", "Y45123987") == "Passport, Y45123987, IR"
    assert person.values("gender") == {"male"}
    assert person.values("email") == {"k.taheri@example.ir"}
    [summary] = person.values("summary")
    assert summary.startswith("Secondary sanctions risk: Section 1(b) of Executive Order 13224")


def test_vessels_and_typeless_rows(current: Store) -> None:
    vessel = current.entity("csl-36002")
    assert vessel.schema_name == "Vessel"
    assert vessel.values("callSign") == {"3FQR9"}
    assert vessel.values("flag") == {"pa"}
    assert vessel.values("type") == {"Crude Oil Tanker"}
    assert vessel.values("tonnage") == {"56214"}
    assert vessel.values("imoNumber") == {"IMO9187342"}
    assert vessel.values("mmsi") == {"352001234"}
    assert "Vessel owner: BLUE SEA SHIPPING LTD" in vessel.values("notes")
    # no type, but a date of birth: only people have one
    debarred = by_program(current, "ITAR Debarred (DTC) - State Department")
    assert current.entity(debarred[0]).schema_name == "Person"
    isn = current.entity(by_program(current, "Nonproliferation Sanctions (ISN) - State Department")[0])
    assert isn.values("name") == {"Dalian Huarui Trading Company"}
    assert "Listing covers: and any successor, sub-unit, or subsidiary thereof" in isn.values("notes")


def test_2019_format_without_ids(store: Store, csl_dir: Path) -> None:
    first = store.load(read_list(csl_dir / "csl_2019.csv"))
    assert first.version.entity_count == 5 and first.version.published is None
    again = store.load(read_list(csl_dir / "csl_2019.csv"), force=True)
    assert (again.added, again.removed, again.changed) == (0, 0, 0)  # the hashed ids are stable
    ids = by_program(store, "Specially Designated Nationals (SDN) - Treasury Department")
    records = {store.entity(i).caption: store.entity(i) for i in ids}
    metals = records["SUNRISE METALS FZE"]
    # ids read "country, number, type" in this format
    assert metals.values("registrationNumber") == {"1234567"}
    assert metals.values("taxNumber") == {"80-0890696"}
    assert metals.original("taxNumber", "80-0890696") == "US, 80-0890696, Tax ID No."
    assert metals.values("website") == {"http://www.sunrise-metals.example/"}
    assert records["SEA BREEZE"].values("imoNumber") == {"IMO9012345"}
    faris = records["AL-RASHIDI, Faris"]
    assert faris.values("birthDate") == {"1958", "1960", "1962", "1963", "1964"}
    assert faris.values("position") == {"Financier"}
    assert faris.values("citizenship") == {"jo"}
    [dpl] = by_program(store, "Denied Persons List (DPL) - Bureau of Industry and Security")
    assert store.entity(dpl).caption == "ADRIAN GOMEZ-RIVAS"
    assert "Listing ends: 2027-10-13" in store.entity(dpl).values("notes")


def test_sniff_accepts_csl_only(fixtures: Path, csl_dir: Path) -> None:
    reader = detect_reader(csl_dir / "csl_current.csv")
    assert reader.format == "us-csl-csv"
    assert detect_reader(csl_dir / "csl_2019.csv") is reader
    assert detect_reader(csl_dir / "csl_unknown_column.csv") is reader
    for other in ("un_sc/consolidated.xml", "bis_dpl/dpl.txt", "ftm/v1.ftm.json"):
        path = fixtures / "lists" / other
        assert not reader.sniff(path, path.read_bytes()[:8192]), other


def test_malformed_row_and_unknown_type_are_refused(current: Store, csl_dir: Path) -> None:
    before = current.versions()
    with pytest.raises(InputRejected) as info:
        current.load(read_list(csl_dir / "csl_malformed_row.csv"))
    problems = info.value.problems
    assert {(p.line, p.field) for p in problems} == {(4, None), (5, "type")}
    assert all(p.file.endswith("csl_malformed_row.csv") for p in problems)
    assert "the row has 32 fields where the header has 29" in str(info.value)
    assert "unknown type 'Ship'" in str(info.value)
    assert current.versions() == before


def test_unknown_column_is_refused(store: Store, csl_dir: Path) -> None:
    with pytest.raises(InputRejected) as info:
        store.load(read_list(csl_dir / "csl_unknown_column.csv"))
    [problem] = info.value.problems
    assert problem.file.endswith("csl_unknown_column.csv")
    assert (problem.line, problem.field) == (1, "sanction_type")
    assert "unknown column 'sanction_type'" in problem.message and "_id, source" in str(problem.hint)
    assert store.versions() == []
