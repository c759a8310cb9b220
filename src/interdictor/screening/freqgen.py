"""Compute the default token-frequency table from the real lists (`data/token_freq.json`).

    python -m interdictor.screening.freqgen ../shared/data/lists [OUTPUT]

Reads the names (primary and aliases) of OFAC SDN / consolidated CSV files, the UN consolidated
XML and the BIS Denied Persons list, tokenises them exactly as the scorer does, and keeps the tokens
seen in at least `MIN_DF` names: aggregate counts of ordinary words and common given names, not a
copy of any list. A store can compute its own table with `TokenFrequencies.from_token_lists`.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from defusedxml import ElementTree

from interdictor.screening.forms import Kind, name_tokens
from interdictor.screening.vocab import TokenFrequencies

__all__ = ["MIN_DF", "build_table", "iter_list_names"]

#: Tokens seen in fewer names are left out: they weigh 1.0 anyway, and rare tokens identify people.
MIN_DF = 5


def _ofac_csv(path: Path) -> Iterator[tuple[bool, str]]:
    """OFAC's legacy CSV: sdn.csv/cons_prim.csv (name, type) and alt.csv/cons_alt.csv (aliases)."""
    types: dict[str, bool] = {}
    for prim in sorted(path.glob("*.csv")):
        if prim.name not in ("sdn.csv", "cons_prim.csv"):
            continue
        with prim.open(encoding="latin-1", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) > 2:
                    person = row[2].strip() == "individual"
                    types[row[0].strip()] = person
                    yield person, row[1]
    for alt in sorted(path.glob("*.csv")):
        if alt.name not in ("alt.csv", "cons_alt.csv"):
            continue
        with alt.open(encoding="latin-1", newline="") as fh:
            for row in csv.reader(fh):
                if len(row) > 3 and row[0].strip() in types:
                    yield types[row[0].strip()], row[3]


def _un_xml(path: Path) -> Iterator[tuple[bool, str]]:
    tree = ElementTree.parse(str(path))
    root = tree.getroot()
    for tag, person in (("INDIVIDUAL", True), ("ENTITY", False)):
        for node in root.iter(tag):
            parts = [
                node.findtext(f) or "" for f in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")
            ]
            yield person, " ".join(p for p in parts if p)
            for alias in node.iter(f"{tag}_ALIAS"):
                text = alias.findtext("ALIAS_NAME")
                if text:
                    yield person, text


def _bis(path: Path) -> Iterator[tuple[bool, str]]:
    with path.open(encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            name = (row.get("Name") or "").strip()
            if name:
                yield False, name


def iter_list_names(root: Path) -> Iterator[tuple[bool, str]]:
    """(is_person, name) for every primary name and alias found under `root`."""
    for folder in sorted((root / "ofac").glob("*")):
        if folder.is_dir():
            yield from _ofac_csv(folder)
    for xml in sorted((root / "un").glob("*.xml")):
        yield from _un_xml(xml)
    for txt in sorted((root / "bis").glob("*.txt")):
        yield from _bis(txt)


def build_table(root: Path, min_df: int = MIN_DF) -> TokenFrequencies:
    """Token document frequencies over every distinct name in the lists under `root`."""
    seen: set[tuple[bool, str]] = set()
    persons: list[list[str]] = []
    others: list[list[str]] = []
    for person, name in iter_list_names(root):
        key = (person, name.strip().casefold())
        if not key[1] or key in seen:
            continue
        seen.add(key)
        tokens, _ = name_tokens(name, Kind.PERSON if person else Kind.ORG)
        (persons if person else others).append(tokens)
    table = TokenFrequencies.from_token_lists(persons, others, min_df=min_df)
    table.source = "OFAC SDN and consolidated CSV, UN consolidated XML, BIS Denied Persons"
    return table


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    root = Path(argv[0])
    default_out = Path(__file__).parent / "data" / "token_freq.json"
    out = Path(argv[1]) if len(argv) > 1 else default_out
    table = build_table(root)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(table.to_json(), ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"{out}: {len(table.person)} person and {len(table.other)} other tokens", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
