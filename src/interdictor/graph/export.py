"""Write the newest graph as GEXF (Gephi), FtM JSON lines (Aleph, OpenSanctions tools) or Cytoscape JSON.

Edges keep their type, date and evidence in every format; FtM maps party nodes to LegalEntity or
Person, control edges to Ownership / Directorship / UnknownLink, and every other edge to an
UnknownLink whose role is the edge type, so nothing is dropped on the way out.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Literal
from xml.sax.saxutils import quoteattr

from interdictor.graph.load import NetGraph

__all__ = ["FORMATS", "export_graph"]

Format = Literal["gexf", "ftm", "cytoscape"]
FORMATS: tuple[str, ...] = ("gexf", "ftm", "cytoscape")


def export_graph(net: NetGraph, fmt: str, out: IO[str]) -> int:
    """Write `net` in `fmt` to `out`; returns the number of elements written."""
    if fmt == "gexf":
        return _gexf(net, out)
    if fmt == "ftm":
        return _ftm(net, out)
    if fmt == "cytoscape":
        return _cytoscape(net, out)
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def _gexf(net: NetGraph, out: IO[str]) -> int:
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<gexf xmlns="http://gexf.net/1.3" version="1.3">\n')
    out.write(
        '<graph defaultedgetype="directed">\n<attributes class="node">'
        '<attribute id="type" title="type" type="string"/>'
        '<attribute id="designated" title="designated" type="boolean"/></attributes>\n'
        '<attributes class="edge"><attribute id="type" title="type" type="string"/>'
        '<attribute id="date" title="date" type="string"/>'
        '<attribute id="evidence" title="evidence" type="string"/></attributes>\n<nodes>\n'
    )
    for i, node in enumerate(net.ids):
        out.write(
            f"<node id={quoteattr(node)} label={quoteattr(net.labels[i])}><attvalues>"
            f'<attvalue for="type" value={quoteattr(net.types[i])}/>'
            f'<attvalue for="designated" value="{str(net.designated[i]).lower()}"/></attvalues></node>\n'
        )
    out.write("</nodes>\n<edges>\n")
    for e in range(len(net.src)):
        evidence = f"{net.esource[e]} {net.eref[e] or ''} {net.epos[e] or ''}".strip()
        out.write(
            f'<edge id="{e}" source={quoteattr(net.ids[net.src[e]])} target={quoteattr(net.ids[net.dst[e]])} '
            f"label={quoteattr(net.etype[e])}><attvalues>"
            f'<attvalue for="type" value={quoteattr(net.etype[e])}/>'
            f'<attvalue for="date" value={quoteattr(str(net.edate[e] or ""))}/>'
            f'<attvalue for="evidence" value={quoteattr(evidence)}/></attvalues></edge>\n'
        )
    out.write("</edges>\n</graph>\n</gexf>\n")
    return len(net.ids) + len(net.src)


_FTM_EDGES = {
    "owns": ("Ownership", "owner", "asset"),
    "directs": ("Directorship", "director", "organization"),
    "family": ("Family", "person", "relative"),
}


def _ftm_id(node: str) -> str:
    return "gr-" + "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in node)[:120]


def _ftm(net: NetGraph, out: IO[str]) -> int:
    count = 0
    for i, node in enumerate(net.ids):
        t = net.types[i]
        if t == "party":
            schema = "Person" if net.kinds[i] == "person" else "LegalEntity"
        elif t == "vessel":
            schema = "Vessel"
        elif t == "address":
            schema = "Address"
        else:
            continue
        props: dict[str, list[str]] = (
            {"name": [net.labels[i]]} if schema != "Address" else {"full": [net.labels[i]]}
        )
        if net.countries[i]:
            props["country"] = [str(net.countries[i])]
        if net.designated[i]:
            props["topics"] = ["sanction"]
        out.write(
            json.dumps({"id": _ftm_id(node), "schema": schema, "properties": props}, ensure_ascii=False)
            + "\n"
        )
        count += 1
    exported = {net.ids[i] for i, t in enumerate(net.types) if t in ("party", "vessel", "address")}
    for e in range(len(net.src)):
        s, d = net.ids[net.src[e]], net.ids[net.dst[e]]
        if s not in exported or d not in exported:
            continue
        schema, a, b = _FTM_EDGES.get(net.etype[e], ("UnknownLink", "subject", "object"))
        props = {a: [_ftm_id(s)], b: [_ftm_id(d)]}
        if schema == "UnknownLink":
            props["role"] = [net.etype[e]]
        if net.edate[e]:
            props["startDate"] = [str(net.edate[e])]
        props["sourceUrl"] = [f"{net.esource[e]}#{net.eref[e] or ''}:{net.epos[e] or ''}"]
        out.write(
            json.dumps({"id": f"gr-e{e}", "schema": schema, "properties": props}, ensure_ascii=False) + "\n"
        )
        count += 1
    return count


def _cytoscape(net: NetGraph, out: IO[str]) -> int:
    nodes = [
        {"data": {"id": node, "label": net.labels[i], "type": net.types[i], "designated": net.designated[i]}}
        for i, node in enumerate(net.ids)
    ]
    edges = [
        {
            "data": {
                "id": f"e{e}",
                "source": net.ids[net.src[e]],
                "target": net.ids[net.dst[e]],
                "type": net.etype[e],
                "date": str(net.edate[e]) if net.edate[e] else None,
                "evidence": {"source": net.esource[e], "ref": net.eref[e], "position": net.epos[e]},
            }
        }
        for e in range(len(net.src))
    ]
    json.dump({"elements": {"nodes": nodes, "edges": edges}}, out, ensure_ascii=False)
    out.write("\n")
    return len(nodes) + len(edges)


def export_to_path(net: NetGraph, fmt: str, path: Path) -> int:
    with path.open("w", encoding="utf-8") as handle:
        return export_graph(net, fmt, handle)
