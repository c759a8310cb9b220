"""Entity resolution quality and speed on generated worlds, against an exact-name-key baseline.

For each world size (companies; the generator's default of 1.5 transactions per company gives
about 4 party records per company: 10,000 companies ~ 68,000 records, 270,000 ~ 1,014,000), a world
is generated with a fixed seed (or reused from --cache), its transaction parties are extracted into
a fresh store, resolved on two DuckDB threads and scored (pairwise precision, recall, F1) against
the generator's entity truth. In the same run a plain baseline clusters records by exact normalised
name key, country and kind (what a careful SQL GROUP BY would do); ratios compare the two.

Wall time depends on what else runs on the machine, so CPU time (all threads, worker processes
included) is reported next to it, with a calibration: the seconds a fixed pure-Python loop takes
here (about 0.45 s on an idle modern core), to tell a slow machine from a slow program, and the
load average before and after each world (other jobs on a shared machine inflate wall time).
Bars (issue 7): F1 at least 0.95; one million party records (the largest world must have them)
extracted and resolved in under 3 minutes of wall time on 2 cores.

Usage: python benchmarks/bench_resolve.py [--sizes 10000,270000] [--seed S] [--threads T]
       [--cache DIR]   (--cache keeps generated worlds: a 270,000-company world takes minutes)
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_results
from interdictor.generate import generate_world
from interdictor.resolve import ModelConfig, extract_transactions, pairwise_scores, resolve
from interdictor.resolve.clock import cpu_seconds
from interdictor.store import Store


def _peak_rss_mb() -> dict[str, float]:
    """Peak resident memory of this process and of the largest ended worker process, in MB."""
    return {
        who: round(resource.getrusage(kind).ru_maxrss / 1024, 1)
        for who, kind in (("main", resource.RUSAGE_SELF), ("worker", resource.RUSAGE_CHILDREN))
    }


def _calibration() -> float:
    """Seconds of CPU a fixed pure-Python loop takes (10 million additions)."""
    started = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return round(time.process_time() - started, 2)


class _Clock:
    def __init__(self) -> None:
        self.wall, self.cpu = time.perf_counter(), cpu_seconds()

    def lap(self) -> dict[str, float]:
        wall, cpu = time.perf_counter(), cpu_seconds()
        out = {"wall_s": round(wall - self.wall, 1), "cpu_s": round(cpu - self.cpu, 1)}
        self.wall, self.cpu = wall, cpu
        return out


def _baseline(store: Store, truth: Path) -> dict[str, Any]:
    t0 = time.perf_counter()
    store.con.execute(
        """CREATE OR REPLACE TABLE baseline_clusters AS
           SELECT record_id, coalesce(kind || '|' || coalesce(country, '') || '|' || name_keys[1], record_id)
                  AS cluster_id FROM resolve_records"""
    )
    seconds = time.perf_counter() - t0
    return {
        **pairwise_scores(store.con, truth, table="baseline_clusters").model_dump(),
        "seconds": round(seconds, 2),
    }


def _run(companies: int, args: argparse.Namespace, cache: Path) -> dict[str, Any]:
    world = cache / f"world-{companies}-{args.seed}"
    load_before = os.getloadavg()[0]
    clock = _Clock()
    if not (world / "manifest.json").exists():
        generate_world(companies, args.seed, world, workers=args.threads)
    generated = clock.lap()
    db = cache / f"store-{companies}.duckdb"
    db.unlink(missing_ok=True)
    with Store(db) as store:
        store.con.execute(f"SET threads = {args.threads}")
        clock.lap()
        extracted = extract_transactions(store.con, world / "transactions.jsonl")
        extract = clock.lap()
        report = resolve(
            store.con, ModelConfig(threshold=args.threshold, seed=args.seed, threads=args.threads)
        )
        resolved = clock.lap()
        truth = world / "truth" / "entities.csv"
        scores = pairwise_scores(store.con, truth).model_dump()
        base = _baseline(store, truth)
    db.unlink(missing_ok=True)
    total_wall = extract["wall_s"] + resolved["wall_s"]
    total_cpu = extract["cpu_s"] + resolved["cpu_s"]
    per_million = 1_000_000 / max(extracted.records, 1)
    return {
        "companies": companies,
        "party_records": extracted.records,
        "profiles": report.profiles,
        "pairs_at_threshold": report.pairs,
        "clusters": report.clusters,
        "largest_cluster": report.largest_cluster,
        "generate": generated,
        "extract": extract,
        "resolve": resolved,
        "extract_steps": {"wall_s": extracted.timings, "cpu_s": extracted.cpu_timings},
        "resolve_steps": {"wall_s": report.timings, "cpu_s": report.cpu_timings},
        "extract_plus_resolve": {"wall_s": round(total_wall, 1), "cpu_s": round(total_cpu, 1)},
        "records_per_second_wall": round(extracted.records / max(total_wall, 1e-9)),
        "records_per_cpu_second": round(extracted.records / max(total_cpu, 1e-9)),
        "scaled_to_1m_records": {
            "wall_s": round(total_wall * per_million, 1),
            "cpu_s_over_2_cores": round(total_cpu * per_million / 2, 1),
        },
        "peak_rss_mb": _peak_rss_mb(),
        "load_average_1min": {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)},
        "splink": scores,
        "baseline_exact_name_key": base,
        "ratios_splink_to_baseline": {
            k: round(scores[k] / base[k], 3) if base[k] else None for k in ("precision", "recall", "f1")
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,270000", help="Companies per world, comma-separated.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.99)
    parser.add_argument("--cache", type=Path, help="Keep (and reuse) generated worlds in this folder.")
    args = parser.parse_args()
    cache = args.cache or Path(tempfile.mkdtemp(prefix="bench-resolve-"))
    cache.mkdir(parents=True, exist_ok=True)
    try:
        calibration = _calibration()
        runs = [_run(int(size), args, cache) for size in args.sizes.split(",")]
        largest = max(runs, key=lambda r: r["party_records"])
        figures = {
            "threads": args.threads,
            "threshold": args.threshold,
            "seed": args.seed,
            "calibration_python_loop_cpu_s": calibration,
            "calibration_note": "10M-addition loop; about 0.45 s on an idle modern core",
            "runs": runs,
            "bars": {
                "f1_at_least_0_95": all(r["splink"]["f1"] >= 0.95 for r in runs),
                "million_records_under_180_s_wall": largest["party_records"] >= 1_000_000
                and largest["extract_plus_resolve"]["wall_s"] < 180,
            },
        }
        write_results("resolve", figures)
    finally:
        if args.cache is None:
            shutil.rmtree(cache, ignore_errors=True)


if __name__ == "__main__":
    main()
