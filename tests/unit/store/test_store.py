"""The store keeps every version, answers which version held what, and loads atomically."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from interdictor.exc import BackendUnavailable, InputRejected, NotFound, ReferenceDataError, UsageError
from interdictor.lists import read_list
from interdictor.store import Store


def _load(store: Store, path: Path, published: str) -> int:
    report = store.load(read_list(path, published=date.fromisoformat(published)))
    assert not report.skipped
    return report.version.version_id


def test_versions_record_publication_hash_and_counts(store: Store, fixtures: Path) -> None:
    v1 = _load(store, fixtures / "lists/ftm/v1.ftm.json", "2024-01-01")
    versions = store.versions()
    assert [v.version_id for v in versions] == [v1]
    version = versions[0]
    assert version.list_name == "v1"
    assert version.published == date(2024, 1, 1)
    assert version.published_source == "user"
    assert version.entity_count == 3
    assert len(version.sha256) == 64


def test_same_file_twice_is_skipped_unless_forced(store: Store, fixtures: Path) -> None:
    path = fixtures / "lists/ftm/v1.ftm.json"
    first = store.load(read_list(path))
    again = store.load(read_list(path))
    assert again.skipped and again.version.version_id == first.version.version_id
    forced = store.load(read_list(path), force=True)
    assert not forced.skipped and forced.version.version_id != first.version.version_id
    assert (forced.added, forced.removed, forced.changed) == (0, 0, 0)


def test_diff_between_versions(store: Store, fixtures: Path) -> None:
    v1 = _load(store, fixtures / "lists/ftm/v1.ftm.json", "2024-01-01")
    report = store.load(
        read_list(fixtures / "lists/ftm/v2.ftm.json", list_name="v1", published=date(2024, 2, 1))
    )
    assert (report.added, report.removed, report.changed) == (2, 1, 1)
    diff = store.diff("v1", str(v1), "latest")
    assert {e.entity_id for e in diff.added} == {"demo-lotus", "demo-link"}
    assert [e.entity_id for e in diff.removed] == ["demo-karimi"]
    [changed] = diff.changed
    assert changed.entity_id == "demo-zenith"
    assert [(c.prop, c.added, c.removed) for c in changed.changes] == [("alias", ["Zenith Precision"], [])]
    # versions can be named by publication date and by position
    assert store.diff("v1", "2024-01-01", "2024-02-01").added == diff.added
    assert store.diff("v1", "latest~1", "latest").removed == diff.removed


def test_entity_history_and_provenance(store: Store, fixtures: Path) -> None:
    _load(store, fixtures / "lists/ftm/v1.ftm.json", "2024-01-01")
    store.load(read_list(fixtures / "lists/ftm/v2.ftm.json", list_name="v1", published=date(2024, 2, 1)))
    karimi = store.entity("demo-karimi")
    [span] = karimi.listed_in
    assert span.versions == 1 and not span.in_latest
    assert all(not s.current for s in karimi.statements)
    zenith = store.entity("demo-zenith")
    alias = next(s for s in zenith.statements if s.prop == "alias")
    name = next(s for s in zenith.statements if s.prop == "name")
    assert alias.first_seen is not None and alias.first_seen.date() == date(2024, 2, 1)
    assert name.first_seen is not None and name.first_seen.date() == date(2024, 1, 1)
    assert name.last_seen is not None and name.last_seen.date() == date(2024, 2, 1)
    country = next(s for s in zenith.statements if s.prop == "country")
    assert country.value == "ae"
    lotus = store.entity("demo-lotus")
    [relation] = lotus.relations
    assert relation.schema_name == "UnknownLink" and relation.role == "subject"
    assert relation.other_id == "demo-zenith" and relation.details["role"] == ["Linked To"]


def test_relisting_shows_as_two_spans(store: Store, fixtures: Path) -> None:
    v1, v2 = fixtures / "lists/ftm/v1.ftm.json", fixtures / "lists/ftm/v2.ftm.json"
    for path, day in ((v1, "2024-01-01"), (v2, "2024-02-01"), (v1, "2024-03-01")):
        store.load(read_list(path, list_name="demo", published=date.fromisoformat(day)), force=True)
    spans = store.entity("demo-karimi").listed_in
    assert [(s.first_as_of.month, s.last_as_of.month) for s in spans] == [(1, 1), (3, 3)]
    assert spans[-1].in_latest


def test_out_of_order_load_keeps_first_and_last_seen(store: Store, fixtures: Path) -> None:
    store.load(read_list(fixtures / "lists/ftm/v2.ftm.json", list_name="demo", published=date(2024, 2, 1)))
    store.load(read_list(fixtures / "lists/ftm/v1.ftm.json", list_name="demo", published=date(2024, 1, 1)))
    name = next(s for s in store.entity("demo-zenith").statements if s.prop == "name")
    assert name.first_seen is not None and name.first_seen.date() == date(2024, 1, 1)
    assert name.last_seen is not None and name.last_seen.date() == date(2024, 2, 1)
    # the newest publication, not the last load, is the current version
    assert store.count_entities("demo") == 4


def test_failed_load_leaves_store_unchanged(store: Store, fixtures: Path) -> None:
    _load(store, fixtures / "lists/ftm/v1.ftm.json", "2024-01-01")
    before = store.con.execute("SELECT count(*) FROM statements").fetchone()
    with pytest.raises(InputRejected) as info:
        store.load(read_list(fixtures / "lists/ftm/bad_lines.ftm.json"))
    message = str(info.value)
    assert "bad_lines.ftm.json, line 2, field 'schema'" in message and "Spaceship" in message
    assert "line 3, field 'properties.warpSpeed'" in message
    assert "line 4" in message and "not a JSON object" in message
    assert [v.list_name for v in store.versions()] == ["v1"]
    assert store.con.execute("SELECT count(*) FROM statements").fetchone() == before


def test_iter_entities_round_trips_statements(store: Store, fixtures: Path) -> None:
    _load(store, fixtures / "lists/ftm/v2.ftm.json", "2024-02-01")
    entities = {e.id: e for e in store.iter_entities()}
    assert set(entities) == {"demo-zenith", "demo-orion", "demo-lotus", "demo-link"}
    assert entities["demo-orion"].get("imoNumber") == ["IMO9187629"]
    assert sorted(entities["demo-zenith"].get("alias")) == ["Zenith Precision"]


def test_unknown_entity_and_version(store: Store, fixtures: Path) -> None:
    with pytest.raises(NotFound):
        store.entity("nope")
    _load(store, fixtures / "lists/ftm/v1.ftm.json", "2024-01-01")
    with pytest.raises(NotFound):
        store.diff("v1", "99", "latest")
    with pytest.raises(UsageError):
        store.diff("v1", "yesterday", "latest")
    with pytest.raises(NotFound):
        store.diff("no_such_list", "1", "latest")


def test_store_with_another_layout_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as opened:
        opened.con.execute("UPDATE store_meta SET value = '0' WHERE key = 'layout'")
    with pytest.raises(ReferenceDataError, match="layout 0"):
        Store(path)


def test_a_file_that_is_not_a_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not-a-store.duckdb"
    path.write_text("hello")
    with pytest.raises(BackendUnavailable):
        Store(path)
