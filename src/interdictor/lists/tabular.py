"""Delimited list files with a header row (BIS DPL, trade.gov CSL): the header check and the rows.

The publishers add, rename and drop columns over the years. A column we do not know may hold
data we would silently drop, a missing one data we would silently lack, and a row with the
wrong number of fields has its values under the wrong columns; each is a problem naming the
file, the line and the column, with the expected columns as the hint. Reading goes on after a
problem so that one run shows them all.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from interdictor.lists.base import ReadContext
from interdictor.lists.textio import iter_csv_rows, read_text

__all__ = ["Record", "check_header", "header_of", "read_records"]

#: (line number, {column: cell}); columns missing from the file are absent from the dict
Record = tuple[int, dict[str, str]]


def header_of(head: bytes, delimiter: str) -> list[str]:
    """The column names on the first line of `head`, for `sniff`: quotes and spaces stripped."""
    first = head.lstrip(b"\xef\xbb\xbf").split(b"\n", 1)[0].decode("utf-8", "replace")
    return [cell.strip().strip('"').strip() for cell in first.rstrip("\r").split(delimiter)]


def check_header(
    columns: Sequence[str],
    known: Sequence[str],
    required: Sequence[str],
    ctx: ReadContext,
    path: Path,
    line: int = 1,
) -> None:
    """Report unknown, duplicated and missing columns, listing the expected ones."""
    expected = f"expected columns: {', '.join(known)}"
    for position, column in enumerate(columns, start=1):
        if column not in known:
            shown = repr(column) if column else "(no name)"
            ctx.problem(
                f"unknown column {shown} at position {position}: its values would be lost",
                file=path,
                line=line,
                field=column or f"#{position}",
                hint=f"the format has changed or this is another list; {expected}",
            )
        elif columns.index(column) != position - 1:
            ctx.problem(f"column {column!r} appears twice", file=path, line=line, field=column, hint=expected)
    missing = [column for column in required if column not in columns]
    if missing:
        ctx.problem(
            f"missing column(s): {', '.join(missing)}",
            file=path,
            line=line,
            field=missing[0],
            hint=expected,
        )


def read_records(
    path: Path,
    ctx: ReadContext,
    *,
    delimiter: str,
    known: Sequence[str],
    required: Sequence[str],
) -> Iterator[Record]:
    """The data rows of a delimited file as dicts keyed by column, after checking the header."""
    rows = iter_csv_rows(read_text(path, ctx), ctx, path, delimiter=delimiter)
    first = next(rows, None)
    if first is None:
        raise ctx.reject("the file is empty: it has no header row", file=path, line=1)
    header_line, header = first
    columns = [cell.strip().lstrip("\ufeff") for cell in header]
    check_header(columns, known, required, ctx, path, header_line)
    for line, cells in rows:
        if len(cells) != len(columns):
            ctx.problem(
                f"the row has {len(cells)} fields where the header has {len(columns)}",
                file=path,
                line=line,
                hint="a delimiter or quote inside a value that is not quoted, or a cut-off line",
            )
            continue
        yield line, dict(zip(columns, cells, strict=True))
