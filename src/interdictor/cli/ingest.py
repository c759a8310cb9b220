"""`interdictor ingest PATH...`: registries, e-mail, chat, invoices and transactions into the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json, progress_bar

__all__ = ["ingest"]

_KINDS = "auto|registry|email|chat|invoice|text|transactions"


def ingest(
    ctx: typer.Context,
    paths: Annotated[
        list[Path], typer.Argument(help="Files or folders (folders are walked).", metavar="PATH...")
    ],
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            help="Label of where the evidence comes from (default: each file's name).",
            metavar="LABEL",
        ),
    ] = None,
    kind: Annotated[
        str, typer.Option("--kind", help=f"What the files are: {_KINDS}.", metavar="KIND")
    ] = "auto",
    json_out: Annotated[bool, typer.Option("--json", help="Print the run report as JSON.")] = False,
) -> None:
    """Store evidence with its provenance; a bad document is reported and skipped, the rest go in.

    Exit code 0 when every document was stored or seen before, 3 when any was rejected.
    """
    from interdictor.ingest import ingest_paths

    cli = state(ctx)
    with cli.open_store() as store, progress_bar("ingesting", quiet=cli.quiet) as bar:
        report = ingest_paths(store, paths, source, kind=kind, progress=bar.describe)
    if json_out:
        print_json(report)
    else:
        for doc in report.documents:
            if doc.status == "stored":
                what = (
                    f"{doc.records:,} records"
                    if doc.kind == "transactions"
                    else (f"{doc.statements:,} statements, {doc.mentions:,} mentions")
                )
                title = f" {doc.title!r}" if doc.title else ""
                console.print(f"stored   {doc.path} ({doc.kind}){title}: {what}", markup=False)
            elif doc.status == "skipped":
                console.print(f"skipped  {doc.path}: already ingested", markup=False)
            for note in doc.notes if doc.status == "stored" else ():
                err_console.print(f"note: {doc.path}: {note}", markup=False)
        console.print(
            f"{report.stored} stored, {report.skipped} skipped, {report.rejected} rejected:"
            f" {report.statements:,} statements, {report.mentions:,} mentions, {report.records:,} records"
            f" in {report.seconds:.1f} s"
        )
    for doc in report.documents:
        if doc.status == "rejected":
            err_console.print(f"[bold red]rejected[/] {doc.path}", highlight=False)
            for problem in doc.problems[:20]:
                where = ", ".join(
                    f"{key} {problem[key]!r}" if key == "field" else f"{key} {problem[key]}"
                    for key in ("line", "element", "field")
                    if problem.get(key) is not None
                ).replace("element ", "")
                hint = f" (hint: {problem['hint']})" if problem.get("hint") else ""
                err_console.print(f"  {where + ': ' if where else ''}{problem['msg']}{hint}", markup=False)
    if report.rejected:
        raise typer.Exit(3)
