"""Registries (CSV template and FtM JSON) become evidence statements with row and field provenance."""

from __future__ import annotations

from pathlib import Path

from interdictor.ingest import ingest_paths, iter_evidence_entities
from interdictor.store import Store


def entities(store: Store) -> dict[str, dict[str, list[str]]]:
    return {e.entity_id: {"schema": [e.schema], **e.props} for e in iter_evidence_entities(store.con)}


def by_name(found: dict[str, dict[str, list[str]]], name: str) -> tuple[str, dict[str, list[str]]]:
    return next((k, v) for k, v in found.items() if name in v.get("name", []))


def test_registry_csv_template(store: Store, docs: Path) -> None:
    report = ingest_paths(store, [docs / "registry.csv"], source="test-registry")
    assert report.stored == 1, report.documents[0].problems
    found = entities(store)
    zenith_id, zenith = by_name(found, "Zenith Precision Trading FZE")
    assert zenith["schema"] == ["Company"]
    assert zenith["country"] == ["ae"]
    assert zenith["registrationNumber"] == ["JAFZA-20431"]
    assert zenith["incorporationDate"] == ["2019-03-04"]
    karimi_id, karimi = by_name(found, "Reza Karimi")
    assert karimi["schema"] == ["Person"] and karimi["nationality"] == ["ir"]
    owners = [v for v in found.values() if v["schema"] == ["Ownership"]]
    stakes = {(o["owner"][0], o["asset"][0]): o.get("percentage", [None])[0] for o in owners}
    assert stakes[(karimi_id, zenith_id)] == "40"
    lotus_id, _ = by_name(found, "Lotus Vacuum Technology Co. Ltd")
    assert stakes[(lotus_id, zenith_id)] == "60"
    directors = [v for v in found.values() if v["schema"] == ["Directorship"]]
    assert [(d["director"], d["organization"], d["role"]) for d in directors] == [
        ([karimi_id], [zenith_id], ["director"])
    ]
    # the D/M/Y date is read; provenance names row and column
    gulf_id, gulf = by_name(found, "Gulf Feeder Logistics FZE")
    assert gulf["incorporationDate"] == ["2022-11-22"]
    row = store.con.execute(
        "SELECT position, original FROM evidence_statements"
        " WHERE entity_id = ? AND prop = 'incorporationDate'",
        [gulf_id],
    ).fetchone()
    assert row == ("row 8 field incorporation_date", "22/11/2022")
    notes = report.documents[0].notes
    assert any("self-loop" in n and "Gulf Feeder" in n for n in notes)
    assert any("ownership cycle among 2 entities" in n for n in notes)


def test_entity_ids_are_stable_for_a_source(tmp_path: Path, docs: Path) -> None:
    ids = []
    for name in ("a", "b"):
        with Store(tmp_path / f"{name}.duckdb") as store:
            ingest_paths(store, [docs / "registry.csv"], source="same-label")
            ids.append(sorted(e.entity_id for e in iter_evidence_entities(store.con)))
    assert ids[0] == ids[1] and all(i.startswith("ev-") for i in ids[0])


def test_header_synonyms_and_unknown_columns(store: Store, docs: Path) -> None:
    report = ingest_paths(store, [docs / "registry_synonyms.csv"])
    doc = report.documents[0]
    assert doc.status == "stored"
    assert "unknown column 'Favourite Colour' ignored" in doc.notes
    found = entities(store)
    _, nordic = by_name(found, "Nordic Spindle AB")
    assert nordic["country"] == ["se"] and nordic["address"] == ["Industrigatan 4, Göteborg"]
    owner = next(v for v in found.values() if v["schema"] == ["Ownership"])
    assert owner["percentage"] == ["75.5"] and owner["startDate"] == ["2010-02-01"]
    assert any(v["schema"] == ["Directorship"] for v in found.values())


def test_bad_registry_is_rejected_whole_and_earlier_facts_stay(store: Store, docs: Path) -> None:
    ingest_paths(store, [docs / "registry.csv"])
    before = store.con.execute("SELECT count(*) FROM evidence_statements").fetchone()
    report = ingest_paths(store, [docs / "registry_bad.csv"])
    doc = report.documents[0]
    assert doc.status == "rejected"
    problems = {(p["line"], p["field"]) for p in doc.problems}
    assert problems == {(2, "percentage"), (3, "incorporation_date")}
    after = store.con.execute("SELECT count(*) FROM evidence_statements").fetchone()
    assert before == after
    docs_rows = store.con.execute("SELECT count(*) FROM evidence_documents").fetchone()
    assert docs_rows == (1,)


def test_ftm_registry(store: Store, docs: Path) -> None:
    report = ingest_paths(store, [docs / "registry.ftm.json"])
    doc = report.documents[0]
    assert doc.status == "stored" and doc.kind == "registry"
    assert any("self-loop" in n and "reg-own-loop" in n for n in doc.notes)
    found = entities(store)
    assert found["reg-vessel"]["imoNumber"] == ["9187629"]
    assert found["reg-own-1"]["owner"] == ["reg-owner-1"]
    # registry entities are evidence, never list entities
    assert store.con.execute("SELECT count(*) FROM statements").fetchone() == (0,)


def test_bad_ftm_registry_names_each_problem(store: Store, docs: Path) -> None:
    doc = ingest_paths(store, [docs / "registry_bad.ftm.json"]).documents[0]
    assert doc.status == "rejected"
    assert {(p["line"], p["field"]) for p in doc.problems} == {
        (2, "schema"),
        (3, "properties.warpSpeed"),
        (4, "properties.incorporationDate"),
    }
    assert store.con.execute("SELECT count(*) FROM evidence_statements").fetchone() == (0,)
