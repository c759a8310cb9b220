"""The catalogue is complete (every flag of REDFLAGS.md), valid against its schema, and ids are unique."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest

from interdictor.flags import PREDICATES, default_catalogue
from interdictor.flags.catalogue import SCHEMA_FILE, raw_entries

REDFLAGS = Path(__file__).resolve().parents[4] / "shared" / "domain" / "REDFLAGS.md"


def test_every_entry_validates_against_the_schema() -> None:
    validator = jsonschema.Draft202012Validator(json.loads(SCHEMA_FILE.read_text()))
    problems = [
        f"{name} {e.get('id')}: {err.message}"
        for name, e in raw_entries()
        for err in validator.iter_errors(e)
    ]
    assert problems == []


def test_ids_unique_and_ninety_flags() -> None:
    ids = [entry["id"] for _, entry in raw_entries()]
    assert len(ids) == len(set(ids)) == 90


@pytest.mark.skipif(not REDFLAGS.is_file(), reason="../shared/domain/REDFLAGS.md is not present")
def test_every_flag_of_redflags_md_is_catalogued() -> None:
    expected = set(re.findall(r"^\| ((?:ORD|FIN|SHP|EU|NET)-\d{2}) \|", REDFLAGS.read_text(), re.M))
    assert len(expected) == 90
    assert expected == set(default_catalogue().by_id)


def test_rules_cite_registered_predicates() -> None:
    for flag in default_catalogue():
        if flag.rule and flag.rule.predicate:
            assert flag.rule.predicate in PREDICATES, flag.id


def test_predicate_docstrings_present_and_distinct() -> None:
    docs = [func.__doc__ for func in PREDICATES.values()]
    assert all(docs) and len(set(docs)) == len(docs)


def test_at_least_sixty_executable_rules() -> None:
    assert sum(f.executable for f in default_catalogue()) >= 60


def test_reference_loader_reads_shared_csvs_when_present() -> None:
    from interdictor.flags.reference import load_reference, shared_countries_folder

    folder = shared_countries_folder()
    if folder is None:
        pytest.skip("../shared/data/countries is not present")
    ref = load_reference(shared=folder)
    assert (
        ref.version.endswith("+shared")
        and "GE" in ref.get("transshipment_hubs")
        and "IR" in ref.get("fatf_listed")
    )
