"""Party records from transactions and from ingested evidence: keys, provenance, absent tables."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from interdictor.resolve import ModelConfig, extract_evidence, extract_transactions, resolve
from interdictor.store import Store

# The evidence tables as notes/evidence_contract.md defines them (written by interdictor.ingest).
CONTRACT_DDL = """
CREATE TABLE evidence_documents (
  doc_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, source VARCHAR NOT NULL, path VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL, title VARCHAR, doc_date DATE, ingested_at TIMESTAMP NOT NULL,
  facts INTEGER NOT NULL);
CREATE TABLE evidence_statements (
  doc_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, schema VARCHAR NOT NULL, prop VARCHAR NOT NULL,
  value VARCHAR NOT NULL, original VARCHAR, position VARCHAR NOT NULL);
"""

REGISTRY = "doc-00000000000000aa"
MAIL = "doc-00000000000000bb"
STATEMENTS = [
    # A registry row: a company with its director, its bank account and an address entity.
    (REGISTRY, "ev-co1", "Company", "name", "Orion Technic Trading FZE", "row 2 field name"),
    (REGISTRY, "ev-co1", "Company", "alias", "Orion Technic", "row 2 field alias"),
    (REGISTRY, "ev-co1", "Company", "country", "ae", "row 2 field country"),
    (REGISTRY, "ev-co1", "Company", "address", "PO Box 17731, Jebel Ali Free Zone, Dubai",
     "row 2 field address"),
    (REGISTRY, "ev-co1", "Company", "phone", "+971 4 555 0101", "row 2 field phone"),
    (REGISTRY, "ev-co1", "Company", "email", "sales@oriontechnic.ae", "row 2 field email"),
    (REGISTRY, "ev-co1", "Company", "registrationNumber", "DMCC-12 345", "row 2 field registration"),
    (REGISTRY, "ev-p1", "Person", "name", "Sergei Ivanov", "row 3 field name"),
    (REGISTRY, "ev-p1", "Person", "nationality", "ru", "row 3 field nationality"),
    (REGISTRY, "ev-dir1", "Directorship", "director", "ev-p1", "row 3 field director"),
    (REGISTRY, "ev-dir1", "Directorship", "organization", "ev-co1", "row 3 field director"),
    (REGISTRY, "ev-acc1", "BankAccount", "iban", "AE07 0331 2345 6789 0123 456", "row 4 field iban"),
    (REGISTRY, "ev-own1", "Ownership", "owner", "ev-co1", "row 4 field owner"),
    (REGISTRY, "ev-own1", "Ownership", "asset", "ev-acc1", "row 4 field owner"),
    (REGISTRY, "ev-ad1", "Address", "full", "PO Box 17731, Dubai", "row 2 field address"),
    # An e-mail that names the same company under another spelling, and a vessel.
    (MAIL, "ev-co9", "LegalEntity", "name", "ORION TECHNIC TRADING", "header From"),
    (MAIL, "ev-co9", "LegalEntity", "email", "Sales@OrionTechnic.ae", "header From"),
    (MAIL, "ev-v1", "Vessel", "name", "MV Ocean Star", "line 12"),
    (MAIL, "ev-v1", "Vessel", "imoNumber", "IMO 9123456", "line 12"),
    # The company again, in the e-mail: one record per entity, its facts merged over documents.
    (MAIL, "ev-co1", "Company", "phone", "+971 4 555 0199", "line 20"),
]  # fmt: skip


def _evidence(store: Store, with_documents: bool = True) -> None:
    con = store.con
    con.execute(CONTRACT_DDL)
    if with_documents:
        con.executemany(
            "INSERT INTO evidence_documents VALUES (?, ?, ?, ?, ?, NULL, NULL, now(), 0)",
            [
                (REGISTRY, "registry", "dubai-registry", "reg.csv", "aa"),
                (MAIL, "email", "inbox", "in.mbox#3", "bb"),
            ],
        )
    con.executemany(
        "INSERT INTO evidence_statements VALUES (?, ?, ?, ?, ?, NULL, ?)",
        [(d, e, s, p, v, pos) for d, e, s, p, v, pos in STATEMENTS],
    )


def _records(store: Store) -> dict[str, dict[str, Any]]:
    cursor = store.con.execute("SELECT * FROM resolve_records ORDER BY record_id")
    names = [d[0] for d in cursor.description]
    return {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}


def test_evidence_parties_become_records(store: Store) -> None:
    _evidence(store)
    report = extract_evidence(store.con)
    records = _records(store)
    # Parties only: the directorship, ownership, bank account and address are links or attributes.
    assert report.records == 4
    assert sorted(records) == ["ev-co1", "ev-co9", "ev-p1", "ev-v1"]
    company = records["ev-co1"]
    assert company["source"] == "evidence:dubai-registry"
    assert company["source_ref"] == f"{REGISTRY} row 2 field address"
    assert (company["kind"], company["country"]) == ("org", "ae")
    assert company["name"] == "Orion Technic Trading FZE" and company["aliases"] == ["Orion Technic"]
    assert company["phones"] == ["97145550101", "97145550199"]
    assert company["domains"] == ["oriontechnic.ae"]
    assert company["address_key"] == "17731 ali box free jebel po zone"
    # The bank account held through the Ownership counts as the company's identifier.
    assert sorted(company["identifiers"]) == ["AE070331234567890123456", "DMCC12345"]
    assert records["ev-p1"]["kind"] == "person"
    assert records["ev-p1"]["country"] == "ru"
    vessel = records["ev-v1"]
    assert vessel["kind"] == "vessel" and vessel["identifiers"] == ["IMO9123456"]
    mail = records["ev-co9"]
    assert mail["source"] == "evidence:inbox" and mail["emails"] == ["sales@oriontechnic.ae"]
    assert mail["name_keys"][0] == company["name_keys"][0]


def test_evidence_is_replaced_not_duplicated_and_absent_tables_give_none(store: Store) -> None:
    assert extract_evidence(store.con).records == 0
    _evidence(store, with_documents=False)
    assert extract_evidence(store.con).records == 4
    assert extract_evidence(store.con).records == 4
    records = _records(store)
    assert len(records) == 4
    # Without the documents table the document id stands for the source.
    assert records["ev-co1"]["source"] == f"evidence:{REGISTRY}"


def test_evidence_joins_transaction_parties(
    store: Store, tmp_path: Path, trained_model: dict[str, Any]
) -> None:
    _evidence(store)
    extract_evidence(store.con)
    path = tmp_path / "t.jsonl"
    party = {"ref": "p1", "name": "Orion Technic Trading F.Z.E.", "country": "AE", "phone": "00971-4-5550101"}
    other = {"ref": "p2", "name": "Baltic Tools GmbH", "country": "DE", "phone": "+49 30 1234567"}
    path.write_bytes(orjson.dumps({"id": "ORD-1", "parties": [party, other]}) + b"\n")
    extract_transactions(store.con, path)
    resolve(store.con, ModelConfig(threshold=0.99), model=trained_model)
    clusters = dict(store.con.execute("SELECT record_id, cluster_id FROM resolve_clusters").fetchall())
    assert clusters["ORD-1/p1"] == clusters["ev-co1"] == clusters["ev-co9"]
    assert clusters["ORD-1/p2"] != clusters["ORD-1/p1"]
    assert clusters["ev-p1"] != clusters["ev-co1"]


def test_transaction_party_fields(store: Store, tmp_path: Path) -> None:
    party = {
        "ref": "p3",
        "name": " Hengtong (Shanghai) Machine Tool Co., Ltd. ",
        "aliases": ["Shanghai Hengtong", "Hengtong (Shanghai) Machine Tool Co., Ltd."],
        "type": "manufacturer",
        "country": "CN",
        "address": {"unit": "Room 5", "street": "Jiefang Street 28", "city": "Dalian", "postcode": "116000"},
        "email": "li@gmail.com",
        "website": "https://www.hengtong-mt.cn/en",
        "identifiers": [{"scheme": "uscc", "value": "9131-0000-XY12"}, {"scheme": "x", "value": "12"}],
        "account": {"iban": "CN12 3456 7890 1234", "bic": "ABCDCNSH"},
    }
    path = tmp_path / "t.jsonl"
    path.write_bytes(orjson.dumps({"id": "SHP-9", "parties": [party]}) + b"\n")
    assert extract_transactions(store.con, path).records == 1
    row = _records(store)["SHP-9/p3"]
    assert row["source"] == "transactions:t.jsonl" and row["source_ref"] == "t.jsonl:1"
    assert row["name"] == "Hengtong (Shanghai) Machine Tool Co., Ltd."
    assert row["aliases"] == ["Shanghai Hengtong"]
    assert row["name_keys"] == ["hengtong machine shanghai tool", "hengtong shanghai"]
    assert row["address"] == "Room 5, Jiefang Street 28, 116000, Dalian"
    assert row["address_key"] == "28 5 jiefang room street"
    # A free-mail address gives no domain; the website does. "12" is too short to be an identifier.
    assert row["emails"] == ["li@gmail.com"] and row["domains"] == ["hengtong-mt.cn"]
    assert row["identifiers"] == ["91310000XY12", "CN12345678901234"]


def test_bulk_and_line_by_line_reading_agree(store: Store, small_world: Path, tmp_path: Path) -> None:
    # A clean file goes through DuckDB's JSON reader; one bad line sends the same records the
    # line-by-line way (which names the bad line). Both must give the same records.
    lines = (small_world / "sample.jsonl").read_bytes().splitlines(keepends=True)[:300]
    clean, dirty = tmp_path / "a" / "t.jsonl", tmp_path / "b" / "t.jsonl"
    for path, tail in ((clean, b""), (dirty, b"{not json\n")):
        path.parent.mkdir()
        path.write_bytes(b"".join(lines) + tail)
    query = "SELECT * FROM resolve_records ORDER BY record_id"
    first = extract_transactions(store.con, clean)
    bulk = store.con.execute(query).fetchall()
    second = extract_transactions(store.con, dirty)
    assert [p.line for p in second.problems] == [301] and not first.problems
    assert first.records == second.records > 600
    assert store.con.execute(query).fetchall() == bulk


def test_keys_computed_over_processes_match_one_process(monkeypatch: Any) -> None:
    # A million-record run splits the distinct values between this process and workers; the keys
    # and their order must be those of one process.
    from interdictor.resolve import extract

    fields = ["n0", "n1", "p", "e", "w", "i"] * 40
    values = [
        "Acme Trading Co., Ltd.",
        "Ivan Petrov",
        "+49 721 1234567",
        "Sales@Acme.DE",
        "www.acme.de/x",
        "DE-12 345",
    ]
    values = [
        f"{v} {i // 6}" if f in ("n0", "n1") else v
        for i, (f, v) in enumerate(zip(fields, values * 40, strict=True))
    ]
    serial = extract._keys_of(fields, values)
    monkeypatch.setattr(extract, "_PARALLEL_FROM", 10)
    monkeypatch.setattr(extract.os, "cpu_count", lambda: 3)
    assert extract._keys_of(fields, values) == serial
    assert serial[0][1] and serial[2][0] == "497211234567" and serial[4] == (None, ["acme.de"])
