"""Screening benchmark: nomenklatura's name bench (cases.csv) scored by ours and by logic-v2 in one run.

    .venv/bin/python benchmarks/bench_screening.py [CASES.csv] [--output benchmarks/results/screening.json]

Writes F1 (precision, recall) per group at each algorithm's default threshold, for the whole file
and for its two fixed halves (rules were designed on "dev"; "held" is the check), time per pair
(ours split into preparing the names once and scoring prepared pairs), and ours/logic-v2 ratios.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

from interdictor.screening import NameScreeningV1, Party, prepare
from interdictor.screening.evaluate import Case, Scored, evaluate, read_cases, score_logic_v2

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("INTERDICTOR_SHARED_DATA", ROOT.parent / "shared" / "data"))
DEFAULT_CASES = SHARED / "namematch" / "nomenklatura" / "cases.csv"
PEER_THRESHOLD = 0.7


def run_ours(cases: list[Case]) -> tuple[list[Scored], float, float]:
    """Score with our algorithm; returns scores, seconds per pair to prepare, seconds per pair to score."""
    start = time.perf_counter()
    prepared = [(prepare(Party([c.name1], c.schema)), prepare(Party([c.name2], c.schema))) for c in cases]
    prep = time.perf_counter() - start
    start = time.perf_counter()
    rounds = 5
    for _ in range(rounds):
        scores = [NameScreeningV1.score(q, c).score for q, c in prepared]
    per_score = (time.perf_counter() - start) / rounds / len(cases)
    return [Scored(c, s) for c, s in zip(cases, scores, strict=True)], prep / len(cases), per_score


def _report(ours: list[Scored], theirs: list[Scored], half: str | None) -> dict[str, object]:
    ours = [s for s in ours if half is None or s.case.half == half]
    theirs = [s for s in theirs if half is None or s.case.half == half]
    mine = evaluate(ours, NameScreeningV1.THRESHOLD)
    peer = evaluate(theirs, PEER_THRESHOLD)
    groups: dict[str, object] = {}
    for key in sorted(mine):
        other = peer[key].f1 if key in peer else 0.0
        groups[key] = {
            "ours": mine[key].as_dict(),
            "logic_v2": peer[key].as_dict() if key in peer else None,
            "f1_ratio": round(mine[key].f1 / other, 4) if other else None,
        }
    return groups


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", type=Path, nargs="?", default=DEFAULT_CASES)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "screening.json")
    args = parser.parse_args(argv)
    if not args.cases.is_file():
        print(f"cases file {args.cases} not found (set INTERDICTOR_SHARED_DATA)", file=sys.stderr)
        return 4
    cases = read_cases(args.cases)
    ours, prep_s, score_s = run_ours(cases)
    start = time.perf_counter()
    score_logic_v2(cases[:1])
    warmup = time.perf_counter() - start
    start = time.perf_counter()
    theirs = score_logic_v2(cases)
    peer_s = (time.perf_counter() - start) / len(cases)
    result = {
        "benchmark": "nomenklatura name bench (cases.csv)",
        "cases": str(args.cases),
        "pairs": len(cases),
        "algorithm": {"name": NameScreeningV1.NAME, "version": NameScreeningV1.VERSION},
        "threshold": {"ours": NameScreeningV1.THRESHOLD, "logic_v2": PEER_THRESHOLD},
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
        "time_per_pair_ms": {
            "ours_prepare_both_names": round(prep_s * 1000, 4),
            "ours_score_prepared": round(score_s * 1000, 4),
            "logic_v2": round(peer_s * 1000, 4),
            "logic_v2_warmup_s": round(warmup, 2),
            "speedup_prepared": round(peer_s / score_s, 1),
        },
        "whole_file": _report(ours, theirs, None),
        "dev_half": _report(ours, theirs, "dev"),
        "held_out_half": _report(ours, theirs, "held"),
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    for part in ("whole_file", "held_out_half"):
        report = result[part]
        assert isinstance(report, dict)
        for key, row in report.items():
            ours_f1 = row["ours"]["f1"]
            peer_f1 = row["logic_v2"]["f1"] if row["logic_v2"] else float("nan")
            ratio = row["f1_ratio"]
            print(f"{part:14s} {key:13s} ours F1 {ours_f1:.3f}  logic-v2 F1 {peer_f1:.3f}  ratio {ratio}")
    print(json.dumps(result["time_per_pair_ms"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
