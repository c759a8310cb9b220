"""Red flags on a generated world: recall of planted illicit transactions, false-high share, curve, speed.

Usage: python benchmarks/bench_flags.py [--companies 3000] [--seed 7] [--workers 2] [--world DIR] [--dump F]

A world is generated in a temporary folder with a fixed seed; its sanctions list is loaded into a
temporary store and indexed (warm index: built before the clock starts). Every transaction is then
assessed as the analyst (all flags), with party screening and goods classification included, by
`--workers` processes that share the history index. A record counts as rated high when the deal it
belongs to is rated high. The peer baseline is list-only screening: a deal is flagged when any of its
parties matches the list (what a screening-only tool does). Figures go to results/flags.json.

Recall is also broken down per planted scheme and per method of REDFLAGS.md (`truth/transactions.jsonl`
names both for every planted record), with the flags that fired on the missed records, so a gap can be
traced to the warning sign no rule reads. `--world DIR` keeps the generated world in DIR (and reuses it
when it is already there, same size and seed); `--dump F` writes one JSON line per record (truth and
outcome) for closer study.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import sanctions_screening, write_results
from interdictor.assess import assess
from interdictor.assess.score import default_scoring
from interdictor.flags.deal import group_deals
from interdictor.flags.history import History
from interdictor.model import Record, parse_record

_STATE: dict[str, Any] = {}


def _work(groups: list[list[Record]]) -> tuple[list[tuple[list[str], str, int, list[str], bool]], float]:
    """(record ids, band, score, fired flags, list hit) per deal of the chunk, and the CPU seconds spent.

    The chunk is one batch, as a bank's or forwarder's daily file would be: `assess` screens its distinct
    parties in one batch search, then judges deal after deal."""
    started = time.process_time()
    out = []
    batch = [record for group in groups for record in group]
    network = _STATE.get("network")
    for a in assess(batch, history=_STATE["history"], screening=_STATE["screening"], network=network):
        listed = bool(a.screening and any(s.matches for s in a.screening))
        out.append((a.record_ids, a.risk.band, a.risk.total, [f.flag_id for f in a.fired], listed))
    return out, time.process_time() - started


def _world(folder: Path, companies: int, seed: int) -> None:
    """Generate the world into `folder`, unless a world of that size and seed is already there."""
    from interdictor.generate import generate_world

    manifest = folder / "manifest.json"
    if manifest.is_file():
        made = json.loads(manifest.read_text())
        if made.get("seed") == seed and made.get("companies") == companies:
            return
    generate_world(companies, seed, folder)


def _breakdown(rows: list[dict[str, Any]], key: str) -> dict[str, dict[str, Any]]:
    """Recall at high per value of `key` (scheme or method) over planted rows, with what fired on misses."""
    out: dict[str, dict[str, Any]] = {}
    for value in sorted({v for r in rows if r["planted"] for v in _values(r, key)}):
        mine = [r for r in rows if r["planted"] and value in _values(r, key)]
        missed = [r for r in mine if r["band"] != "high"]
        fired_on_missed: dict[str, int] = {}
        for r in missed:
            for flag in r["fired"]:
                fired_on_missed[flag] = fired_on_missed.get(flag, 0) + 1
        steps: dict[str, int] = {}
        for r in missed:
            steps[r["step"]] = steps.get(r["step"], 0) + 1
        out[value] = {
            "planted": len(mine),
            "high": len(mine) - len(missed),
            "recall": round((len(mine) - len(missed)) / len(mine), 3),
            "missed_steps": dict(sorted(steps.items(), key=lambda kv: -kv[1])),
            "fired_on_missed": dict(sorted(fired_on_missed.items(), key=lambda kv: -kv[1])[:8]),
        }
    return out


def _values(row: dict[str, Any], key: str) -> list[str]:
    value = row[key]
    return list(value) if isinstance(value, list) else [value]


def _network(folder: Path, db: Path, records: list[Record]) -> Any:
    """The analyst's graph: registry, list and records in a store, `graph build`, its findings served to
    the assessment as `interdictor assess` serves them (cli/assess_network.py)."""
    from interdictor.assess.history import RecordHistory
    from interdictor.cli.assess_network import network_from_store
    from interdictor.graph import build_graph
    from interdictor.lists import read_list
    from interdictor.store import Store

    with Store(db) as store:
        store.load(read_list(folder / "entities.ftm.json", format="ftm-json"))
        store.load(read_list(folder / "sanctions.ftm.json", format="ftm-json"))
        RecordHistory(store.con).save(records)
        build_graph(store)
    with Store(db, read_only=True) as store:
        return network_from_store(store)


def _rates(rows: list[dict[str, Any]], positive: Any) -> tuple[float, float]:
    planted = [r for r in rows if r["planted"]]
    legit = [r for r in rows if not r["planted"]]
    recall = sum(1 for r in planted if positive(r)) / max(1, len(planted))
    false_high = sum(1 for r in legit if positive(r)) / max(1, len(legit))
    return round(recall, 4), round(false_high, 4)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--companies", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--world", type=Path, help="keep (or reuse) the generated world in this folder")
    parser.add_argument("--dump", type=Path, help="write one JSON line per record: truth and outcome")
    parser.add_argument(
        "--network", action="store_true", help="build the graph first and add its findings (analyst view)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.world or Path(tmp) / "world"
        started = time.perf_counter()
        _world(folder, args.companies, args.seed)
        generate_s = time.perf_counter() - started
        truth = {
            t["id"]: t
            for t in map(json.loads, (folder / "truth" / "transactions.jsonl").read_text().splitlines())
        }
        records = [parse_record(line) for line in (folder / "transactions.jsonl").read_text().splitlines()]
        started = time.perf_counter()
        screening = sanctions_screening(folder, Path(tmp) / "lists.duckdb")
        index_s = time.perf_counter() - started
        network, network_s = None, 0.0
        if args.network:
            started = time.perf_counter()
            network = _network(folder, Path(tmp) / "graph.duckdb", records)
            network_s = time.perf_counter() - started
        history = History(records)
        groups = group_deals(records)
        # warm-up outside the clock: goods catalogue, flag catalogue, reference data, first screening
        assess(groups[0], history=history, screening=screening, network=network)
        _STATE.update(history=history, screening=screening, network=network)
        chunks = [groups[i :: args.workers * 8] for i in range(args.workers * 8)]
        started = time.perf_counter()
        if args.workers > 1:
            with mp.get_context("fork").Pool(args.workers) as pool:
                done = pool.map(_work, chunks)
        else:
            done = [_work(chunk) for chunk in chunks]
        elapsed = time.perf_counter() - started
    parts = [part for part, _ in done]
    cpu = sum(seconds for _, seconds in done)
    rows: list[dict[str, Any]] = []
    for part in parts:
        for ids, band, total, fired, listed in part:
            for rid in ids:
                rows.append(
                    {
                        "id": rid,
                        "planted": truth[rid]["planted"],
                        "scheme": truth[rid].get("scheme") or "",
                        "step": truth[rid].get("step") or "",
                        "methods": truth[rid].get("methods") or [],
                        "band": band,
                        "score": total,
                        "fired": fired,
                        "listed": listed,
                    }
                )
    high = lambda r: r["band"] == "high"  # noqa: E731
    recall, false_high = _rates(rows, high)
    base_recall, base_false = _rates(rows, lambda r: r["listed"])
    rule = default_scoring()
    curve = []
    for threshold in (2, 4, 5, 6, 8, 9, 10, 11, 12, 15, 20, 25, 30):
        rec, fh = _rates(rows, lambda r, t=threshold: r["score"] >= t or _escalated(r, rule.high))
        curve.append({"score_at_least": threshold, "recall": rec, "false_high_share": fh})
    legit = [r for r in rows if not r["planted"]]
    planted = [r for r in rows if r["planted"]]
    per_flag: dict[str, dict[str, float]] = {}
    for flag in sorted({f for r in rows for f in r["fired"]}):
        per_flag[flag] = {
            "legit_share": round(sum(flag in r["fired"] for r in legit) / max(1, len(legit)), 4),
            "legit_high_share": round(
                sum(flag in r["fired"] and r["band"] == "high" for r in legit) / max(1, len(legit)), 4
            ),
            "planted_share": round(sum(flag in r["fired"] for r in planted) / max(1, len(planted)), 4),
        }
    per_flag = dict(sorted(per_flag.items(), key=lambda kv: -kv[1]["legit_high_share"]))
    figures = {
        "world": {
            "companies": args.companies,
            "seed": args.seed,
            "transactions": len(records),
            "planted": sum(1 for r in rows if r["planted"]),
            "generate_s": round(generate_s, 1),
        },
        "network_findings": (len(network.findings) if network is not None else None),
        "threshold": f"band high: score >= {rule.high}, or ORD-01, or ORD-26 on a DPRK/Iran/Syria fact",
        "combining_rule": rule.name,
        "recall_high": recall,
        "false_high_share": false_high,
        "bars": {"recall_high": 0.9, "false_high_share_max": 0.02, "tx_per_s": 1000},
        "curve": curve,
        "flags_on_records": per_flag,
        "throughput": {
            "workers": args.workers,
            "seconds": round(elapsed, 2),
            "tx_per_s": round(len(records) / elapsed, 1),
            "cpu_seconds": round(cpu, 2),
            "tx_per_cpu_s": round(len(records) / cpu, 1),
            "tx_per_s_if_workers_had_their_cores": round(args.workers * len(records) / cpu, 1),
            "index_build_s": round(index_s, 2),
            "graph_build_s": round(network_s, 1) if args.network else None,
            "includes": "screening (cached per distinct name, schema and country and list versions), goods"
            " classification (cached per description, HS code and destination), all flags, analyst view;"
            " each worker starts with empty caches",
        },
        "baseline_list_only": {"recall_high": base_recall, "false_high_share": base_false},
        "ratios_ours_to_baseline": {
            "recall": round(recall / base_recall, 2) if base_recall else None,
            "false_high_share": round(false_high / base_false, 2) if base_false else None,
        },
    }
    figures["per_scheme"] = _breakdown(rows, "scheme")
    figures["per_method"] = _breakdown(rows, "methods")
    if args.dump:
        args.dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    write_results("flags_network" if args.network else "flags", figures)
    return 0


def _escalated(row: dict[str, Any], high: int) -> bool:
    return bool(row["band"] == "high" and row["score"] < high)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
