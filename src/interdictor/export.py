"""Export the store's entities as FollowTheMoney JSON lines or as a flat CSV.

FtM JSON lines is the lossless exchange format: OpenSanctions, Aleph and `interdictor lists load
--format ftm-json` read it back, relations and address entities included. The CSV is for the
spreadsheets compliance teams already keep: one row per entity, a fixed set of columns, several
values in one cell joined with "; ". It is a view for people, not a second exchange format: a
value that itself holds "; " cannot be told apart from two values.

Both formats stream: entities come from `Store.iter_entities` in batches and each is written
as soon as it is read, so memory does not grow with the store.

Spreadsheet formula injection (OWASP "CSV Injection", ASVS 1.2.10): a list entry named
`=HYPERLINK("http://evil", "click")` would become a live formula when the CSV is opened in
Excel, LibreOffice or Google Sheets. Every cell whose first character is one of `= + - @`, tab,
carriage return, line feed, NUL, or their full-width forms is prefixed with a single quote,
which spreadsheets take as "this is text" and do not display. Legitimate leading minus signs
are not exempted: this export has no numeric columns (dates are ISO text), and a value such as
`-2+3+cmd|' /C calc'!A0` starts with a minus too, so an exemption would only open a hole.
`guard=False` (CLI `--no-formula-guard`) turns the guard off for programs that read the CSV.
"""

from __future__ import annotations

import csv
import json
import os
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from followthemoney import StatementEntity, registry

from interdictor.exc import NotFound, UsageError
from interdictor.store import Store

__all__ = [
    "CSV_COLUMNS",
    "ExportFormat",
    "Selection",
    "csv_row",
    "export_entities",
    "ftm_line",
    "guard_cell",
    "open_output",
    "select_entities",
]

ExportFormat = Literal["ftm", "csv"]
Advance = Callable[[int], None]

CSV_COLUMNS = (
    "id",
    "schema",
    "name",
    "aliases",
    "birth_date",
    "countries",
    "addresses",
    "identifiers",
    "programs",
    "lists",
    "first_seen",
    "last_seen",
)
JOINER = "; "
_FORMULA_TRIGGERS = frozenset("=+-@\t\r\n\0\uff1d\uff0b\uff0d\uff20")
_ALIAS_PROPS = ("name", "alias", "weakAlias", "previousName")
_PROGRAM_PROPS = ("program", "programId")


def guard_cell(value: str) -> str:
    """The cell as a spreadsheet will show it as text, never run it as a formula."""
    if value and value[0] in _FORMULA_TRIGGERS:
        return "'" + value
    return value


def _values(entity: StatementEntity, props: Iterable[str]) -> list[str]:
    """Values of the given properties (those the schema has), sorted so exports are repeatable."""
    return sorted({value for prop in props for value in entity.get(prop, quiet=True)})


def csv_row(entity: StatementEntity, *, guard: bool = True) -> list[str]:
    """One CSV row, in the order of `CSV_COLUMNS`."""
    caption = entity.caption
    aliases = [name for name in _values(entity, _ALIAS_PROPS) if name != caption]
    identifiers = [
        f"{prop.name}: {value}"
        for prop, value in entity.itervalues()
        if prop.type == registry.identifier and prop.name not in _PROGRAM_PROPS
    ]
    cells = [
        entity.id or "",
        entity.schema.name,
        caption,
        JOINER.join(aliases),
        JOINER.join(_values(entity, ("birthDate",))),
        JOINER.join(sorted(entity.get_type_values(registry.country))),
        JOINER.join(_values(entity, ("address",))),
        JOINER.join(sorted(set(identifiers))),
        JOINER.join(_values(entity, _PROGRAM_PROPS)),
        JOINER.join(sorted(entity.datasets)),
        entity.first_seen or "",
        entity.last_seen or "",
    ]
    return [guard_cell(cell) for cell in cells] if guard else cells


def ftm_line(entity: StatementEntity) -> str:
    """One FtM JSON line; lists are sorted so two exports of the same data are byte-identical."""
    data: dict[str, Any] = entity.to_dict()
    data["properties"] = {prop: sorted(values) for prop, values in sorted(data["properties"].items())}
    for key in ("referents", "datasets"):
        if key in data:
            data[key] = sorted(data[key])
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


@dataclass(frozen=True)
class Selection:
    """Which entities to export, and how many there are (for the progress bar)."""

    description: str
    count: int
    list_name: str | None = None
    version_id: int | None = None

    def entities(self, store: Store) -> Iterator[StatementEntity]:
        return store.iter_entities(self.list_name, version_id=self.version_id)


def select_entities(store: Store, list_name: str | None = None, version: str | None = None) -> Selection:
    """The newest version of every list, of one list, or one version.

    `version` is a version number, or, with `list_name`, anything `lists diff` accepts (a
    publication date, `latest~1`). An unknown list is an error rather than an empty export, so
    a typo does not pass for "nothing listed".
    """
    if list_name is not None and list_name not in store.list_names():
        known = ", ".join(store.list_names()) or "none loaded yet"
        raise NotFound(f"no list {list_name!r} in the store (lists: {known})")
    if version is not None:
        if list_name is not None:
            chosen = store.resolve_version(list_name, version)
        elif version.strip().isdigit():
            chosen = store.version(int(version))
        else:
            raise UsageError(f"--version {version!r}: give a version number, or add --list to use a date")
        return Selection(
            f"{chosen.list_name} version {chosen.version_id}",
            chosen.entity_count,
            version_id=chosen.version_id,
        )
    if list_name is not None:
        return Selection(f"{list_name}, newest version", store.count_entities(list_name), list_name=list_name)
    return Selection("newest version of every list", store.count_entities())


def export_entities(
    entities: Iterable[StatementEntity],
    out: TextIO,
    format: ExportFormat,
    *,
    guard: bool = True,
    advance: Advance | None = None,
) -> int:
    """Write entities to `out` in `format`; returns how many were written."""
    count = 0
    if format == "csv":
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(CSV_COLUMNS)
        for entity in entities:
            writer.writerow(csv_row(entity, guard=guard))
            count += 1
            if advance is not None:
                advance(1)
    elif format == "ftm":
        for entity in entities:
            out.write(ftm_line(entity) + "\n")
            count += 1
            if advance is not None:
                advance(1)
    else:
        raise UsageError(f"unknown export format {format!r}; use ftm or csv")
    return count


@contextmanager
def open_output(target: Path | str, *, bom: bool = False) -> Iterator[TextIO]:
    """A text stream to `target` (`-` for stdout).

    A file is written under a temporary name and renamed when complete, so an export that fails
    or is interrupted never leaves a truncated file that looks finished.
    """
    if str(target) == "-":
        if bom:
            sys.stdout.write("\ufeff")
        yield sys.stdout
        sys.stdout.flush()
        return
    path = Path(target)
    if not path.parent.is_dir():
        raise UsageError(f"--output {path}: the folder {path.parent} does not exist")
    if path.is_dir():
        raise UsageError(f"--output {path}: is a folder; give a file name")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            if bom:
                out.write("\ufeff")
            yield out
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
