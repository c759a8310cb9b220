"""Batch classification files: read `id,description[,hs_code,destination]`, write the verdicts.

The input is checked completely before anything is classified, and every problem (a missing column,
a row with too many fields, an empty or repeated id, bytes that are not UTF-8) is reported with its
file, line and column in one `InputRejected`. Output cells that a spreadsheet would run as a formula
(starting with = + - @, a tab or a carriage return) get a leading apostrophe: descriptions come from
customers, and a CSV opened in Excel must not execute them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from interdictor.exc import InputRejected, Problem
from interdictor.goods.engine import GoodsItem
from interdictor.goods.model import Classification

__all__ = ["INPUT_COLUMNS", "OUTPUT_COLUMNS", "csv_safe", "output_row", "read_items", "write_results"]

INPUT_COLUMNS = ("id", "description", "hs_code", "destination")
REQUIRED = ("id", "description")
OUTPUT_COLUMNS = ("id", "status", "entries", "near_entries", "parameters", "explanation")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HINT = "the first line must be a header: id,description[,hs_code,destination]"


def csv_safe(value: str) -> str:
    """Neutralise a cell a spreadsheet would evaluate as a formula (CSV injection)."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputRejected(
            f"{name} is UTF-16",
            [Problem(name, "the file is UTF-16 text", line=1, hint="save it as UTF-8 (CSV UTF-8 in Excel)")],
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        raise InputRejected(
            f"{name} is not valid UTF-8",
            [
                Problem(
                    name,
                    f"bytes {bad} at column {column} are not UTF-8",
                    line=line,
                    hint="save the file as UTF-8 (CSV UTF-8 in Excel); convert Latin-1 or Windows-1252 files",
                )
            ],
        ) from exc


def read_items(source: Path | TextIO | bytes, name: str | None = None) -> list[GoodsItem]:
    """All rows of a batch file, or one InputRejected naming every problem with its line and column."""
    if isinstance(source, Path):
        name = name or str(source)
        try:
            text = _decode(source.read_bytes(), name)
        except OSError as exc:
            raise InputRejected(f"cannot read {name}", [Problem(name, exc.strerror or str(exc))]) from exc
    elif isinstance(source, bytes):
        name = name or "<input>"
        text = _decode(source, name)
    else:
        name = name or "<stdin>"
        text = source.read()
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    header: list[str] | None = None
    items: list[GoodsItem] = []
    seen: dict[str, int] = {}
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(
                Problem(name, f"malformed CSV: {exc}", line=line, hint="check the quotes on this line")
            )
            break
        start, line = line, reader.line_num + 1
        if not row or all(not cell.strip() for cell in row):
            continue
        if header is None:
            header = [cell.strip().lower().lstrip("\ufeff") for cell in row]
            for column in REQUIRED:
                if column not in header:
                    problems.append(
                        Problem(name, f"missing column {column!r}", line=start, field=column, hint=_HINT)
                    )
            for position, column in enumerate(header, start=1):
                if column not in INPUT_COLUMNS:
                    problems.append(
                        Problem(
                            name,
                            f"unknown column {column!r} (column {position})",
                            line=start,
                            field=column,
                            hint=_HINT,
                        )
                    )
            if problems:
                break
            continue
        if len(row) != len(header):
            problems.append(
                Problem(
                    name,
                    f"{len(row)} fields where the header has {len(header)}",
                    line=start,
                    hint="quote descriptions that contain commas",
                )
            )
            continue
        values = dict(zip(header, row, strict=True))
        item_id = values["id"].strip()
        if not item_id:
            problems.append(Problem(name, "empty id", line=start, field="id"))
            continue
        if item_id in seen:
            problems.append(
                Problem(name, f"id {item_id!r} repeats line {seen[item_id]}", line=start, field="id")
            )
            continue
        seen[item_id] = start
        items.append(
            GoodsItem(
                item_id,
                values["description"],
                (values.get("hs_code") or "").strip() or None,
                (values.get("destination") or "").strip() or None,
            )
        )
    if header is None and not problems:
        problems.append(Problem(name, "the file is empty", line=1, hint=_HINT))
    if problems:
        raise InputRejected(f"{len(problems)} problem(s) in {name}; nothing was classified", problems)
    return items


def output_row(item_id: str, result: Classification) -> list[str]:
    """One output row: codes `;`-separated, parameters as name=text, reasons joined by ' | '."""
    parameters = "; ".join(f"{p.parameter}={p.text}" for p in result.parameters if p.text)
    cells = [
        item_id,
        result.status.value,
        ";".join(result.codes("entries")),
        ";".join(result.codes("near_entries")),
        parameters,
        " | ".join(result.reasons),
    ]
    return [csv_safe(cell) for cell in cells]


def write_results(
    rows: Iterable[tuple[str, Classification]], out: TextIO, progress: Callable[[], None] | None = None
) -> Iterator[Classification]:
    """Write the header and one row per result; yields each result so callers can count verdicts."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(OUTPUT_COLUMNS)
    for item_id, result in rows:
        writer.writerow(output_row(item_id, result))
        if progress is not None:
            progress()
        yield result
