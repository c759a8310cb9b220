"""Run the demo scenario against a store: the main job of Interdictor, end to end, in miniature."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from interdictor.assess import Assessment, assess
from interdictor.assess.screening import StoreScreening
from interdictor.exc import InputRejected
from interdictor.lists import read_list
from interdictor.model import Record, read_records
from interdictor.screening import Match, Screener
from interdictor.settings import shared_data_dir
from interdictor.store import ListDiff, LoadReport, Store

__all__ = ["DemoReport", "QueryResult", "run_demo"]


@dataclass
class QueryResult:
    name: str
    note: str
    hits: list[Match]


@dataclass
class DemoReport:
    loads: list[tuple[str, LoadReport]] = field(default_factory=list)
    missing_real_data: str | None = None
    diff: ListDiff | None = None
    indexed_entities: int = 0
    queries: list[QueryResult] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)


def _scenario() -> dict[str, Any]:
    text = resources.files("interdictor.demo").joinpath("scenario.yml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def run_demo(
    store: Store,
    *,
    data_dir: Path | None = None,
    on_step: Callable[[str], None] = lambda _: None,
) -> DemoReport:
    """Load the bundled and (when present) the real lists, diff two SDN versions, screen the queries,
    then assess the inquiry's order and payment as the exporter would."""
    scenario = _scenario()
    report = DemoReport()
    bundled = resources.files("interdictor.demo")
    for item in scenario["lists"]:
        with resources.as_file(bundled.joinpath(item["path"])) as path:
            on_step(f"loading bundled {item['list']}")
            published = date.fromisoformat(item["published"]) if "published" in item else None
            parsed = read_list(path, format=item["format"], list_name=item["list"], published=published)
            report.loads.append((str(item["path"]), store.load(parsed)))
    real = data_dir or shared_data_dir()
    if real is None:
        report.missing_real_data = (
            "no ../shared/data folder found (set INTERDICTOR_SHARED_DATA to use real lists)"
        )
    else:
        for item in scenario["real_lists"]:
            path = real / item["path"]
            if not path.exists():
                continue
            on_step(f"loading {path.name}")
            report.loads.append((str(path), store.load(read_list(path, format=item["format"]))))
        spec = scenario["diff"]
        if len(store.versions(spec["list"])) >= 2:
            on_step("comparing versions")
            report.diff = store.diff(spec["list"], spec["old"], spec["new"])
    on_step("building the screening index")
    screener = Screener.from_store(store)
    report.indexed_entities = len(screener.index)
    for query in scenario["queries"]:
        hits = screener.screen(query["name"], schema=query.get("schema"), limit=3)
        report.queries.append(QueryResult(query["name"], query["note"], hits))
    on_step("assessing the inquiry")
    records: list[Record] = []
    with resources.as_file(bundled.joinpath(scenario["inquiry"])) as path:
        for item in read_records(path):
            if isinstance(item, InputRejected):
                raise item  # the bundled file is ours: a bad line is a bug
            records.append(item)
    report.assessments = assess(records, as_actor="exporter", screening=StoreScreening(screener))
    return report
