"""Where things live: the store path comes from --db, then INTERDICTOR_DB, then a per-user default."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

__all__ = ["DB_ENV", "SHARED_DATA_ENV", "default_db_path", "resolve_db_path", "shared_data_dir"]

DB_ENV = "INTERDICTOR_DB"


def default_db_path() -> Path:
    """The per-user store, for example ~/.local/share/interdictor/interdictor.duckdb on Linux."""
    return Path(user_data_dir("interdictor", appauthor=False)) / "interdictor.duckdb"


def resolve_db_path(option: str | Path | None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


SHARED_DATA_ENV = "INTERDICTOR_SHARED_DATA"


def shared_data_dir() -> Path | None:
    """The public data folder beside a checkout (../shared/data), if there is one."""
    env = os.environ.get(SHARED_DATA_ENV)
    candidates = [Path(env)] if env else []
    candidates += [
        Path.cwd().parent / "shared" / "data",
        Path(__file__).resolve().parents[3] / "shared" / "data",
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None
