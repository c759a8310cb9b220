"""Scoring families, network findings, verdict caches, the HTML report and the spreadsheet template."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from interdictor.assess import assess
from interdictor.assess.network import NetworkFinding, NetworkFindings, PathStep
from interdictor.assess.report import render_html
from interdictor.assess.score import default_scoring, score
from interdictor.assess.screening import StoreScreening, listed_identifiers
from interdictor.flags.model import FlagResult, Outcome
from interdictor.model import parse_record
from interdictor.model.tabular import read_table, safe_cell, write_template

BASE: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "flags" / "base_deal.json").read_text()
)


def _fired(flag_id: str, severity: str) -> FlagResult:
    return FlagResult(
        flag_id=flag_id, flag_version=1, title=flag_id, severity=severity, outcome=Outcome.FIRED, ask="?"
    )  # type: ignore[arg-type]


def test_one_fact_seen_four_times_counts_once_plus_corroboration() -> None:
    family = [_fired(f, s) for f, s in (("ORD-14", "M"), ("ORD-15", "H"), ("SHP-01", "H"), ("EU-03", "H"))]
    risk = score(family)
    assert risk.total == 5 + default_scoring().corroboration_cap
    assert sum(c.weight for c in risk.contributions) == risk.total
    assert risk.band == "medium"
    independent = score([_fired("ORD-15", "H"), _fired("FIN-01", "H")])
    assert independent.total == 10 and independent.band == "high"


def test_three_distinct_medium_facts_corroborate_to_high() -> None:
    """Freelance payouts: a personal account (FIN-06), the IT-worker payout pattern (FIN-20) and a phone of
    another country (ORD-11) are three independent facts: high. Two such facts, or three with a poorly
    indicative one (a hub call, 1 point), or one fact seen three times, stay medium."""
    across = score([_fired("FIN-06", "M"), _fired("FIN-20", "M"), _fired("ORD-11", "M")])
    assert across.total == 6 and across.band == "high"
    assert any("corroborated" in r for r in across.reasons)
    assert score([_fired("FIN-06", "M"), _fired("FIN-20", "M")]).band == "low"
    weak = score([_fired("FIN-06", "M"), _fired("ORD-09", "M"), _fired("SHP-05", "M")])
    assert weak.band == "medium"
    same_fact = score([_fired("ORD-14", "M"), _fired("SHP-01", "H"), _fired("FIN-06", "M")])
    assert same_fact.band == "medium"
    fairness = score([_fired("FIN-06", "M"), _fired("ORD-09", "M"), _fired("ORD-25", "L")])
    assert fairness.band != "high"


def test_override_weight_states_its_reason() -> None:
    risk = score([_fired("SHP-05", "M")])
    assert risk.contributions[0].weight == 1 and "hub" in (risk.contributions[0].note or "")


def test_network_finding_fires_its_flag_with_the_path() -> None:
    records = [parse_record(r) for r in BASE]
    finding = NetworkFinding(
        flag_id="NET-02",
        record_id=records[0].id,
        party_ref=records[0].parties[0].ref,
        party_id="cluster-7",
        message="buyer shares a phone with a designated party",
        path=[PathStep(node="cluster-7", edge="shares_phone"), PathStep(node="sdn-1", label="Designated Co")],
    )
    result = assess(records, network=NetworkFindings([finding], covers={"NET-01", "NET-02"}))[0]
    fired = {f.flag_id: f for f in result.fired}
    assert "NET-02" in fired and "Designated Co" in fired["NET-02"].evidence[0].condition
    assert "NET-01" in result.clear and "NET-01" not in [q.flag_id for q in result.questions]
    assert any(c.flag_id == "NET-02" and c.weight == 5 for c in result.risk.contributions)


class _Screener:
    def __init__(self, lists: str) -> None:
        self.manifest = type("M", (), {"lists": [{"list_name": lists}]})()
        self.calls = 0

    def screen(self, name: str, **_: Any) -> list[Any]:
        self.calls += 1
        return []


def test_screening_cache_is_per_party_and_emptied_by_new_lists() -> None:
    records = [parse_record(r) for r in BASE]
    first = _Screener("v1")
    source = StoreScreening(first)
    assess(records, screening=source)
    calls = first.calls
    assess(records, screening=source)
    assert first.calls == calls  # every party came from the cache
    second = _Screener("v2")
    source.use(second)
    assess(records, screening=source)
    assert second.calls == calls  # new list versions: screened again


def test_payment_to_a_listed_wallet_is_a_list_match_whatever_the_payee_is_called() -> None:
    """A sanctions list names a designated unit's wallet (FtM CryptoWallet); a payout to that address is
    ORD-01 with the account number as evidence, though the payee's name matches nothing."""
    wallet = "0x84404ba6a01fc7ac26213bd50e656c9413e5bba2"
    entities = [
        {"id": "u1", "schema": "Organization", "properties": {"name": ["Atlas Electronic Army"]}},
        {"id": "u1-w", "schema": "CryptoWallet", "properties": {"publicKey": [wallet], "holder": ["u1"]}},
    ]
    listed = listed_identifiers(entities)
    records = [parse_record(r) for r in BASE]
    payment = next(r for r in records if r.kind == "payment")
    payee = next(p for p in payment.parties if p.role.value == "beneficiary")
    assert payee.account is not None
    payee.account.number, payee.account.iban = wallet.upper(), None
    source = StoreScreening(_Screener("v1"), identifiers=listed)
    fired = {f.flag_id: f for a in assess(records, screening=source) for f in a.fired}
    assert "ORD-01" in fired
    evidence = fired["ORD-01"].evidence[0]
    assert evidence.field.endswith("account.number") and "Atlas Electronic Army" in evidence.message
    assert not any(
        a.fired
        for a in assess(
            [parse_record(r) for r in BASE], screening=StoreScreening(_Screener("v1"), identifiers=listed)
        )
        if any(f.flag_id == "ORD-01" for f in a.fired)
    )


