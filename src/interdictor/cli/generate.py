"""`interdictor generate`: write a synthetic trade world with planted networks and its ground truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json
from interdictor.exc import UsageError

__all__ = ["generate"]


def generate(
    ctx: typer.Context,
    companies: Annotated[
        int, typer.Option("--companies", min=50, help="Registered companies in the world.")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same bytes.")] = 1,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the world into.")] = Path("world"),
    transactions: Annotated[
        int | None,
        typer.Option("--transactions", min=1, help="Target transaction records (default 1.5 per company)."),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Processes; the output does not depend on it.")
    ] = 2,
    json_out: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Generate a reproducible world: registry (FtM), sanctions list, transactions and truth files."""
    from interdictor.generate import generate_world

    cli = state(ctx)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a folder")
    status = None if cli.quiet or not err_console.is_terminal else err_console.status("planning networks")

    def progress(stage: str, done: int, total: int) -> None:
        if status is not None:
            status.update(f"{stage} {done}/{total}")

    if status is not None:
        with status:
            summary = generate_world(
                companies, seed, out, transactions=transactions, workers=workers, on_progress=progress
            )
    else:
        summary = generate_world(companies, seed, out, transactions=transactions, workers=workers)
    if json_out:
        print_json({**summary.to_dict(), "out": str(out), "seconds": round(summary.seconds, 2)})
        return
    console.print(
        f"wrote {out}: {summary.transactions:,} transactions ({summary.planted_transactions:,} planted in"
        f" {summary.networks} networks), {summary.entities:,} entity records,"
        f" {summary.sanctions_entities:,} list records, {summary.party_records:,} party records"
        f" in {summary.seconds:.1f} s"
    )
