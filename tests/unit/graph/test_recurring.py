"""NET-12 over assessed deals: a trading firm in several deals the red-flag rules rated high on their own
records, within 24 months and out of proportion to its business, is a recurring facilitator.

The deals are assessed for real (`assess` with the store), as `interdictor assess --store` does before
`graph build`; nothing is written into the assessment table by hand.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from interdictor.assess import assess
from interdictor.assess.history import RecordHistory
from interdictor.graph import Finding, build_graph, findings
from interdictor.model import parse_record
from interdictor.store import Store

BASE: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "flags" / "base_deal.json").read_text()
)
BUYER = "Nordwerk Maschinenbau GmbH"  # buyer, end user, consignee and payer of the base deal
FIRM = "Kestrel Crest Trading FZE"


def _deal(i: int, date: str, *, firm_type: str, flagged: bool) -> list[dict[str, Any]]:
    """The base deal as deal `i` on `date`, bought by FIRM; `flagged` adds facts that rate it high (a
    trading end use, payment in gold, delivery to Iran)."""
    records = copy.deepcopy(BASE)
    for record in records:
        record["id"] = f"{record['id']}-{i}"
        record["date"] = date
        if "order_ref" in record:
            record["order_ref"] = f"O1-{i}"
        for party in record["parties"]:
            if party["name"] == BUYER:
                party["name"] = FIRM
                if party.get("type"):
                    party["type"] = firm_type
    if flagged:
        records[0]["end_use"] = "trading"
        records[4]["instrument"] = "gold"
        records[3]["legs"][0]["destination"]["country"] = "IR"
    return records


def _net12(tmp_path: Path, deals: list[list[dict[str, Any]]]) -> list[Finding]:
    with Store(tmp_path / "store.duckdb") as store:
        history = RecordHistory(store.con)
        for deal in deals:
            assess([parse_record(r) for r in deal], store=history)
        build_graph(store)
        return [f for f in findings(store.con) if f.method == "recurring_facilitators"]


def test_a_trading_firm_in_three_flagged_deals_within_two_years(tmp_path: Path) -> None:
    dates = ["2022-01-10", "2022-09-10", "2023-05-10"]
    found = _net12(tmp_path, [_deal(i, d, firm_type="trading", flagged=True) for i, d in enumerate(dates)])
    assert [f.subjects[0].label for f in found] == [FIRM]
    finding = found[0]
    assert finding.flag_id == "NET-12" and "3 flagged deals within 24 months" in finding.message
    # the path names each flagged deal's record the firm took part in, with its evidence
    assert len(finding.paths) == 3 and all(p[0].evidence.ref for p in finding.paths)


@pytest.mark.parametrize(
    ("firm_type", "dates", "clean"),
    [
        ("manufacturer", ["2022-01-10", "2022-09-10", "2023-05-10"], 0),  # not a facilitator
        ("trading", ["2020-01-10", "2021-03-10", "2022-05-10"], 0),  # 28 months apart
        ("trading", ["2022-01-10", "2022-09-10", "2023-05-10"], 8),  # 3 of 11 deals: its business
    ],
)
def test_no_recurring_facilitator(tmp_path: Path, firm_type: str, dates: list[str], clean: int) -> None:
    deals = [_deal(i, d, firm_type=firm_type, flagged=True) for i, d in enumerate(dates)]
    for i in range(clean):
        deals.append(_deal(10 + i, f"2022-0{1 + i % 8}-20", firm_type=firm_type, flagged=False))
    assert _net12(tmp_path, deals) == []
