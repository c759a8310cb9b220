"""One resolution run over every party record in the store: profiles, Splink, clusters, ids.

    records -> profiles (records with equal keys) -> Splink pairs -> clusters with decisions
            -> ids inherited from the previous run -> resolve_clusters, resolve_edges, resolve_runs

Everything but the Splink model runs as SQL on the store connection or as array code, so one
million records stay within a few minutes on two cores.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, Field

from interdictor.exc import InputRejected
from interdictor.resolve.clock import StepClock
from interdictor.resolve.cluster import Constraints, NodeKeys, cluster_nodes, inherit_ids
from interdictor.resolve.decisions import DecisionKind, effective_decisions
from interdictor.resolve.model import BLOCKS as _BLOCKS
from interdictor.resolve.model import ModelConfig, score_profiles
from interdictor.resolve.tables import ensure_tables

__all__ = ["ResolveReport", "latest_model", "resolve"]

Step = Callable[[str], None]

#: Every key the model compares: records equal on all of them are one profile.
_PROFILE_KEY = """md5(concat_ws(chr(31), kind, coalesce(country, ''), array_to_string(name_keys, chr(30)),
    coalesce(address_key, ''), array_to_string(list_sort(phones), chr(30)),
    array_to_string(list_sort(emails), chr(30)), array_to_string(list_sort(domains), chr(30)),
    array_to_string(list_sort(identifiers), chr(30))))"""


class ResolveReport(BaseModel):
    """What a run did, for the CLI's `--json` and the run table."""

    run_id: int
    records: int
    profiles: int = Field(description="Distinct records after collapsing records with equal keys.")
    pairs: int = Field(description="Profile pairs at or above the threshold.")
    clusters: int
    multi_record_clusters: int
    largest_cluster: int
    threshold: float
    decisions_applied: int
    decision_conflicts: list[str] = Field(default_factory=list, description="Merges that a split overruled.")
    seconds: float
    timings: dict[str, float] = Field(default_factory=dict, description="Wall seconds per step.")
    cpu_timings: dict[str, float] = Field(
        default_factory=dict, description="CPU seconds per step, all threads of this process."
    )


def _fresh_id(record_id: str) -> str:
    return "ent-" + hashlib.sha1(record_id.encode("utf-8")).hexdigest()[:16]


def _build_profiles(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """Temp tables: record -> profile node, and one row of compared keys per profile."""
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _resolve_rp AS
            SELECT record_id, {_PROFILE_KEY} AS pkey FROM resolve_records
            QUALIFY row_number() OVER (PARTITION BY record_id ORDER BY source) = 1"""
    )
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _resolve_profiles AS
           SELECT pkey, min(record_id) AS unique_id, count(*) AS n,
                  (row_number() OVER (ORDER BY min(record_id)) - 1)::BIGINT AS node
           FROM _resolve_rp GROUP BY pkey"""
    )
    records, profiles = con.execute(
        "SELECT (SELECT count(*) FROM _resolve_rp), (SELECT count(*) FROM _resolve_profiles)"
    ).fetchone() or (0, 0)
    return int(records), int(profiles)


