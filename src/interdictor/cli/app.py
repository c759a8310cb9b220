"""The root Typer app and its global options (--db, --quiet, --debug)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from interdictor import __version__
from interdictor.settings import DB_ENV, resolve_db_path
from interdictor.store import Store

__all__ = ["CliState", "app", "state"]

app = typer.Typer(
    name="interdictor",
    help="Find illicit procurement: sanctions lists, party screening, goods, red flags and networks.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode="rich",
)


@dataclass
class CliState:
    db_path: Path
    quiet: bool = False
    debug: bool = False

    def open_store(self, *, read_only: bool = False) -> Store:
        return Store(self.db_path, read_only=read_only)


def state(ctx: typer.Context) -> CliState:
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState(db_path=resolve_db_path(None))
    return root.obj


def _version(value: bool) -> None:
    if value:
        typer.echo(f"interdictor {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db", help=f"Store file (DuckDB). Default: ${DB_ENV}, else a per-user file.", metavar="PATH"
        ),
    ] = None,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or notes on stderr.")
    ] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    ctx.obj = CliState(db_path=resolve_db_path(db), quiet=quiet, debug=debug)


def _register() -> None:
    from interdictor.cli import (
        demo,
        entity,
        export,
        flags,
        generate,
        goods,
        ingest,
        lists,
        lists_update,
        resolve,
        screen,
    )

    lists.app.command("update")(lists_update.update)
    app.add_typer(lists.app, name="lists")
    app.add_typer(entity.app, name="entity")
    app.command("export")(export.export)
    app.command("screen")(screen.screen)
    app.command("screen-batch")(screen.screen_batch)
    app.command("match-pairs")(screen.match_pairs)
    evaluate = typer.Typer(help="Measure accuracy on labelled data.", no_args_is_help=True)
    evaluate.command("names")(screen.eval_names)
    app.add_typer(evaluate, name="eval")
    flags_app = typer.Typer(help="The red-flag catalogue.", no_args_is_help=True)
    flags_app.command("list")(flags.flags_list)
    flags_app.command("template")(flags.flags_template)
    app.add_typer(flags_app, name="flags")
    app.command("assess")(flags.assess)
    app.command("classify")(goods.classify)
    app.command("classify-batch")(goods.classify_batch)
    app.command("generate")(generate.generate)
    app.command("resolve")(resolve.resolve)
    app.command("decide")(resolve.decide)
    app.command("demo")(demo.demo)
    app.command("ingest")(ingest.ingest)
    from interdictor.cli import graph

    app.add_typer(graph.app, name="graph")


_register()
