"""Assessed records are kept in the store; a later batch's history rules see them; audit rows append."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from interdictor.assess import assess
from interdictor.assess.history import RecordHistory
from interdictor.model import parse_record
from interdictor.store import Store

BASE: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "flags" / "base_deal.json").read_text()
)


def test_denied_licence_in_the_store_fires_eu07_on_a_later_batch(tmp_path: Path) -> None:
    denied = copy.deepcopy(BASE[2])
    denied.update(id="L0", date="2020-01-01", order_ref=None, decision={"outcome": "denied"})
    with Store(tmp_path / "s.duckdb") as store:
        kept = RecordHistory(store.con)
        first = assess([parse_record(denied)], store=kept)
        assert kept.count() == 1 and first[0].deal_id == "L0"
        later = assess([parse_record(r) for r in BASE], store=kept)
        assert "EU-07" in [f.flag_id for f in later[0].fired]
        assert kept.count() == 6
        again = assess([parse_record(r) for r in BASE], store=kept)
        assert kept.count() == 6, "a record sent again replaces its row"
        audit = kept.audit(again[0].deal_id)
        assert len(audit) == 2 and audit[-1]["fired"] == ["EU-07"]


def test_stored_records_round_trip(tmp_path: Path) -> None:
    records = [parse_record(r) for r in BASE]
    with Store(tmp_path / "s.duckdb") as store:
        kept = RecordHistory(store.con)
        kept.save(records)
        back = kept.window(records[0].date, records[-1].date)
    assert [r.model_dump() for r in back] == [
        r.model_dump() for r in sorted(records, key=lambda r: (r.date, r.id))
    ]
