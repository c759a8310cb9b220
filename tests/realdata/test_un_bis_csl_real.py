"""The UN, BIS DPL and CSL readers on the real public files in ../shared/data/lists.

Counts are taken from the files here, independently of the readers (a regular expression over
the XML, the csv module over the text files), so a reader that drops entries fails.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from interdictor.lists import read_list
from interdictor.lists.base import entity_id_from
from interdictor.lists.values import name_key
from interdictor.store import Store

pytestmark = pytest.mark.realdata

UN_FILE = "lists/un/UN_consolidated_2026-02-27.xml"
DPL_FILE = "lists/bis/dpl_2022-09-07.txt"
CSL_FILES = ("lists/csl/consolidated_sample.csv", "lists/csl/csl_2019-12-03_sample.csv")
ENTITY_LIST = "Entity List (EL) - Bureau of Industry and Security"


@pytest.fixture(scope="module")
def loaded(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    with Store(tmp_path_factory.mktemp("real") / "real.duckdb") as store:
        for name in (UN_FILE, DPL_FILE, *CSL_FILES):
            store.load(read_list(shared_data / name))
        yield store


def test_un_counts_and_publication_date(loaded: Store, shared_data: Path) -> None:
    text = (shared_data / UN_FILE).read_text(encoding="utf-8")
    individuals, entities = len(re.findall(r"<INDIVIDUAL>", text)), len(re.findall(r"<ENTITY>", text))
    assert (individuals, entities) == (730, 273)
    [version] = loaded.versions("un_sc_sanctions")
    assert version.entity_count == individuals + entities
    assert (version.published, version.published_source) == (date(2026, 2, 27), "file")
    schemata = dict(
        loaded.con.execute(
            "SELECT schema, count(*) FROM entity_versions WHERE version_id = ? GROUP BY schema",
            [version.version_id],
        ).fetchall()
    )
    assert schemata == {"Person": individuals, "Organization": entities}


def test_un_names_in_original_script(loaded: Store, shared_data: Path) -> None:
    text = (shared_data / UN_FILE).read_text(encoding="utf-8")
    # one of the 378 "original script" names is Latin (JAMAAH ANSHARUT DAULAH): count the others
    in_script = len(re.findall("<NAME_ORIGINAL_SCRIPT>[^<]*[\u0400-\u06ff]", text))
    (with_script_name,) = loaded.con.execute(
        "SELECT count(DISTINCT entity_id) FROM statements"
        " WHERE list_name = 'un_sc_sanctions' AND prop = 'name' AND regexp_matches(value, '[\u0400-\u06ff]')"
    ).fetchone() or (0,)
    assert in_script == 377 and with_script_name == in_script
    umarov = loaded.entity("unsc-2960872")  # QDi.290, listed by the UN with a Cyrillic name
    assert umarov.values("name") == {"DOKU KHAMATOVICH UMAROV", "Умаров Доку Хаматович"}
    assert umarov.values("programId") == {"QDi.290"}
    assert umarov.values("passportNumber") == {"96 03 464086"}
    akhund = loaded.entity("unsc-110577")  # TAi.002, Arabic script
    assert "محمد حسن آخوند" in akhund.values("name")
    assert {"1945", "1950", "1955", "1958"} <= akhund.values("birthDate")  # two BETWEEN ranges


def test_dpl_rows_and_known_parties(loaded: Store, shared_data: Path) -> None:
    with (shared_data / DPL_FILE).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == 581
    [version] = loaded.versions("us_bis_denied")
    assert version.entity_count == len({name_key(row["Name"]) for row in rows}) == 458
    airline = loaded.entity(entity_id_from("bis-dpl", name_key("AL NASER AIRLINES")))
    # four rows (Baghdad twice, Dubai, Amman) and a spelling with a hyphen and two spaces
    assert len(airline.values("address")) == 4
    assert airline.values("name") == {"AL NASER AIRLINES", "AL-NASER AIRLINES"}
    assert airline.values("country") == {"iq", "ae", "jo"}
    sun = loaded.entity(entity_id_from("bis-dpl", name_key("FUYI SUN A/K/A FRANK SUN")))
    assert sun.values("name") == {"FUYI SUN"} and sun.values("alias") == {"FRANK SUN"}
    assert sun.values("createdAt") == {"2018-06-13"} and sun.values("country") == {"us"}


def test_csl_entity_list_rows(loaded: Store, shared_data: Path) -> None:
    expected = 0
    for name in CSL_FILES:
        with (shared_data / name).open(newline="", encoding="utf-8") as handle:
            expected += sum(1 for row in csv.DictReader(handle) if row["source"] == ENTITY_LIST)
    (found,) = loaded.con.execute(
        "SELECT count(DISTINCT entity_id) FROM statements WHERE list_name = 'us_trade_csl'"
        " AND prop = 'program' AND value = ?",
        [ENTITY_LIST],
    ).fetchone() or (0,)
    assert (expected, found) == (23, 23)
    cetc = loaded.entity("csl-99ed1b052fdb09695fae1ba87516d8a0882b0df04652e07aeb5ce7be")
    assert cetc.values("topics") == {"export.control"}
    assert "HSRI" in cetc.values("alias")
    assert len(cetc.values("address")) == 3 and not any(a.startswith("and ") for a in cetc.values("address"))
    rim = loaded.entity("csl-52291")  # an SDN row: NPWMD, with a passport in the ids column
    assert rim.schema_name == "Person"
    assert rim.values("passportNumber") == {"836238033"} and rim.values("programId") == {"NPWMD"}
