"""Find the reader for a file and read it: the front door of the lists capability."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from interdictor.exc import FormatNotRecognised, InputRejected, Problem, UsageError
from interdictor.lists.base import ListReader, ParsedList, ReadContext, published_from_filename, readers

__all__ = ["detect_reader", "read_list"]

_HEAD_BYTES = 8192


def _head(path: Path) -> bytes:
    if path.is_dir():
        return b""
    try:
        with path.open("rb") as handle:
            return handle.read(_HEAD_BYTES)
    except OSError as exc:
        raise InputRejected(f"{path}: cannot read the file", [Problem(str(path), str(exc))]) from exc


def detect_reader(path: Path, format: str = "auto") -> ListReader:
    """The reader for `path`: the one named by `format`, or the one whose sniff accepts the file."""
    available = readers()
    if format != "auto":
        if format not in available:
            names = ", ".join(sorted(available))
            raise UsageError(f"unknown list format {format!r}; known formats: {names}")
        return available[format]
    if not path.exists():
        raise UsageError(f"{path}: no such file or folder")
    head = _head(path)
    matches = [reader for reader in available.values() if reader.sniff(path, head)]
    if len(matches) == 1:
        return matches[0]
    names = ", ".join(sorted(available))
    if not matches:
        raise FormatNotRecognised(
            f"{path}: not a list format Interdictor reads",
            [
                Problem(
                    str(path),
                    "the file matches none of the known formats",
                    hint=f"use --format, one of {names}",
                )
            ],
        )
    found = ", ".join(reader.format for reader in matches)
    raise FormatNotRecognised(
        f"{path}: more than one format fits ({found})",
        [Problem(str(path), "ambiguous format", hint=f"choose one with --format ({found})")],
    )


def read_list(
    path: Path,
    *,
    format: str = "auto",
    list_name: str | None = None,
    published: date | None = None,
    encoding: str | None = None,
) -> ParsedList:
    """Open a list publication for loading; entities are read lazily as the store consumes them."""
    reader = detect_reader(path, format)
    ctx = ReadContext(
        path=path,
        list_name=list_name or reader.default_list_name(path),
        list_title=reader.title,
        encoding=encoding,
    )
    if published is not None:
        ctx.set_published(published, "user")
    else:
        ctx.set_published(published_from_filename(path), "filename")
    return ParsedList(
        list_name=ctx.list_name,
        format=reader.format,
        files=reader.files(path),
        entities=iter(reader.read(path, ctx)),
        context=ctx,
    )
