"""The command line: exit codes, messages on bad input, --db and INTERDICTOR_DB, JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interdictor.cli import main
from interdictor.settings import DB_ENV


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_load_versions_diff_show(tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.duckdb")
    v1, v2 = fixtures / "lists/ftm/v1.ftm.json", fixtures / "lists/ftm/v2.ftm.json"
    code, out, _ = run(
        capsys, "--db", db, "lists", "load", str(v1), "--list", "demo", "--published", "2024-01-01"
    )
    assert code == 0 and "loaded demo version 1" in out
    code, out, _ = run(
        capsys, "--db", db, "lists", "load", str(v2), "--list", "demo", "--published", "2024-02-01"
    )
    assert code == 0 and "2 added, 1 removed, 1 changed" in out
    code, out, _ = run(capsys, "--db", db, "lists", "versions", "--json")
    assert code == 0 and [v["version_id"] for v in json.loads(out)] == [1, 2]
    code, out, _ = run(capsys, "--db", db, "lists", "diff", "demo", "1", "2")
    assert code == 0 and "+ Lotus Vacuum Technology" in out and "- Reza Karimi" in out
    assert "+ alias: Zenith Precision" in out
    code, out, _ = run(capsys, "--db", db, "entity", "show", "demo-zenith", "--json")
    record = json.loads(out)
    assert code == 0 and record["caption"] == "Zenith Precision Trading FZE"
    assert {s["prop"] for s in record["statements"]} >= {"name", "alias", "country", "registrationNumber"}


def test_db_from_environment(
    tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv(DB_ENV, str(db))
    code, _, _ = run(capsys, "lists", "load", str(fixtures / "lists/ftm/v1.ftm.json"))
    assert code == 0 and db.exists()


def test_bad_file_exit_3_names_line_and_keeps_store(
    tmp_path: Path, fixtures: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "s.duckdb")
    run(capsys, "--db", db, "lists", "load", str(fixtures / "lists/ftm/v1.ftm.json"))
    code, out, err = run(capsys, "--db", db, "lists", "load", str(fixtures / "lists/ftm/bad_lines.ftm.json"))
    assert code == 3
    assert "nothing was stored" in err and "line 2" in err and "Traceback" not in err
    code, out, _ = run(capsys, "--db", db, "lists", "versions", "--json")
    assert [v["list_name"] for v in json.loads(out)] == ["v1"]


def test_unrecognised_file_and_unknown_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "s.duckdb")
    junk = tmp_path / "notes.txt"
    junk.write_text("just some notes\n")
    code, _, err = run(capsys, "--db", db, "lists", "load", str(junk))
    assert code == 3 and "not a list format" in err and "notes.txt" in err
    code, _, err = run(capsys, "--db", db, "lists", "load", str(junk), "--format", "nope")
    assert code == 2 and "unknown list format 'nope'" in err
    code, _, err = run(capsys, "--db", db, "lists", "load", str(tmp_path / "missing.csv"))
    assert code == 2 and "no such file" in err


def test_unknown_entity_and_empty_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "--db", str(tmp_path / "none.duckdb"), "entity", "show", "x")
    assert code == 4 and "no store" in err
    code, _, err = run(capsys, "--db", str(tmp_path / "bad.duckdb"), "lists", "diff", "demo", "yesterday")
    assert code == 4


def test_version_flag(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("interdictor ")
