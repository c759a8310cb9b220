"""`interdictor screen`, `screen-batch`, `match-pairs` and `eval names`: party screening from the shell.

Matches go to stdout (a table, `--json`, or CSV), notes and progress to stderr. `screen` and
`screen-batch` exit with 1 when something matched (done, findings need review) and 0 when not;
bad input exits with 3 and names the file, line and column of every problem.

The screening index is built on first use and kept next to the store (`<db>.screening-index/`);
it is rebuilt by itself when a list gets a new version.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json, progress_bar
from interdictor.exc import UsageError
from interdictor.export import open_output
from interdictor.screening.batch import (
    MATCH_COLUMNS,
    explanation_text,
    read_csv,
    read_pairs,
    read_queries,
    write_rows,
)
from interdictor.screening.evaluate import Case, evaluate, score_cases
from interdictor.screening.model import NameScreeningV1
from interdictor.screening.party import Party, prepare
from interdictor.screening.query import check_birth_date, check_name, normalise_country
from interdictor.screening.screener import Match, Screener

__all__ = ["eval_names", "match_pairs", "screen", "screen_batch"]

Threshold = Annotated[
    float | None,
    typer.Option(min=0.0, max=1.0, help=f"Alert threshold (default {NameScreeningV1.THRESHOLD})."),
]


def _screener(ctx: typer.Context) -> Screener:
    cli = state(ctx)
    notify = None if cli.quiet else (lambda text: err_console.print(text, markup=False))
    with cli.open_store(read_only=True) as store:
        return Screener.from_store(store, notify=notify)


def _print_matches(matches: list[Match]) -> None:
    if not matches:
        console.print("no match above the threshold")
        return
    table = Table("rank", "score", "list", "entity_id", "matched name", "why")
    for rank, m in enumerate(matches, 1):
        why = ", ".join(f"{f.name} {f.contribution:+.2f}" for f in m.explanation.features)
        table.add_row(str(rank), f"{m.score:.3f}", m.list_name, m.entity_id, m.matched_name, why)
    console.print(table)


def screen(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Name to screen, in any script.")],
    schema: Annotated[
        str, typer.Option(help="Person, Company, Organization, LegalEntity (any), Vessel, Airplane.")
    ] = "LegalEntity",
    country: Annotated[list[str] | None, typer.Option(help="Country (ISO code or name); repeatable.")] = None,
    birth_date: Annotated[str | None, typer.Option(help="Birth date: YYYY, YYYY-MM or YYYY-MM-DD.")] = None,
    identifier: Annotated[
        list[str] | None, typer.Option(help="Identifier, e.g. imo:9187629, a passport number; repeatable.")
    ] = None,
    threshold: Threshold = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Most matches shown.")] = 10,
    json_out: Annotated[bool, typer.Option("--json", help="Print the matches as JSON.")] = False,
) -> None:
    """Screen one party against the newest version of every list in the store."""
    problems = [p for p in (check_name(name), birth_date and check_birth_date(birth_date)) if p]
    codes: list[str] = []
    for value in country or []:
        code = normalise_country(value)
        if code is None:
            problems.append(f"--country {value[:40]!r}: not a country code or name")
        else:
            codes.append(code)
    from interdictor.screening.entities import matchable_schemata

    if schema not in matchable_schemata():
        problems.append(
            f"--schema {schema!r}: use Person, Company, Organization, LegalEntity, Vessel or Airplane"
        )
    if problems:
        raise UsageError("; ".join(problems))
    screener = _screener(ctx)
    matches = screener.screen(
        Party([name], schema),
        country=codes,
        birth_date=birth_date,
        identifiers=identifier or (),
        threshold=threshold,
        limit=limit,
    )
    if json_out:
        print_json(matches)
    else:
        _print_matches(matches)
    if matches:
        raise typer.Exit(1)


def screen_batch(
    ctx: typer.Context,
    input: Annotated[
        Path, typer.Argument(help="CSV: id,name and optional schema,country,birth_date,identifier.")
    ],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="PATH", help="CSV to write, or - for stdout.")
    ] = "-",
    threshold: Threshold = None,
    limit: Annotated[int, typer.Option(min=1, max=1000, help="Most matches per query.")] = 10,
    formula_guard: Annotated[
        bool,
        typer.Option(
            help="Prefix cells starting with = + - @ (and tab, CR) with ' so spreadsheets show text."
        ),
    ] = True,
) -> None:
    """Screen every row of a CSV; one output row per query and match above the threshold.

    Several countries, birth dates or identifiers in one cell are separated by ";". A query with
    no match gets no row. Output columns: id, rank, score, entity_id, matched_name, list, explanation.
    """
    cli = state(ctx)
    queries = read_queries(input)
    screener = _screener(ctx)
    found = 0
    with (
        open_output(output) as out,
        progress_bar(f"screening {input.name}", len(queries), quiet=cli.quiet) as bar,
    ):

        def rows() -> object:
            nonlocal found
            # screen_many runs the candidate stage for 256 queries at a time (one pass of arrays).
            batches = screener.screen_many((q.party for q in queries), threshold=threshold, limit=limit)
            for query, matches in zip(queries, batches, strict=True):
                found += bool(matches)
                for rank, m in enumerate(matches, 1):
                    yield (query.id, rank, f"{m.score:.4f}", m.entity_id, m.matched_name, m.list_name,
                           explanation_text(m.explanation))  # fmt: skip
                bar.advance(1)

        written = write_rows(out, MATCH_COLUMNS, rows(), guard=formula_guard)  # type: ignore[arg-type]
    if not cli.quiet:
        err_console.print(
            f"screened {len(queries):,} queries: {found:,} with matches, {written:,} rows", markup=False
        )
    if found:
        raise typer.Exit(1)


def match_pairs(
    ctx: typer.Context,
    input: Annotated[Path, typer.Argument(help="CSV with columns name1,name2 and optional schema.")],
    output: Annotated[
        str, typer.Option("--output", "-o", metavar="PATH", help="CSV to write, or - for stdout.")
    ] = "-",
    threshold: Threshold = None,
) -> None:
    """Score name pairs; the input columns come back with score and is_match added (an input
    column of the same name is kept as input_score / input_is_match)."""
    cli = state(ctx)
    header, pairs = read_pairs(input)
    cut = NameScreeningV1.THRESHOLD if threshold is None else threshold
    columns = [f"input_{c}" if c in ("score", "is_match") else c for c in header]
    with (
        open_output(output) as out,
        progress_bar(f"scoring {input.name}", len(pairs), quiet=cli.quiet) as bar,
    ):

        def rows() -> object:
            for pair in pairs:
                result = NameScreeningV1.score(
                    prepare(Party([pair.name1], pair.schema)), prepare(Party([pair.name2], pair.schema))
                )
                bar.advance(1)
                yield [
                    *(pair.row[c] for c in header),
                    f"{result.score:.4f}",
                    str(result.score >= cut).lower(),
                ]

        write_rows(out, [*columns, "score", "is_match"], rows())  # type: ignore[arg-type]


def eval_names(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="nomenklatura cases.csv, or a yente people fixture (full_name...).")
    ],
    threshold: Threshold = None,
    expect: Annotated[
        str | None, typer.Option(help="yente fixtures: positives or negatives (default: from the file name).")
    ] = None,
    reference: Annotated[
        Path | None,
        typer.Option(help="yente: the untreated positives whose names say which entity is expected."),
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Precision, recall and F1 per schema on labelled pairs; or recall / alert rate on yente's people."""
    from interdictor.screening.evaluate import read_cases

    rows, _ = read_csv(file, ())
    columns = set(rows[0][1]) if rows else set()
    if "full_name" in columns:
        _eval_yente(ctx, file, expect, reference, json_out)
        return
    if not {"schema", "name1", "name2", "is_match"} <= columns:
        raise UsageError(
            f"{file}: expected columns schema,name1,name2,is_match (or a yente fixture with full_name)"
        )
    cases: list[Case] = read_cases(file)
    cut = NameScreeningV1.THRESHOLD if threshold is None else threshold
    metrics = evaluate(score_cases(cases), cut)
    figures = {key: m.as_dict() for key, m in sorted(metrics.items())}
    if json_out:
        print_json(figures)
        return
    table = Table("group", "pairs", "precision", "recall", "F1")
    for key, row in figures.items():
        table.add_row(
            key, str(row["pairs"]), f"{row['precision']:.3f}", f"{row['recall']:.3f}", f"{row['f1']:.3f}"
        )
    console.print(table)


