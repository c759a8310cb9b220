"""Batch files: queries and name pairs read from CSV, matches and scores written to CSV.

Every problem of an input file is collected (file, line, column, what was found, what was
expected) and reported at once, before anything is screened: a batch that silently dropped a
row would report a listed party as clear. Names of 10,000 characters are accepted and cut by the
scorer; control characters are read as spaces; an empty name, an unknown schema or country, a
malformed birth date, a missing column or a file that is not UTF-8 is a problem.

Output cells go through the spreadsheet formula guard of `interdictor.export` (`guard_cell`).
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from interdictor.exc import InputRejected, Problem
from interdictor.export import guard_cell
from interdictor.screening.entities import matchable_schemata
from interdictor.screening.explain import Explanation
from interdictor.screening.party import Party
from interdictor.screening.query import check_birth_date, check_name, normalise_country

__all__ = [
    "MATCH_COLUMNS",
    "BatchQuery",
    "NamePair",
    "explanation_text",
    "read_csv",
    "read_pairs",
    "read_queries",
    "write_rows",
]

MATCH_COLUMNS = ("id", "rank", "score", "entity_id", "matched_name", "list", "explanation")
#: Several values in one cell (countries, identifiers, birth dates) are separated by this.
SEPARATOR = ";"
_SCHEMA_HINT = "Person, Company, Organization, LegalEntity, Vessel, Airplane"


@dataclass(frozen=True)
class BatchQuery:
    """One row of a batch file: the caller's id, the line it came from, the query party."""

    id: str
    line: int
    party: Party


@dataclass(frozen=True)
class NamePair:
    line: int
    schema: str
    name1: str
    name2: str
    row: dict[str, str]


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputRejected(f"{path}: cannot read the file", [Problem(str(path), str(exc))]) from exc
    encoding = "utf-8-sig" if raw.startswith(codecs.BOM_UTF8) else "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        problem = Problem(
            str(path),
            f"not valid UTF-8: bytes {bad} at byte {exc.start}",
            line=line,
            hint="save the file as UTF-8 (in Excel: CSV UTF-8)",
        )
        raise InputRejected(f"{path}: the file is not UTF-8 text; nothing was screened", [problem]) from exc


def read_csv(
    path: Path, required: Iterable[str], optional: Iterable[str] = ()
) -> tuple[list[tuple[int, dict[str, str]]], list[Problem]]:
    """(line, row) for each data row, and the ragged rows as problems; a missing column is a rejection."""
    text = _decode(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lstrip("\ufeff").lower() for h in next(reader)]
    except StopIteration:
        raise InputRejected(
            f"{path}: the file is empty", [Problem(str(path), "no header row", line=1)]
        ) from None
    except csv.Error as exc:
        raise InputRejected(f"{path}: not a CSV file", [Problem(str(path), str(exc), line=1)]) from exc
    required = list(required)
    missing = [c for c in required if c not in header]
    if missing:
        known = ", ".join([*required, *optional])
        raise InputRejected(
            f"{path}: missing column(s) {', '.join(missing)}; nothing was screened",
            [
                Problem(
                    str(path),
                    f"the header has {', '.join(header) or 'no columns'}",
                    line=1,
                    hint=f"columns: {known}",
                )
            ],
        )
    problems: list[Problem] = []
    rows: list[tuple[int, dict[str, str]]] = []
    try:
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                problems.append(
                    Problem(str(path), f"{len(values)} fields where the header has {len(header)}", line=line)
                )
                continue
            rows.append((line, dict(zip(header, values, strict=True))))
    except csv.Error as exc:
        problems.append(Problem(str(path), f"broken CSV: {exc}", line=reader.line_num))
    return rows, problems


def _split(cell: str | None) -> list[str]:
    return [v.strip() for v in (cell or "").split(SEPARATOR) if v.strip()]


def read_queries(path: Path) -> list[BatchQuery]:
    """Queries of a batch file: columns id, name; optional schema, country, birth_date, identifier."""
    schemata = set(matchable_schemata())
    queries: list[BatchQuery] = []
    file = str(path)
    rows, problems = read_csv(path, ("id", "name"), ("schema", "country", "birth_date", "identifier"))
    for line, row in rows:
        where: list[Problem] = []
        if not row["id"].strip():
            where.append(Problem(file, "the id is empty", line=line, field="id"))
        issue = check_name(row["name"])
        if issue:
            where.append(Problem(file, issue, line=line, field="name"))
        schema = (row.get("schema") or "").strip() or "LegalEntity"
        if schema not in schemata:
            where.append(
                Problem(file, f"unknown schema {schema[:40]!r}", line=line, field="schema", hint=_SCHEMA_HINT)
            )
        countries: list[str] = []
        for value in _split(row.get("country")):
            code = normalise_country(value)
            if code is None:
                where.append(Problem(file, f"unknown country {value[:40]!r}", line=line, field="country",
                                     hint="an ISO code (IR) or an English name (Iran)"))  # fmt: skip
            else:
                countries.append(code)
        dates = _split(row.get("birth_date"))
        for value in dates:
            issue = check_birth_date(value)
            if issue:
                where.append(Problem(file, issue, line=line, field="birth_date"))
        problems.extend(where)
        if not where:
            party = Party([row["name"]], schema, countries, dates, _split(row.get("identifier")), row["id"])
            queries.append(BatchQuery(row["id"], line, party))
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise InputRejected(f"{path}: {len(problems)} problem(s); nothing was screened", problems)
    return queries


def read_pairs(path: Path) -> tuple[list[str], list[NamePair]]:
    """Header and pairs of a pairs file: columns name1, name2; optional schema (default LegalEntity)."""
    schemata = set(matchable_schemata())
    pairs: list[NamePair] = []
    header: list[str] = []
    file = str(path)
    rows, problems = read_csv(path, ("name1", "name2"), ("schema",))
    for line, row in rows:
        header = header or list(row)
        schema = (row.get("schema") or "").strip() or "LegalEntity"
        where = [
            Problem(file, issue, line=line, field=column)
            for column in ("name1", "name2")
            if (issue := check_name(row[column]))
        ]
        if schema not in schemata:
            where.append(
                Problem(file, f"unknown schema {schema[:40]!r}", line=line, field="schema", hint=_SCHEMA_HINT)
            )
        problems.extend(where)
        if not where:
            pairs.append(NamePair(line, schema, row["name1"], row["name2"], row))
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise InputRejected(f"{path}: {len(problems)} problem(s); nothing was scored", problems)
    return header, pairs


def explanation_text(explanation: Explanation) -> str:
    """The explanation on one line: each feature's contribution and its sentence."""
    return "; ".join(
        f"{f.name} {f.contribution:+.2f}" + (f" ({f.detail})" if f.detail else "")
        for f in explanation.features
    )


def write_rows(
    out: TextIO, header: Iterable[str], rows: Iterable[Iterable[object]], *, guard: bool = True
) -> int:
    """CSV with CRLF line ends (as spreadsheets expect); text cells pass the formula guard."""
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(header))
    count = 0
    for row in rows:
        cells = [guard_cell(c) if guard and isinstance(c, str) else c for c in row]
        writer.writerow(cells)
        count += 1
    return count
