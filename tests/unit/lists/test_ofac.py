"""The OFAC SDN and consolidated CSV readers: the four-file set, the remarks, links, and bad input refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from followthemoney import StatementEntity

from interdictor.exc import InputRejected
from interdictor.lists import read_list
from interdictor.lists.base import ReadContext
from interdictor.lists.load import detect_reader
from interdictor.lists.ofac import SDN_FILES, OfacSet, locate
from interdictor.lists.ofac_remarks import parse_dates, parse_remarks
from interdictor.store import Store


@pytest.fixture
def sdn_dir(fixtures: Path) -> Path:
    return fixtures / "lists/ofac_sdn"


@pytest.fixture
def bad_dir(fixtures: Path) -> Path:
    return fixtures / "lists/ofac_bad"


@pytest.fixture
def loaded(store: Store, sdn_dir: Path) -> Store:
    report = store.load(read_list(sdn_dir))
    assert report.version.list_name == "us_ofac_sdn"
    assert report.version.format == "ofac-sdn-csv"
    return store


def read_all(path: Path) -> tuple[dict[str, StatementEntity], OfacSet]:
    ctx = ReadContext(path=path, list_name="us_ofac_sdn", list_title="OFAC SDN")
    ofac_set = OfacSet(locate(path, SDN_FILES), SDN_FILES, ctx)
    entities = {e.id or "": e for e in ofac_set.entities()}
    assert ctx.problems == []
    return entities, ofac_set


# -- finding the files ------------------------------------------------------------------------


def test_a_folder_and_its_main_file_are_recognised_and_companions_are_not(
    sdn_dir: Path, fixtures: Path
) -> None:
    assert detect_reader(sdn_dir).format == "ofac-sdn-csv"
    assert detect_reader(sdn_dir / "sdn.csv").format == "ofac-sdn-csv"
    assert detect_reader(fixtures / "lists/ofac_cons").format == "ofac-cons-csv"
    assert detect_reader(fixtures / "lists/ofac_cons/cons_prim.csv").format == "ofac-cons-csv"
    sdn, cons = detect_reader(sdn_dir, "ofac-sdn-csv"), detect_reader(sdn_dir, "ofac-cons-csv")
    for companion in ("add.csv", "alt.csv", "sdn_comments.csv"):
        path = sdn_dir / companion
        head = path.read_bytes()[:8192]
        assert not sdn.sniff(path, head) and not cons.sniff(path, head), companion
    ftm_head = b'{"id": "x", "schema": "Person", "properties": {}}\n'
    assert not sdn.sniff(sdn_dir / "x.json", ftm_head)


def test_every_file_of_the_set_is_hashed_whether_the_folder_or_the_main_file_is_given(sdn_dir: Path) -> None:
    expected = {"sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv"}
    assert {p.name for p in read_list(sdn_dir).files} == expected
    assert {p.name for p in read_list(sdn_dir / "sdn.csv").files} == expected


def test_the_same_set_loaded_by_folder_or_by_file_is_one_version(loaded: Store, sdn_dir: Path) -> None:
    report = loaded.load(read_list(sdn_dir / "sdn.csv"))
    assert report.skipped
    assert len(loaded.versions()) == 1


# -- entries ----------------------------------------------------------------------------------


def test_schemas_follow_the_sdn_type(loaded: Store) -> None:
    schemas = {i: loaded.entity(f"ofac-{i}").schema_name for i in range(1001, 1008)}
    assert schemas == {
        1001: "Person",
        1002: "Organization",
        1003: "Vessel",
        1004: "Airplane",
        1005: "Organization",
        1006: "Person",
        1007: "Person",
    }


def test_a_person_keeps_the_listed_name_and_gets_its_parts(loaded: Store) -> None:
    petrov = loaded.entity("ofac-1001")
    assert petrov.values("name") == {"PETROV, Ivan Sergeyevich"}
    assert petrov.values("lastName") == {"PETROV"}
    assert petrov.values("firstName") == {"Ivan Sergeyevich"}
    assert petrov.values("position") == {
        "Director General",
        "Member of the Board of Directors of Northwind Trading LLC",
    }
    assert petrov.values("program") == {"RUSSIA-EO14024", "NPWMD"}
    assert petrov.values("programId") == {"RUSSIA-EO14024", "NPWMD"}
    reyes = loaded.entity("ofac-1007")
    assert (reyes.values("lastName"), reyes.values("nameSuffix")) == ({"DELOS REYES"}, {"Jr."})


def test_remarks_become_properties_with_their_fragment_as_original(loaded: Store) -> None:
    petrov = loaded.entity("ofac-1001")
    assert petrov.values("birthDate") == {"1965-03-12"}
    assert petrov.original("birthDate", "1965-03-12") == "DOB 12 Mar 1965"
    assert petrov.values("birthPlace") == {"Moscow, Russia"}
    assert petrov.values("birthCountry") == {"ru"}
    assert petrov.values("nationality") == {"ru"}
    assert petrov.values("gender") == {"male"}
    assert petrov.values("passportNumber") == {"7512345678"}
    assert (
        petrov.original("passportNumber", "7512345678") == "Passport 7512345678 (Russia) expires 12 Mar 2030"
    )
    assert petrov.values("taxNumber") == {"770112345678"}
    assert petrov.values("weakAlias") == {"VANYA"}
    assert petrov.values("alias") == {"PETROV, Ivan"}
    assert petrov.values("address") == {"Ulitsa Tverskaya 1, Moscow 125009, Russia"}
    assert petrov.values("country") == {"ru"}


def test_organisation_identifiers_and_sanction_details(loaded: Store) -> None:
    org = loaded.entity("ofac-1002")
    assert org.values("incorporationDate") == {"2011-02-14"}
    assert org.values("registrationNumber") == {"1117746012345", "33445566"}
    assert org.values("leiCode") == {"2534001ABCDEFGH12345"}
    assert org.values("swiftBic") == {"NWTRRUMM"}
    assert org.values("email") == {"info@northwind-trading.example"}
    assert org.values("website") == {"http://www.northwind-trading.example/"}
    assert org.values("phone") == {"+74951234567"}
    assert org.values("sector") == {"Wholesale of machinery"}
    assert org.values("classification") == {"Private Company"}
    assert org.values("previousName") == {"SEVERNY VETER OOO"}
    assert any(v.startswith("Secondary sanctions risk:") for v in org.values("summary"))
    assert len(org.values("address")) == 2
    # a fragment no rule understands is kept whole
    assert org.values("notes") == {"Ownership data withheld pending review"}


def test_vessel_columns_and_identifiers(loaded: Store) -> None:
    vessel = loaded.entity("ofac-1003")
    assert vessel.values("imoNumber") == {"IMO9123456"}
    assert vessel.original("imoNumber", "IMO9123456") == "Vessel Registration Identification IMO 9123456"
    assert vessel.values("mmsi") == {"215123000"}
    assert vessel.values("callSign") == {"9HA1234"}
    assert vessel.values("type") == {"Crude Oil Tanker"}
    assert vessel.values("tonnage") == {"105000"}
    assert vessel.original("tonnage", "105000") == "105,000"
    assert vessel.values("grossRegisteredTonnage") == {"58000"}
    assert (vessel.values("flag"), vessel.values("pastFlags")) == ({"mt"}, {"pa"})
    assert vessel.values("buildDate") == {"2004"}
    assert vessel.values("previousName") == {"OCEAN HAWK"}
    # the owner column names a listed entry: a reference to it, the text kept as original value
    assert vessel.values("owner") == {"ofac-1002"}
    assert vessel.original("owner", "ofac-1002") == "NORTHWIND TRADING LLC"


def test_aircraft_fields_and_a_crypto_wallet(loaded: Store) -> None:
    plane = loaded.entity("ofac-1004")
    assert plane.values("serialNumber") == {"12345"}
    assert plane.values("model") == {"A300B4-605R"}
    assert plane.values("buildDate") == {"1990-06-01"}
    assert plane.values("icaoCode") == {"730ABC"}
    assert plane.values("operator") == {"ofac-1005"}
    wallet = loaded.entity("ofac-wallet-xbt-1SkyLineCargoExampleAddr0000000001")
    assert wallet.schema_name == "CryptoWallet"
    assert wallet.values("publicKey") == {"1SkyLineCargoExampleAddr0000000001"}
    assert wallet.values("holder") == {"ofac-1005"}


def test_remarks_cut_by_ofac_are_completed_from_the_comments_file(loaded: Store) -> None:
    courier = loaded.entity("ofac-1006")
    assert courier.values("birthDate") == {"1970", "1960", "1961", "1962"}
    assert courier.original("birthDate", "1961") == "alt. DOB 1960 to 1962"
    assert courier.values("passportNumber") == {"K12345678"}
    assert len(courier.values("email")) == 11
    assert "AL-QOMI, Khalid" in courier.values("weakAlias")
    # "Linked To: NORTH" is in sdn.csv, "WIND TRADING LLC." in sdn_comments.csv
    assert courier.values("notes") == set()
    assert any(r.other_id == "ofac-1002" for r in courier.relations)


# -- links ------------------------------------------------------------------------------------


def test_linked_to_becomes_a_relation_even_to_a_later_entry(loaded: Store) -> None:
    petrov = loaded.entity("ofac-1001")  # links to 1002, which comes after it in the file
    [relation] = [r for r in petrov.relations if r.role == "subject"]
    assert (relation.relation_id, relation.schema_name) == ("ofac-link-1001-1002", "UnknownLink")
    assert (relation.role, relation.other_id, relation.other_caption) == (
        "subject",
        "ofac-1002",
        "NORTHWIND TRADING LLC",
    )
    assert relation.details["role"] == ["Linked To"]
    link = loaded.entity("ofac-link-1001-1002")
    assert link.original("object", "ofac-1002") == "Linked To: NORTHWIND TRADING LLC"
    # the vessel, its owner's link, and the way back from 1002 are all there
    linked = {r.relation_id for r in loaded.entity("ofac-1002").relations if r.schema_name == "UnknownLink"}
    assert linked == {
        "ofac-link-1001-1002",
        "ofac-link-1002-1001",
        "ofac-link-1003-1002",
        "ofac-link-1006-1002",
    }


def test_a_link_to_a_name_not_in_the_list_is_a_note_and_counted(sdn_dir: Path) -> None:
    entities, ofac_set = read_all(sdn_dir)
    assert "Linked To: UNKNOWN HOLDINGS LIMITED" in entities["ofac-1005"].get("notes")
    assert ofac_set.stats.unresolved == ["UNKNOWN HOLDINGS LIMITED"]
    assert ofac_set.stats.links == 5
    links = [e for e in entities.values() if e.schema.name == "UnknownLink"]
    assert len(links) == 5
    # parties first, then the links
    kinds = [e.schema.name == "UnknownLink" for e in entities.values()]
    assert kinds == sorted(kinds)


def test_the_consolidated_list_shares_the_reader(store: Store, fixtures: Path) -> None:
    report = store.load(read_list(fixtures / "lists/ofac_cons"))
    assert (report.version.list_name, report.version.format) == ("us_ofac_cons", "ofac-cons-csv")
    energy = store.entity("ofac-cons-2001")
    assert energy.values("alias") == {"EASTERN ENERGY"}
    assert energy.values("program") == {"UKRAINE-EO13662", "RUSSIA-EO14024"}
    assert energy.values("taxNumber") == {"7700000001"}
    # the target is on the SDN list, not in this publication: kept as a note
    assert "Linked To: NORTHWIND TRADING LLC" in energy.values("notes")
    assert store.entity("ofac-cons-2002").values("birthDate") == {"1958"}


# -- the remarks parser -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10 Dec 1948", ("1948-12-10",)),
        ("Dec 1948", ("1948-12",)),
        ("circa 1951", ("1951",)),
        ("1960 to 1962", ("1960", "1961", "1962")),
        ("circa 1979-1982", ("1979", "1980", "1981", "1982")),
        ("01 Jan 1947 to 01 Jan 1949", ("1947-01-01", "1949-01-01")),
        ("sometime in the sixties", ()),
        ("32 Jan 1950", ()),
    ],
)
def test_dates(text: str, expected: tuple[str, ...]) -> None:
    assert parse_dates(text) == expected


@pytest.mark.parametrize(
    ("fragment", "prop", "value"),
    [
        ("National ID No. 216040 (Yemen)", "idNumber", "216040"),
        ("Cedula No. V-8348784 (Venezuela)", "idNumber", "V-8348784"),
        ("C.U.R.P. AOBJ721024HJCBYN07 (Mexico)", "idNumber", "AOBJ721024HJCBYN07"),
        ("R.F.C. FOTS7508237W0 (Mexico)", "taxNumber", "FOTS7508237W0"),
        ("Registration Number HRA 738077 (Stuttgart) (Germany)", "registrationNumber", "HRA 738077"),
        ("Unified Social Credit Code (USCC) 9113100033607322XK (China)", "uscCode", "9113100033607322XK"),
        ("Legal Entity Number 253400V1H6ART1UQ0N98 (Russia)", "leiCode", "253400V1H6ART1UQ0N98"),
        ("alt. Passport G 649385 issued 08 Sep 2006 expires 17 Jul 2011", "passportNumber", "G 649385"),
        ("Trade License No. C 50905 (Malta)", "licenseNumber", "C 50905"),
        ("Paraguayan tax identification number 80105176-2 (Paraguay)", "taxNumber", "80105176-2"),
        ("Numero Unico de Identificacao Tributaria (NUIT) 300000436 (Mozambique)", "taxNumber", "300000436"),
        ("Identification Number IMO 5342883", "imoNumber", "IMO5342883"),
        ("MMSI 572469210", "mmsi", "572469210"),
        ("Email Address 417136259@qq.com", "email", "417136259@qq.com"),
        ("www.example-bank.ir", "website", "www.example-bank.ir"),
        ("Organization Type: Passenger air transport", "sector", "Passenger air transport"),
        ("Target Type Financial Institution", "classification", "Financial Institution"),
        ("a.k.a. 'ABU-'UMAR'", "weakAlias", "ABU-'UMAR"),
        ("f.k.a. 'ANA I'", "previousName", "ANA I"),
        (
            "Member of the State Duma of the Federal Assembly of the Russian Federation",
            "position",
            "Member of the State Duma of the Federal Assembly of the Russian Federation",
        ),
        ("Haji", "title", "Haji"),
        (
            "Listing Date (EO 14024 Directive 2): 24 Feb 2022",
            "summary",
            "Listing Date (EO 14024 Directive 2): 24 Feb 2022",
        ),
        ("all offices worldwide", "summary", "all offices worldwide"),
        ("ICTY indictee", "notes", "ICTY indictee"),
    ],
)
def test_remark_fragments(fragment: str, prop: str, value: str) -> None:
    [fact] = parse_remarks(fragment + ".", is_person=True)
    assert (fact.prop, fact.value, fact.original) == (prop, value, fragment)


def test_an_organisation_identifier_without_a_kind_is_a_registration_number() -> None:
    [fact] = parse_remarks("Registration ID 14063277", is_person=False)
    assert (fact.prop, fact.value) == ("registrationNumber", "14063277")


def test_the_last_fragment_of_a_cut_remark_is_kept_as_text_not_parsed() -> None:
    facts = parse_remarks("DOB 1970; Registration Number 12345", is_person=True, cut=True)
    assert [(f.prop, f.value) for f in facts] == [
        ("birthDate", "1970"),
        ("notes", "Registration Number 12345"),
    ]


# -- bad input --------------------------------------------------------------------------------


def test_a_truncated_file_names_file_line_and_field_and_stores_nothing(store: Store, bad_dir: Path) -> None:
    path = bad_dir / "truncated/sdn.csv"
    with pytest.raises(InputRejected) as caught:
        store.load(read_list(path))
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (str(path), 2, "Remarks")
    assert "unterminated" in problem.message
    assert store.versions() == []


def test_wrong_column_counts_and_bad_numbers_are_all_reported(store: Store, bad_dir: Path) -> None:
    path = bad_dir / "columns/sdn.csv"
    with pytest.raises(InputRejected) as caught:
        store.load(read_list(path))
    found = {(p.line, p.field, p.message) for p in caught.value.problems}
    assert found == {
        (2, "Remarks", "11 fields where 12 were expected"),
        (3, "ent_num", "ent_num '30O3' is not an integer"),
    }
    assert all(p.file == str(path) for p in caught.value.problems)
    assert store.versions() == []


def test_a_latin1_file_is_refused_with_a_hint_and_loads_with_the_encoding(
    store: Store, bad_dir: Path
) -> None:
    path = bad_dir / "latin1/sdn.csv"
    with pytest.raises(InputRejected) as caught:
        store.load(read_list(path))
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.field) == (str(path), 2, "SDN_Name")
    assert "--encoding cp1252" in (problem.hint or "")
    assert store.versions() == []
    store.load(read_list(path, encoding="cp1252"))
    assert store.entity("ofac-3002").values("name") == {"MÜLLER HANDELS GMBH"}


def test_companion_rows_for_unknown_entries_leave_the_store_as_it_was(loaded: Store, bad_dir: Path) -> None:
    before = loaded.versions()
    with pytest.raises(InputRejected) as caught:
        loaded.load(read_list(bad_dir / "orphans"))
    found = {(Path(p.file).name, p.line, p.field) for p in caught.value.problems}
    assert found == {("alt.csv", 2, "ent_num"), ("add.csv", 1, "ent_num")}
    assert "ent_num 3999 is not in sdn.csv" in caught.value.problems[0].message
    assert loaded.versions() == before


def test_companion_files_without_the_main_file_are_refused_clearly(bad_dir: Path) -> None:
    with pytest.raises(InputRejected) as caught:
        read_list(bad_dir / "alone")
    [problem] = caught.value.problems
    assert "holds add.csv, alt.csv but no sdn.csv" in problem.message
