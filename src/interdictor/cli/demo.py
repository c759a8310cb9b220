"""`interdictor demo`: the bundled scenario, printed for people."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from interdictor.cli.app import state
from interdictor.cli.flags import show_assessment
from interdictor.cli.output import console, err_console
from interdictor.demo import DemoReport, run_demo

__all__ = ["demo"]


def demo(
    ctx: typer.Context,
    data: Annotated[
        Path | None, typer.Option(help="Folder of real public data (default: ../shared/data when present).")
    ] = None,
) -> None:
    """Load the lists into the store, show what changed between two SDN publications, screen a few parties."""
    cli = state(ctx)
    console.print(f"[bold]Interdictor demo[/]  store: {cli.db_path}\n")
    with cli.open_store() as store:
        if cli.quiet or not err_console.is_terminal:
            report = run_demo(store, data_dir=data)
        else:
            with err_console.status("starting") as status:
                report = run_demo(store, data_dir=data, on_step=lambda text: status.update(text))
    _print(report)


def _print(report: DemoReport) -> None:
    console.rule("1. Lists in the store")
    table = Table("file", "list", "version", "published", "entities", "since previous")
    for path, load in report.loads:
        v = load.version
        delta = (
            "unchanged (loaded before)"
            if load.skipped
            else (
                f"+{load.added:,} -{load.removed:,} ~{load.changed:,}"
                if load.previous_version_id
                else "first version"
            )
        )
        table.add_row(
            Path(path).name,
            v.list_name,
            str(v.version_id),
            v.published.isoformat() if v.published else "-",
            f"{v.entity_count:,}",
            delta,
        )
    console.print(table)
    if report.missing_real_data:
        console.print(f"[yellow]note:[/] {report.missing_real_data}")
    if report.diff is not None:
        d = report.diff
        console.rule(f"2. What changed in {d.list_name}")
        console.print(
            f"{d.old.published} -> {d.new.published}: {len(d.added):,} added, {len(d.removed):,} removed,"
            f" {len(d.changed):,} changed. A few of them:"
        )
        for mark, items in (("+", d.added), ("-", d.removed), ("~", d.changed)):
            for item in items[:3]:
                console.print(f"  {mark} {item.caption} [dim]({item.schema_name}, {item.entity_id})[/]")
        console.print(
            f"  (all of it: interdictor lists diff {d.list_name} {d.old.version_id} {d.new.version_id})"
        )
    console.rule(f"3. Screening the inquiry parties against {report.indexed_entities:,} listed entities")
    for query in report.queries:
        console.print(f"\n[bold]{query.name}[/] [dim]- {query.note}[/]")
        if not query.hits:
            console.print("  [green]no match above the threshold[/]")
            continue
        for hit in query.hits:
            console.print(
                f"  [red]{hit.score:.2f}[/] {hit.matched_name} [dim]({hit.schema_name}, {hit.list_name},"
                f" {hit.entity_id})[/]",
                highlight=False,
            )
            for feature in hit.explanation.features:
                detail = f": {feature.detail}" if feature.detail else ""
                console.print(f"       {feature.contribution:+.2f} {feature.name}{detail}", markup=False)
    for assessment in report.assessments:
        console.rule(f"4. The inquiry assessed as the exporter: {assessment.deal_id}")
        show_assessment(assessment)
    console.print(
        "\nNext: [bold]interdictor entity show ID[/] shows every fact of a hit with its source and dates;"
        " [bold]interdictor assess FILE --html OUT[/] writes the assessment as a report;"
        " [bold]interdictor lists versions[/] lists what is loaded."
    )
