"""What the graph answers with: the same pydantic models back `--json`, the Python API and the report.

A `Finding` is one network red flag about a set of nodes, proven by `paths`: each path is a chain of
`PathStep`s whose edges carry their `EdgeEvidence` (source, record or document id, position), so a
reviewer can follow the link from the flagged party to the designated one and check every hop.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field

__all__ = ["EdgeEvidence", "Explanation", "Finding", "GraphBuild", "NodeRef", "PathStep"]


class NodeRef(BaseModel):
    """A node as a finding names it."""

    node_id: str = Field(examples=["party:co-7aadb03118"])
    type: str = Field(examples=["party"])
    label: str = Field(examples=["Karadeniz Ege Tic. A.S."])
    designated: bool = False
    designated_date: dt.date | None = None
    members: list[str] = Field(
        default_factory=list, description="Record ids the node stands for (list entities, record parties)."
    )


class EdgeEvidence(BaseModel):
    """Where an edge comes from."""

    source: str = Field(examples=["assessed_records", "list:entities", "evidence:registry.csv"])
    ref: str | None = Field(default=None, examples=["ORD-3F2A9C01B7"])
    position: str | None = Field(default=None, examples=["parties[0].phone"])


class PathStep(BaseModel):
    """One hop of a path: from a node over a typed, dated edge to the next node."""

    src: str
    dst: str
    type: str = Field(examples=["has_phone", "directs", "buyer"])
    date: dt.date | None = None
    evidence: EdgeEvidence
    attrs: dict[str, Any] = Field(default_factory=dict)


class Finding(BaseModel):
    """One network red flag with the nodes it concerns and the paths that prove it."""

    flag_id: str = Field(examples=["NET-02"])
    method: str = Field(description="The detector that produced it (a name in graph/flags.yaml).")
    title: str
    severity: str = Field(examples=["H"])
    message: str
    subjects: list[NodeRef] = Field(description="The nodes the finding is about (flagged parties...).")
    paths: list[list[PathStep]] = Field(default_factory=list)
    nodes: dict[str, NodeRef] = Field(default_factory=dict, description="Every node the paths touch.")
    date: dt.date | None = Field(
        default=None, description="When the pattern showed (e.g. after a designation)."
    )
    score: float = 0.0
    network_member: bool = Field(
        default=True,
        description="False for exposure only (a registry owner or director of a designated party, a maker"
        " that sold to it): reported for review, not counted as a member of its network.",
    )
    details: dict[str, Any] = Field(default_factory=dict)


class GraphBuild(BaseModel):
    """What a build wrote."""

    run_id: int
    seconds: float
    nodes: int
    edges: int
    nodes_by_type: dict[str, int]
    edges_by_type: dict[str, int]
    party_identity: str = Field(description="How party records became nodes: a resolve run, or exact keys.")
    sources: dict[str, int] = Field(description="Rows read per source (list entities, records, evidence).")
    warnings: list[str] = Field(default_factory=list)


class Explanation(BaseModel):
    """Why a node is risky: the findings that name it, with their paths."""

    node: NodeRef
    neighbours: int
    findings: list[Finding]
    nearest_designated: list[PathStep] = Field(
        default_factory=list, description="The shortest path to a designated node, if any within reach."
    )
