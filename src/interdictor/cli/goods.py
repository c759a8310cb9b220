"""`interdictor classify` and `interdictor classify-batch`: goods descriptions against the control lists.

Two plain Typer command functions; the root app registers them:
`app.command("classify")(goods.classify)` and `app.command("classify-batch")(goods.classify_batch)`.
Exit codes follow the CLI convention: 0 nothing to review (not listed), 1 findings need review
(controlled, near a threshold, not enough data, or a catch-all warning), 3 the input file was rejected.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from interdictor.cli.output import console, err_console, print_json, progress_bar
from interdictor.goods import Classification, Status
from interdictor.goods import classify as classify_goods
from interdictor.goods import classify_batch as classify_items
from interdictor.goods.batch import read_items, write_results

__all__ = ["classify", "classify_batch"]

_STYLE = {
    Status.CONTROLLED: "bold red",
    Status.NEAR_THRESHOLD: "bold yellow",
    Status.INSUFFICIENT_DATA: "bold cyan",
    Status.NOT_LISTED: "bold green",
}


def _needs_review(result: Classification) -> bool:
    return (
        result.status != Status.NOT_LISTED
        or bool(result.catch_all)
        or bool(result.hs and result.hs.consistent is False)
    )


def _upper(high: float | None) -> str:
    return f"–{high:g}" if high is not None else ""


def _show(result: Classification) -> None:
    console.print(f"[{_STYLE[result.status]}]{result.status.value}[/]", end="")
    if result.entries:
        console.print(f"  {', '.join(result.entries)}", end="")
    if result.near_entries:
        console.print(f"  [yellow]near: {', '.join(result.near_entries)}[/]", end="")
    console.print(" [red](rests on an unverified limit)[/]" if result.unverified else "")
    for reason in result.reasons:
        console.print(f"  • {reason}", markup=False, highlight=False)
    if result.parameters:
        table = Table("parameter", "read from text", "value", box=None, padding=(0, 2), header_style="dim")
        for value in result.parameters:
            shown = (
                ", ".join(value.materials)
                if value.materials
                else (f"{value.value:g}{_upper(value.high)} {value.unit or ''}")
            )
            source = value.text or f"derived from {', '.join(value.derived_from)}"
            table.add_row(escape(value.parameter), escape(source), escape(shown))
        console.print(table)
    if result.ask:
        console.print("[bold]ask the customer[/]")
        for question in result.ask:
            console.print(
                f"  ? {escape(question.ask)} [dim]({', '.join(question.entries)})[/]", highlight=False
            )
    if result.hs is not None:
        hs = result.hs
        known = {True: "in HS 2022", False: "not in HS 2022", None: "HS nomenclature not available"}[hs.known]
        console.print(
            f"[bold]HS[/] {hs.declared}: {known}" + (f" — {hs.description}" if hs.description else ""),
            highlight=False,
        )
        if hs.note and hs.note not in result.reasons:
            console.print(f"  [yellow]{escape(hs.note)}[/]", highlight=False)
    for warning in result.catch_all:
        console.print(
            f"[bold magenta]catch-all {warning.rule_id}[/] ({warning.destination}): {warning.note}",
            highlight=False,
        )


def classify(
    description: Annotated[
        str, typer.Argument(help="The goods description, data-sheet line or invoice line.")
    ],
    hs: Annotated[str | None, typer.Option("--hs", help="Declared HS code, e.g. 8504.40.")] = None,
    destination: Annotated[
        str | None,
        typer.Option("--destination", "-d", help="Destination country, ISO alpha-2 (IR, KP, ...)."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the classification as JSON.")] = False,
) -> None:
    """Classify one goods description against the control lists, with the parameters that decided it."""
    result = classify_goods(description, hs_code=hs, destination=destination)
    if json_out:
        print_json(result)
    else:
        _show(result)
    raise typer.Exit(1 if _needs_review(result) else 0)


def classify_batch(
    input: Annotated[
        Path, typer.Argument(help="CSV with id,description[,hs_code,destination]; - for stdin.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="CSV to write; - for stdout.")] = Path("-"),
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar or summary on stderr.")
    ] = False,
) -> None:
    """Classify every row of a CSV file; writes id,status,entries,near_entries,parameters,explanation."""
    items = read_items(sys.stdin, "<stdin>") if str(input) == "-" else read_items(input)
    counts: Counter[str] = Counter()
    with progress_bar("classifying", total=len(items), quiet=quiet) as bar:
        if str(output) == "-":
            for result in write_results(classify_items(items), sys.stdout, bar.advance):
                counts[result.status.value] += 1
        else:
            with output.open("w", encoding="utf-8", newline="") as handle:
                for result in write_results(classify_items(items), handle, bar.advance):
                    counts[result.status.value] += 1
    if not quiet:
        summary = ", ".join(f"{count} {status}" for status, count in counts.most_common())
        err_console.print(f"{len(items)} descriptions: {summary or 'none'}", highlight=False)
    raise typer.Exit(1 if any(s != Status.NOT_LISTED.value for s in counts) else 0)
