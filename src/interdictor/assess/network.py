"""The seam for network findings computed outside the assessment (graph patterns, NET-xx flags).

Graph flags need the whole store (shared identifiers, paths to designated parties, successor fronts),
so they are computed by the graph stage, not by a rule over one deal. The assessment takes their
findings as a typed input and merges them with the rule results of the deal they concern:

    findings = interdictor.graph.network_flags_for(store, party_ids)     # the graph stage (future)
    assess(records, network=NetworkFindings(findings, covers={"NET-01", "NET-02"}))

A finding names the flag (a catalogue id such as NET-02, or any graph-kind flag), the record and
party it concerns, and its evidence path (the chain of nodes and edges that proves it). The
catalogue flag then counts as fired with that evidence instead of being shown as a question; flags
the source `covers` and did not report count as clear. This module never imports the graph package.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict, Field

from interdictor.flags.model import Evidence, FlagResult, FlagSpec, Outcome

__all__ = ["NetworkFinding", "NetworkFindings", "NetworkSource", "PathStep", "merge_network"]


class PathStep(BaseModel):
    """One hop of an evidence path: a node, and the edge that leads to the next node."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    node: str = Field(description="Node id in the graph (entity, address, account, vessel...)")
    label: str | None = Field(default=None, description="What a reader sees: a name, an address")
    edge: str | None = Field(default=None, description="Relation to the next step, e.g. shares_phone")
    source: str | None = Field(default=None, description="Where the edge comes from: record id, list")


class NetworkFinding(BaseModel):
    """A graph pattern found around one party of one record."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    flag_id: str = Field(pattern=r"^[A-Z]{2,4}-\d{2}$", examples=["NET-02"])
    record_id: str | None = Field(default=None, description="Record the party appears in; None: any record")
    party_ref: str | None = Field(default=None, description="Party ref within the record")
    party_id: str | None = Field(default=None, description="Resolved entity id of the party in the graph")
    message: str
    path: list[PathStep] = Field(default_factory=list)
    severity: Literal["H", "M", "L"] | None = Field(
        default=None, description="Overrides the catalogue severity when the pattern is weaker"
    )
    algorithm: str = Field(default="graph", description="Algorithm and version that found it")


class NetworkSource(Protocol):
    """What assess needs from the graph stage: findings for the records of a batch."""

    covers: frozenset[str]

    def findings_for(self, record_ids: Iterable[str]) -> list[NetworkFinding]: ...


class NetworkFindings:
    """Findings computed beforehand (e.g. from `network_flags_for`), served by record id."""

    def __init__(self, findings: Iterable[NetworkFinding], covers: Iterable[str] = ()) -> None:
        self.findings = list(findings)
        self.covers = frozenset(covers)
        self._by_record: dict[str | None, list[NetworkFinding]] = {}
        for finding in self.findings:
            self._by_record.setdefault(finding.record_id, []).append(finding)

    def findings_for(self, record_ids: Iterable[str]) -> list[NetworkFinding]:
        out = list(self._by_record.get(None, []))
        for rid in record_ids:
            out.extend(self._by_record.get(rid, []))
        return out


def _evidence(finding: NetworkFinding) -> Evidence:
    hops = " -> ".join(
        (step.label or step.node) + (f" [{step.edge}]" if step.edge else "") for step in finding.path
    )
    field = f"parties[ref={finding.party_ref}]" if finding.party_ref else "(deal)"
    return Evidence(
        record_id=finding.record_id,
        field=field,
        value=finding.party_id,
        condition=f"graph pattern ({finding.algorithm})" + (f": {hops}" if hops else ""),
        reference=finding.algorithm,
        message=finding.message,
    )


def merge_network(
    questions: list[FlagResult],
    clear: list[FlagResult],
    findings: list[NetworkFinding],
    covers: frozenset[str],
    catalogue: dict[str, FlagSpec],
) -> tuple[list[FlagResult], list[FlagResult], list[FlagResult]]:
    """(fired, remaining questions, clear) after merging network findings into the rule results.

    A finding for a flag outside the catalogue is kept (as its own fired result, severity M unless
    it says otherwise): the graph stage may know patterns the catalogue does not list yet.
    """
    grouped: dict[str, list[NetworkFinding]] = {}
    for finding in findings:
        grouped.setdefault(finding.flag_id, []).append(finding)
    fired: list[FlagResult] = []
    for flag_id, found in grouped.items():
        spec = catalogue.get(flag_id)
        severities = [f.severity for f in found if f.severity]
        severity = severities[0] if severities else (spec.severity if spec else "M")
        fired.append(
            FlagResult(
                flag_id=flag_id,
                flag_version=spec.version if spec else 1,
                title=spec.title if spec else found[0].message,
                severity=severity,
                outcome=Outcome.FIRED,
                evidence=[_evidence(f) for f in found],
                ask=spec.ask if spec else "Review the network finding and its evidence path.",
            )
        )
    done = set(grouped)
    newly_clear = [
        FlagResult(
            flag_id=q.flag_id,
            flag_version=q.flag_version,
            title=q.title,
            severity=q.severity,
            outcome=Outcome.CLEAR,
            ask=q.ask,
        )
        for q in questions
        if q.flag_id in covers and q.flag_id not in done
    ]
    remaining = [q for q in questions if q.flag_id not in done and q.flag_id not in covers]
    return fired, remaining, clear + newly_clear
