"""`interdictor flags list` and `interdictor assess FILE`: the red-flag catalogue and assessments.

Plain Typer command functions; the root app registers them (`flags_list` under a `flags` group as
`list`, `assess` as a top-level command). Exit codes: 0 nothing to review, 1 findings need review,
3 the input file was rejected (every bad line is reported; good lines are still assessed).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from interdictor.assess import ACTORS, Assessment
from interdictor.assess import assess as assess_records
from interdictor.assess.actions import ACTOR_CODE
from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json
from interdictor.exc import InputRejected
from interdictor.flags import default_catalogue
from interdictor.model import Record, parse_record, read_records

__all__ = ["assess", "flags_list"]

_BAND = {"high": "bold red", "medium": "bold yellow", "low": "yellow", "none": "green"}


def flags_list(
    ctx: typer.Context,
    stage: Annotated[
        str | None, typer.Option("--stage", help="ordering, financing, shipping, end-use, network")
    ] = None,
    actor: Annotated[
        str | None, typer.Option("--actor", help="exporter, bank, forwarder, customs, analyst")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the catalogue entries as JSON.")] = False,
) -> None:
    """List the red-flag catalogue: stage, actors, severity, whether executable and the fields it reads."""
    state(ctx)
    if actor is not None and actor not in ACTOR_CODE:
        err_console.print(f"error: unknown actor {actor!r}; expected one of {', '.join(ACTORS)}")
        raise typer.Exit(2)
    flags = default_catalogue().select(stage=stage, actor=ACTOR_CODE[actor] if actor else None)
    if json_out:
        print_json([f.model_dump(mode="json") | {"executable": f.executable} for f in flags])
        return
    table = Table("id", "sev", "kind", "exec", "actors", "title", "fields", box=None, padding=(0, 1))
    for f in flags:
        table.add_row(
            f.id,
            f.severity,
            "/".join(f.kinds),
            "yes" if f.executable else "-",
            ",".join(f.actors),
            escape(f.title),
            escape(", ".join(f.fields[:3])),
        )
    console.print(table)


def _read(path: Path) -> tuple[list[Record], list[InputRejected]]:
    """Records of a JSON Lines file, or of a JSON file holding one record or a list of them."""
    records: list[Record] = []
    rejected: list[InputRejected] = []
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        import json

        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputRejected(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        for index, item in enumerate(items):
            try:
                records.append(parse_record(item, file=f"{path}[{index}]"))
            except InputRejected as exc:
                rejected.append(exc)
        return records, rejected
    for found in read_records(path):
        (rejected if isinstance(found, InputRejected) else records).append(found)  # type: ignore[arg-type]
    return records, rejected


def _show(result: Assessment) -> None:
    risk = result.risk
    console.print(
        f"[bold]{escape(result.deal_id)}[/] ({', '.join(result.record_ids)})  "
        f"[{_BAND[risk.band]}]{risk.band}[/] score {risk.total}"
    )
    for row in risk.contributions:
        console.print(
            f"  {row.flag_id:7} {row.severity} +{row.weight}" + (f"  ({row.note})" if row.note else "")
        )
    for flag in result.fired:
        console.print(f"[red]● {flag.flag_id}[/] {escape(flag.title)}")
        for ev in flag.evidence[:5]:
            console.print(f"    {escape(ev.message)}  [dim]{ev.record_id} {escape(ev.field)}[/]")
    for goods in result.goods:
        console.print(
            f"  goods {goods.record_id} line {goods.line}: {goods.status} {', '.join(goods.entries)}"
        )
    if result.not_evaluable:
        console.print("[cyan]not evaluable[/]: " + ", ".join(f.flag_id for f in result.not_evaluable))
    console.print("[bold]actions[/]")
    for action in result.actions:
        console.print(f"  - {escape(action)}")


def assess(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Records as JSON Lines, or a JSON list of records.")],
    as_actor: Annotated[
        str, typer.Option("--as", help="exporter, bank, forwarder, customs, analyst")
    ] = "analyst",
    json_out: Annotated[bool, typer.Option("--json", help="Print the assessments as JSON.")] = False,
    keep: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Read history from the store (--db) and keep these records and assessments there.",
        ),
    ] = False,
) -> None:
    """Assess transactions: goods verdicts, red flags with evidence, a risk score and actions for an actor."""
    cli = state(ctx)
    if as_actor not in ACTOR_CODE:
        err_console.print(f"error: unknown actor {as_actor!r}; expected one of {', '.join(ACTORS)}")
        raise typer.Exit(2)
    try:
        records, rejected = _read(file)
    except (OSError, InputRejected) as exc:
        err_console.print(f"error: {exc}", markup=False)
        raise typer.Exit(3) from exc
    for problem in rejected:
        err_console.print(f"error: {problem.render()}", markup=False)
    if keep:
        from interdictor.assess.history import RecordHistory

        with cli.open_store() as store:
            results = assess_records(records, as_actor=as_actor, store=RecordHistory(store.con))  # type: ignore[arg-type]
    else:
        results = assess_records(records, as_actor=as_actor)  # type: ignore[arg-type]
    if json_out:
        print_json(results)
    else:
        for result in results:
            _show(result)
    if not cli.quiet and rejected:
        err_console.print(f"{len(rejected)} records rejected, {len(records)} assessed")
    if rejected:
        raise typer.Exit(3)
    sys.exit(1 if any(r.fired for r in results) else 0)
