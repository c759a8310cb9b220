"""A small generated world, resolved once per session; tests that change it work on a copy.

The generator's smallest world still holds tens of thousands of transactions (planted networks must
stay below 0.5 % of records), so the tests resolve the parties of its first 2,000 records (about
5,000 party records): enough for training to find every comparison level, fast enough for a unit
test. The truth file covers every record, and scoring leaves out records that were not resolved.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from interdictor.generate import generate_world
from interdictor.resolve import ModelConfig, extract_transactions, latest_model, resolve
from interdictor.store import Store

SAMPLE_LINES = 2000


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate_world(200, 11, out, transactions=1000, workers=1)
    with (out / "transactions.jsonl").open("rb") as src, (out / "sample.jsonl").open("wb") as dst:
        for _, line in zip(range(SAMPLE_LINES), src, strict=False):
            dst.write(line)
    return out


@pytest.fixture(scope="session")
def resolved_db(small_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the sample's transaction parties extracted and resolved (model trained once)."""
    path = tmp_path_factory.mktemp("resolved") / "store.duckdb"
    with Store(path) as store:
        report = extract_transactions(store.con, small_world / "sample.jsonl")
        assert report.records > 4000 and not report.problems
        resolve(store.con, ModelConfig(threshold=0.99))
    return path


@pytest.fixture(scope="session")
def trained_model(resolved_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The model trained on the sample, to score other stores without training again."""
    copy = tmp_path_factory.mktemp("model") / "store.duckdb"
    shutil.copy(resolved_db, copy)
    with Store(copy) as store:
        model = latest_model(store.con)
    assert model is not None
    return model


@pytest.fixture
def resolved(resolved_db: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "store.duckdb"
    shutil.copy(resolved_db, copy)
    with Store(copy) as store:
        yield store
