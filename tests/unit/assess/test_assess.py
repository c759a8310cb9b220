"""Assessment: deals grouped by references, score rows recombine, ORD-25 never counts alone, actors differ."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from interdictor.assess import assess
from interdictor.flags.deal import ScreeningHit
from interdictor.model import Party, Record, parse_record

BASE: list[dict[str, Any]] = json.loads(
    (Path(__file__).resolve().parents[1] / "flags" / "base_deal.json").read_text()
)


def _records(edit: object = None) -> list[Record]:
    data = copy.deepcopy(BASE)
    if callable(edit):
        edit(data)
    return [parse_record(r) for r in data]


def test_contributions_recombine_to_the_score() -> None:
    def edit(d: list[dict]) -> None:  # type: ignore[type-arg]
        d[0]["end_use"] = "trading"
        d[4]["instrument"] = "gold"
        d[3]["legs"][0]["destination"]["country"] = "IR"

    result = assess(_records(edit))[0]
    assert result.risk.total == sum(c.weight for c in result.risk.contributions)
    assert result.risk.band == "high"


def test_ord25_alone_never_raises_the_case() -> None:
    def edit(d: list[dict]) -> None:  # type: ignore[type-arg]
        d[0]["parties"][0]["nationality"] = "IR"

    result = assess(_records(edit))[0]
    assert [f.flag_id for f in result.fired] == ["ORD-25"]
    assert result.risk.total == 0 and result.risk.band == "none"


class _Lists:
    def matches(self, record: Record, party: Party) -> list[ScreeningHit]:
        if party.role.value == "beneficiary":
            return [ScreeningHit(record.id, party.ref, "X1", "test_list", party.name, 0.97)]
        return []


def test_screening_hit_fires_ord01_and_escalates() -> None:
    result = assess(_records(), screening=_Lists())[0]
    assert [f.flag_id for f in result.fired] == ["ORD-01"]
    assert result.risk.band == "high"
    assert result.screening is not None and any(s.matches for s in result.screening)


def test_conduct_band_leaves_list_matches_out() -> None:
    """The graph reads the conduct band as "flagged deal" (NET-12); it judges list matches itself, so a
    namesake hit alone must not flag the deal there, while the deal's own facts still do."""
    listed = assess(_records(), screening=_Lists())[0]
    assert listed.risk.band == "high" and listed.conduct_band == "none"

    def edit(d: list[dict]) -> None:  # type: ignore[type-arg]
        d[0]["end_use"] = "trading"
        d[4]["instrument"] = "gold"
        d[3]["legs"][0]["destination"]["country"] = "IR"

    both = assess(_records(edit), screening=_Lists())[0]
    assert "ORD-01" in {f.flag_id for f in both.fired} and both.conduct_band == "high"


def test_actor_sees_only_its_flags_and_own_actions() -> None:
    bank = assess(_records(), as_actor="bank")[0]
    exporter = assess(_records(), as_actor="exporter")[0]
    ids_bank = {f.flag_id for f in bank.not_evaluable + bank.questions} | set(bank.clear)
    assert "FIN-07" in ids_bank and "ORD-08" not in ids_bank
    assert bank.actions[0] != exporter.actions[0]


def test_goods_verdict_per_line() -> None:
    result = assess(_records())[0]
    assert [(g.record_id, g.line) for g in result.goods] == [("O1", 1), ("L1", 1)]


def test_stated_parameters_decide_the_goods_verdict() -> None:
    """A description without the deciding figure stays undecided; the line's stated parameters (a data
    sheet's values) complete it."""

    def edit(d: list[dict]) -> None:  # type: ignore[type-arg]
        d[0]["items"][0].update(
            description="High vacuum pump, inlet 400 mm, 16.6 m^3/s nitrogen", hs_code="8414.10"
        )

    bare = assess(_records(edit))[0].goods[0]
    assert bare.status == "insufficient_data"

    def with_parameters(d: list[dict]) -> None:  # type: ignore[type-arg]
        edit(d)
        d[0]["items"][0]["parameters"] = [{"name": "ultimate_pressure", "value": 5.0, "unit": "mPa"}]

    stated = assess(_records(with_parameters))[0].goods[0]
    assert stated.status == "controlled" and "2B231" in stated.entries
    assert stated.description == "High vacuum pump, inlet 400 mm, 16.6 m^3/s nitrogen"
