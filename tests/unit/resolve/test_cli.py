"""`interdictor resolve` and `decide`, called through a Typer app of their own (the lead registers them)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from interdictor.cli.app import CliState
from interdictor.cli.resolve import decide, resolve


def _app(db: Path) -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def root(ctx: typer.Context) -> None:
        ctx.obj = CliState(db_path=db, quiet=True)

    app.command("resolve")(resolve)
    app.command("decide")(decide)
    return app


def test_resolve_and_decide(tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"id": "ORD-1", "parties": [{"ref": "p1", "name": "Acme Trading LLC", "phone": "+971 4 555 0101"},'
        ' {"ref": "p2", "name": "ACME TRADING", "phone": "00971-4-5550101"}]}\n'
        '{"id": "ORD-2", "parties": [{"ref": "p1", "name": "Baltic Tools GmbH", "country": "DE"}]}\n'
    )
    app, runner = _app(tmp_path / "s.duckdb"), CliRunner()
    result = runner.invoke(app, ["resolve", "--no-lists", "-t", str(path), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["records"] == 3
    result = runner.invoke(app, ["decide", "merge", "ORD-1/p1", "ORD-2/p1", "--author", "ana", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["kind"] == "merge"
    result = runner.invoke(app, ["decide", "merge", "ORD-1/p1", "NOPE/p9"])
    assert result.exit_code != 0
