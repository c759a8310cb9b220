"""A small generated world, resolved once per session; tests that change it work on a copy."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from interdictor.generate import generate_world
from interdictor.resolve import ModelConfig, extract_transactions, resolve
from interdictor.store import Store


@pytest.fixture(scope="session")
def small_world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world")
    generate_world(200, 11, out, transactions=1000, workers=1)
    return out


@pytest.fixture(scope="session")
def resolved_db(small_world: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store with the small world's transaction parties extracted and resolved (model trained once)."""
    path = tmp_path_factory.mktemp("resolved") / "store.duckdb"
    with Store(path) as store:
        report = extract_transactions(store.con, small_world / "transactions.jsonl")
        assert report.records > 1000 and not report.problems
        resolve(store.con, ModelConfig(threshold=0.99))
    return path


@pytest.fixture
def resolved(resolved_db: Path, tmp_path: Path) -> Iterator[Store]:
    copy = tmp_path / "store.duckdb"
    shutil.copy(resolved_db, copy)
    with Store(copy) as store:
        yield store
