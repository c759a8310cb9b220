"""Pairwise precision, recall and F1 of the clusters against an entity truth file.

Pairwise measures count record pairs: a pair is predicted when both records share a cluster,
true when both share a real entity. They are computed from cluster sizes in SQL (sum of n(n-1)/2
over clusters, over entities, and over their intersections), so a million records need no pair
list. The truth is the generator's `truth/entities.csv` (`record_id,record_type,entity_id`);
records absent from either side are left out of both.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from pydantic import BaseModel

from interdictor.exc import InputRejected

__all__ = ["PairwiseScores", "pairwise_scores"]


class PairwiseScores(BaseModel):
    records: int
    true_pairs: int
    predicted_pairs: int
    correct_pairs: int
    precision: float
    recall: float
    f1: float


def pairwise_scores(
    con: duckdb.DuckDBPyConnection, truth: Path, table: str = "resolve_clusters"
) -> PairwiseScores:
    """Score `table` (record_id, cluster_id) against the truth file."""
    if not truth.is_file():
        raise InputRejected(f"{truth}: no entity truth file")
    pair_sum = "SELECT coalesce(sum(n * (n - 1) / 2), 0) FROM (SELECT count(*) AS n FROM j GROUP BY {})"
    row = con.execute(
        f"""WITH t AS (SELECT record_id, entity_id FROM read_csv(?, header = true, all_varchar = true)),
                 j AS (SELECT c.record_id, c.cluster_id, t.entity_id FROM {table} c JOIN t USING (record_id))
            SELECT (SELECT count(*) FROM j), ({pair_sum.format("entity_id")}),
                   ({pair_sum.format("cluster_id")}), ({pair_sum.format("cluster_id, entity_id")})""",
        [str(truth)],
    ).fetchone()
    assert row is not None
    records, true_pairs, predicted, correct = (int(v) for v in row)
    precision = correct / predicted if predicted else 1.0
    recall = correct / true_pairs if true_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairwiseScores(
        records=records, true_pairs=true_pairs, predicted_pairs=predicted, correct_pairs=correct,
        precision=round(precision, 5), recall=round(recall, 5), f1=round(f1, 5),
    )  # fmt: skip
