"""yente's screening benchmark on the real UN list: a quick sample (the full run is in make bench).

Bars of issue 3: recall >= 0.99 on the clean UN positives, >= 0.95 on the typo versions, at most
1 alert per 1,000 negatives. Here: every positive row (683 + 683) and 2,000 of the 100,000
negatives (the first 1,000 of each file).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from interdictor.lists import read_list
from interdictor.screening import Screener, yente
from interdictor.store import Store

pytestmark = pytest.mark.realdata

UN_FILE = "lists/un/UN_consolidated_2026-02-27.xml"


@pytest.fixture(scope="module")
def screener(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Screener]:
    path = tmp_path_factory.mktemp("yente") / "un.duckdb"
    with Store(path) as store:
        store.load(read_list(shared_data / UN_FILE, format="un-sc-xml"))
    with Store(path, read_only=True) as store:
        yield Screener.from_store(store)


@pytest.fixture(scope="module")
def fixtures(shared_data: Path) -> Path:
    return shared_data / "namematch" / "yente"


def test_positives_clean_and_with_typos(screener: Screener, fixtures: Path) -> None:
    clean = yente.read_people(fixtures / "positives_un_untreated.csv")
    typo = yente.read_people(fixtures / "positives_un_treated.csv")
    expected = yente.expected_entities(screener, clean)
    # 3 rows name people who are not on this version of the UN list: they count as misses.
    assert sum(1 for e in expected if not e) <= 5
    found_clean = yente.evaluate_positives(screener, clean, expected)
    found_typo = yente.evaluate_positives(screener, typo, expected)
    assert found_clean.rate >= 0.99, found_clean.misses
    assert found_typo.rate >= 0.95, found_typo.misses
    assert found_typo.candidate_rate >= found_typo.rate


def test_negatives_rarely_alert(screener: Screener, fixtures: Path) -> None:
    people = [
        *yente.read_people(fixtures / "negatives_global.csv")[:1000],
        *yente.read_people(fixtures / "negatives_us.csv")[:1000],
    ]
    result = yente.evaluate_negatives(screener, people)
    assert result.hits <= 2, result.misses  # 1 per 1,000
