"""Helpers shared by the benchmarks: where the data is, writing results as JSON, a world's list screening."""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from interdictor.assess import StoreScreening

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
SHARED_DATA = Path(os.environ.get("INTERDICTOR_SHARED_DATA", HERE.parent.parent / "shared" / "data"))


def require_shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        sys.exit(f"benchmark needs the public data folder {SHARED_DATA} (set INTERDICTOR_SHARED_DATA)")
    return SHARED_DATA


def write_results(name: str, figures: dict[str, Any]) -> Path:
    RESULTS.mkdir(exist_ok=True)
    payload = {
        "benchmark": name,
        "run_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        **figures,
    }
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(payload, indent=2))
    return path


def sanctions_screening(world: Path, db: Path) -> StoreScreening:
    """Party screening against a generated world's sanctions list, loaded alone into the store `db`
    (the registry is not a restricted-party list), with the wallets and accounts the list names."""
    from interdictor.assess import StoreScreening
    from interdictor.assess.screening import listed_identifiers_in_store, listed_places_in_store
    from interdictor.lists import read_list
    from interdictor.screening import Screener
    from interdictor.store import Store

    with Store(db) as store:
        store.load(read_list(world / "sanctions.ftm.json", format="ftm-json"))
    with Store(db, read_only=True) as store:
        screener = Screener.from_store(store, persist=False)
        identifiers = listed_identifiers_in_store(store.con)
        places = listed_places_in_store(store.con)
    return StoreScreening(screener, identifiers=identifiers, places=places)
