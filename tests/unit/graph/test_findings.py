"""Network findings on the hand-made case: each fires where the pattern is, with its path and evidence."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from interdictor.exc import NotFound
from interdictor.graph import Finding, explain, findings, network_flags_for


@pytest.fixture(scope="module")
def found(case_db: Path) -> list[Finding]:
    return findings(duckdb.connect(str(case_db), read_only=True))


def _subjects(found: list[Finding], method: str) -> set[str]:
    return {s.node_id for f in found if f.method == method for s in f.subjects}


def test_shared_identifiers_between_fronts(found: list[Finding]) -> None:
    net01 = [f for f in found if f.flag_id == "NET-01"]
    assert {"party:co-f1", "party:co-f2"} <= {s.node_id for f in net01 for s in f.subjects}
    # The path names the shared phone and PO box with the registry as evidence.
    steps = [s for f in net01 for p in f.paths for s in p]
    assert any(s.type == "has_phone" and s.evidence.source == "list:registry" for s in steps)


def test_proximity_path_leads_to_the_designated_party(found: list[Finding]) -> None:
    shell = next(
        f for f in found if f.method == "designated_proximity" and f.subjects[0].node_id == "party:co-shell"
    )
    path = shell.paths[0]
    assert path[0].evidence.ref in {"SHP-1", "PAY-1", "ORD-1"}
    touched = {n for s in path for n in (s.src, s.dst)}
    assert "party:co-shell" in touched
    assert any(shell.nodes[n].designated for n in touched if n in shell.nodes)


def test_maker_is_exposure_not_member(found: list[Finding]) -> None:
    maker = [f for f in found if f.subjects[0].node_id == "party:co-maker"]
    assert maker and all(not f.network_member for f in maker)


def test_successor_is_dated_after_the_designation(found: list[Finding]) -> None:
    successor = next(f for f in found if f.flag_id == "NET-03")
    assert successor.subjects[0].node_id == "party:co-succ"
    assert successor.details["days_after_designation"] == 184
    assert str(successor.date) == "2021-09-01"


def test_co_location_with_the_designated_front(found: list[Finding]) -> None:
    assert "party:co-f2" in _subjects(found, "co_location")


def test_ownership_aggregates_through_chains_and_cycles(found: list[Finding]) -> None:
    owned = {f.subjects[0].node_id: f.details["percent"] for f in found if f.method == "ownership_50"}
    # 30 % by the designated front plus 25 % by the designated end user: 55 % in aggregate.
    assert owned["party:co-parent"] == pytest.approx(55.0)
    # Blocked in turn, the parent's 60 % blocks the subsidiary, whose 50 % blocks the company in the cycle.
    assert owned["party:co-sub"] == pytest.approx(60.0)
    assert owned["party:co-loop"] == pytest.approx(50.0)


def test_money_path_diverges_from_goods_path(found: list[Finding]) -> None:
    net07 = [f for f in found if f.flag_id == "NET-07"]
    assert net07 and net07[0].subjects[0].node_id == "party:co-shell"


def test_circuitous_payment(found: list[Finding]) -> None:
    fin18 = next(f for f in found if f.flag_id == "FIN-18")
    assert set(fin18.details["countries"]) == {"ae", "de", "hk", "sg"}


def test_agent_directing_two_fronts_is_a_member(found: list[Finding]) -> None:
    agent = [f for f in found if f.subjects[0].node_id == "party:pe-agent"]
    assert agent and any(f.network_member for f in agent)


def test_honest_forwarder_is_not_flagged(found: list[Finding]) -> None:
    assert not any(s.node_id == "party:co-fwd" for f in found for s in f.subjects)


def test_explain_by_record_id(case_db: Path) -> None:
    con = duckdb.connect(str(case_db), read_only=True)
    result = explain(con, "PAY-1/p1")
    assert result.node.node_id == "party:co-shell"
    assert result.nearest_designated
    assert {f.flag_id for f in result.findings} >= {"NET-02", "NET-07"}
    with pytest.raises(NotFound):
        explain(con, "nobody")


def test_network_flags_for_a_deal(case_db: Path) -> None:
    con = duckdb.connect(str(case_db), read_only=True)
    flags = network_flags_for(con, ["ORD-1/p1", "ORD-1/p2", "unknown/p9"])
    assert {s.node_id for f in flags for s in f.subjects} >= {"party:co-succ"}
