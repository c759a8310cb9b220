"""World generator throughput, wall time and peak memory, against a plain-row writer as a floor.

The full target of issue 5 is one million transactions and five million entity records in under
ten minutes on two cores. By default this runs a tenth of it (`--fraction 0.1`: 70,000 companies,
100,000 transactions) and states the linear extrapolation next to the measured figures; pass
`--fraction 1` to measure the full scale (the extrapolation is optimistic: at full scale deals find
fewer of their companies already built, so the cost per record grows somewhat). The peer is a
Faker-free baseline that only writes random rows of the same shape and count (single process), so
the ratio shows what realism costs.

The machine is shared, so wall time alone says little: CPU seconds of the parent and of the worker
processes are reported too, and `cpu_bound_wall_seconds` is what the run would take on two idle
cores (the parent's serial CPU plus the workers' CPU spread over two cores).

Usage: python benchmarks/bench_generate.py [--fraction F] [--workers N] [--out DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import write_results
from interdictor.generate import generate_world

FULL_COMPANIES = 700_000
FULL_TRANSACTIONS = 1_000_000


def baseline(
    folder: Path, sample_tx: list[bytes], sample_ent: list[bytes], transactions: int, entities: int
) -> float:
    """Write `transactions` + `entities` rows by mutating sampled rows: the floor any generator pays."""
    rng = random.Random(0)
    templates_tx = [json.loads(line) for line in sample_tx]
    templates_ent = [json.loads(line) for line in sample_ent]
    started = time.perf_counter()
    with open(folder / "tx.jsonl", "wb") as out:
        for n in range(transactions):
            row = dict(rng.choice(templates_tx))
            row["id"] = f"X-{n:010d}"
            row["date"] = f"20{rng.randrange(19, 26)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
            out.write(orjson.dumps(row) + b"\n")
    with open(folder / "ent.jsonl", "wb") as out:
        for n in range(entities):
            row = dict(rng.choice(templates_ent))
            row["id"] = f"e-{n:010d}"
            out.write(orjson.dumps(row) + b"\n")
    return time.perf_counter() - started


def _cpu() -> tuple[float, float]:
    """CPU seconds (user + system) of this process and of its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--fraction", type=float, default=0.1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    companies = int(FULL_COMPANIES * args.fraction)
    transactions = int(FULL_TRANSACTIONS * args.fraction)
    folder = args.out or Path(tempfile.mkdtemp(prefix="bench-generate-"))
    started = time.perf_counter()
    cpu_started = _cpu()
    summary = generate_world(
        companies, args.seed, folder / "world", transactions=transactions, workers=args.workers
    )
    wall = time.perf_counter() - started
    cpu_parent, cpu_workers = (after - before for after, before in zip(_cpu(), cpu_started, strict=True))
    peak_parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    peak_child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    world = folder / "world"
    with open(world / "transactions.jsonl", "rb") as handle:
        sample_tx = [next(handle) for _ in range(2000)]
    with open(world / "entities.ftm.json", "rb") as handle:
        sample_ent = [next(handle) for _ in range(2000)]
    base_wall = baseline(folder, sample_tx, sample_ent, summary.transactions, summary.entities)
    records = summary.transactions + summary.entities
    size = sum(p.stat().st_size for p in world.rglob("*") if p.is_file())
    scale = FULL_TRANSACTIONS / max(summary.transactions, 1)
    figures = {
        "scale": {
            "fraction_of_full": args.fraction,
            "companies": companies,
            "transactions": summary.transactions,
            "entity_records": summary.entities,
            "party_records": summary.party_records,
            "sanctions_records": summary.sanctions_entities,
            "networks": summary.networks,
            "planted_transactions": summary.planted_transactions,
            "workers": args.workers,
        },
        "wall_seconds": round(wall, 1),
        "cpu_seconds": {
            "parent": round(cpu_parent, 1),
            "workers": round(cpu_workers, 1),
            "total": round(cpu_parent + cpu_workers, 1),
        },
        "cpu_bound_wall_seconds": round(cpu_parent + cpu_workers / max(1, min(args.workers, 2)), 1),
        "share_of_cores_obtained": round((cpu_parent + cpu_workers) / wall / max(1, args.workers), 2),
        "records_per_second": round(records / wall),
        "records_per_cpu_second": round(records / (cpu_parent + cpu_workers)),
        "transactions_per_second": round(summary.transactions / wall),
        "peak_rss_mb": {"parent": round(peak_parent), "largest_worker": round(peak_child)},
        "output_mb": round(size / 2**20),
        "peer_plain_rows": {
            "wall_seconds": round(base_wall, 1),
            "records_per_second": round(records / base_wall),
            "generator_to_baseline_throughput_ratio": round((records / wall) / (records / base_wall), 3),
        },
        "extrapolated_full_scale": {
            "method": f"linear in records from the measured run ({args.fraction:g} of full scale)",
            "transactions": FULL_TRANSACTIONS,
            "entity_records": round(summary.entities * scale),
            "wall_seconds": round(wall * scale),
            "cpu_seconds": round((cpu_parent + cpu_workers) * scale),
            "under_10_minutes": wall * scale < 600,
        }
        if args.fraction < 1
        else None,
        "notes": "Measured on a shared 2-core machine; other processes' load is not subtracted.",
    }
    write_results("generate", figures)
    if args.out is None:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
