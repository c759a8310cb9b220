"""The OFAC CSV readers on the real SDN (2021 set, 2024 main file) and consolidated (2025) files.

Entry counts are taken from the files with a regular expression, independently of the reader,
so a reader that drops rows fails. Entities named here were checked by grep in the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from interdictor.exc import InputRejected
from interdictor.lists import read_list
from interdictor.lists.base import ParsedList, ReadContext, published_from_filename
from interdictor.lists.ofac import SDN_FILES, OfacSdnReader, OfacSet, locate
from interdictor.lists.ofac_parties import ReadStats
from interdictor.store import Store

pytestmark = pytest.mark.realdata

SDN_2021 = "lists/ofac/sdn-2021-07-07"
SDN_2024 = "lists/ofac/sdn-2024-05-03"
SDN_2025_DELTA = "lists/ofac/sdn-2025-12-24-add-alt"
CONS_2025 = "lists/ofac/cons-2025-12-19"
PARTIES = ("Person", "Organization", "Company", "Vessel", "Airplane")


def count_rows(path: Path) -> int:
    """Rows of an OFAC main file: lines that start with an entry number."""
    return len(re.findall(rb"(?m)^\d+,", path.read_bytes()))


@dataclass
class Loaded:
    store: Store
    stats: dict[str, ReadStats]


def load_sdn(store: Store, path: Path) -> ReadStats:
    """What `read_list` does for an SDN folder, keeping the reader's statistics for the tests."""
    reader = OfacSdnReader()
    ctx = ReadContext(path=path, list_name=reader.list_name, list_title=reader.title)
    ctx.set_published(published_from_filename(path), "filename")
    ofac_set = OfacSet(locate(path, SDN_FILES), SDN_FILES, ctx)
    parsed = ParsedList(reader.list_name, reader.format, reader.files(path), ofac_set.entities(), ctx)
    store.load(parsed)
    return ofac_set.stats


@pytest.fixture(scope="module")
def loaded(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loaded]:
    with Store(tmp_path_factory.mktemp("ofac") / "real.duckdb") as store:
        stats = {name: load_sdn(store, shared_data / name) for name in (SDN_2021, SDN_2024)}
        store.load(read_list(shared_data / CONS_2025))
        yield Loaded(store, stats)


def party_count(store: Store, version_id: int) -> int:
    (count,) = store.con.execute(
        f"SELECT count(*) FROM entity_versions WHERE version_id = ? AND schema IN {PARTIES}", [version_id]
    ).fetchone() or (0,)
    return int(count)


def test_every_sdn_entry_of_2021_and_2024_is_loaded(loaded: Loaded, shared_data: Path) -> None:
    v2021, v2024 = loaded.store.versions("us_ofac_sdn")
    assert (v2021.published, v2024.published) == (date(2021, 7, 7), date(2024, 5, 3))
    rows_2021 = count_rows(shared_data / SDN_2021 / "sdn.csv")
    rows_2024 = count_rows(shared_data / SDN_2024 / "sdn.csv")
    assert (rows_2021, rows_2024) == (8976, 14965)
    assert party_count(loaded.store, v2021.version_id) == rows_2021
    assert party_count(loaded.store, v2024.version_id) == rows_2024
    assert loaded.stats[SDN_2021].entries == rows_2021


def test_the_consolidated_list_is_loaded_whole(loaded: Loaded, shared_data: Path) -> None:
    [version] = loaded.store.versions("us_ofac_cons")
    rows = count_rows(shared_data / CONS_2025 / "cons_prim.csv")
    assert rows == 442
    assert party_count(loaded.store, version.version_id) == rows
    # HANIYA, Ismail Abdul Salah: aliases from cons_alt.csv, remarks from cons_prim.csv
    haniya = loaded.store.entity("ofac-cons-9639")
    assert {"HANIYA, Ismail", "HANIYYA, Ismaeel"} <= haniya.values("alias")
    assert haniya.values("birthDate") == {"1962"}


def test_a_known_vessel_has_its_imo_number(loaded: Loaded) -> None:
    ebano = loaded.store.entity("ofac-4243")  # EBANO, general cargo, Panama flag
    assert ebano.schema_name == "Vessel"
    assert ebano.values("imoNumber") == {"IMO7406784"}
    assert ebano.values("previousName") == {"ANA I", "SAND SWAN"}
    assert "pa" in ebano.values("flag")


def test_linked_to_relations_of_known_entries(loaded: Loaded) -> None:
    # 2021: LI, Jiadong (28264) is linked to LAZARUS GROUP (27307); OFAC cut his remarks at
    # 1,000 characters and the link is in sdn_comments.csv. The 2024 file has no comments file,
    # so that publication no longer states the link.
    link = loaded.store.entity("ofac-link-28264-27307")
    assert (link.values("subject"), link.values("object")) == ({"ofac-28264"}, {"ofac-27307"})
    assert [(s.first_version, s.last_version) for s in link.statements if s.prop == "object"] == [(1, 1)]
    assert loaded.store.caption("ofac-27307") == "LAZARUS GROUP"
    # 2024: the tanker ARTAVIL (15036) is linked to NATIONAL IRANIAN TANKER COMPANY (15117)
    artavil = loaded.store.entity("ofac-15036")
    others = {(r.role, r.other_id, r.other_caption) for r in artavil.relations}
    assert ("subject", "ofac-15117", "NATIONAL IRANIAN TANKER COMPANY") in others
    assert artavil.values("imoNumber") == {"IMO9187629"}
    assert artavil.values("mmsi") == {"572469210"}


def test_the_diff_shows_real_additions_and_removals(loaded: Loaded) -> None:
    diff = loaded.store.diff("us_ofac_sdn", "2021-07-07", "2024-05-03")
    added = {e.entity_id: e.caption for e in diff.added}
    removed = {e.entity_id: e.caption for e in diff.removed}
    # grep: 17013 is only in the 2024 file, 10021 only in the 2021 file
    assert added["ofac-17013"] == "VTB BANK PUBLIC JOINT STOCK COMPANY"
    assert removed["ofac-10021"] == "CORPORACION HOTELERA DEL CARIBE LIMITADA"
    parties_added = sum(1 for e in diff.added if e.schema_name in PARTIES)
    parties_removed = sum(1 for e in diff.removed if e.schema_name in PARTIES)
    assert (parties_added, parties_removed) == (6870, 881)


def test_few_remark_fragments_are_left_as_notes(loaded: Loaded) -> None:
    for name in (SDN_2021, SDN_2024):
        stats = loaded.stats[name]
        assert stats.fragments > 30_000
        assert stats.notes_share < 0.01, (name, stats.summary())
    stats = loaded.stats[SDN_2024]
    assert stats.links > 6000
    assert stats.cut_remarks == 18  # the 2024 file comes without sdn_comments.csv


def test_the_2025_companion_files_alone_are_refused(loaded: Loaded, shared_data: Path) -> None:
    before = loaded.store.versions()
    with pytest.raises(InputRejected) as caught:
        loaded.store.load(read_list(shared_data / SDN_2025_DELTA))
    assert "no sdn.csv" in caught.value.problems[0].message
    assert loaded.store.versions() == before
