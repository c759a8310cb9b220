"""Precision, recall and F1 on labelled name pairs (nomenklatura's cases.csv format), per schema.

    python -m interdictor.screening.evaluate CASES.csv [--peer] [--half dev|held] [--misses]

`--peer` also scores every pair with nomenklatura's logic-v2 in the same run (about 7 s to warm
up) and prints our F1 as a ratio of its F1. `--half` keeps one of two fixed halves of the file
(split by a hash of the pair), so that rules can be designed on one half and checked on the other.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from interdictor.screening.model import NameScreeningV1, ScoringAlgorithm
from interdictor.screening.party import Party, prepare

__all__ = ["Case", "Metrics", "Scored", "evaluate", "group_of", "read_cases", "score_cases", "score_logic_v2"]

#: Groups reported separately; "organisation" pools Company, Organization and LegalEntity.
ORG_SCHEMATA = frozenset({"Company", "Organization", "LegalEntity"})


@dataclass(frozen=True)
class Case:
    """One labelled pair, as in nomenklatura's contrib/name_bench cases.csv."""

    schema: str
    name1: str
    name2: str
    is_match: bool
    group: str = ""

    @property
    def half(self) -> str:
        """'dev' or 'held': a fixed split by hash, independent of the file's order."""
        digest = hashlib.sha1(f"{self.schema}|{self.name1}|{self.name2}".encode()).digest()
        return "dev" if digest[0] % 2 == 0 else "held"


@dataclass
class Scored:
    case: Case
    score: float


@dataclass
class Metrics:
    """Confusion counts at one threshold."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[Scored] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def total(self) -> int:
        return self.tp + self.fp + self.fn + self.tn

    def as_dict(self) -> dict[str, float | int]:
        return {
            "pairs": self.total,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def read_cases(path: Path) -> list[Case]:
    """Read a cases.csv (columns schema, name1, name2, is_match; case_group optional)."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"schema", "name1", "name2", "is_match"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: missing columns {sorted(missing)}")
        return [
            Case(
                schema=row["schema"].strip() or "LegalEntity",
                name1=row["name1"],
                name2=row["name2"],
                is_match=row["is_match"].strip().lower() in ("true", "1", "yes"),
                group=row.get("case_group") or "",
            )
            for row in reader
        ]


def group_of(schema: str) -> str:
    """Reporting group of a schema: person, organisation or vessel (anything else as itself)."""
    if schema == "Person":
        return "person"
    if schema in ORG_SCHEMATA:
        return "organisation"
    return schema.lower()


def score_cases(cases: Iterable[Case], algorithm: type[ScoringAlgorithm] = NameScreeningV1) -> list[Scored]:
    """Score each pair with our algorithm (name1 as the query, name2 as the candidate)."""
    out: list[Scored] = []
    for case in cases:
        query = prepare(Party(names=[case.name1], schema=case.schema))
        candidate = prepare(Party(names=[case.name2], schema=case.schema))
        out.append(Scored(case, algorithm.score(query, candidate).score))
    return out


def score_logic_v2(cases: Sequence[Case]) -> list[Scored]:
    """Score each pair with nomenklatura's logic-v2 on two FtM entities (needs the bench extra)."""
    from followthemoney import model
    from nomenklatura.matching import LogicV2

    config = LogicV2.default_config()
    out: list[Scored] = []
    for n, case in enumerate(cases):
        left = model.make_entity(case.schema)
        left.id = f"q{n}"
        left.add("name", case.name1)
        right = model.make_entity(case.schema)
        right.id = f"c{n}"
        right.add("name", case.name2)
        out.append(Scored(case, LogicV2.compare(left, right, config).score))
    return out


def evaluate(scored: Iterable[Scored], threshold: float) -> dict[str, Metrics]:
    """Metrics overall ("all") and per reporting group at `threshold`."""
    result: dict[str, Metrics] = {"all": Metrics()}
    for item in scored:
        predicted = item.score >= threshold
        for key in ("all", group_of(item.case.schema)):
            metrics = result.setdefault(key, Metrics())
            if predicted and item.case.is_match:
                metrics.tp += 1
            elif predicted:
                metrics.fp += 1
                metrics.misses.append(item)
            elif item.case.is_match:
                metrics.fn += 1
                metrics.misses.append(item)
            else:
                metrics.tn += 1
    return result


def _timed(func: Callable[[], list[Scored]]) -> tuple[list[Scored], float]:
    start = time.perf_counter()
    out = func()
    return out, time.perf_counter() - start


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("cases", type=Path)
    parser.add_argument("--threshold", type=float, default=NameScreeningV1.THRESHOLD)
    parser.add_argument("--peer", action="store_true", help="also run nomenklatura logic-v2 (threshold 0.7)")
    parser.add_argument("--half", choices=["dev", "held"], default=None)
    parser.add_argument("--misses", action="store_true", help="list the pairs we got wrong")
    args = parser.parse_args(argv)
    cases = read_cases(args.cases)
    if args.half:
        cases = [c for c in cases if c.half == args.half]
    ours, seconds = _timed(lambda: score_cases(cases))
    mine = evaluate(ours, args.threshold)
    peer: dict[str, Metrics] = {}
    if args.peer:
        theirs, _ = _timed(lambda: score_logic_v2(cases))
        peer = evaluate(theirs, 0.7)
    print(f"{len(cases)} pairs, {seconds / max(1, len(cases)) * 1000:.3f} ms per pair (incl. preparation)")
    for key, metrics in sorted(mine.items()):
        line = f"{key:14s} P {metrics.precision:.3f} R {metrics.recall:.3f} F1 {metrics.f1:.3f}"
        line += f" n={metrics.total}"
        if key in peer:
            other = peer[key].f1
            ratio = metrics.f1 / other if other else float("inf")
            line += f" | logic-v2 F1 {other:.3f} ratio {ratio:.3f}"
        print(line)
    if args.misses:
        for item in sorted(mine["all"].misses, key=lambda s: (s.case.schema, s.case.is_match, s.score)):
            c = item.case
            print(
                f"  {'FN' if c.is_match else 'FP'} {item.score:.3f} {c.schema:12s} {c.name1!r} / {c.name2!r}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
