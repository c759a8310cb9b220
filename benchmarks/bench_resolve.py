"""Entity resolution quality and speed on a generated world, against an exact-name-key baseline.

Generates a world with a fixed seed into a temporary folder (by default about one million
party records: 70,000 companies, 400,000 transactions), extracts its transaction parties into a
fresh store, resolves them on two DuckDB threads and scores pairwise precision, recall and F1
against the generator's entity truth. In the same run, a plain baseline clusters records by exact
normalised name key, country and kind (what a careful SQL GROUP BY would do); ratios compare the
two. Bars (issue 7): F1 at least 0.95; one million party records resolved in under 3 minutes on
2 cores.

Usage: python benchmarks/bench_resolve.py [--companies N] [--transactions T] [--seed S]
       [--threads T] [--keep DIR]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_results
from interdictor.generate import generate_world
from interdictor.resolve import ModelConfig, extract_transactions, pairwise_scores, resolve
from interdictor.store import Store


def _peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _baseline(store: Store, truth: Path) -> tuple[float, dict[str, float]]:
    t0 = time.perf_counter()
    store.con.execute(
        """CREATE OR REPLACE TABLE baseline_clusters AS
           SELECT record_id, coalesce(kind || '|' || coalesce(country, '') || '|' || name_keys[1], record_id)
                  AS cluster_id FROM resolve_records"""
    )
    seconds = time.perf_counter() - t0
    scores = pairwise_scores(store.con, truth, table="baseline_clusters")
    return seconds, scores.model_dump()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=70_000)
    parser.add_argument("--transactions", type=int, default=400_000, help="About 2.5 party records each.")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--threshold", type=float, default=0.99)
    parser.add_argument("--keep", type=Path, help="Keep the world and store in this folder.")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-resolve-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        world = work / "world"
        t0 = time.perf_counter()
        if not (world / "manifest.json").exists():
            generate_world(
                args.companies, args.seed, world, transactions=args.transactions, workers=args.threads
            )
        generate_seconds = time.perf_counter() - t0
        db = work / "store.duckdb"
        db.unlink(missing_ok=True)
        with Store(db) as store:
            store.con.execute(f"SET threads = {args.threads}")
            t0 = time.perf_counter()
            extracted = extract_transactions(store.con, world / "transactions.jsonl")
            extract_seconds = time.perf_counter() - t0
            report = resolve(
                store.con, ModelConfig(threshold=args.threshold, seed=args.seed, threads=args.threads)
            )
            truth = world / "truth" / "entities.csv"
            scores = pairwise_scores(store.con, truth)
            base_seconds, base = _baseline(store, truth)
        resolve_seconds = report.seconds
        figures = {
            "world": {
                "companies": args.companies,
                "seed": args.seed,
                "generate_seconds": round(generate_seconds, 1),
            },
            "threads": args.threads,
            "party_records": extracted.records,
            "profiles": report.profiles,
            "pairs_at_threshold": report.pairs,
            "clusters": report.clusters,
            "threshold": args.threshold,
            "extract_seconds": round(extract_seconds, 1),
            "resolve_seconds": resolve_seconds,
            "resolve_timings": report.timings,
            "extract_plus_resolve_seconds": round(extract_seconds + resolve_seconds, 1),
            "records_per_second": round(extracted.records / max(extract_seconds + resolve_seconds, 1e-9)),
            "peak_rss_mb": _peak_rss_mb(),
            "splink": scores.model_dump(),
            "baseline_exact_name_key": {**base, "seconds": round(base_seconds, 2)},
            "ratios_splink_to_baseline": {
                k: round(scores.model_dump()[k] / base[k], 3) if base[k] else None
                for k in ("precision", "recall", "f1")
            },
            "bars": {
                "f1_at_least_0_95": scores.f1 >= 0.95,
                "million_records_under_180_s": (extract_seconds + resolve_seconds)
                * 1_000_000
                / max(extracted.records, 1)
                < 180,
            },
        }
        write_results("resolve", figures)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
