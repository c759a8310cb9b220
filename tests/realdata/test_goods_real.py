"""Goods classification against the real HS 2022 nomenclature in ../shared/data/hs."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdictor.goods import classify, default_catalogue
from interdictor.goods.hs import HsNomenclature

pytestmark = pytest.mark.realdata


@pytest.fixture(scope="module")
def nomenclature(shared_data: Path) -> HsNomenclature:
    path = shared_data / "hs" / "harmonized-system.csv"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return HsNomenclature.from_csv(path)


def test_nomenclature_holds_the_hs_2022_subheadings(nomenclature: HsNomenclature) -> None:
    assert len(nomenclature.descriptions) > 6000
    assert nomenclature.lookup("880622")[0]  # HS 2022: unmanned aircraft
    assert nomenclature.lookup("852581")[0]  # HS 2022: high-speed cameras


def test_every_catalogue_hs_heading_exists_in_hs_2022(nomenclature: HsNomenclature) -> None:
    missing = []
    for entry in default_catalogue().entries.values():
        for code in entry.hs:
            digits = code.replace(".", "")
            if digits not in nomenclature.descriptions:
                missing.append(f"{entry.id}: {code}")
    assert not missing


def test_declared_code_is_checked_against_the_real_nomenclature(
    nomenclature: HsNomenclature, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("interdictor.goods.engine.hs_nomenclature", lambda: nomenclature)
    result = classify(
        "Capacitance manometer 0-10 Torr, accuracy 0.25 % of reading, Inconel", hs_code="9026.20"
    )
    assert result.hs is not None and result.hs.known and result.hs.consistent
    assert "pressure" in (result.hs.description or "").lower()
    odd = classify("Capacitance manometer 0-10 Torr, accuracy 0.25 % of reading, Inconel", hs_code="6109.10")
    assert odd.hs is not None and odd.hs.known and odd.hs.consistent is False
    assert odd.status.value == "controlled"
