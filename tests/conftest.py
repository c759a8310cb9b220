"""Shared test fixtures: a fresh store per test, and the real public data in ../shared/data."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from interdictor.store import Store

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = Path(os.environ.get("INTERDICTOR_SHARED_DATA", ROOT.parent / "shared" / "data"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store(tmp_path / "test.duckdb") as opened:
        yield opened


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real lists; in CI their absence is a failure, elsewhere a skip with the reason."""
    if not SHARED_DATA.is_dir():
        message = f"real data folder {SHARED_DATA} is missing (set INTERDICTOR_SHARED_DATA)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return SHARED_DATA


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
