"""The public API and the command: known parties, readers on an empty store, exit codes and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import interdictor.ingest as ingest
from interdictor.cli import main
from interdictor.ingest import Gazetteer, ingest_paths, iter_evidence_entities, iter_mentions
from interdictor.lists.load import read_list
from interdictor.store import Store

ROOT_FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_namespace_matches_all() -> None:
    public = {name for name in dir(ingest) if not name.startswith("_")}
    assert set(ingest.__all__) <= public
    assert len(ingest.__all__) == len(set(ingest.__all__))


def test_readers_tolerate_a_store_without_evidence(store: Store) -> None:
    assert list(iter_evidence_entities(store.con)) == []
    assert list(iter_mentions(store.con)) == []


def test_list_parties_are_found_in_documents(store: Store, tmp_path: Path) -> None:
    store.load(read_list(ROOT_FIXTURES / "lists" / "ftm" / "v1.ftm.json"))
    note = tmp_path / "note.txt"
    note.write_text("Goods go to ZENITH PRECISION TRADING via the vessel Orion Star; Karimi Reza signs.\n")
    report = ingest_paths(store, [note])
    assert report.known_names >= 3
    found = {(m.value, m.entity_id) for m in iter_mentions(store.con, ["known_party"])}
    assert found == {
        ("ZENITH PRECISION TRADING", "demo-zenith"),
        ("Orion Star", "demo-orion"),
        ("Karimi Reza", "demo-karimi"),
    }
    # the list is untouched by ingest: the evidence has no statements from a note
    assert list(iter_evidence_entities(store.con)) == []


def test_a_known_sender_is_tied_to_its_address(store: Store, tmp_path: Path) -> None:
    """The display name of an address header that is a known party shares the header's position with
    the address, so the graph can say which party writes from which e-mail."""
    store.load(read_list(ROOT_FIXTURES / "lists" / "ftm" / "v1.ftm.json"))
    mail = tmp_path / "inquiry.eml"
    mail.write_text(
        'From: "Zenith Precision Trading" <buyer77@example.com>\n'
        "To: Sales <sales@example.de>\nSubject: inquiry\n\nPlease quote.\n"
    )
    ingest_paths(store, [mail])
    header = [
        (m.kind, m.entity_id or m.normalised) for m in iter_mentions(store.con) if m.position == "header From"
    ]
    assert ("known_party", "demo-zenith") in header
    assert ("email", "buyer77@example.com") in header


def test_common_words_alone_are_not_looked_for() -> None:
    gazetteer = Gazetteer.from_names([("x", "Company", "General Trading LLC"), ("y", "Person", "Ali")])
    assert list(gazetteer.find("General Trading and Ali are here")) == []


def test_evidence_entities_merge_documents(store: Store) -> None:
    registry = ROOT_FIXTURES / "ingest" / "registry.csv"
    ingest_paths(store, [registry], source="reg")
    entity = next(e for e in iter_evidence_entities(store.con) if "Reza Karimi" in e.props.get("name", []))
    assert entity.schema == "Person" and len(entity.doc_ids) == 1


def test_cli_reports_and_exits(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.duckdb")
    good = ROOT_FIXTURES / "ingest" / "case" / "invoice_4471.txt"
    bad = ROOT_FIXTURES / "ingest" / "registry_bad.csv"
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "-q", "ingest", str(good), str(bad), "--source", "case-1", "--json"])
    assert exit_info.value.code == 3
    out = json.loads(capsys.readouterr().out)
    assert (out["stored"], out["rejected"], out["source"]) == (1, 1, "case-1")
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", db, "-q", "ingest", str(good)])
    assert exit_info.value.code == 0
    assert "skipped" in capsys.readouterr().out
