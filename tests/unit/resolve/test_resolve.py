"""Resolution on a small generated world: quality floor, stable ids, decisions winning, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from interdictor.exc import InputRejected, NotFound, UsageError
from interdictor.resolve import (
    ModelConfig,
    extract_store,
    extract_transactions,
    latest_model,
    pairwise_scores,
    record_decision,
    resolve,
)
from interdictor.resolve.cluster import Constraints, NodeKeys, cluster_nodes, inherit_ids
from interdictor.store import Store


def _clusters(store: Store) -> dict[str, str]:
    return dict(store.con.execute("SELECT record_id, cluster_id FROM resolve_clusters").fetchall())


def _rerun(store: Store) -> None:
    """Resolve again with the trained model of the previous run: what changes is data and decisions."""
    resolve(store.con, ModelConfig(threshold=0.99), model=latest_model(store.con))


def test_f1_above_floor(resolved: Store, small_world: Path) -> None:
    scores = pairwise_scores(resolved.con, small_world / "truth" / "entities.csv")
    assert scores.records > 4000
    assert scores.precision >= 0.93, scores
    assert scores.recall >= 0.93, scores
    assert scores.f1 >= 0.95, scores


def test_cluster_ids_are_stable_across_runs(resolved: Store) -> None:
    first = _clusters(resolved)
    _rerun(resolved)
    assert _clusters(resolved) == first


def test_decisions_win_over_the_model(resolved: Store) -> None:
    con = resolved.con
    big, _size = con.execute(
        "SELECT cluster_id, count(*) FROM resolve_clusters GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1"
    ).fetchone()  # type: ignore[misc]
    members = [r[0] for r in con.execute(
        "SELECT record_id FROM resolve_clusters WHERE cluster_id = ? ORDER BY record_id LIMIT 2", [big]
    ).fetchall()]  # fmt: skip
    other = con.execute(
        "SELECT record_id FROM resolve_clusters WHERE cluster_id <> ? ORDER BY record_id LIMIT 1", [big]
    ).fetchone()[0]  # type: ignore[index]
    record_decision(con, "split", members[0], members[1], author="test")
    record_decision(con, "merge", members[0], other, author="test")
    report = resolve(con, ModelConfig(threshold=0.99), model=latest_model(con))
    after = _clusters(resolved)
    assert after[members[0]] != after[members[1]]
    assert after[members[0]] == after[other]
    assert report.decisions_applied == 2
    # The larger part of the split cluster keeps its id.
    assert big in {after[members[0]], after[members[1]]}
    # A later merge on the same pair undoes the split.
    record_decision(con, "merge", members[1], members[0], author="test")
    _rerun(resolved)
    again = _clusters(resolved)
    assert again[members[0]] == again[members[1]] == again[other]


def test_isolating_split(resolved: Store) -> None:
    con = resolved.con
    big = con.execute(
        "SELECT cluster_id FROM resolve_clusters GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    ).fetchone()
    record = con.execute(
        "SELECT max(record_id) FROM resolve_clusters WHERE cluster_id = ?",
        [big[0]],  # type: ignore[index]
    ).fetchone()[0]  # type: ignore[index]
    record_decision(con, "split", record, author="test", reason="a namesake")
    _rerun(resolved)
    (count,) = con.execute(
        "SELECT count(*) FROM resolve_clusters WHERE cluster_id = (SELECT cluster_id FROM resolve_clusters"
        " WHERE record_id = ?)",
        [record],
    ).fetchone()  # type: ignore[misc]
    assert count == 1


def test_bad_decisions_are_refused(resolved: Store) -> None:
    with pytest.raises(NotFound):
        record_decision(resolved.con, "merge", "nope/p1", "nope/p2", author="test")
    with pytest.raises(UsageError):
        record_decision(resolved.con, "join", "a", "b", author="test")
    with pytest.raises(UsageError):
        record_decision(resolved.con, "merge", "a", author="test")


def test_bad_transaction_lines_are_reported_not_fatal(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "t.jsonl"
    path.write_text(
        '{"id": "ORD-1", "parties": [{"ref": "p1", "name": "Acme Trading LLC", "phone": "+971 4 555 0101"},'
        ' {"ref": "p2", "name": "ACME TRADING", "phone": "00971-4-5550101"}]}\n'
        "not json\n"
        '{"id": "ORD-2", "parties": "none"}\n'
        '{"id": "ORD-3", "parties": [{"name": "no ref"}, {"ref": "p1", "name": "Acme Trading L.L.C."}]}\n'
    )
    report = extract_transactions(store.con, path)
    assert report.records == 3
    assert [p.line for p in report.problems] == [2, 3, 4]
    result = resolve(store.con)
    assert result.records == 3


def test_unreadable_inputs_are_refused(store: Store, tmp_path: Path) -> None:
    with pytest.raises(InputRejected):
        extract_transactions(store.con, tmp_path / "missing.jsonl")
    junk = tmp_path / "junk.jsonl"
    junk.write_text("garbage\n" * 5)
    with pytest.raises(InputRejected) as info:
        extract_transactions(store.con, junk)
    assert len(info.value.problems) == 5
    with pytest.raises(InputRejected):
        resolve(store.con)


def test_store_lists_join_transaction_parties(
    store: Store, small_world: Path, trained_model: dict[str, Any]
) -> None:
    from interdictor.lists.load import read_list

    for name in ("entities.ftm.json", "sanctions.ftm.json"):
        store.load(read_list(small_world / name, format="ftm-json"))
    lists = extract_store(store.con)
    assert lists.records > 300
    sources = dict(store.con.execute("SELECT source, count(*) FROM resolve_records GROUP BY 1").fetchall())
    assert sum(sources.values()) == lists.records and all(s.startswith("list:") for s in sources)
    extract_transactions(store.con, small_world / "sample.jsonl")
    resolve(store.con, ModelConfig(threshold=0.99), model=trained_model)
    scores = pairwise_scores(store.con, small_world / "truth" / "entities.csv")
    assert scores.records > lists.records + 4000
    assert scores.f1 >= 0.95, scores
    (linked,) = store.con.execute(
        """SELECT count(DISTINCT c.cluster_id)
           FROM resolve_clusters c JOIN resolve_records r USING (record_id)
           WHERE r.source LIKE 'list:%' AND c.cluster_id IN (SELECT cluster_id FROM resolve_clusters
           JOIN resolve_records USING (record_id) WHERE source LIKE 'transactions:%')"""
    ).fetchone()  # type: ignore[misc]
    assert linked > 50


def test_split_stops_chaining() -> None:
    # 0-1-2 is a chain; a split of 0 and 2 keeps them apart, 1 joins the stronger side.
    labels, conflicts = cluster_nodes(
        3, np.array([0, 1]), np.array([1, 2]), np.array([0.999, 0.995]), Constraints(splits=[(0, 2)])
    )
    assert labels[0] == labels[1] != labels[2]
    assert conflicts == []


def test_conflicting_phones_stop_chaining() -> None:
    keys = NodeKeys.from_sets([{"p:1"}, set(), {"p:2"}])
    labels, _ = cluster_nodes(3, np.array([0, 1]), np.array([1, 2]), np.array([0.999, 0.995]), None, keys)
    assert labels[0] == labels[1] != labels[2]
    # The stronger pair wins: here 1-2 scores higher, so 0 is left out.
    labels, _ = cluster_nodes(3, np.array([0, 1]), np.array([1, 2]), np.array([0.995, 0.999]), None, keys)
    assert labels[0] != labels[1] == labels[2]


def test_shared_keys_do_not_stop_chaining() -> None:
    # Every node with a phone has the same one, and the web domains agree: one entity.
    keys = NodeKeys.from_sets([{"p:1", "d:x.com"}, set(), {"p:1"}, {"d:x.com", "p:1", "p:7"}])
    left, right = np.array([0, 1, 2]), np.array([1, 2, 3])
    labels, _ = cluster_nodes(4, left, right, np.array([0.999, 0.995, 0.991]), None, keys)
    assert len(set(labels.tolist())) == 1
    # A domain (or street) conflict stops a chain just as a phone conflict does.
    for a, b in (("d:x.com", "d:y.com"), ("s:de|30 hauptstrasse", "s:de|145 daimlerstrasse")):
        keys = NodeKeys.from_sets([{a}, set(), {b}, set()])
        labels, _ = cluster_nodes(4, left, right, np.array([0.999, 0.995, 0.991]), None, keys)
        assert labels[0] == labels[1] != labels[2] == labels[3]


def test_a_merge_decision_overrides_conflicting_keys() -> None:
    keys = NodeKeys.from_sets([{"p:1"}, {"p:2"}])
    labels, conflicts = cluster_nodes(
        2, np.array([0]), np.array([1]), np.array([0.999]), Constraints(merges=[(0, 1)]), keys
    )
    assert labels[0] == labels[1] and conflicts == []


def test_inherit_ids_keeps_the_larger_part() -> None:
    ids = inherit_ids([(0, "ent-a", 5), (1, "ent-a", 2)], {0: "ent-x", 1: "ent-y"}, {"ent-a"})
    assert ids == {0: "ent-a", 1: "ent-y"}


def test_small_blocking_windows_keep_quality(resolved: Store, small_world: Path) -> None:
    # Profiles sharing a key beyond the window size are compared within overlapping windows only:
    # far fewer pairs, the same entities (windows of 4 are much smaller than the default).
    before = resolved.con.execute("SELECT count(*) FROM resolve_edges").fetchone()[0]  # type: ignore[index]
    (largest,) = resolved.con.execute(
        "SELECT max(n) FROM (SELECT count(DISTINCT name_keys) n FROM resolve_records GROUP BY phones[1])"
    ).fetchone()  # type: ignore[misc]
    assert largest > 4
    report = resolve(
        resolved.con, ModelConfig(threshold=0.99, block_size=4), model=latest_model(resolved.con)
    )
    assert report.pairs < before
    scores = pairwise_scores(resolved.con, small_world / "truth" / "entities.csv")
    assert scores.f1 >= 0.95, scores


def _reference_clusters(
    n: int, pairs: list[tuple[int, int, float]], keys: list[set[str]]
) -> set[frozenset[int]]:
    """The plain definition: a pair of nodes with exactly one key of a kind each, different ones, is no
    link; the other pairs by descending score, refusing a union of two sets that both have keys of one
    kind (p, d, s) and share none of that kind."""

    def contradicts(a: int, b: int) -> bool:
        for kind in "pds":
            mine, theirs = {k for k in keys[a] if k[0] == kind}, {k for k in keys[b] if k[0] == kind}
            if len(mine) == len(theirs) == 1 and mine != theirs:
                return True
        return False

    sets = {i: ({i}, set(keys[i])) for i in range(n)}
    owner = list(range(n))
    links = [p for p in pairs if not contradicts(p[0], p[1])]
    for a, b, _ in sorted(links, key=lambda p: (-p[2], p[0], p[1])):
        ra, rb = owner[a], owner[b]
        if ra == rb:
            continue
        (ma, ka), (mb, kb) = sets[ra], sets[rb]
        kinds = {k[0] for k in ka} & {k[0] for k in kb}
        if any(not {k for k in ka if k[0] == kind} & kb for kind in kinds):
            continue
        sets[ra] = (ma | mb, ka | kb)
        for m in mb:
            owner[m] = ra
        del sets[rb]
    return {frozenset(m) for m, _ in sets.values()}


def test_conflict_aware_clustering_matches_its_plain_definition() -> None:
    rng = np.random.default_rng(7)
    for _ in range(30):
        n = 40
        keys = [
            {
                f"{kind}:{rng.integers(3)}"
                for kind in "pds"
                for _ in range(rng.integers(3))
                if rng.random() < 0.4
            }
            for _ in range(n)
        ]
        edges = {(int(a), int(b)) for a, b in rng.integers(0, n, (80, 2)) if a < b}
        pairs = [(a, b, float(s)) for (a, b), s in zip(sorted(edges), rng.random(len(edges)), strict=True)]
        left, right, score = (np.array(col) for col in zip(*pairs, strict=True))
        labels, _ = cluster_nodes(n, left, right, score, None, NodeKeys.from_sets(keys))
        got = {frozenset(np.flatnonzero(labels == label).tolist()) for label in set(labels.tolist())}
        assert got == _reference_clusters(n, pairs, keys)


def test_list_extraction_survives_batch_flushes(
    store: Store, small_world: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The writer flushes to the store every _BATCH records while the list rows are still being read:
    # the read must not share the connection's result with those writes.
    from interdictor.lists.load import read_list
    from interdictor.resolve import extract

    store.load(read_list(small_world / "entities.ftm.json", format="ftm-json"))
    whole = extract_store(store.con).records
    monkeypatch.setattr(extract, "_BATCH", 7)
    assert extract_store(store.con).records == whole
    (stored,) = store.con.execute(
        "SELECT count(*) FROM resolve_records WHERE source LIKE 'list:%'"
    ).fetchone()  # type: ignore[misc]
    assert stored == whole