def _eval_yente(
    ctx: typer.Context, file: Path, expect: str | None, reference: Path | None, json_out: bool
) -> None:
    from interdictor.screening import yente

    kind = expect or ("negatives" if "negative" in file.name else "positives")
    if kind not in ("positives", "negatives"):
        raise UsageError(f"--expect {kind!r}: use positives or negatives")
    people = yente.read_people(file)
    screener = _screener(ctx)
    quiet = state(ctx).quiet
    with progress_bar(f"screening {file.name}", len(people), quiet=quiet) as bar:
        if kind == "negatives":
            result = yente.evaluate_negatives(screener, people, progress=bar.advance)
        else:
            names = yente.read_people(reference) if reference else people
            if len(names) != len(people):
                raise UsageError(f"--reference {reference}: {len(names)} rows, {file} has {len(people)}")
            expected = yente.expected_entities(screener, names)
            result = yente.evaluate_positives(screener, people, expected, progress=bar.advance)
    figures = {
        "file": str(file),
        "expect": kind,
        "rows": result.rows,
        "recall" if kind == "positives" else "alerts": result.rate if kind == "positives" else result.hits,
        "alerts_per_1000": round(1000 * result.rate, 3) if kind == "negatives" else None,
        "candidate_recall": round(result.candidate_rate, 4) if kind == "positives" else None,
        "misses": [{"line": line, "name": name, "why": why} for line, name, why in result.misses],
    }
    if json_out:
        print_json(figures)
        return
    for key, value in figures.items():
        if key != "misses" and value is not None:
            console.print(f"{key}: {value}", markup=False)
    for line, name, why in result.misses[:50]:
        console.print(f"  line {line}: {name} ({why})", markup=False)
