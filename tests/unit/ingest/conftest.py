"""Fixtures of the ingest tests: the folder of small documents written for them."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "ingest"


@pytest.fixture
def docs() -> Path:
    return FIXTURES
