"""A small world shared by the generator tests (generated once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest

from interdictor.generate import generate_world


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("world") / "w"
    generate_world(500, 11, out, workers=2)
    return out
