"""Exports, the HTML report, the CLI, and proximity at scale against networkx."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import igraph as ig
import numpy as np
import pytest
from typer.testing import CliRunner

from interdictor.cli import main
from interdictor.cli.app import app
from interdictor.exc import UsageError
from interdictor.graph import findings
from interdictor.graph.export import export_graph
from interdictor.graph.load import load_graph
from interdictor.graph.proximity import UNREACHED, SeedGraph, seed_distances
from interdictor.graph.report import render_report


def test_exports_keep_every_edge_and_its_evidence(case_db: Path) -> None:
    net = load_graph(duckdb.connect(str(case_db), read_only=True))
    out = io.StringIO()
    export_graph(net, "gexf", out)
    root = ET.fromstring(out.getvalue())
    edges = root.findall(".//{http://gexf.net/1.3}edge")
    assert len(edges) == len(net.src)
    out = io.StringIO()
    export_graph(net, "cytoscape", out)
    elements = json.loads(out.getvalue())["elements"]
    assert len(elements["edges"]) == len(net.src)
    assert any(e["data"]["evidence"]["ref"] == "SHP-1" for e in elements["edges"])
    out = io.StringIO()
    export_graph(net, "ftm", out)
    entities = [json.loads(line) for line in out.getvalue().splitlines()]
    assert any(e["schema"] == "Directorship" for e in entities)
    assert any(
        e["schema"] == "LegalEntity" and "sanction" in e["properties"].get("topics", []) for e in entities
    )


def test_report_draws_each_finding(case_db: Path) -> None:
    found = findings(duckdb.connect(str(case_db), read_only=True))
    html = render_report(found)
    assert html.count("<svg") == len(found)
    assert "<script" not in html
    assert "NET-03" in html


def test_cli_build_findings_explain_export(
    tmp_path: Path, case_db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    db = tmp_path / "cli.duckdb"
    shutil.copy(case_db, db)
    runner = CliRunner()
    result = runner.invoke(app, ["--db", str(db), "-q", "graph", "build", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["nodes"] > 10
    result = runner.invoke(app, ["--db", str(db), "graph", "findings", "--json"])
    assert result.exit_code == 1  # findings need review
    assert any(f["flag_id"] == "NET-03" for f in json.loads(result.stdout))
    result = runner.invoke(app, ["--db", str(db), "graph", "explain", "co-succ"])
    assert result.exit_code == 0 and "NET-03" in result.stdout
    with pytest.raises(SystemExit) as stopped:
        main(["--db", str(db), "graph", "explain", "nobody"])
    assert stopped.value.code == 4
    assert "not a node" in capsys.readouterr().err
    out = tmp_path / "g.gexf"
    result = runner.invoke(
        app, ["--db", str(db), "graph", "export", "--format", "gexf", "--output", str(out)]
    )
    assert result.exit_code == 0 and out.read_text().startswith("<?xml")
    result = runner.invoke(app, ["--db", str(db), "graph", "export", "--format", "dot"])
    assert isinstance(result.exception, UsageError)
    report = tmp_path / "r.html"
    result = runner.invoke(app, ["--db", str(db), "graph", "report", "--html", str(report)])
    assert result.exit_code == 0 and "<svg" in report.read_text()
    assert "Brokers (betweenness)" in report.read_text()


def test_seed_distances_agree_with_plain_shortest_paths() -> None:
    rng = np.random.default_rng(3)
    n, m = 400, 700
    src, dst = rng.integers(0, n, m), rng.integers(0, n, m)
    seeds = [3, 77, 250]
    distance, nearest = seed_distances(SeedGraph(n, src, dst, seeds))
    g = ig.Graph(n=n, edges=list(zip(src.tolist(), dst.tolist(), strict=True)))
    matrix = np.array(g.distances(source=seeds), dtype=float)
    expected = matrix.min(axis=0)
    for node in range(n):
        want = UNREACHED if np.isinf(expected[node]) else int(expected[node])
        assert distance[node] == want
        if want != UNREACHED:
            assert matrix[seeds.index(int(nearest[node])), node] == want
    capped, _ = seed_distances(SeedGraph(n, src, dst, seeds), max_hops=1)
    assert capped.max() == 1


def test_seed_graph_refuses_bad_edges() -> None:
    with pytest.raises(ValueError, match="edge ends"):
        SeedGraph(3, np.array([0, 5]), np.array([1, 2]), [0])
    with pytest.raises(ValueError, match="seeds"):
        SeedGraph(3, np.array([0]), np.array([1]), [7])
