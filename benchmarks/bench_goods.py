"""Goods classification benchmark: accuracy on the labelled descriptions and throughput on one core.

    .venv/bin/python benchmarks/bench_goods.py [--repeat 20]

Writes benchmarks/results/goods.json. The peer baseline in the same run is what screening tools do
today: a keyword list per item family (the catalogue's own terms) plus HS-code routing, flagging a
description as controlled when a keyword or a routed HS code hits. It cannot say "near a threshold"
or "not enough data", and it cannot tell a 200 MHz oscilloscope from a 100 GHz one.

Throughput is measured in one process on one thread; it is reported per CPU second (the bar, since
this machine is shared) and per wall-clock second.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from interdictor.goods import Classification, classify, default_catalogue  # noqa: E402
from interdictor.goods.hs import normalise_hs  # noqa: E402
from interdictor.goods.text import lower_same_length  # noqa: E402

CASES = ROOT / "tests" / "unit" / "goods"
RESULT = ROOT / "benchmarks" / "results" / "goods.json"
BAR_PER_SECOND = 2000


def load(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((CASES / name).read_text("utf-8"))
    return cases


def correct(
    case: dict[str, Any], status: str, entries: set[str], near: set[str], undecided: set[str]
) -> bool:
    expected = case.get("expect", "not_listed")
    if status != expected:
        return False
    want = set(case.get("entries", []))
    if expected == "controlled":
        return entries == want
    if expected == "near_threshold":
        return want <= near
    if expected == "insufficient_data":
        return want <= undecided
    return True


def flagged(status: str) -> bool:
    return status != "not_listed"


def ours(case: dict[str, Any]) -> tuple[str, set[str], set[str], set[str]]:
    result: Classification = classify(case["text"], case.get("hs"), case.get("dest"))
    return (
        result.status.value,
        set(result.codes("entries")),
        set(result.codes("near_entries")),
        set(result.codes("undecided_entries")),
    )


def keyword_baseline(case: dict[str, Any]) -> tuple[str, set[str], set[str], set[str]]:
    """Keyword list + HS routing: any hit is 'controlled' with every code of the hit families."""
    catalogue = default_catalogue()
    low = lower_same_length(case["text"])
    families = {
        f for m in catalogue.term_pattern.finditer(low) for f in catalogue.term_families[m.group("t")]
    }
    digits = normalise_hs(case.get("hs") or "") or ""
    if digits:
        families |= {
            f.id for f in catalogue.families.values() if any(digits.startswith(p[:4]) for p in f.hs_prefixes)
        }
    if not families:
        return "not_listed", set(), set(), set()
    codes = {e.base_code for f in families for e in catalogue.families[f].entries}
    return "controlled", codes, set(), set()


def score(cases: list[dict[str, Any]], method: Any) -> dict[str, Any]:
    right = flag_right = 0
    confusion: Counter[str] = Counter()
    misses = []
    for case in cases:
        status, entries, near, undecided = method(case)
        expected = case.get("expect", "not_listed")
        confusion[f"{expected}->{status}"] += 1
        if correct(case, status, entries, near, undecided):
            right += 1
        else:
            misses.append(case["id"])
        flag_right += flagged(status) == flagged(expected)
    return {
        "cases": len(cases),
        "correct": right,
        "accuracy": round(right / len(cases), 4),
        "flag_accuracy": round(flag_right / len(cases), 4),
        "confusion": dict(sorted(confusion.items())),
        "misses": misses,
    }


def throughput(cases: list[dict[str, Any]], repeat: int) -> dict[str, Any]:
    items = [(c["text"], c.get("hs"), c.get("dest")) for c in cases]
    for text, hs_code, dest in items:  # warm-up: catalogue, unit table, regex caches
        classify(text, hs_code, dest)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        for text, hs_code, dest in items:
            classify(text, hs_code, dest)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    count = repeat * len(items)
    return {
        "descriptions": count,
        "per_cpu_second": round(count / cpu),
        "per_wall_second": round(count / wall),
        "mean_ms": round(1000 * cpu / count, 3),
        "bar_per_second": BAR_PER_SECOND,
        "meets_bar": count / cpu >= BAR_PER_SECOND,
    }


def run(repeat: int = 20) -> dict[str, Any]:
    t0 = time.perf_counter()
    default_catalogue()
    load_seconds = time.perf_counter() - t0
    sets = {
        name: load(f"{file}.yaml")
        for name, file in (
            ("cases", "cases"),
            ("holdout", "cases_holdout"),
            ("holdout2", "cases_holdout2"),
            ("holdout3", "cases_holdout3"),
            ("unseen", "cases_unseen"),
        )
    }
    accuracy = {
        name: {"interdictor": score(cases, ours), "keyword_hs_baseline": score(cases, keyword_baseline)}
        for name, cases in sets.items()
    }
    for result in accuracy.values():
        base = result["keyword_hs_baseline"]["accuracy"]
        result["accuracy_ratio"] = round(result["interdictor"]["accuracy"] / base, 2) if base else None
    return {
        "benchmark": "goods",
        "catalogue_version": default_catalogue().version,
        "catalogue_entries": len(default_catalogue().entries),
        "catalogue_load_seconds": round(load_seconds, 3),
        "accuracy": accuracy,
        "throughput": throughput(sets["cases"], repeat),
        "machine": {"python": platform.python_version(), "platform": platform.platform()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="passes over the test set for the timing")
    parser.add_argument("--output", type=Path, default=RESULT)
    args = parser.parse_args()
    report = run(args.repeat)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    for name, result in report["accuracy"].items():
        ours_, base = result["interdictor"], result["keyword_hs_baseline"]
        print(
            f"{name}: interdictor {ours_['correct']}/{ours_['cases']} ({ours_['accuracy']:.1%}), "
            f"keyword+HS baseline {base['correct']}/{base['cases']} ({base['accuracy']:.1%}), "
            f"ratio {result['accuracy_ratio']}; flag accuracy {ours_['flag_accuracy']:.1%} vs "
            f"{base['flag_accuracy']:.1%}"
        )
    speed = report["throughput"]
    print(
        f"throughput: {speed['per_cpu_second']:,}/CPU-s, {speed['per_wall_second']:,}/wall-s "
        f"over {speed['descriptions']:,} descriptions (bar {BAR_PER_SECOND:,}/s: "
        f"{'met' if speed['meets_bar'] else 'NOT met'})"
    )
    print(f"written to {args.output}")


if __name__ == "__main__":
    main()
