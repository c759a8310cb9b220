"""Analysts' merge and split decisions: kept in the store, append-only, and winning over the model.

A decision names records, not clusters, because cluster membership changes with every run while a
record stays what it is. `merge A B`: A and B are one entity. `split A B`: A and B are different
entities, and no chain of model pairs may join them. `split A`: A stands alone, whatever the model
says (merges still apply). The latest decision on a pair wins, so a merge undoes an earlier split.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

import duckdb
from pydantic import BaseModel, Field

from interdictor.exc import NotFound, UsageError
from interdictor.resolve.tables import ensure_tables

__all__ = ["Decision", "DecisionKind", "effective_decisions", "record_decision"]


class DecisionKind(StrEnum):
    MERGE = "merge"
    SPLIT = "split"


class Decision(BaseModel):
    """One analyst's judgement on one or two records, with who and when."""

    decision_id: int
    kind: DecisionKind
    left_id: str = Field(examples=["ORD-3F2A9C01B7/p1"])
    right_id: str | None = Field(default=None, description="None: a split that isolates left_id.")
    author: str
    reason: str | None = None
    decided_at: datetime


def record_decision(
    con: duckdb.DuckDBPyConnection,
    kind: DecisionKind | str,
    left_id: str,
    right_id: str | None = None,
    *,
    author: str,
    reason: str | None = None,
) -> Decision:
    """Store a decision after checking that its records exist; it takes effect at the next run."""
    ensure_tables(con)
    try:
        kind = DecisionKind(kind)
    except ValueError as exc:
        raise UsageError(f"{kind!r}: a decision is 'merge' or 'split'") from exc
    if kind is DecisionKind.MERGE and right_id is None:
        raise UsageError("a merge needs two records")
    if left_id == right_id:
        raise UsageError(f"{left_id!r}: a decision needs two different records")
    if not author.strip():
        raise UsageError("a decision needs an author")
    wanted = [i for i in (left_id, right_id) if i is not None]
    found = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT record_id FROM resolve_records WHERE list_contains(?, record_id)", [wanted]
        ).fetchall()
    }
    missing = [i for i in wanted if i not in found]
    if missing:
        raise NotFound(f"no party record {', '.join(map(repr, missing))} (run `interdictor resolve` first)")
    if right_id is not None and right_id < left_id:
        left_id, right_id = right_id, left_id
    row = con.execute(
        "INSERT INTO resolve_decisions SELECT nextval('resolve_decision_seq'), ?, ?, ?, ?, ?, ?"
        " RETURNING decision_id, decided_at",
        [kind.value, left_id, right_id, author, reason, datetime.now(UTC).replace(tzinfo=None)],
    ).fetchone()
    assert row is not None
    return Decision(
        decision_id=row[0], kind=kind, left_id=left_id, right_id=right_id, author=author, reason=reason,
        decided_at=row[1],
    )  # fmt: skip


def effective_decisions(con: duckdb.DuckDBPyConnection) -> list[Decision]:
    """The latest decision on each pair (or on each isolated record), in decision order."""
    ensure_tables(con)
    rows = con.execute(
        """SELECT decision_id, kind, left_id, right_id, author, reason, decided_at FROM resolve_decisions
           QUALIFY row_number() OVER (PARTITION BY left_id, right_id ORDER BY decision_id DESC) = 1
           ORDER BY decision_id"""
    ).fetchall()
    names = list(Decision.model_fields)
    return [Decision(**dict(zip(names, r, strict=True))) for r in rows]
