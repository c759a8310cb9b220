"""The bundled demo runs on its own fixtures: lists load, the story's parties are found."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdictor.cli import main
from interdictor.demo import run_demo
from interdictor.store import Store


def test_demo_on_bundled_lists(store: Store, tmp_path: Path) -> None:
    report = run_demo(store, data_dir=tmp_path)  # an empty folder: no real lists
    assert [load.version.list_name for _, load in report.loads] == ["demo_ofac_sdn", "demo_un_sc"]
    hits = {query.name: query.hits for query in report.queries}
    zenith = hits["Zenith Precision Gen. Trdg LLC"]  # abbreviations against the alias
    assert zenith and zenith[0].entity_id == "ofac-900001" and zenith[0].score >= 0.9
    assert hits["Dalian Lotus Vacuum Co Ltd"][0].entity_id == "ofac-900002"
    assert hits["성봉무역회사"][0].entity_id == "unsc-9900002"
    assert hits["Pak Chol Su"][0].entity_id == "unsc-9900001"
    assert hits["Siemens Aktiengesellschaft"] == []
    # the bundled SDN set carries a "Linked To" relation and a vessel IMO number
    lotus = store.entity("ofac-900002")
    assert any(r.other_id == "ofac-900001" for r in lotus.relations)
    vessel = store.entity("ofac-900004")
    assert any(s.prop == "imoNumber" and s.value == "IMO9187629" for s in vessel.statements)


def test_demo_command_is_repeatable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "demo.duckdb")
    for expected in ("first version", "unchanged"):
        with pytest.raises(SystemExit) as info:
            main(["--db", db, "demo", "--data", str(tmp_path)])
        out, _ = capsys.readouterr()
        assert info.value.code == 0
        assert expected in out and "3. Screening" in out and "ZENITH PRECISION" in out


def test_demo_assesses_the_inquiry_as_high_risk(store: Store, tmp_path: Path) -> None:
    report = run_demo(store, data_dir=tmp_path)
    (assessment,) = report.assessments
    assert assessment.record_ids == ["DEMO-ORD-1", "DEMO-PAY-1"]
    assert assessment.risk.band == "high"
    fired = {flag.flag_id for flag in assessment.fired}
    assert {"ORD-01", "ORD-26", "FIN-01"} <= fired
