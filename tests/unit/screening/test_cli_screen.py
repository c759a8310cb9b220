"""`screen`, `screen-batch`, `match-pairs`, `eval names`, and the index kept next to the store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import typer

from interdictor.cli import main
from interdictor.cli import screen as commands
from interdictor.cli.app import app
from interdictor.lists import read_list
from interdictor.screening import Screener
from interdictor.screening.persist import index_folder, read_index
from interdictor.store import Store


def _register() -> None:
    """The lead registers these in cli/app.py; until then the tests add them to the root app."""
    names = {c.name for c in app.registered_commands}
    if "screen" in names:
        return
    app.command("screen")(commands.screen)
    app.command("screen-batch")(commands.screen_batch)
    app.command("match-pairs")(commands.match_pairs)
    groups = {g.name for g in app.registered_groups}
    if "eval" not in groups:
        evaluation = typer.Typer(help="Evaluate against labelled data.")
        evaluation.command("names")(commands.eval_names)
        app.add_typer(evaluation, name="eval")


_register()


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as info:
        main(["--quiet", *args])
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


@pytest.fixture
def db(tmp_path: Path, fixtures: Path) -> Path:
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        store.load(read_list(fixtures / "lists/ftm/v1.ftm.json", list_name="demo"))
    return path


def test_index_is_persisted_and_rebuilt_when_a_list_changes(db: Path, fixtures: Path) -> None:
    with Store(db, read_only=True) as store:
        first = Screener.from_store(store)
    found = read_index(index_folder(db))
    assert found is not None and found[0].lists == first.manifest.lists if first.manifest else False
    with Store(db, read_only=True) as store:
        again = Screener.from_store(store)
    assert again.manifest is not None and again.manifest.built_at == found[0].built_at
    assert again.screen("Reza Karimi", schema="Person")[0].entity_id == "demo-karimi"
    with Store(db) as store:
        store.load(read_list(fixtures / "lists/ftm/v2.ftm.json", list_name="demo"))
    with Store(db, read_only=True) as store:
        rebuilt = Screener.from_store(store)
    assert rebuilt.manifest is not None and rebuilt.manifest.lists != found[0].lists
    assert rebuilt.screen("Reza Karimi", schema="Person") == []  # removed in v2
    assert rebuilt.screen("Lotus Vacuum Technology", schema="Company")[0].entity_id


def test_screen_exit_codes_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--db", str(db), "screen", "KARIMI, Reza", "--schema", "Person", "--json")
    assert code == 1
    match = json.loads(out)[0]
    assert match["entity_id"] == "demo-karimi" and match["list_name"] == "demo" and match["score"] == 1.0
    assert match["explanation"]["features"][0]["name"] == "name_similarity"
    code, out, _ = run(capsys, "--db", str(db), "screen", "Nobody Atall")
    assert code == 0 and "no match" in out
    code, _, err = run(capsys, "--db", str(db), "screen", " ", "--country", "Narnia")
    assert code == 2 and "name is empty" in err and "Narnia" in err


def test_screen_batch_writes_one_row_per_match_with_formula_guard(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "id,name,schema,country,birth_date,identifier\n"
        "q1,Reza Karimi,Person,Iran,1971,\n"
        '=HYPERLINK("http://x"),Orion Star,Vessel,,,IMO 9187629\n'
        "q3,Nobody Atall,,,,\n"
        f"q4,{'Zenith ' * 1500},Company,,,\n"
        "q5,Zenith\x01Precision Trading,Company,ae,,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    code, _, _ = run(capsys, "--db", str(db), "screen-batch", str(src), "--output", str(out))
    assert code == 1
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0]) == ["id", "rank", "score", "entity_id", "matched_name", "list", "explanation"]
    by_id = {r["id"]: r for r in rows}
    assert by_id["q1"]["entity_id"] == "demo-karimi" and by_id["q1"]["rank"] == "1"
    assert by_id['\'=HYPERLINK("http://x")']["entity_id"] == "demo-orion"
    assert "q3" not in by_id
    assert by_id["q5"]["entity_id"] == "demo-zenith"
    assert "identifier_match" in by_id['\'=HYPERLINK("http://x")']["explanation"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"ident,nom\n1,x\n", "missing column(s) id, name"),
        (b"id,name\n1,Caf\xe9 Ltd\n", "line 2: not valid UTF-8"),
        (b"id,name,schema\n1,,Person\n2,Foo,Persn\n3\n", "line 2, field 'name': the name is empty"),
        (b"id,name,birth_date\n1,Foo,1960-13-01\n", "field 'birth_date'"),
        (b"", "the file is empty"),
    ],
)
def test_screen_batch_rejects_bad_files_with_locations(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, expected: str
) -> None:
    src = tmp_path / "in.csv"
    src.write_bytes(content)
    code, out, err = run(capsys, "--db", str(db), "screen-batch", str(src))
    assert code == 3 and expected in err and "Traceback" not in err
    assert out == ""


def test_screen_batch_reports_every_problem_at_once(
    db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text("id,name,schema,country\n,,Person,\n2,Foo,Persn,Narnia\n3,Bar\n", encoding="utf-8")
    code, _, err = run(capsys, "--db", str(db), "screen-batch", str(src))
    assert code == 3 and "5 problem(s)" in err
    for needle in (
        "line 2, field 'id'",
        "line 2, field 'name'",
        "line 3, field 'schema'",
        "'Narnia'",
        "line 4: 2 fields",
    ):
        assert needle in err


def test_match_pairs_adds_score_and_is_match(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "pairs.csv"
    src.write_text(
        "name1,name2,schema,is_match\nSiemens AG,SiemensAG,Company,true\n=cmd|x,Foo,,false\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "match-pairs", str(src))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert (
        rows[0]["input_is_match"] == "true"
        and rows[0]["is_match"] == "true"
        and float(rows[0]["score"]) > 0.9
    )
    assert rows[1]["name1"] == "'=cmd|x" and rows[1]["is_match"] == "false"
    src.write_text("name1,name2\nfoo,\n", encoding="utf-8")
    code, _, err = run(capsys, "match-pairs", str(src))
    assert code == 3 and "field 'name2'" in err


def test_eval_names_on_labelled_pairs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "cases.csv"
    src.write_text(
        "schema,name1,name2,is_match\nPerson,Vladimir Putin,PUTIN Vladimir,true\n"
        "Person,Sergey Ivanovich Lavrov,Sergey Viktorovich Lavrov,false\nCompany,Siemens AG,SiemensAG,true\n",
        encoding="utf-8",
    )
    code, out, _ = run(capsys, "eval", "names", str(src), "--json")
    figures = json.loads(out)
    assert code == 0 and figures["all"]["f1"] == 1.0 and figures["person"]["pairs"] == 2
