"""`interdictor resolve` and `interdictor resolve decide`: entity resolution over the party records."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json, progress_bar
from interdictor.exc import UsageError

__all__ = ["decide", "resolve"]


def resolve(
    ctx: typer.Context,
    transactions: Annotated[
        list[Path] | None,
        typer.Option(
            "--transactions", "-t", help="Transaction records (JSON lines) whose parties to resolve."
        ),
    ] = None,
    lists: Annotated[
        bool, typer.Option("--lists/--no-lists", help="Include the store's list entities.")
    ] = True,
    evidence: Annotated[
        bool,
        typer.Option(
            "--evidence/--no-evidence", help="Include parties of ingested registries and documents."
        ),
    ] = True,
    threshold: Annotated[
        float,
        typer.Option("--threshold", min=0.5, max=0.99999, help="Match probability that links two records."),
    ] = 0.99,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the model's training samples.")] = 42,
    threads: Annotated[
        int | None, typer.Option("--threads", min=1, help="DuckDB threads for the model.")
    ] = None,
    truth: Annotated[
        Path | None,
        typer.Option("--truth", help="Entity truth CSV (generator's truth/entities.csv) to score against."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the run report as JSON.")] = False,
) -> None:
    """Extract party records (lists, evidence, transactions), resolve them to entities, keep the clusters."""
    from interdictor.resolve import (
        ModelConfig,
        extract_evidence,
        extract_store,
        extract_transactions,
        pairwise_scores,
    )
    from interdictor.resolve import resolve as run_resolve

    cli = state(ctx)
    problems = []
    with cli.open_store() as store:
        with progress_bar("extracting party records", quiet=cli.quiet) as bar:
            if lists:
                extract_store(store.con, progress=bar.advance)
            if evidence:
                extract_evidence(store.con, progress=bar.advance)
            for path in transactions or []:
                report = extract_transactions(store.con, path, progress=bar.advance)
                problems.extend(report.problems)
        for problem in problems[:20]:
            err_console.print(f"warning: skipped {problem}")
        if len(problems) > 20:
            err_console.print(f"warning: ... and {len(problems) - 20} more lines skipped")
        with progress_bar("resolving", quiet=cli.quiet) as bar:
            result = run_resolve(
                store.con, ModelConfig(threshold=threshold, seed=seed, threads=threads), step=bar.describe
            )
        scores = pairwise_scores(store.con, truth) if truth is not None else None
    if json_out:
        data = result.model_dump(mode="json")
        if scores is not None:
            data["scores"] = scores.model_dump(mode="json")
        print_json(data)
        return
    console.print(
        f"run {result.run_id}: {result.records:,} records -> {result.clusters:,} entities"
        f" ({result.multi_record_clusters:,} with several records, largest {result.largest_cluster:,})"
        f" from {result.pairs:,} linked pairs in {result.seconds:.1f} s"
    )
    for conflict in result.decision_conflicts:
        err_console.print(f"warning: decision overruled by a split: {conflict}")
    if scores is not None:
        console.print(
            f"pairwise precision {scores.precision:.4f}, recall {scores.recall:.4f}, F1 {scores.f1:.4f}"
        )


def decide(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="merge (same entity) or split (different entities).")],
    left: Annotated[str, typer.Argument(help="A party record id, e.g. ORD-3F2A9C01B7/p1.")],
    right: Annotated[
        str | None, typer.Argument(help="The other record; omit with split to make LEFT stand alone.")
    ] = None,
    author: Annotated[
        str, typer.Option("--author", help="Who decides (kept in the audit trail).")
    ] = "analyst",
    reason: Annotated[str | None, typer.Option("--reason", help="Why, in a sentence.")] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the decision as JSON.")] = False,
) -> None:
    """Record an analyst's merge or split; it wins over the model from the next `interdictor resolve` on."""
    from interdictor.resolve import record_decision

    if kind not in ("merge", "split"):
        raise UsageError(f"{kind!r}: choose merge or split")
    with state(ctx).open_store() as store:
        decision = record_decision(store.con, kind, left, right, author=author, reason=reason)
    if json_out:
        print_json(decision)
        return
    target = (
        f"{decision.left_id} and {decision.right_id}" if decision.right_id else f"{decision.left_id} alone"
    )
    console.print(
        f"decision {decision.decision_id}: {decision.kind.value} {target} (applies at the next run)"
    )
