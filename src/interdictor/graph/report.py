"""The HTML network report: every finding with its message, its paths and evidence, and a drawing.

Each picture is inline SVG drawn from an igraph layout (Fruchterman-Reingold, seeded) of the nodes the
finding's paths touch: no JavaScript, no CDN, so the report opens offline and can be attached to a case.
"""

from __future__ import annotations

import html
from pathlib import Path

import igraph as ig

from interdictor.graph.model import Finding, NodeRef

__all__ = ["render_report", "svg_of", "write_report"]

_COLOURS = {
    "party": "#4477aa",
    "identifier": "#ccbb44",
    "address": "#ee6677",
    "vessel": "#228833",
    "goods": "#66ccee",
    "order": "#aa3377",
    "shipment": "#aa3377",
    "payment": "#aa3377",
    "document": "#bbbbbb",
}


def svg_of(finding: Finding, size: int = 360) -> str:
    """An SVG picture of the finding's nodes and path edges (designated nodes ringed in red)."""
    ids = list(finding.nodes) or [s.node_id for s in finding.subjects]
    position = {node: i for i, node in enumerate(ids)}
    edges = []
    labels = []
    for path in finding.paths:
        for step in path:
            if step.src in position and step.dst in position:
                edges.append((position[step.src], position[step.dst]))
                labels.append(step.type)
    g = ig.Graph(n=len(ids), edges=edges, directed=False)
    coords = (
        g.layout_fruchterman_reingold(seed=[(i % 7, i // 7) for i in range(len(ids))]).coords if ids else []
    )
    if coords:
        xs, ys = [c[0] for c in coords], [c[1] for c in coords]
        span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
        pad = 50
        pts = [
            (pad + (x - min(xs)) / span_x * (size - 2 * pad), pad + (y - min(ys)) / span_y * (size - 2 * pad))
            for x, y in coords
        ]
    else:
        pts = []
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" role="img">']
    for (a, b), label in zip(edges, labels, strict=True):
        (x1, y1), (x2, y2) = pts[a], pts[b]
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="#888"/>')
        parts.append(
            f'<text x="{(x1 + x2) / 2:.1f}" y="{(y1 + y2) / 2:.1f}" font-size="8" fill="#555">'
            f"{html.escape(label)}</text>"
        )
    for node, (x, y) in zip(ids, pts, strict=True):
        ref = finding.nodes.get(node)
        kind = ref.type if ref else node.split(":", 1)[0]
        stroke = ' stroke="#cc0000" stroke-width="3"' if ref and ref.designated else ""
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{_COLOURS.get(kind, "#999")}"{stroke}>'
            f"<title>{html.escape(node)}</title></circle>"
        )
        label = (ref.label if ref else node)[:28]
        parts.append(f'<text x="{x + 9:.1f}" y="{y + 3:.1f}" font-size="9">{html.escape(label)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_report(
    findings: list[Finding],
    title: str = "Interdictor network report",
    brokers: list[tuple[NodeRef, float]] | None = None,
    communities: list[list[NodeRef]] | None = None,
) -> str:
    """The report page: brokers and communities when given, then every finding."""
    rows = []
    if brokers:
        items = "".join(
            f"<li>{html.escape(node.label)} <small>{html.escape(node.node_id)}"
            f" betweenness {score:.1f}</small></li>"
            for node, score in brokers
        )
        rows.append(f"<section><h2>Brokers (betweenness)</h2><ol>{items}</ol></section>")
    if communities:
        items = "".join(
            f"<li>{len(c)} parties: {html.escape(', '.join(n.label for n in c[:8]))}"
            f"{' ...' if len(c) > 8 else ''}</li>"
            for c in communities[:20]
        )
        rows.append(f"<section><h2>Communities (Leiden)</h2><ol>{items}</ol></section>")
    for n, f in enumerate(findings, start=1):
        evidence = []
        for path in f.paths[:5]:
            hops = "".join(
                f"<li>{html.escape(s.src)} —{html.escape(s.type)}{' ' + str(s.date) if s.date else ''}→ "
                f"{html.escape(s.dst)} <small>({html.escape(s.evidence.source)} "
                f"{html.escape(s.evidence.ref or '')} {html.escape(s.evidence.position or '')})</small></li>"
                for s in path
            )
            evidence.append(f"<ol>{hops}</ol>")
        rows.append(
            f'<section id="f{n}"><h2>{n}. {html.escape(f.flag_id)} {html.escape(f.title)} '
            f"<small>[{html.escape(f.severity)}] {html.escape(f.method)}</small></h2>"
            f"<p>{html.escape(f.message)}</p><div class=pic>{svg_of(f)}</div>{''.join(evidence)}</section>"
        )
    return (
        f"<!doctype html><html><head><meta charset=utf-8><title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:960px;margin:auto}section{border-top:1px solid #ccc}"
        "small{color:#666}</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{len(findings)} finding(s).</p>{''.join(rows)}</body></html>\n"
    )


def write_report(
    findings: list[Finding],
    path: Path,
    brokers: list[tuple[NodeRef, float]] | None = None,
    communities: list[list[NodeRef]] | None = None,
) -> None:
    path.write_text(render_report(findings, brokers=brokers, communities=communities), encoding="utf-8")
