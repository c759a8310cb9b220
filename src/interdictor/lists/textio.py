"""Reading the text of official list files: encodings, DOS end-of-file marks, CSV rows with lines.

Official files are mostly ASCII or UTF-8, sometimes with a byte-order mark, and OFAC's end
with a DOS end-of-file byte (0x1A). A file that is not valid in the expected encoding is
refused with the line where decoding failed and a hint, rather than silently mis-decoded:
a name garbled on the way in is a name the screener will never find.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from pathlib import Path

from interdictor.lists.base import ReadContext

__all__ = ["iter_csv_rows", "read_text"]

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_text(path: Path, ctx: ReadContext) -> str:
    """The decoded text of `path`, or a rejection naming the line that does not decode."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ctx.reject(f"cannot read the file: {exc.strerror or exc}", file=path) from exc
    raw = raw.rstrip(b"\x1a")
    encoding = ctx.encoding
    if encoding is None:
        encoding = "utf-8"
        for bom, name in _BOMS:
            if raw.startswith(bom):
                encoding = name
                break
    if b"\x00" in raw[:4096] and not encoding.startswith("utf-16"):
        raise ctx.reject(
            "the file holds NUL bytes: it is binary, or text in an encoding such as UTF-16 without a mark",
            file=path,
            line=raw[: raw.index(b"\x00")].count(b"\n") + 1,
            hint="pass --encoding utf-16 if it is UTF-16 text",
        )
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        bad = raw[exc.start : exc.start + 4].hex(" ")
        raise ctx.reject(
            f"not valid {encoding} text: bytes {bad} at byte {exc.start}",
            file=path,
            line=line,
            hint="if the file is Latin-1 or Windows-1252, load it with --encoding cp1252",
        ) from exc
    except LookupError as exc:
        raise ctx.reject(f"unknown encoding {encoding!r}", file=path) from exc


def iter_csv_rows(
    text: str, ctx: ReadContext, path: Path, *, delimiter: str = ","
) -> Iterator[tuple[int, list[str]]]:
    """(first line number, fields) for each non-blank row; a broken quote becomes a problem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            ctx.problem(
                f"malformed CSV ({exc}); the file may be truncated",
                file=path,
                line=line,
            )
            return
        start, line = line, reader.line_num + 1
        if not row or all(not cell.strip() for cell in row):
            continue
        yield start, row
