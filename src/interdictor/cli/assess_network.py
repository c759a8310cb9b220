"""The graph's findings as the assessment's network source: `interdictor assess` after `graph build`.

The assessment never imports the graph package (assess/network.py is the seam); the command line joins
them. Each graph finding names the nodes it is about, and each node lists the record parties it stands
for (`ORD-1/p1`), so a finding becomes one `NetworkFinding` per record party, with the first proving path
as its evidence. A finding the graph reports as exposure only (`network_member` false: a registry owner,
a maker that once sold to a designated party) is kept for review at low severity.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from interdictor.assess.network import NetworkFinding, NetworkFindings, PathStep

__all__ = ["network_from_findings", "network_from_store"]

_SEVERITY: dict[str, Literal["H", "M", "L"]] = {"H": "H", "M": "M", "L": "L"}


def _path(finding: Any) -> list[PathStep]:
    """The first path of a graph finding as evidence steps: each node with its label and outgoing edge."""
    if not finding.paths:
        return []
    steps: list[PathStep] = []
    nodes = finding.nodes
    for hop in finding.paths[0]:
        label = nodes[hop.src].label if hop.src in nodes else None
        source = hop.evidence.ref or hop.evidence.source
        steps.append(PathStep(node=hop.src, label=label, edge=hop.type, source=source))
    last = finding.paths[0][-1].dst
    steps.append(PathStep(node=last, label=nodes[last].label if last in nodes else None))
    return steps


def network_from_findings(findings: Iterable[Any], covers: Iterable[str]) -> NetworkFindings:
    """Graph findings (`interdictor.graph.Finding`) served by the record parties they concern."""
    out: list[NetworkFinding] = []
    for finding in findings:
        path = _path(finding)
        severity = _SEVERITY.get(finding.severity if finding.network_member else "L")
        for subject in finding.subjects:
            for member in subject.members:
                record_id, slash, ref = member.partition("/")
                if not slash:
                    continue  # a list or registry entity, not a party of a record
                out.append(
                    NetworkFinding(
                        flag_id=finding.flag_id,
                        record_id=record_id,
                        party_ref=ref,
                        party_id=subject.node_id,
                        message=finding.message,
                        path=path,
                        severity=severity,
                        algorithm=f"graph:{finding.method}",
                    )
                )
    return NetworkFindings(out, covers=covers)


def network_from_store(store: Any) -> NetworkFindings | None:
    """The findings of the store's newest graph build; None when no graph was built (`graph build`)."""
    from interdictor.exc import NotFound
    from interdictor.graph import findings, load_config

    try:
        found = findings(store)
    except NotFound:
        return None
    covers = {method.flag for method in load_config().flags.values()}
    return network_from_findings(found, covers)
