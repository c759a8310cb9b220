"""`interdictor lists update`: download the current lists from their official addresses and load them.

Kept apart from `cli/lists.py` because it is the one command that talks to the network; the
work itself lives in `interdictor.lists.update`, this module only turns options into calls
and outcomes into lines, JSON and an exit code.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json, progress_bar
from interdictor.lists.sources import SourceSpec, load_sources, select_sources
from interdictor.lists.update import (
    DEFAULT_TIMEOUT,
    Advance,
    Downloader,
    PlannedSource,
    ProgressFactory,
    UpdateOutcome,
    exit_code_for,
    fetch_source,
    load_source,
    make_client,
    plan,
)

__all__ = ["update"]


def _progress_factory(quiet: bool) -> ProgressFactory:
    @contextmanager
    def factory(description: str, total: int | None) -> Iterator[Advance]:
        with progress_bar(description, total, quiet=quiet) as bar:
            yield bar.advance

    return factory


def update(
    ctx: typer.Context,
    source: Annotated[
        list[str] | None,
        typer.Option("--source", "-s", help="Only this source; repeat for several. See --dry-run for names."),
    ] = None,
    sources_file: Annotated[
        Path | None,
        typer.Option(
            "--sources", metavar="FILE", help="Sources file (YAML) to use instead of the bundled one."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be fetched; fetch nothing.")
    ] = False,
    include_disabled: Annotated[
        bool,
        typer.Option(
            "--include-disabled", help="Also fetch sources that are off by default; check their licence."
        ),
    ] = False,
    download_dir: Annotated[
        Path | None,
        typer.Option(
            metavar="DIR", help="Keep downloads here. Default: a downloads folder next to the store."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=1.0, help="Seconds to wait for a server to connect or send data.")
    ] = DEFAULT_TIMEOUT,
    force: Annotated[
        bool, typer.Option(help="Load even when the files are identical to the last load.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print the outcomes as JSON.")] = False,
) -> None:
    """Download the current lists from their official addresses and load each as a new version.

    Each source is fetched and loaded on its own: a failing source is reported and the others
    still run; the exit code is then that of the first failure (5 for a source that cannot be
    reached, 4 for a checksum mismatch, 3 for a file too large or refused by its reader).
    """
    cli = state(ctx)
    chosen = select_sources(load_sources(sources_file), source or (), include_disabled=include_disabled)
    progress = _progress_factory(cli.quiet)
    root = download_dir if download_dir is not None else cli.db_path.parent / "downloads"
    if dry_run:
        _show_plan(plan(chosen, root), json_out)
        return
    if not chosen:
        err_console.print("no sources to fetch: every source is disabled (see --include-disabled)")
        if json_out:
            print_json([])
        return
    with cli.open_store():
        pass  # fail now, not after a long download, if the store is locked or cannot be written
    # Download everything first, then load: the store's single write lock is held only while loading.
    fetched: list[tuple[SourceSpec, Path | UpdateOutcome]] = []
    with make_client(timeout) as client:
        downloader = Downloader(root, client, progress=progress)
        for spec in chosen:
            if not cli.quiet and not json_out:
                err_console.print(
                    f"fetching {spec['name']} ({len(spec['files'])} file(s))", markup=False, soft_wrap=True
                )
            fetched.append((spec, fetch_source(spec, downloader)))
    outcomes: list[UpdateOutcome] = []
    with cli.open_store() as store:
        for spec, result in fetched:
            if isinstance(result, UpdateOutcome):
                outcome = result
            else:
                outcome = load_source(store, spec, result, force=force, progress=progress)
            outcomes.append(outcome)
            if not json_out:
                _show_outcome(outcome)
    if json_out:
        print_json(outcomes)
    elif not cli.quiet:
        counts = {
            status: sum(o.status == status for o in outcomes) for status in ("loaded", "unchanged", "failed")
        }
        err_console.print(", ".join(f"{n} {status}" for status, n in counts.items()), highlight=False)
    code = exit_code_for(outcomes)
    if code:
        raise typer.Exit(code)


def _show_plan(planned: list[PlannedSource], json_out: bool) -> None:
    if json_out:
        print_json(planned)
        return
    if not planned:
        err_console.print("no sources to fetch: every source is disabled (see --include-disabled)")
    for item in planned:
        state_note = "" if item.enabled else " [disabled by default]"
        console.print(
            f"{item.source} -> list {item.list_name} ({item.format}){state_note}",
            markup=False,
            soft_wrap=True,
        )
        for url in item.urls:
            console.print(f"  GET {url}", markup=False, soft_wrap=True)
        console.print(f"  into {item.destination}", markup=False, soft_wrap=True)


def _show_outcome(outcome: UpdateOutcome) -> None:
    version = outcome.version
    if outcome.status == "failed" or version is None:
        err_console.print(f"[bold red]{outcome.source}: failed[/]", highlight=False, soft_wrap=True)
        for line in (outcome.error or "unknown error").splitlines():
            err_console.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)
        return
    if outcome.status == "unchanged":
        console.print(
            f"{outcome.source}: unchanged, identical to version {version.version_id} of {version.list_name}"
            f" loaded {version.loaded_at:%Y-%m-%d %H:%M}",
            markup=False,
            soft_wrap=True,
        )
        return
    published = version.published.isoformat() if version.published else "publication date not stated"
    console.print(
        f"{outcome.source}: loaded {version.list_name} version {version.version_id} ({published}):"
        f" {version.entity_count:,} entities",
        markup=False,
        soft_wrap=True,
    )
    if outcome.previous_version_id is not None:
        console.print(
            f"  since version {outcome.previous_version_id}: {outcome.added:,} added,"
            f" {outcome.removed:,} removed, {outcome.changed:,} changed",
            markup=False,
            soft_wrap=True,
        )
