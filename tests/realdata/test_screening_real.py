"""Screening on real data: nomenklatura's labelled pairs, and original-script names in the UN list."""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml import ElementTree

from interdictor.screening import NameScreeningV1, Party, score
from interdictor.screening.evaluate import evaluate, read_cases, score_cases

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def cases_metrics(shared_data: Path) -> dict[str, float]:
    cases = read_cases(shared_data / "namematch" / "nomenklatura" / "cases.csv")
    assert len(cases) == 826
    metrics = evaluate(score_cases(cases), NameScreeningV1.THRESHOLD)
    held = evaluate(score_cases([c for c in cases if c.half == "held"]), NameScreeningV1.THRESHOLD)
    return {
        **{k: m.f1 for k, m in metrics.items()},
        **{f"held_{k}": m.f1 for k, m in held.items()},
    }


def test_name_bench_beats_logic_v2_per_group(cases_metrics: dict[str, float]) -> None:
    # logic-v2 at 0.7 on the same file, measured in the same run by benchmarks/bench_screening.py:
    # all 0.796, person 0.747, organisation 0.872 (held-out half: 0.803, 0.778, 0.840).
    assert cases_metrics["person"] > 0.747
    assert cases_metrics["organisation"] > 0.872
    assert cases_metrics["held_person"] > 0.778
    assert cases_metrics["held_organisation"] > 0.840
    assert cases_metrics["all"] >= 0.88


def test_name_bench_f1_bar(cases_metrics: dict[str, float]) -> None:
    # Issue 3's bar: F1 >= 0.90 at the default threshold on the whole file (0.901 measured).
    assert cases_metrics["all"] >= 0.90


def _un_original_script(path: Path) -> list[tuple[str, str, str]]:
    root = ElementTree.parse(str(path)).getroot()
    out: list[tuple[str, str, str]] = []
    for tag, schema in (("INDIVIDUAL", "Person"), ("ENTITY", "Organization")):
        for node in root.iter(tag):
            original = (node.findtext("NAME_ORIGINAL_SCRIPT") or "").strip()
            parts = [
                node.findtext(f) or "" for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            latin = " ".join(p.strip() for p in parts if p.strip())
            if original and latin and not original.isascii():
                out.append((schema, latin, original))
    return out


def test_un_original_script_names_find_their_latin_names(shared_data: Path) -> None:
    """Every UN entry with a name in its original script, scored against its own Latin name."""
    path = next((shared_data / "lists" / "un").glob("*.xml"))
    pairs = _un_original_script(path)
    assert len(pairs) > 100
    found = sum(
        score(Party([latin], s), Party([orig], s)).score >= NameScreeningV1.THRESHOLD
        for s, latin, orig in pairs
    )
    recall = found / len(pairs)
    assert recall >= 0.85, f"{found}/{len(pairs)}"
