"""Load time and peak memory of the real lists, each in a fresh process, against a raw-parse floor.

Also timed: reading every entity back out of the store as FtM objects (what screening and
export do). The peer here is the floor any loader pays: parsing the same files with the standard library
(csv / defusedxml) and doing nothing else. `ratio_to_raw_parse` shows what normalising into
FollowTheMoney statements and storing versions costs on top. Targets (issue 2): SDN 2024 under
5 s, UN XML under 3 s, peak RSS under 1 GiB, on 2 cores.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import require_shared_data, write_results

LOAD = """
import json, resource, sys, time
from pathlib import Path
from interdictor.lists import read_list
from interdictor.store import Store
path, fmt, db = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
started, cpu_started = time.perf_counter(), time.process_time()
with Store(db) as store:  # closing the store (its last write to disk) is part of the load
    report = store.load(read_list(path, format=fmt))
seconds = time.perf_counter() - started
cpu_seconds = time.process_time() - cpu_started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
with Store(db, read_only=True) as store:
    read_back = sum(1 for _ in store.iter_entities())
read_back_seconds = time.perf_counter() - started
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu_seconds, "peak_rss_mib": rss,
                  "entities": report.version.entity_count,
                  "statements": report.version.statement_count, "read_back_seconds": read_back_seconds,
                  "read_back_entities": read_back}))
"""

RAW = """
import csv, json, resource, sys, time
from pathlib import Path
import defusedxml.ElementTree as ET
path = Path(sys.argv[1])
started = time.perf_counter()
rows = 0
files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
for file in files:
    if file.suffix == ".xml":
        rows += sum(1 for _ in ET.parse(str(file)).getroot().iter())
    else:
        with open(file, encoding="utf-8", newline="") as handle:
            rows += sum(1 for _ in csv.reader(handle))
seconds = time.perf_counter() - started
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "peak_rss_mib": rss, "rows": rows}))
"""

CASES = [
    ("sdn_2024", "lists/ofac/sdn-2024-05-03", "ofac-sdn-csv", 5.0),
    ("un_sc_2026", "lists/un/UN_consolidated_2026-02-27.xml", "un-sc-xml", 3.0),
    ("sdn_2021_set", "lists/ofac/sdn-2021-07-07", "ofac-sdn-csv", None),
    ("ofac_cons_2025", "lists/ofac/cons-2025-12-19", "ofac-cons-csv", None),
    ("bis_dpl_2022", "lists/bis/dpl_2022-09-07.txt", "bis-dpl-txt", None),
]


def _run(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    data = require_shared_data()
    figures: dict[str, dict[str, object]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, rel, fmt, target in CASES:
            path = data / rel
            ours = _run(LOAD, str(path), fmt, str(Path(tmp) / f"{name}.duckdb"))
            raw = _run(RAW, str(path))
            figures[name] = {
                "file": rel,
                "load_seconds": round(ours["seconds"], 3),
                "load_cpu_seconds": round(ours["cpu_seconds"], 3),
                "peak_rss_mib": round(ours["peak_rss_mib"], 1),
                "entities": ours["entities"],
                "statements": ours["statements"],
                "entities_per_second": round(ours["entities"] / ours["seconds"]),
                "read_back_seconds": round(ours["read_back_seconds"], 3),
                "raw_parse_seconds": round(raw["seconds"], 3),
                "ratio_to_raw_parse": round(ours["seconds"] / raw["seconds"], 1),
                "target_seconds": target,
                "meets_target": None
                if target is None
                else ours["seconds"] < target and ours["peak_rss_mib"] < 1024,
            }
    write_results("lists", {"loads": figures})


if __name__ == "__main__":
    main()
