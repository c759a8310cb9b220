"""Reading history out of the store: what changed between versions, and one entity's record.

Everything here is a query over `entity_versions` and `snapshots` (see schema.sql): a change
is a different snapshot for the same entity id, a listing span is a run of versions whose
`entity_versions` hold the id.
"""

from __future__ import annotations

import duckdb

from interdictor.exc import NotFound
from interdictor.store.models import (
    EntityChange,
    EntityRecord,
    EntityRelation,
    EntitySummary,
    ListDiff,
    ListVersion,
    PropertyChange,
    StatementRecord,
    VersionSpan,
    from_row,
)

__all__ = ["caption", "diff", "diff_counts", "entity_record"]

DIFF_SQL = """
    SELECT coalesce(n.entity_id, o.entity_id) AS entity_id,
           coalesce(n.schema, o.schema) AS schema,
           coalesce(n.caption, o.caption) AS caption,
           CASE WHEN o.entity_id IS NULL THEN 'added'
                WHEN n.entity_id IS NULL THEN 'removed'
                ELSE 'changed' END AS kind,
           o.snapshot AS old_snapshot, n.snapshot AS new_snapshot
    FROM (SELECT * FROM entity_versions WHERE version_id = ?) o
    FULL OUTER JOIN (SELECT * FROM entity_versions WHERE version_id = ?) n USING (entity_id)
    WHERE o.snapshot IS DISTINCT FROM n.snapshot
"""


def diff_counts(con: duckdb.DuckDBPyConnection, old: int, new: int) -> tuple[int, int, int]:
    rows = con.execute(f"SELECT kind, count(*) FROM ({DIFF_SQL}) GROUP BY kind", [old, new]).fetchall()
    counts = dict(rows)
    return counts.get("added", 0), counts.get("removed", 0), counts.get("changed", 0)


def diff(con: duckdb.DuckDBPyConnection, old: ListVersion, new: ListVersion) -> ListDiff:
    """Entities added, removed and changed (with their property changes) between two versions."""
    params = [old.version_id, new.version_id]
    rows = con.execute(
        f"SELECT entity_id, schema, caption, kind FROM ({DIFF_SQL}) ORDER BY kind, caption", params
    ).fetchall()
    changes = _property_changes(con, params)
    added, removed, changed = [], [], []
    for entity_id, schema, caption, kind in rows:
        summary = {"entity_id": entity_id, "schema": schema, "caption": caption}
        if kind == "added":
            added.append(EntitySummary(**summary))
        elif kind == "removed":
            removed.append(EntitySummary(**summary))
        else:
            changed.append(EntityChange(**summary, changes=changes.get(entity_id, [])))
    return ListDiff(list_name=new.list_name, old=old, new=new, added=added, removed=removed, changed=changed)


def _property_changes(con: duckdb.DuckDBPyConnection, params: list[int]) -> dict[str, list[PropertyChange]]:
    """Per changed entity, the values each property gained and lost."""
    rows = con.execute(
        f"""
        WITH changed AS (SELECT * FROM ({DIFF_SQL}) WHERE kind = 'changed'),
             o AS (SELECT c.entity_id, s.prop, s.value FROM changed c
                   JOIN snapshots sn ON sn.snapshot = c.old_snapshot JOIN statements s USING (stmt_id)),
             n AS (SELECT c.entity_id, s.prop, s.value FROM changed c
                   JOIN snapshots sn ON sn.snapshot = c.new_snapshot JOIN statements s USING (stmt_id))
        SELECT entity_id, prop, value, 'removed' FROM (SELECT * FROM o EXCEPT SELECT * FROM n)
        UNION ALL
        SELECT entity_id, prop, value, 'added' FROM (SELECT * FROM n EXCEPT SELECT * FROM o)
        ORDER BY 1, 2, 4, 3
        """,
        params,
    ).fetchall()
    result: dict[str, dict[str, PropertyChange]] = {}
    for entity_id, prop, value, kind in rows:
        change = result.setdefault(entity_id, {}).setdefault(prop, PropertyChange(prop=prop))
        (change.added if kind == "added" else change.removed).append(value)
    return {entity_id: list(props.values()) for entity_id, props in result.items()}


