"""`interdictor graph build|findings|explain|export|report`: the network and its red flags."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from interdictor.cli.app import state
from interdictor.cli.output import console, err_console, print_json
from interdictor.exc import UsageError

__all__ = ["app"]

app = typer.Typer(
    help="The network: build the graph, find network red flags, explain, export.", no_args_is_help=True
)


@app.command("build")
def build(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print the build as JSON.")] = False,
) -> None:
    """Build the graph from lists, stored records, evidence and resolution clusters; keep it in the store."""
    from interdictor.graph import build_graph

    cli = state(ctx)
    with cli.open_store() as store:
        result = build_graph(store)
    if json_out:
        print_json(result)
        return
    console.print(
        f"graph run {result.run_id}: {result.nodes:,} nodes, {result.edges:,} edges in {result.seconds:.1f} s"
        f" (parties by {result.party_identity})"
    )
    for name, count in sorted(result.nodes_by_type.items(), key=lambda x: -x[1]):
        console.print(f"  {name:12s} {count:>10,}")
    for warning in result.warnings:
        err_console.print(f"warning: {warning}")


@app.command("findings")
def findings_cmd(
    ctx: typer.Context,
    json_out: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    flag: Annotated[str | None, typer.Option("--flag", help="Only this flag id, e.g. NET-02.")] = None,
) -> None:
    """Every network finding of the newest build, with the paths that prove it."""
    from interdictor.graph import findings

    cli = state(ctx)
    with cli.open_store(read_only=True) as store:
        found = [f for f in findings(store) if flag is None or f.flag_id == flag]
    if json_out:
        print_json([f.model_dump(mode="json") for f in found])
    else:
        for f in found:
            console.print(f"{f.flag_id} [{f.severity}] {f.method}: {f.message}")
        err_console.print(f"{len(found)} finding(s)")
    if found:
        raise typer.Exit(1)


@app.command("explain")
def explain_cmd(
    ctx: typer.Context,
    entity_id: Annotated[str, typer.Argument(help="Node id, list entity id or record party id (ORD-1/p1).")],
    json_out: Annotated[bool, typer.Option("--json", help="Print the explanation as JSON.")] = False,
) -> None:
    """Why a party is risky: the findings that name it, the paths and their evidence."""
    from interdictor.graph import explain

    cli = state(ctx)
    with cli.open_store(read_only=True) as store:
        result = explain(store, entity_id)
    if json_out:
        print_json(result)
        return
    node = result.node
    console.print(
        f"{node.node_id} {node.label} ({node.type}{', designated' if node.designated else ''}),"
        f" {result.neighbours} edges"
    )
    if result.nearest_designated:
        console.print("path to a designated party:")
        for s in result.nearest_designated:
            console.print(
                f"  {s.src} -{s.type}{' ' + str(s.date) if s.date else ''}-> {s.dst}"
                f"   [{s.evidence.source} {s.evidence.ref or ''} {s.evidence.position or ''}]"
            )
    for f in result.findings:
        console.print(f"{f.flag_id} [{f.severity}] {f.message}")
        for path in f.paths[:3]:
            for s in path:
                console.print(
                    f"    {s.src} -{s.type}-> {s.dst}   [{s.evidence.source} {s.evidence.ref or ''}"
                    f" {s.evidence.position or ''}]"
                )
    if not result.findings:
        console.print("no network finding names this node")


@app.command("export")
def export_cmd(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="gexf, ftm or cytoscape.")] = "gexf",
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write ('-' for stdout).")] = Path(
        "-"
    ),
) -> None:
    """Write the newest graph as GEXF, FtM JSON lines or Cytoscape JSON."""
    from interdictor.graph.export import FORMATS, export_graph
    from interdictor.graph.load import load_graph

    if fmt not in FORMATS:
        raise UsageError(f"--format {fmt!r}: expected one of {', '.join(FORMATS)}")
    cli = state(ctx)
    with cli.open_store(read_only=True) as store:
        net = load_graph(store.con)
    if str(output) == "-":
        count = export_graph(net, fmt, sys.stdout)
    else:
        with output.open("w", encoding="utf-8") as handle:
            count = export_graph(net, fmt, handle)
    err_console.print(f"wrote {count:,} elements as {fmt}")


@app.command("report")
def report_cmd(
    ctx: typer.Context,
    html_out: Annotated[Path, typer.Option("--html", help="HTML file to write.")],
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many findings, H first.")] = 500,
) -> None:
    """An HTML network report: each finding with its evidence and a drawn picture (inline SVG)."""
    from interdictor.graph import analyse, brokers, communities
    from interdictor.graph.report import write_report

    cli = state(ctx)
    with cli.open_store(read_only=True) as store:
        analysis = analyse(store.con)
    found = sorted(analysis.findings, key=lambda f: ("HML".index(f.severity), f.flag_id))
    write_report(found[:limit], html_out, brokers=brokers(analysis), communities=communities(analysis))
    err_console.print(f"wrote {html_out} ({min(limit, len(found))} of {len(found)} findings)")
