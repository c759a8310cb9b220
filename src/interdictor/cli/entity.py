"""`interdictor entity`: everything the store knows of one entity, with provenance."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from interdictor.cli.app import state
from interdictor.cli.output import console, print_json

__all__ = ["app"]

app = typer.Typer(help="Look at one entity and where each of its facts came from.", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="Entity id, e.g. ofac-36 or NK-2GdmHtZTeNXjNVrBGEXZNj.")],
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    history: Annotated[
        bool, typer.Option(help="Also show statements no longer in the newest version.")
    ] = True,
) -> None:
    """Every statement of an entity with its list, original value, first and last seen."""
    with state(ctx).open_store(read_only=True) as store:
        record = store.entity(entity_id)
    if json_out:
        print_json(record)
        return
    console.print(f"[bold]{record.caption}[/] [dim]{record.schema_name} {record.entity_id}[/]")
    for span in record.listed_in:
        status = "listed now" if span.in_latest else "no longer listed"
        console.print(
            f"  {span.list_name}: in {span.versions} version(s),"
            f" {span.first_as_of:%Y-%m-%d} (v{span.first_version})"
            f" to {span.last_as_of:%Y-%m-%d} (v{span.last_version}), {status}"
        )
    table = Table("property", "value", "original", "list", "first seen", "last seen", "now")
    for stmt in record.statements:
        if not history and not stmt.current:
            continue
        original = stmt.original_value if stmt.original_value not in (None, stmt.value) else ""
        table.add_row(
            stmt.prop,
            stmt.value,
            original or "",
            stmt.list_name,
            f"{stmt.first_seen:%Y-%m-%d}" if stmt.first_seen else "-",
            f"{stmt.last_seen:%Y-%m-%d}" if stmt.last_seen else "-",
            "yes" if stmt.current else "no",
        )
    console.print(table)
    if record.relations:
        console.print("[bold]relations[/]")
    for rel in record.relations:
        details = "; ".join(f"{k}: {', '.join(v)}" for k, v in rel.details.items())
        other = f"{rel.other_caption} ({rel.other_id})" if rel.other_id else "?"
        console.print(f"  {rel.schema_name} as {rel.role} -> {other} {details}", markup=False)
