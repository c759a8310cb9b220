"""`interdictor assess` with the store's graph: network findings fire on the deals they concern."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from interdictor.cli import main
from interdictor.store import Store


def _graph_case() -> ModuleType:
    """The graph tests' hand-made case (registry, sanctions list, records), loaded from its file."""
    path = Path(__file__).resolve().parents[1] / "graph" / "conftest.py"
    spec = importlib.util.spec_from_file_location("graph_case", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as info:
        main(list(args))
    out, _ = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out


def _fired(out: str) -> dict[str, set[str]]:
    return {a["deal_id"]: {f["flag_id"] for f in a["fired"]} for a in json.loads(out)}


def test_assess_uses_the_graph_once_built(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = _graph_case()
    db = case.make_store(tmp_path)
    records = case.write_jsonl(tmp_path / "records.jsonl", case.RECORDS)
    args = ["--quiet", "--db", str(db), "assess", str(records), "--json", "--no-screen"]

    code, before = _run(capsys, *args)
    assert code == 1 and not any(f.startswith("NET-") for f in _fired(before)["ORD-1"])

    from interdictor.graph import build_graph

    with Store(db) as store:
        build_graph(store)
    code, after = _run(capsys, *args)
    network = {f for f in _fired(after)["ORD-1"] if f.startswith("NET-")}
    assert code == 1 and network, "the graph's findings about ORD-1's parties fire on its deal"
    deal = next(a for a in json.loads(after) if a["deal_id"] == "ORD-1")
    evidence = [e for f in deal["fired"] if f["flag_id"] in network for e in f["evidence"]]
    assert all(e["record_id"] in {"ORD-1", "PAY-1", "SHP-1"} for e in evidence)
    assert any("graph" in e["condition"] for e in evidence)
    questions = {q["flag_id"] for q in deal["questions"]}
    assert not network & questions

    code, off = _run(capsys, *args, "--no-network")
    assert not any(f.startswith("NET-") for f in _fired(off)["ORD-1"])


def test_a_flag_found_by_a_rule_and_the_graph_fires_once() -> None:
    from interdictor.assess import assess
    from interdictor.assess.network import NetworkFinding, NetworkFindings
    from interdictor.model import parse_record

    base = json.loads((Path(__file__).resolve().parents[1] / "flags" / "base_deal.json").read_text())
    base[3]["legs"][0]["destination"]["country"] = "IR"
    records = [parse_record(r) for r in base]
    alone = assess(records)[0]
    finding = NetworkFinding(flag_id="ORD-26", record_id="O1", party_ref="b", message="graph says so too")
    both = assess(records, network=NetworkFindings([finding], covers={"ORD-26"}))[0]
    fired = [f for f in both.fired if f.flag_id == "ORD-26"]
    assert len(fired) == 1 and len(fired[0].evidence) == 2
    assert both.risk.total == alone.risk.total
