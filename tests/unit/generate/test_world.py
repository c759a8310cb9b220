"""The world generator: reproducibility, ratios, planted methods, truth consistency, valid output."""

from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

from interdictor.exc import InputRejected
from interdictor.generate import generate_world
from interdictor.generate.data import knowledge
from interdictor.lists import read_list
from interdictor.model import read_records
from interdictor.store import Store

FILES = (
    "transactions.jsonl",
    "entities.ftm.json",
    "sanctions.ftm.json",
    "truth/transactions.jsonl",
    "truth/entities.csv",
    "truth/networks.json",
    "manifest.json",
)


def _digest(folder: Path) -> dict[str, str]:
    return {name: hashlib.sha256((folder / name).read_bytes()).hexdigest() for name in FILES}


def _truth(world: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in (world / "truth" / "transactions.jsonl").open("rb")]


def test_same_seed_same_bytes_whatever_the_workers(world: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate_world(500, 11, again, workers=1)
    assert _digest(again) == _digest(world)


def test_different_seed_different_world(world: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    generate_world(200, 12, other, workers=2)
    assert _digest(other)["transactions.jsonl"] != _digest(world)["transactions.jsonl"]
    assert _digest(other)["entities.ftm.json"] != _digest(world)["entities.ftm.json"]


def test_legitimate_trade_dominates(world: Path) -> None:
    truth = _truth(world)
    planted = sum(1 for t in truth if t["planted"])
    assert planted > 0
    assert 1 - planted / len(truth) >= 0.99
    manifest = json.loads((world / "manifest.json").read_text())
    assert manifest["legitimate_share"] >= 0.99


def test_every_scheme_and_method_is_planted_in_a_small_world(world: Path) -> None:
    know = knowledge()
    truth = _truth(world)
    schemes = {t["scheme"] for t in truth if t["planted"]}
    assert schemes == set(know.schemes)
    methods = {m for t in truth if t["planted"] for m in t["methods"]}  # type: ignore[union-attr]
    expected = {m for s in know.schemes.values() for m in s.methods}
    assert expected <= methods | {
        m for n in json.loads((world / "truth/networks.json").read_text()) for m in n["methods"]
    }
    for scheme in know.schemes.values():
        for step, (step_methods, _) in scheme.steps.items():
            del step
            assert set(step_methods) <= expected


def test_truth_matches_records(world: Path) -> None:
    records = [json.loads(line) for line in (world / "transactions.jsonl").open("rb")]
    truth = _truth(world)
    assert [r["id"] for r in records] == [t["id"] for t in truth]
    assert len({r["id"] for r in records}) == len(records)
    dates = [r["date"] for r in records]
    assert dates == sorted(dates)
    for t in truth:
        if t["planted"]:
            assert t["network"] and t["scheme"] and t["step"]
        else:
            assert t["network"] is None and not t["methods"]
    networks = json.loads((world / "truth" / "networks.json").read_text())
    by_network = Counter(t["network"] for t in truth if t["planted"])
    assert {n["id"]: n["records"] for n in networks} == dict(by_network)


def test_entity_truth_covers_every_party_and_names_real_entities(world: Path) -> None:
    entity_ids = {json.loads(line)["id"] for line in (world / "entities.ftm.json").open("rb")}
    list_ids = {json.loads(line)["id"] for line in (world / "sanctions.ftm.json").open("rb")}
    rows = list(csv.DictReader((world / "truth" / "entities.csv").open(encoding="utf-8")))
    party_rows = {r["record_id"]: r["entity_id"] for r in rows if r["record_type"] == "party"}
    for row in rows:
        assert row["entity_id"] in entity_ids, row
        if row["record_type"] == "ftm":
            assert row["record_id"] in entity_ids | list_ids
    for line in (world / "transactions.jsonl").open("rb"):
        record = json.loads(line)
        for party in record["parties"]:
            assert f"{record['id']}/{party['ref']}" in party_rows
    # the same real company appears under several spellings across records
    names: dict[str, set[str]] = {}
    for line in (world / "transactions.jsonl").open("rb"):
        record = json.loads(line)
        for party in record["parties"]:
            names.setdefault(party_rows[f"{record['id']}/{party['ref']}"], set()).add(party["name"])
    assert max(len(v) for v in names.values()) >= 3


def test_records_validate_against_the_models(world: Path) -> None:
    problems = [r for r in read_records(world / "transactions.jsonl") if isinstance(r, InputRejected)]
    assert problems == []


def test_ftm_output_loads_into_the_store(world: Path, store: Store) -> None:
    for name in ("entities.ftm.json", "sanctions.ftm.json"):
        report = store.load(read_list(world / name, format="ftm-json", list_name=name.split(".")[0]))
        lines = sum(1 for _ in (world / name).open("rb"))
        assert report.version.entity_count == lines


def test_some_planted_parties_are_listed_most_not(world: Path) -> None:
    networks = json.loads((world / "truth" / "networks.json").read_text())
    members = {m["entity_id"] for n in networks for m in n["members"]}
    listed = {d["entity_id"] for n in networks for d in n["designated"]}
    assert listed and listed < members
    assert len(listed) / len(members) < 0.5


def test_goods_cover_all_threshold_bands(world: Path) -> None:
    bands = Counter(
        item["band"]
        for t in _truth(world)
        for item in t.get("items", [])  # type: ignore[attr-defined]
    )
    assert {"above", "just_below", "far_below", "not_listed"} <= set(bands)


def test_every_listed_member_leaves_a_trace(world: Path) -> None:
    """A member of truth/networks.json is named by a record, a relation, the sanctions list, or by
    name on a record: a member nothing shows could not be found by any analysis."""
    traced: set[str] = set()
    for row in csv.DictReader((world / "truth/entities.csv").open(encoding="utf-8")):
        if row["record_type"] == "party":
            traced.add(row["entity_id"])
    texts = (world / "transactions.jsonl").read_text(encoding="utf-8")
    for line in (world / "entities.ftm.json").open(encoding="utf-8"):
        entity = json.loads(line)
        if entity["schema"] not in ("Person", "Company", "PublicBody", "BankAccount", "Vessel"):
            traced.update(v for values in entity["properties"].values() for v in values)
    networks = json.loads((world / "truth/networks.json").read_text(encoding="utf-8"))
    for net in networks:
        listed = {d["entity_id"] for d in net["designated"]}
        for member in net["members"]:
            shown = member["entity_id"] in traced | listed or json.dumps(member["name"])[1:-1] in texts
            assert shown, f"{net['id']} {member['role']} {member['entity_id']} leaves no trace"
        assert any(m["role"] == "end_user" for m in net["members"])