def _profile_table(con: duckdb.DuckDBPyConnection, bucket: int) -> pa.Table:
    """One row per profile with the compared columns, and bucketed blocking keys (see `_BLOCKS`).

    List values the model only tests for equality (name and alias keys, name tokens, phones,
    e-mails, domains, identifiers) are 64-bit hashes: the model joins millions of pairs to these
    rows, and integers move and compare faster than strings (a collision, about one in 10^19 per
    comparison, would count as a shared value). Tokens are distinct: the token-set overlap counts
    them as a set.

    Ranks within each blocking key are computed on a narrow table (node, keys and one global sort
    rank), so the six window sorts move integers and short strings, not the compared lists. A bucket
    is a 64-bit hash of the key and the window number: the blocking joins compare integers, and a
    hash collision could only add a pair for the model to score.
    """
    base = """SELECT p.unique_id, r.kind, r.country, r.name_keys[1] AS name_key,
                  list_transform(r.name_keys, x -> hash(x)) AS name_keys,
                  list_distinct(list_transform(coalesce(string_split(r.name_keys[1], ' '), []), x -> hash(x)))
                      AS tokens,
                  r.address_key, list_transform(r.phones, x -> hash(x)) AS phones, r.phones[1] AS phone,
                  list_transform(r.emails, x -> hash(x)) AS emails, r.emails[1] AS email,
                  list_transform(r.domains, x -> hash(x)) AS domains, r.domains[1] AS domain,
                  list_transform(r.identifiers, x -> hash(x)) AS identifiers, r.identifiers[1] AS ident,
                  p.node
           FROM _resolve_profiles p JOIN resolve_records r ON r.record_id = p.unique_id"""
    half = max(bucket // 2, 1)
    order = "country, name_key, phone, domain, address_key, email, ident, unique_id"
    columns = sorted({c for cols in _BLOCKS.values() for c in cols})
    windows, ranks, buckets = [], [], []
    for name, cols in _BLOCKS.items():
        windows.append(
            f"w_{name} AS (PARTITION BY {', '.join(cols)} ORDER BY srt"
            " ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)"
        )
        ranks.append(f"row_number() OVER w_{name} - 1 AS r_{name}, count(*) OVER w_{name} AS n_{name}")
        present = " AND ".join(f"{c} IS NOT NULL" for c in cols)
        key = ", ".join(cols)
        buckets.append(
            f"CASE WHEN {present} THEN hash({key}, r_{name} // {bucket}) END AS b_{name},"
            f" CASE WHEN {present} AND n_{name} > {bucket}"
            f" THEN hash({key}, (r_{name} + {half}) // {bucket}) END AS b2_{name}"
        )
    return con.execute(
        f"""CREATE OR REPLACE TEMP TABLE _resolve_base AS {base};
            WITH narrow AS (SELECT node, {", ".join(columns)}, row_number() OVER (ORDER BY {order}) AS srt
                            FROM _resolve_base),
                 ranked AS (SELECT node, {", ".join(columns)}, {", ".join(ranks)}
                            FROM narrow WINDOW {", ".join(windows)}),
                 blocks AS (SELECT node, {", ".join(buckets)} FROM ranked)
            SELECT unique_id, kind, country, name_key, name_keys, tokens, address_key, phones, phone, emails,
                   email, domains, domain, identifiers, ident, blocks.* EXCLUDE (node)
            FROM _resolve_base JOIN blocks USING (node) ORDER BY node"""
    ).to_arrow_table()


def _conflict_keys(profiles: pa.Table, streets: bool) -> NodeKeys:
    """Per profile node, the phones, web domains (and streets) two different companies would not share."""
    columns = [profiles.column("phones"), profiles.column("domains")]
    if streets:
        street = pc.binary_join_element_wise(
            profiles.column("country"), profiles.column("address_key"), "|"
        ).combine_chunks()
        columns.append(pa.ListArray.from_arrays(pa.array(range(len(street) + 1), pa.int32()), street))
    nodes, groups, values = [], [], []
    for group, column in enumerate(columns):
        lists = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
        flat = pc.list_flatten(lists)
        parents = pc.list_parent_indices(lists).to_numpy().astype(np.int64)
        codes = pc.dictionary_encode(flat).indices
        valid = np.asarray(codes.is_valid())
        nodes.append(parents[valid])
        groups.append(np.full(int(valid.sum()), group, dtype=np.int64))
        values.append(codes.to_numpy(zero_copy_only=False)[valid].astype(np.int64))
    return NodeKeys(np.concatenate(nodes), np.concatenate(groups), np.concatenate(values))


def _constraints(con: duckdb.DuckDBPyConnection, n_nodes: int) -> tuple[Constraints, dict[int, str], int]:
    """Decisions as graph nodes: each record named by a decision becomes a node of its own.

    It stays tied to its profile by a must-link, unless a decision isolates it, so a split between
    two records with equal keys can still be honoured.
    """
    decisions = effective_decisions(con)
    named = sorted({i for d in decisions for i in (d.left_id, d.right_id) if i is not None})
    node_of: dict[str, int] = {}
    names: dict[int, str] = {}
    constraints = Constraints()
    if not named:
        return constraints, names, 0
    rows = con.execute(
        """SELECT rp.record_id, p.node FROM _resolve_rp rp JOIN _resolve_profiles p USING (pkey)
           WHERE list_contains(?, rp.record_id) ORDER BY rp.record_id""",
        [named],
    ).fetchall()
    isolated = {d.left_id for d in decisions if d.kind is DecisionKind.SPLIT and d.right_id is None}
    for pos, (record_id, profile_node) in enumerate(rows):
        node = n_nodes + pos
        node_of[record_id] = node
        names[node] = record_id
        if record_id in isolated:
            constraints.isolated.add(node)
        else:
            constraints.merges.append((node, int(profile_node)))
    applied = 0
    for d in decisions:
        if d.right_id is None or d.left_id not in node_of or d.right_id not in node_of:
            applied += d.right_id is None and d.left_id in node_of
            continue
        pair = (node_of[d.left_id], node_of[d.right_id])
        (constraints.merges if d.kind is DecisionKind.MERGE else constraints.splits).append(pair)
        applied += 1
    return constraints, names, applied


def latest_model(con: duckdb.DuckDBPyConnection) -> dict[str, Any] | None:
    """The trained model of the latest run, to score a new run without training again (None if none)."""
    ensure_tables(con)
    row = con.execute("SELECT model_json FROM resolve_runs ORDER BY run_id DESC LIMIT 1").fetchone()
    if row is None or row[0] in ("{}", ""):
        return None
    model: dict[str, Any] = json.loads(row[0])
    model.pop("interdictor_untrained_steps", None)
    return model


def resolve(
    con: duckdb.DuckDBPyConnection,
    config: ModelConfig | None = None,
    *,
    model: dict[str, Any] | None = None,
    step: Step | None = None,
) -> ResolveReport:
    """Resolve every record in resolve_records and replace resolve_clusters with the result."""
    config = config or ModelConfig()
    ensure_tables(con)
    started = datetime.now(UTC).replace(tzinfo=None)
    t0 = time.perf_counter()
    clock = StepClock(step)
    mark = clock.mark

    records, n_profiles = _build_profiles(con)
    if records == 0:
        raise InputRejected("no party records to resolve: extract lists or transactions first")
    profiles = _profile_table(con, config.block_size)
    mark("profiles")
    if n_profiles > 1:
        pairs, trained = score_profiles(profiles, config, model, mark)
    else:
        columns = {"unique_id_l": pa.string(), "unique_id_r": pa.string(),
                   "match_probability": pa.float64(), "match_weight": pa.float64()}  # fmt: skip
        pairs, trained = pa.table({c: pa.array([], t) for c, t in columns.items()}), {}
        mark("predict")
    # Profiles are ordered by node, so a profile's row number is its node.
    uid = profiles.column("unique_id")
    left = pc.index_in(pairs.column("unique_id_l"), value_set=uid).to_numpy(zero_copy_only=False)
    right = pc.index_in(pairs.column("unique_id_r"), value_set=uid).to_numpy(zero_copy_only=False)
    score = pairs.column("match_probability").to_numpy().astype(np.float64)
    mark("edges")
    constraints, decision_nodes, applied = _constraints(con, n_profiles)
    labels, conflicts = cluster_nodes(
        n_profiles + len(decision_nodes),
        left.astype(np.int64),
        right.astype(np.int64),
        score,
        constraints,
        _conflict_keys(profiles, config.street_conflicts),
    )
    mark("cluster")
    (run_id,) = con.execute("SELECT nextval('resolve_run_seq')").fetchone() or (0,)
    con.register("_resolve_labels", pa.table({"node": np.arange(len(labels)), "label": labels}))
    con.register(
        "_resolve_decided",
        pa.table({"record_id": pa.array(list(decision_nodes.values()), pa.string()),
                  "node": pa.array(list(decision_nodes), pa.int64())}),
    )  # fmt: skip
    con.execute(
        """CREATE OR REPLACE TEMP TABLE _resolve_new AS
           SELECT rp.record_id, coalesce(ld.label, lp.label) AS label, d.record_id IS NOT NULL AS by_decision
           FROM _resolve_rp rp JOIN _resolve_profiles p USING (pkey)
           JOIN _resolve_labels lp ON lp.node = p.node
           LEFT JOIN _resolve_decided d ON d.record_id = rp.record_id
           LEFT JOIN _resolve_labels ld ON ld.node = d.node"""
    )
    con.unregister("_resolve_labels")
    con.unregister("_resolve_decided")
    overlaps = con.execute(
        """SELECT n.label, o.cluster_id, count(*)
           FROM _resolve_new n JOIN resolve_clusters o USING (record_id)
           GROUP BY ALL"""
    ).fetchall()
    taken = {r[0] for r in con.execute("SELECT DISTINCT cluster_id FROM resolve_clusters").fetchall()}
    fresh = {
        int(label): _fresh_id(first)
        for label, first in con.execute(
            "SELECT label, min(record_id) FROM _resolve_new GROUP BY label"
        ).fetchall()
    }
    ids = inherit_ids([(int(a), str(b), int(c)) for a, b, c in overlaps], fresh, taken)
    mark("ids")
    con.register(
        "_resolve_ids",
        pa.table(
            {
                "label": pa.array(list(ids), pa.int64()),
                "cluster_id": pa.array(list(ids.values()), pa.string()),
            }
        ),
    )
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute("DELETE FROM resolve_clusters")
        con.execute(
            """INSERT INTO resolve_clusters SELECT n.record_id, i.cluster_id, ?, n.by_decision
               FROM _resolve_new n JOIN _resolve_ids i USING (label)""",
            [run_id],
        )
        con.execute("DELETE FROM resolve_edges")
        con.register("_resolve_pairs", pairs)
        con.execute(
            """INSERT INTO resolve_edges SELECT unique_id_l, unique_id_r, match_probability, match_weight, ?
               FROM _resolve_pairs""",
            [run_id],
        )
        con.unregister("_resolve_pairs")
        con.unregister("_resolve_ids")
        stats = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE n > 1), coalesce(max(n), 0)"
            " FROM (SELECT cluster_id, count(*) AS n FROM resolve_clusters GROUP BY cluster_id)"
        ).fetchone() or (0, 0, 0)
        mark("write")
        seconds = round(time.perf_counter() - t0, 3)
        con.execute(
            "INSERT INTO resolve_runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [run_id, started, seconds, records, n_profiles, pairs.num_rows, stats[0], config.threshold,
             json.dumps(trained, default=str)],
        )  # fmt: skip
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    for table in ("_resolve_rp", "_resolve_profiles", "_resolve_base", "_resolve_new"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    return ResolveReport(
        run_id=int(run_id), records=records, profiles=n_profiles, pairs=pairs.num_rows,
        clusters=int(stats[0]),
        multi_record_clusters=int(stats[1]), largest_cluster=int(stats[2]), threshold=config.threshold,
        decisions_applied=applied,
        decision_conflicts=[
            f"merge {decision_nodes.get(a, a)} + {decision_nodes.get(b, b)}" for a, b in conflicts
        ],
        seconds=seconds, timings=clock.wall, cpu_timings=clock.cpu,
    )  # fmt: skip