def test_html_report_escapes_input_and_shows_contributions(tmp_path: Path) -> None:
    data = json.loads(json.dumps(BASE))
    data[0]["end_use"] = "trading <script>alert(1)</script>"
    page = render_html(assess([parse_record(r) for r in data]))
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert "ORD-02" in page and "Recommended actions" in page


def test_template_round_trip_and_row_errors(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.csv", "csv")
    rows = list(csv.reader(path.open(encoding="utf-8")))
    bad = dict(zip(rows[0], rows[1], strict=True)) | {
        "id": "ORD-2",
        "item1.quantity": "-1",
        "buyer.role": "x",
    }
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow([bad.get(c, "") for c in rows[0]])
    found = list(read_table(path))
    assert found[0].id == "ORD-2026-001"  # type: ignore[union-attr]
    problem = found[1].problems[0]  # type: ignore[union-attr]
    assert problem.line == 3 and problem.field == "item1.quantity"
    book = write_template(tmp_path / "t.xlsx", "xlsx")
    assert [r.id for r in read_table(book)] == ["ORD-2026-001"]  # type: ignore[union-attr]


def test_safe_cell_defuses_formulas() -> None:
    assert safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and safe_cell("ACME") == "ACME"


class _BatchScreener(_Screener):
    """A screener with a batch search: one call screens many parties."""

    def __init__(self, lists: str) -> None:
        super().__init__(lists)
        self.batches: list[int] = []

    def screen_many(self, queries: Any, batch: int = 256) -> Any:
        queries = list(queries)
        self.batches.append(len(queries))
        match = type("Match", (), {"entity_id": "e1", "list_name": "l", "matched_name": "X", "score": 0.9})
        return [[match()] if "Nordwerk" in " ".join(q.names) else [] for q in queries]


def test_a_batch_screens_its_distinct_parties_in_one_batch_search() -> None:
    records = [parse_record(r) for r in BASE]
    screener = _BatchScreener("v1")
    result = assess(records, screening=StoreScreening(screener))[0]
    distinct = {(p.name, p.country) for r in records for p in r.parties}
    assert screener.calls == 0 and screener.batches == [len(distinct)]
    assert "ORD-01" in [f.flag_id for f in result.fired]


def test_the_store_gives_the_wallets_its_newest_lists_name(tmp_path: Path) -> None:
    from interdictor.assess.screening import listed_identifiers_in_store
    from interdictor.lists import read_list
    from interdictor.store import Store

    wallet = "0x84404ba6a01fc7ac26213bd50e656c9413e5bba2"
    entities = [
        {"id": "u1", "schema": "Organization", "properties": {"name": ["Atlas Electronic Army"]}},
        {"id": "u1-w", "schema": "CryptoWallet", "properties": {"publicKey": [wallet], "holder": ["u1"]}},
    ]
    source = tmp_path / "list.ftm.json"
    source.write_text("".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8")
    with Store(tmp_path / "s.duckdb") as store:
        store.load(read_list(source, format="ftm-json"))
        found = listed_identifiers_in_store(store.con)
    assert found[wallet][0] == "u1" and "Atlas Electronic Army" in found[wallet][2]
