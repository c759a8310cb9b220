"""The red-flag catalogue: one YAML file per stage in this folder, validated and loaded on first use.

`default_catalogue()` returns every flag of REDFLAGS.md as a `FlagSpec`, in catalogue order.
Problems are collected over all files and raised once (`ReferenceDataError`), each naming its file
and flag, so a broken edit shows every mistake in one run.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import yaml
from pydantic import ValidationError

from interdictor.exc import ReferenceDataError
from interdictor.flags.model import FlagSpec

__all__ = ["CATALOGUE_DIR", "SCHEMA_FILE", "Catalogue", "default_catalogue", "load_catalogue"]

CATALOGUE_DIR = Path(__file__).parent
SCHEMA_FILE = CATALOGUE_DIR / "flag.schema.json"
STAGE_FILES = ("ordering.yaml", "financing.yaml", "shipping.yaml", "end_use.yaml", "network.yaml")


class Catalogue:
    """Flags by id, in file order; ids are unique."""

    def __init__(self, flags: list[FlagSpec]) -> None:
        self.flags = flags
        self.by_id = {flag.id: flag for flag in flags}

    def __iter__(self) -> Any:
        return iter(self.flags)

    def __len__(self) -> int:
        return len(self.flags)

    def __getitem__(self, flag_id: str) -> FlagSpec:
        return self.by_id[flag_id]

    def select(self, *, stage: str | None = None, actor: str | None = None) -> list[FlagSpec]:
        return [
            f
            for f in self.flags
            if (stage is None or f.stage == stage) and (actor is None or actor in f.actors or actor == "GOV")
        ]


def raw_entries(folder: Path = CATALOGUE_DIR) -> list[tuple[str, dict[str, Any]]]:
    """(file name, entry) for every entry of every stage file, unvalidated."""
    out: list[tuple[str, dict[str, Any]]] = []
    for name in STAGE_FILES:
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        if not isinstance(data, list):
            raise ReferenceDataError(f"{folder / name}: expected a list of flags")
        out.extend((name, entry) for entry in data)
    return out


def load_catalogue(folder: Path = CATALOGUE_DIR) -> Catalogue:
    """Validate every entry against the JSON Schema and the model; raise once listing every problem."""
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    problems: list[str] = []
    flags: list[FlagSpec] = []
    seen: set[str] = set()
    for name, entry in raw_entries(folder):
        label = f"{name} {entry.get('id', '?')}" if isinstance(entry, dict) else name
        for error in validator.iter_errors(entry):
            path = ".".join(str(p) for p in error.absolute_path) or "(entry)"
            problems.append(f"{label}: {path}: {error.message}")
        try:
            flag = FlagSpec.model_validate(entry)
        except ValidationError as exc:
            problems.extend(f"{label}: {'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            continue
        if flag.id in seen:
            problems.append(f"{label}: id {flag.id} is used twice")
        seen.add(flag.id)
        flags.append(flag)
    if problems:
        raise ReferenceDataError(
            f"{len(problems)} problems in the red-flag catalogue:\n  " + "\n  ".join(problems)
        )
    return Catalogue(flags)


@cache
def default_catalogue() -> Catalogue:
    return load_catalogue()
