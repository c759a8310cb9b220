"""The official list sources as data: `sources.yml`, its JSON Schema, and choosing what to fetch.

Addresses change (OFAC moved its files to the Sanctions List Service in 2024) and lists are
added; keeping them in a reviewed YAML file, checked against `sources.schema.json` whenever it
is read, makes either a one-line change. `--sources FILE` reads another file of the same shape:
a mirror inside a closed network, or a server on loopback in tests.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

import jsonschema
import yaml

from interdictor.exc import ReferenceDataError, UsageError

__all__ = [
    "SourceFileSpec",
    "SourceSpec",
    "load_sources",
    "select_sources",
    "sources_schema",
    "validate_sources",
]

_BUNDLED = "interdictor/lists/sources.yml"


class SourceFileSpec(TypedDict):
    """One file of a source, as written in sources.yml."""

    url: str
    filename: str
    sha256: NotRequired[str]


# Functional form: a `list` field in class syntax would shadow the builtin in `files: list[...]`.
SourceSpec = TypedDict(  # noqa: UP013  (`list` is a field name)
    "SourceSpec",
    {
        "name": str,
        "list": str,
        "format": str,
        "title": str,
        "publisher": str,
        "homepage": NotRequired[str],
        "licence": str,
        "enabled": NotRequired[bool],
        "max_size_mb": NotRequired[int],
        "files": list[SourceFileSpec],
    },
)


def sources_schema() -> dict[str, Any]:
    """The JSON Schema every sources file must satisfy."""
    text = resources.files("interdictor.lists").joinpath("sources.schema.json").read_text("utf-8")
    return cast(dict[str, Any], json.loads(text))


def _json_path(path: Sequence[Any]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def validate_sources(data: object) -> list[str]:
    """Every problem in a parsed sources file, each starting with its JSON path; empty if fine."""
    validator = jsonschema.Draft202012Validator(sources_schema())
    problems = [
        f"{_json_path(error.absolute_path)}: {error.message}"
        for error in sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])
    ]
    if not problems and isinstance(data, dict):
        seen: set[str] = set()
        for index, source in enumerate(data["sources"]):
            if source["name"] in seen:
                problems.append(f"sources[{index}].name: {source['name']!r} is used by an earlier source")
            seen.add(source["name"])
    return problems


def load_sources(path: Path | None = None) -> list[SourceSpec]:
    """The sources in `path`, or the bundled official ones; a file with any problem is refused whole."""
    where = str(path) if path is not None else _BUNDLED
    try:
        if path is None:
            text = resources.files("interdictor.lists").joinpath("sources.yml").read_text("utf-8")
        else:
            text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{where}: cannot read the sources file: {exc}") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ReferenceDataError(f"{where}: not valid YAML: {exc}") from exc
    problems = validate_sources(data)
    if problems:
        listing = "\n  ".join(problems)
        raise ReferenceDataError(f"{where}: {len(problems)} problem(s) in the sources file\n  {listing}")
    return cast(list[SourceSpec], data["sources"])


def select_sources(
    sources: Sequence[SourceSpec], names: Sequence[str] = (), *, include_disabled: bool = False
) -> list[SourceSpec]:
    """The sources to fetch: the named ones (in the order given) or all enabled ones.

    A disabled source is off for a reason (usually its licence), so naming it is not enough:
    `--include-disabled` is the explicit acknowledgement.
    """
    by_name = {source["name"]: source for source in sources}
    unknown = [name for name in names if name not in by_name]
    if unknown:
        raise UsageError(
            f"unknown source {', '.join(map(repr, unknown))}; known sources: {', '.join(by_name)}"
        )
    chosen = [by_name[name] for name in dict.fromkeys(names)] if names else list(sources)
    if include_disabled:
        return chosen
    for source in chosen:
        if names and not source.get("enabled", True):
            raise UsageError(
                f"source {source['name']!r} is disabled by default ({source['licence'].strip()})"
                "; add --include-disabled to fetch it"
            )
    return [source for source in chosen if source.get("enabled", True)]