def entity_record(con: duckdb.DuckDBPyConnection, entity_id: str) -> EntityRecord:
    """Everything the store knows of one entity, every statement with its provenance."""
    head = con.execute(
        """SELECT ev.schema, ev.caption FROM entity_versions ev
           JOIN list_versions lv USING (version_id)
           WHERE ev.entity_id = ? ORDER BY lv.as_of DESC, ev.version_id DESC LIMIT 1""",
        [entity_id],
    ).fetchone()
    if head is None:
        raise NotFound(f"no entity {entity_id!r} in the store")
    statements = [
        from_row(StatementRecord, r)
        for r in con.execute(
            """
            SELECT s.prop, s.prop_type, s.value, s.original_value, s.lang, s.list_name,
                   s.first_seen, s.first_version, s.last_seen, s.last_version,
                   s.stmt_id IN (SELECT stmt_id FROM current_statements WHERE entity_id = ?)
            FROM statements s WHERE s.entity_id = ?
            ORDER BY s.list_name, s.prop, s.value
            """,
            [entity_id, entity_id],
        ).fetchall()
    ]
    return EntityRecord(
        entity_id=entity_id,
        schema=head[0],
        caption=head[1],
        listed_in=_spans(con, entity_id),
        statements=statements,
        relations=_relations(con, entity_id),
    )


def _spans(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[VersionSpan]:
    """Runs of consecutive versions holding the entity: gaps show delisting and relisting."""
    rows = con.execute(
        """
        WITH ordered AS (
            SELECT lv.list_name, lv.version_id, lv.as_of,
                   row_number() OVER (PARTITION BY lv.list_name ORDER BY lv.as_of, lv.version_id) AS pos,
                   ev.entity_id IS NOT NULL AS held,
                   lv.version_id IN (SELECT version_id FROM latest_versions) AS is_latest
            FROM list_versions lv
            LEFT JOIN entity_versions ev ON ev.version_id = lv.version_id AND ev.entity_id = ?
            WHERE lv.list_name IN (SELECT list_name FROM list_versions
                                   JOIN entity_versions USING (version_id) WHERE entity_id = ?)
        ), runs AS (
            SELECT *, pos - row_number() OVER (PARTITION BY list_name ORDER BY pos) AS run
            FROM ordered WHERE held
        )
        SELECT list_name, arg_min(version_id, pos), min(as_of), arg_max(version_id, pos), max(as_of),
               count(*), bool_or(is_latest)
        FROM runs GROUP BY list_name, run ORDER BY list_name, min(pos)
        """,
        [entity_id, entity_id],
    ).fetchall()
    return [from_row(VersionSpan, r) for r in rows]


def _relations(con: duckdb.DuckDBPyConnection, entity_id: str) -> list[EntityRelation]:
    rows = con.execute(
        """
        SELECT r.entity_id, r.schema, r.prop,
               list(DISTINCT o.prop || '=' || o.value) FILTER (WHERE o.prop IS NOT NULL)
        FROM current_statements r
        LEFT JOIN current_statements o ON o.entity_id = r.entity_id AND o.prop_type = 'entity'
             AND o.value <> ?
        WHERE r.prop_type = 'entity' AND r.value = ?
        GROUP BY ALL ORDER BY 1
        """,
        [entity_id, entity_id],
    ).fetchall()
    relations = []
    for relation_id, schema, role, others in rows:
        other_id = others[0].partition("=")[2] if others else None
        relations.append(
            EntityRelation(
                relation_id=relation_id,
                schema=schema,
                role=role,
                other_id=other_id,
                other_caption=caption(con, other_id) if other_id else None,
                details=_props(con, relation_id),
            )
        )
    return relations


def caption(con: duckdb.DuckDBPyConnection, entity_id: str) -> str | None:
    row = con.execute(
        "SELECT caption FROM entity_versions WHERE entity_id = ? ORDER BY version_id DESC LIMIT 1",
        [entity_id],
    ).fetchone()
    return None if row is None else str(row[0])


def _props(con: duckdb.DuckDBPyConnection, entity_id: str) -> dict[str, list[str]]:
    props: dict[str, list[str]] = {}
    for prop, value in con.execute(
        "SELECT prop, value FROM current_statements WHERE entity_id = ? AND prop_type <> 'entity'"
        " ORDER BY prop, value",
        [entity_id],
    ).fetchall():
        props.setdefault(prop, []).append(value)
    return props
