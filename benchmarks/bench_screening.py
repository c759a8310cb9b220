"""Screening benchmark: nomenklatura's name bench (cases.csv) scored by ours and by logic-v2 in one run,
and yente's screening benchmark against the real UN list.

    .venv/bin/python benchmarks/bench_screening.py [CASES.csv] [--output benchmarks/results/screening.json]
        [--no-yente] [--negatives N]

yente: the UN consolidated list (2026-02-27) is loaded into a temporary store; every clean and
typo positive and the 100,000 negatives are screened with their birth dates and nationalities;
bars: recall >= 0.99 (clean), >= 0.95 (typos), at most 1 alert per 1,000 negatives.

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


def run_yente(negatives: int) -> dict[str, object]:
    """yente's fixtures against the UN list: recall, candidate recall, alert rate, misses, timings."""
    import tempfile

    from interdictor.lists import read_list
    from interdictor.screening import Screener, yente
    from interdictor.store import Store

    data = SHARED / "namematch" / "yente"
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "un.duckdb"
        with Store(db) as store:
            un_file = SHARED / "lists" / "un" / "UN_consolidated_2026-02-27.xml"
            store.load(read_list(un_file, format="un-sc-xml"))
        with Store(db, read_only=True) as store:
            start = time.perf_counter()
            screener = Screener.from_store(store, persist=False)
            build_s = time.perf_counter() - start
    clean = yente.read_people(data / "positives_un_untreated.csv")
    typo = yente.read_people(data / "positives_un_treated.csv")
    expected = yente.expected_entities(screener, clean)
    out: dict[str, object] = {"index_build_s": round(build_s, 2), "entities": len(screener.index)}
    not_listed = sum(1 for e in expected if not e)
    for label, people in (("clean", clean), ("typo", typo)):
        cpu = time.process_time()
        result = yente.evaluate_positives(screener, people, expected)
        out[label] = {
            "rows": result.rows,
            "recall": round(result.rate, 4),
            "recall_of_listed_rows": round(result.hits / (result.rows - not_listed), 4),
            "candidate_recall": round(result.candidate_rate, 4),
            "ms_per_query_cpu": round((time.process_time() - cpu) / result.rows * 1000, 3),
            "misses": [{"line": a, "name": b, "why": c} for a, b, c in result.misses],
        }
    people = [
        *yente.read_people(data / "negatives_global.csv"),
        *yente.read_people(data / "negatives_us.csv"),
    ][:negatives]
    cpu = time.process_time()
    result = yente.evaluate_negatives(screener, people)
    out["negatives"] = {
        "rows": result.rows,
        "alerts": result.hits,
        "alerts_per_1000": round(1000 * result.rate, 3),
        "ms_per_query_cpu": round((time.process_time() - cpu) / max(1, result.rows) * 1000, 3),
        "alerts_list": [{"line": a, "name": b, "match": c} for a, b, c in result.misses],
    }
    out["bars_met"] = {
        "clean_recall_0.99": out["clean"]["recall"] >= 0.99,  # type: ignore[index]
        "typo_recall_0.95": out["typo"]["recall"] >= 0.95,  # type: ignore[index]
        "alerts_per_1000_at_most_1": out["negatives"]["alerts_per_1000"] <= 1.0,  # type: ignore[index]
    }
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", type=Path, nargs="?", default=DEFAULT_CASES)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results" / "screening.json")
    parser.add_argument("--no-yente", action="store_true", help="skip yente's benchmark")
    parser.add_argument("--negatives", type=int, default=100_000, help="yente negatives to screen")
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
    if not args.no_yente:
        result["yente"] = run_yente(args.negatives)
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
    if "yente" in result:
        yente_out = result["yente"]
        assert isinstance(yente_out, dict)
        print(json.dumps({k: v for k, v in yente_out.items() if k not in ("clean", "typo", "negatives")}))
        for key in ("clean", "typo", "negatives"):
            part = yente_out[key]
            print(key, json.dumps({k: v for k, v in part.items() if not isinstance(v, list)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
