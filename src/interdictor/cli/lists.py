"""`interdictor lists`: load official list files, see their versions, compare two versions."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json, progress_bar
from interdictor.exc import UsageError
from interdictor.lists import read_list, readers
from interdictor.store import LoadReport
from interdictor.store.models import ListDiff

__all__ = ["app"]

app = typer.Typer(
    help="Sanctions and denied-party lists: load, update, versions, diff.", no_args_is_help=True
)


def _parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise UsageError(f"--published {value!r}: expected a date as YYYY-MM-DD") from exc


@app.command("load")
def load(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="List files, or folders holding a set (OFAC CSV).")],
    format: Annotated[str, typer.Option("--format", "-f", help="Format name, or auto to detect.")] = "auto",
    list_name: Annotated[str | None, typer.Option("--list", help="Store under this list name.")] = None,
    published: Annotated[
        str | None, typer.Option(help="Publication date (YYYY-MM-DD) when the file does not say it.")
    ] = None,
    encoding: Annotated[str | None, typer.Option(help="Text encoding, when not UTF-8 (e.g. cp1252).")] = None,
    force: Annotated[bool, typer.Option(help="Load even if this exact file was loaded before.")] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the load reports as JSON.")] = False,
) -> None:
    """Load list publications into the store; each load is atomic and becomes a new version."""
    cli = state(ctx)
    reports: list[LoadReport] = []
    with cli.open_store() as store:
        for path in paths:
            parsed = read_list(
                path, format=format, list_name=list_name, published=_parse_date(published), encoding=encoding
            )
            with progress_bar(f"loading {path.name}", quiet=cli.quiet) as bar:
                report = store.load(parsed, force=force, progress=bar.advance)
            reports.append(report)
            if not json_out:
                _print_report(path, report)
    if json_out:
        print_json(reports)


def _print_report(path: Path, report: LoadReport) -> None:
    version = report.version
    if report.skipped:
        console.print(
            f"{path}: already loaded as version {version.version_id} of {version.list_name}; nothing to do"
            " (use --force to load it again)"
        )
        return
    published = version.published.isoformat() if version.published else "date unknown"
    console.print(
        f"{path}: loaded [bold]{version.list_name}[/] version {version.version_id} ({published}):"
        f" {version.entity_count:,} entities, {version.statement_count:,} statements"
    )
    if report.previous_version_id is not None:
        console.print(
            f"  since version {report.previous_version_id}:"
            f" {report.added:,} added, {report.removed:,} removed,"
            f" {report.changed:,} changed"
        )


@app.command("formats")
def formats() -> None:
    """The list formats Interdictor reads."""
    table = Table("format", "stored as", "what it is")
    for reader in sorted(readers().values(), key=lambda r: r.format):
        table.add_row(reader.format, reader.list_name, reader.description)
    console.print(table)


def _when(value: datetime | date | None) -> str:
    if value is None:
        return "-"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


@app.command("versions")
def versions(
    ctx: typer.Context,
    list_name: Annotated[str | None, typer.Argument(help="Only this list.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Every version of every list in the store, with its publication date and file hash."""
    with state(ctx).open_store(read_only=True) as store:
        found = store.versions(list_name)
    if json_out:
        print_json(found)
        return
    if not found:
        err_console.print("no lists loaded yet: try `interdictor lists load PATH`")
        return
    table = Table("version", "list", "published", "loaded", "entities", "statements", "format", "sha256")
    for v in found:
        published = v.published.isoformat() if v.published else "-"
        if v.published_source and v.published_source != "file":
            published += f" ({v.published_source})"
        table.add_row(
            str(v.version_id),
            v.list_name,
            published,
            _when(v.loaded_at),
            f"{v.entity_count:,}",
            f"{v.statement_count:,}",
            v.format,
            v.sha256[:12],
        )
    console.print(table)


@app.command("diff")
def diff(
    ctx: typer.Context,
    list_name: Annotated[str, typer.Argument(help="List name, as shown by `lists versions`.")],
    old: Annotated[str, typer.Argument(help="Older version: number, date (YYYY-MM-DD) or latest~1.")],
    new: Annotated[str, typer.Argument(help="Newer version: number, date or latest.")] = "latest",
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    limit: Annotated[int, typer.Option(help="Show at most this many entities per section.")] = 50,
) -> None:
    """Entities added, removed and changed between two versions of a list."""
    with state(ctx).open_store(read_only=True) as store:
        result = store.diff(list_name, old, new)
    if json_out:
        print_json(result)
        return
    _print_diff(result, limit)


def _print_diff(result: ListDiff, limit: int) -> None:
    console.print(
        f"[bold]{result.list_name}[/]: version {result.old.version_id} ({_when(result.old.published)})"
        f" -> version {result.new.version_id} ({_when(result.new.published)})"
    )
    console.print(
        f"{len(result.added):,} added, {len(result.removed):,} removed, {len(result.changed):,} changed"
    )
    for title, items, mark in (("added", result.added, "+"), ("removed", result.removed, "-")):
        if items:
            console.print(f"\n[bold]{title}[/]")
        for item in items[:limit]:
            console.print(f"  {mark} {item.caption} [dim]({item.schema_name}, {item.entity_id})[/]")
        if len(items) > limit:
            console.print(f"  ... {len(items) - limit:,} more (use --limit or --json)")
    if result.changed:
        console.print("\n[bold]changed[/]")
    for change in result.changed[:limit]:
        console.print(f"  ~ {change.caption} [dim]({change.schema_name}, {change.entity_id})[/]")
        for prop in change.changes:
            for value in prop.removed:
                console.print(f"      - {prop.prop}: {value}", markup=False)
            for value in prop.added:
                console.print(f"      + {prop.prop}: {value}", markup=False)
    if len(result.changed) > limit:
        console.print(f"  ... {len(result.changed) - limit:,} more (use --limit or --json)")
