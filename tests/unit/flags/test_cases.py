"""The case library: public cases of domain/CASES.md as records. At least 90 % of the documented, encodable
executable flags fire, and no flag fires that the encoded facts contradict."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from interdictor.assess import assess
from interdictor.flags import default_catalogue
from interdictor.model import parse_record

CASES = sorted((Path(__file__).parent / "cases").glob("case_*.json"))


def _load(path: Path) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def _run(case: dict[str, Any]) -> tuple[set[str], set[str], set[str]]:
    """(expected, fired, contradicted) flag ids of one case."""
    executable = {f.id for f in default_catalogue() if f.executable}
    records = [parse_record(r) for r in case["records"]]
    history = [parse_record(r) for r in case.get("history", [])]
    fired = {f.flag_id for a in assess(records, history=history) for f in a.fired}
    expected = (set(case["documented"]) & executable) - set(case.get("not_encoded", {}))
    return expected, fired, set(case["contradicted"])


def test_library_is_there() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_nothing_fires_that_the_facts_contradict(path: Path) -> None:
    _, fired, contradicted = _run(_load(path))
    assert not fired & contradicted


def test_at_least_ninety_percent_of_documented_flags_fire() -> None:
    hits = total = 0
    missed: list[str] = []
    for path in CASES:
        case = _load(path)
        expected, fired, _ = _run(case)
        hits += len(expected & fired)
        total += len(expected)
        missed += [f"{case['case']} {f}" for f in sorted(expected - fired)]
    assert total >= 20
    assert hits / total >= 0.9, f"{hits}/{total}; missed {missed}"
