"""HS routing and consistency (with a small stand-in nomenclature), batch CSV files and the CLI functions."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from interdictor.cli import goods as cli_goods
from interdictor.exc import InputRejected
from interdictor.goods import Status, classify, hs
from interdictor.goods.batch import csv_safe, output_row, read_items


@pytest.fixture
def small_hs(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    nomenclature = hs.HsNomenclature(
        {
            "85": "Electrical machinery",
            "8504": "Transformers, converters",
            "850440": "Static converters",
            "8509": "Domestic appliances",
            "850940": "Food grinders and mixers",
        },
        "test",
    )
    monkeypatch.setattr(hs, "hs_nomenclature", lambda: nomenclature)
    monkeypatch.setattr("interdictor.goods.engine.hs_nomenclature", lambda: nomenclature)
    yield


@pytest.mark.parametrize(
    ("code", "digits"),
    [
        ("8504.40", "850440"),
        ("8504 40 90", "85044090"),
        ("85", "85"),
        ("8504.4", None),
        ("abc", None),
        ("", None),
    ],
)
def test_normalise_hs(code: str, digits: str | None) -> None:
    assert hs.normalise_hs(code) == digits


def test_hs_code_inconsistent_with_the_item_is_reported(small_hs: None) -> None:
    text = "Frequency converter, 3-phase output 0-1500 Hz, 2.2 kVA, frequency accuracy 0.01 %"
    consistent = classify(text, hs_code="8504.40")
    assert consistent.hs is not None and consistent.hs.consistent and consistent.hs.known
    mismatch = classify(text, hs_code="8509.40")
    assert mismatch.status == Status.CONTROLLED  # the HS code never decides
    assert mismatch.hs is not None and mismatch.hs.consistent is False
    assert mismatch.hs.description == "Food grinders and mixers"
    assert any("not a usual heading" in r for r in mismatch.reasons)


def test_hs_routes_but_never_clears_a_vague_description(small_hs: None) -> None:
    result = classify("spare parts, 3 cartons", hs_code="8504.40")
    assert result.status == Status.INSUFFICIENT_DATA
    assert result.hs is not None and "frequency_changer" in result.hs.routes
    assert classify("spare parts, 3 cartons", hs_code="8509.40").status == Status.NOT_LISTED


def test_unknown_hs_code_is_flagged(small_hs: None) -> None:
    result = classify("Office chair", hs_code="9999.99")
    assert result.hs is not None and result.hs.known is False


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_injection_guard(cell: str) -> None:
    assert csv_safe(cell) == "'" + cell
    assert csv_safe("2B230;3A225") == "2B230;3A225"


def test_output_row_uses_base_codes_and_guards_cells() -> None:
    result = classify(
        "Carbon fibre prepreg tape 12 mm wide, tensile modulus 230 GPa, strength 4.9 GPa, density 1.8 g/cm3"
    )
    row = output_row("=id", result)
    assert row[0] == "'=id" and row[1] == "controlled" and row[2] == "1C210"


def _write(tmp_path: Path, content: bytes) -> Path:
    path = tmp_path / "in.csv"
    path.write_bytes(content)
    return path


def test_read_items_reports_every_problem_with_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, b"id,description\n1,ok\n1,dup\n,no id\n2,too,many\n")
    with pytest.raises(InputRejected) as info:
        read_items(path)
    problems = [str(p) for p in info.value.problems]
    assert any("line 3" in p and "repeats line 2" in p for p in problems)
    assert any("line 4" in p and "empty id" in p for p in problems)
    assert any("line 5" in p and "3 fields" in p for p in problems)


def test_read_items_missing_column_and_bad_encoding(tmp_path: Path) -> None:
    with pytest.raises(InputRejected, match="problem") as info:
        read_items(_write(tmp_path, b"id,text\n1,x\n"))
    assert any(p.field == "description" and p.line == 1 for p in info.value.problems)
    with pytest.raises(InputRejected, match="UTF-8") as info:
        read_items(_write(tmp_path, "id,description\n1,caf\u00e9\n".encode("latin-1")))
    assert info.value.problems[0].line == 2 and "column" in info.value.problems[0].message
    with pytest.raises(InputRejected, match="problem"):
        read_items(_write(tmp_path, b""))


def test_read_items_accepts_bom_and_optional_columns(tmp_path: Path) -> None:
    items = read_items(
        _write(
            tmp_path,
            '\ufeffid,description,hs_code,destination\nA,"Krytron, 4 electrodes",8540.89,ir\n'.encode(),
        )
    )
    assert items[0].id == "A" and items[0].hs_code == "8540.89" and items[0].destination == "ir"


def _app() -> typer.Typer:
    app = typer.Typer()
    app.command("classify")(cli_goods.classify)
    app.command("classify-batch")(cli_goods.classify_batch)
    return app


def test_cli_classify_human_and_json() -> None:
    runner = CliRunner()
    result = runner.invoke(_app(), ["classify", "Exploding bridgewire detonators", "--destination", "IR"])
    assert result.exit_code == 1 and "controlled" in result.output and "3A232" in result.output
    result = runner.invoke(_app(), ["classify", "Office chair, mesh back", "--json"])
    assert result.exit_code == 0 and '"status": "not_listed"' in result.output


def test_cli_classify_batch_writes_the_output_csv(tmp_path: Path) -> None:
    source = _write(
        tmp_path,
        b'id,description\n1,"Triggered spark gap, 20 kV, peak current 30 kA, delay 50 ns"\n'
        b"2,Office chair\n3,=cmd\n",
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(_app(), ["classify-batch", str(source), "--output", str(out), "--quiet"])
    assert result.exit_code == 1, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert list(rows[0]) == ["id", "status", "entries", "near_entries", "parameters", "explanation"]
    assert (rows[0]["status"], rows[0]["entries"]) == ("controlled", "3A228")
    assert rows[1]["status"] == "not_listed"


def test_cli_classify_batch_rejects_a_bad_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["classify-batch", str(_write(tmp_path, b"id\n1\n"))])
    assert isinstance(result.exception, InputRejected)
    assert "missing column 'description'" in str(result.exception)
