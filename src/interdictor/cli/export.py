"""`interdictor export`: the store's entities as FollowTheMoney JSON lines or CSV.

Data goes to stdout or a file, the progress bar and the closing count to stderr, so
`interdictor export --format ftm | jq` and `> file.csv` both work.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

import typer

from interdictor.cli.app import state
from interdictor.cli.output import err_console, progress_bar
from interdictor.export import export_entities, open_output, select_entities

__all__ = ["export"]


class Format(StrEnum):
    ftm = "ftm"
    csv = "csv"


def export(
    ctx: typer.Context,
    format: Annotated[
        Format,
        typer.Option("--format", "-f", help="ftm: FollowTheMoney JSON lines; csv: one row per entity."),
    ] = Format.ftm,
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="PATH", help="File to write, or - for stdout.")
    ] = "-",
    list_name: Annotated[
        str | None, typer.Option("--list", help="Only this list (its newest version, unless --version).")
    ] = None,
    version: Annotated[
        str | None,
        typer.Option(help="One version: its number; with --list also a date (YYYY-MM-DD) or latest~N."),
    ] = None,
    formula_guard: Annotated[
        bool,
        typer.Option(
            help="CSV: prefix cells starting with = + - @ (and tab, CR) with ' so spreadsheets show text."
        ),
    ] = True,
    bom: Annotated[bool, typer.Option("--bom", help="CSV: start with a byte-order mark, for Excel.")] = False,
) -> None:
    """Export entities: the newest version of every list, one list, or one version.

    The CSV has the columns id, schema, name, aliases, birth_date, countries, addresses,
    identifiers, programs, lists, first_seen, last_seen; several values in a cell are joined
    with "; ". FtM JSON lines keeps everything and loads back with `lists load --format ftm-json`.
    """
    cli = state(ctx)
    with cli.open_store(read_only=True) as store:
        selection = select_entities(store, list_name, version)
        with (
            open_output(output, bom=bom and format is Format.csv) as out,
            progress_bar(f"exporting {selection.description}", selection.count, quiet=cli.quiet) as bar,
        ):
            written = export_entities(
                selection.entities(store),
                out,
                format.value,
                guard=formula_guard,
                advance=bar.advance,
            )
    if not cli.quiet:
        where = "stdout" if output == "-" else output
        err_console.print(
            f"exported {written:,} entities ({selection.description}) as {format.value} to {where}",
            markup=False,
            soft_wrap=True,
        )
