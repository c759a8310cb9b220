"""Accuracy on the labelled descriptions (cases.yaml) and on four held-out sets written after the engine.

A case is correct when the status matches and, for `controlled`, the set of control codes is exactly
the expected one; for `near_threshold` and `insufficient_data` the expected codes must be among the
near or undecided entries. The confusion summary and every miss are printed (run with -s to see them).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from interdictor.goods import Classification, classify, default_catalogue

HERE = Path(__file__).parent
STATUSES = ("controlled", "near_threshold", "insufficient_data", "not_listed")


def load_cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((HERE / name).read_text("utf-8"))
    return cases


def is_correct(case: dict[str, Any], result: Classification) -> bool:
    expected = case.get("expect", "not_listed")
    if result.status.value != expected:
        return False
    want = set(case.get("entries", []))
    if expected == "controlled":
        return set(result.codes("entries")) == want
    if expected == "near_threshold":
        return want <= set(result.codes("near_entries"))
    if expected == "insufficient_data":
        return want <= set(result.codes("undecided_entries"))
    return True


def score(name: str) -> tuple[float, list[str]]:
    cases = load_cases(name)
    confusion: Counter[tuple[str, str]] = Counter()
    misses = []
    for case in cases:
        result = classify(case["text"], case.get("hs"), case.get("dest"))
        confusion[(case.get("expect", "not_listed"), result.status.value)] += 1
        if not is_correct(case, result):
            misses.append(
                f"{case['id']}: expected {case.get('expect', 'not_listed')} {case.get('entries', [])}, got "
                f"{result.status.value} {result.entries or result.near_entries or result.undecided_entries}"
            )
    accuracy = 1 - len(misses) / len(cases)
    print(f"\n{name}: {len(cases) - len(misses)}/{len(cases)} correct ({accuracy:.1%})")
    print("expected \\ got      " + " ".join(f"{s[:12]:>12}" for s in STATUSES))
    for expected in STATUSES:
        print(f"{expected:<19}" + " ".join(f"{confusion[(expected, got)]:>12}" for got in STATUSES))
    for miss in misses:
        print("  miss", miss)
    return accuracy, misses


def test_case_files_are_well_formed() -> None:
    for name in (
        "cases.yaml",
        "cases_holdout.yaml",
        "cases_holdout2.yaml",
        "cases_holdout3.yaml",
        "cases_unseen.yaml",
    ):
        cases = load_cases(name)
        ids = [c["id"] for c in cases]
        assert len(ids) == len(set(ids)), name
        for case in cases:
            assert case.get("expect", "not_listed") in STATUSES, case["id"]
            assert set(case) <= {"id", "text", "hs", "dest", "expect", "entries"}, case["id"]
    assert len(load_cases("cases.yaml")) >= 200
    known = {entry.base_code for entry in default_catalogue().entries.values()}
    for name in (
        "cases.yaml",
        "cases_holdout.yaml",
        "cases_holdout2.yaml",
        "cases_holdout3.yaml",
        "cases_unseen.yaml",
    ):
        for case in load_cases(name):
            assert set(case.get("entries", [])) <= known, f"{name} {case['id']}: unknown code"


@pytest.mark.parametrize(
    "name",
    ["cases.yaml", "cases_holdout.yaml", "cases_holdout2.yaml", "cases_holdout3.yaml", "cases_unseen.yaml"],
)
def test_accuracy_at_least_95_percent(name: str) -> None:
    accuracy, misses = score(name)
    assert accuracy >= 0.95, misses
