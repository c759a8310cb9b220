"""`interdictor flags list|template` and `interdictor assess FILE`: the red-flag catalogue, the
spreadsheet template, and assessments.

Plain Typer command functions; the root app registers them (`flags_list` and `flags_template` under a
`flags` group, `assess` as a top-level command). `assess` reads JSON Lines, a JSON list, or a filled
CSV / Excel template (by extension). Exit codes: 0 nothing to review, 1 findings need review, 3 some
input was rejected (every bad line or row is reported; the good ones are still assessed).
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from interdictor.assess import ACTORS, Assessment
from interdictor.assess import assess as assess_records
from interdictor.assess.actions import ACTOR_CODE
from interdictor.assess.network import NetworkFindings
from interdictor.assess.screening import StoreScreening
from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json
from interdictor.exc import InputRejected
from interdictor.flags import default_catalogue
from interdictor.model import Record, parse_record, read_records
from interdictor.model.tabular import read_table, write_template
from interdictor.store import Store

__all__ = ["assess", "flags_list", "flags_template", "show_assessment"]

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


def flags_template(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write (.csv or .xlsx).")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv or xlsx (default: from the file extension)")
    ] = None,
) -> None:
    """Write a blank transaction template (one row per record) for a compliance team to fill in."""
    state(ctx)
    chosen = (fmt or output.suffix.lstrip(".")).lower()
    if chosen not in {"csv", "xlsx"}:
        err_console.print(f"error: unknown format {chosen!r}; expected csv or xlsx")
        raise typer.Exit(2)
    try:
        write_template(output, chosen)
    except OSError as exc:
        err_console.print(f"error: cannot write {output}: {exc}", markup=False)
        raise typer.Exit(3) from exc
    err_console.print(
        f"wrote {output} ({chosen}); fill one row per record, then: interdictor assess {output}"
    )


def _read(path: Path) -> tuple[list[Record], list[InputRejected]]:
    """Records of a JSON Lines file, a JSON list, or a filled CSV / Excel template."""
    records: list[Record] = []
    rejected: list[InputRejected] = []
    if path.suffix.lower() in {".csv", ".xlsx", ".xlsm"}:
        try:
            for found in read_table(path):
                (rejected if isinstance(found, InputRejected) else records).append(found)  # type: ignore[arg-type]
        except (ValueError, KeyError, zipfile.BadZipFile) as exc:
            raise InputRejected(f"{path}: not a readable spreadsheet: {exc}") from exc
        return records, rejected
    text = path.read_text(encoding="utf-8")
    if text.lstrip().startswith("["):
        import json

        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputRejected(f"{path}: not valid JSON: {exc.msg} at line {exc.lineno}") from exc
        if not isinstance(items, list):
            raise InputRejected(f"{path}: expected a JSON list of records")
        for index, item in enumerate(items):
            try:
                records.append(parse_record(item, file=f"{path}[{index}]"))
            except InputRejected as exc:
                rejected.append(exc)
        return records, rejected
    for found in read_records(path):
        (rejected if isinstance(found, InputRejected) else records).append(found)  # type: ignore[arg-type]
    return records, rejected


def show_assessment(result: Assessment) -> None:
    """One assessment for people: band and score, the flags with evidence, goods, what to do."""
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


def _store_screening(store: Store, quiet: bool) -> StoreScreening | None:
    """The store's screening index as the assessment's screening source; None when it holds no lists."""
    if store.count_entities() == 0:
        if not quiet:
            err_console.print("note: the store holds no lists; parties are not screened")
        return None
    from interdictor.screening import Screener

    notify = None if quiet else (lambda text: err_console.print(text, markup=False))
    from interdictor.assess.screening import listed_identifiers_in_store, listed_places_in_store

    screener = Screener.from_store(store, notify=notify)
    return StoreScreening(
        screener, identifiers=listed_identifiers_in_store(store.con), places=listed_places_in_store(store.con)
    )


def _store_network(store: Store, quiet: bool) -> NetworkFindings | None:
    """The network findings of the store's graph as the assessment's network source; None without a graph
    (network flags then stay questions, as before `graph build`)."""
    from interdictor.cli.assess_network import network_from_store

    found = network_from_store(store)
    if found is not None and not quiet:
        err_console.print(f"network: {len(found.findings)} finding(s) of the store's graph")
    return found


def assess(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="Records as JSON Lines, or a JSON list of records.")],
    as_actor: Annotated[
        str, typer.Option("--as", help="exporter, bank, forwarder, customs, analyst")
    ] = "analyst",
    json_out: Annotated[bool, typer.Option("--json", help="Print the assessments as JSON.")] = False,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also write a self-contained HTML report to this file.")
    ] = None,
    keep: Annotated[
        bool,
        typer.Option(
            "--store/--no-store",
            help="Read history from the store (--db) and keep these records and assessments there.",
        ),
    ] = False,
    screen: Annotated[
        bool,
        typer.Option(
            "--screen/--no-screen",
            help="Screen every party against the lists in the store (--db), when it holds any.",
        ),
    ] = True,
    network: Annotated[
        bool,
        typer.Option(
            "--network/--no-network",
            help="Add the network findings (NET-xx...) of the store's graph, when `graph build` made one.",
        ),
    ] = True,
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
    if keep or ((screen or network) and cli.db_path.exists()):
        from interdictor.assess.history import RecordHistory

        with cli.open_store(read_only=not keep) as store:
            screening = _store_screening(store, cli.quiet) if screen else None
            history = RecordHistory(store.con) if keep else None
            graph = _store_network(store, cli.quiet) if network else None
            results = assess_records(
                records,
                as_actor=as_actor,  # type: ignore[arg-type]
                screening=screening,
                store=history,
                network=graph,
            )
    else:
        results = assess_records(records, as_actor=as_actor)  # type: ignore[arg-type]
    if html is not None:
        from interdictor.assess.report import render_html

        try:
            html.write_text(render_html(results, actor=as_actor), encoding="utf-8")
        except OSError as exc:
            err_console.print(f"error: cannot write {html}: {exc}", markup=False)
            raise typer.Exit(3) from exc
        if not cli.quiet:
            err_console.print(f"report written to {html}")
    if json_out:
        print_json(results)
    else:
        for result in results:
            show_assessment(result)
    if not cli.quiet and rejected:
        err_console.print(f"{len(rejected)} records rejected, {len(records)} assessed")
    if rejected:
        raise typer.Exit(3)
    sys.exit(1 if any(r.fired for r in results) else 0)
