"""OFAC's CSV sets: the SDN list (sdn.csv and siblings) and the consolidated non-SDN list (cons_*.csv).

Both are the same four headerless files: the main file (one row per entry, 12 columns),
addresses, alternate names, and comments (OFAC cuts Remarks at 1,000 characters and puts the
rest there). `-0- ` is the null marker; files end with a DOS EOF byte. One implementation,
parameterised by file names, reads both. The whole set is read before any entity is built,
so that names written in the remarks ("Linked To: X", a vessel's owner, an aircraft's
operator) resolve to the entry they name even when it comes later in the file.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import ClassVar

from interdictor.exc import InputRejected, Problem
from interdictor.lists.base import ListReader, ReadContext, register
from interdictor.lists.entity import ListEntity
from interdictor.lists.ofac_parties import PartyBuilder, ReadStats, null
from interdictor.lists.textio import read_text

__all__ = ["CONS_FILES", "SDN_FILES", "OfacConsReader", "OfacFileSet", "OfacSdnReader", "OfacSet", "locate"]

log = logging.getLogger(__name__)

MAIN_COLUMNS = (
    "ent_num",
    "SDN_Name",
    "SDN_Type",
    "Program",
    "Title",
    "Call_Sign",
    "Vess_type",
    "Tonnage",
    "GRT",
    "Vess_flag",
    "Vess_owner",
    "Remarks",
)
ADD_COLUMNS = ("ent_num", "Add_num", "Address", "City/State/Province/Postal Code", "Country", "Add_remarks")
ALT_COLUMNS = ("ent_num", "alt_num", "alt_type", "alt_name", "alt_remarks")
COMMENT_COLUMNS = ("ent_num", "Remarks")
SDN_TYPES = frozenset({"individual", "vessel", "aircraft", "-0-"})
ALT_TYPES = frozenset({"aka", "fka", "nka"})


@dataclass(frozen=True)
class OfacFileSet:
    """The file names of one OFAC CSV set and the entity id prefix of its entries."""

    main: str
    add: str
    alt: str
    comments: str
    prefix: str

    @property
    def names(self) -> tuple[str, str, str, str]:
        return (self.main, self.add, self.alt, self.comments)


SDN_FILES = OfacFileSet("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv", "ofac-")
CONS_FILES = OfacFileSet("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv", "ofac-cons-")


def _listing(folder: Path) -> dict[str, Path]:
    try:
        return {p.name.lower(): p for p in folder.iterdir() if p.is_file()}
    except OSError as exc:
        raise InputRejected(f"{folder}: cannot list the folder", [Problem(str(folder), str(exc))]) from exc


def locate(path: Path, files: OfacFileSet) -> dict[str, Path]:
    """The files of the set at `path` (a folder, or the main file with its siblings), by role name."""
    if path.is_dir():
        present = _listing(path)
        main = present.get(files.main)
        if main is None:
            others = [present[n].name for n in files.names if n in present]
            held = f"holds {', '.join(others)} but" if others else "has"
            raise InputRejected(
                f"{path}: not a complete OFAC set",
                [
                    Problem(
                        str(path),
                        f"the folder {held} no {files.main}, the main file of the set",
                        hint=f"the address, alias and comment files only add to the entries {files.main} "
                        "lists, so they cannot be loaded without it",
                    )
                ],
            )
    elif path.is_file():
        main, present = path, _listing(path.parent)
    else:
        raise InputRejected(f"{path}: no such file or folder", [Problem(str(path), "not found")])
    located = {files.main: main}
    for name in files.names[1:]:
        if name in present:
            located[name] = present[name]
    return located


def looks_like_main_file(head: bytes) -> bool:
    """Whether the first line is a main-file row: 12 fields, an integer, then a known SDN_Type."""
    text = head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf")
    line = text.split("\n", 1)[0].rstrip("\r")
    try:
        row = next(csv.reader([line]))
    except (csv.Error, StopIteration):
        return False
    return len(row) == 12 and row[0].strip().isdigit() and row[2].strip().lower() in SDN_TYPES


@dataclass(slots=True)
class Entry:
    """One row of the main file and what the other files add to it."""

    num: int
    line: int
    row: list[str]
    comments: list[str] = field(default_factory=list)
    aliases: list[tuple[str, str, str]] = field(default_factory=list)
    addresses: list[list[str]] = field(default_factory=list)


class OfacSet:
    """One publication of an OFAC CSV set being read: the rows first, then the entities."""

    def __init__(self, located: dict[str, Path], files: OfacFileSet, ctx: ReadContext) -> None:
        self.located = located
        self.files = files
        self.ctx = ctx
        self.stats = ReadStats()
        self.entries: dict[int, Entry] = {}

    def _rows(self, name: str, columns: tuple[str, ...]) -> Iterator[tuple[int, list[str]]]:
        """(line, fields) of each row with the right number of fields; bad rows become problems."""
        path = self.located.get(name)
        if path is None:
            return
        try:
            text = read_text(path, self.ctx)
        except InputRejected as exc:
            raise self._with_field(exc, path, columns) from exc
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                self.ctx.problem(
                    f"unterminated quoted field ({exc}): the file looks truncated",
                    file=path,
                    line=start,
                    field=self._open_field(text, start, columns),
                )
                return
            line, start = start, reader.line_num + 1
            if not row or all(not cell.strip() for cell in row):
                continue
            if start - line > 1:
                index = next((i for i, cell in enumerate(row) if "\n" in cell or "\r" in cell), len(row) - 1)
                self.ctx.problem(
                    "a quoted field runs over a line break (an unterminated quote?)",
                    file=path,
                    line=line,
                    field=columns[min(index, len(columns) - 1)],
                )
                continue
            if len(row) != len(columns):
                where = columns[len(row)] if len(row) < len(columns) else columns[-1]
                self.ctx.problem(
                    f"{len(row)} fields where {len(columns)} were expected",
                    file=path,
                    line=line,
                    field=where,
                    hint="a cut-short line or an unquoted comma",
                )
                continue
            yield line, row

    def _with_field(self, exc: InputRejected, path: Path, columns: tuple[str, ...]) -> InputRejected:
        """A text that does not decode: name the column holding the bad bytes, too."""
        problems = self.ctx.problems
        last = problems[-1] if problems else None
        if last is None or last.line is None or last.field is not None:
            return exc
        lines = path.read_bytes().split(b"\n")
        if last.line > len(lines):
            return exc
        text = lines[last.line - 1].decode("utf-8", "surrogateescape")
        try:
            cells = next(csv.reader([text.rstrip("\r")]))
        except (csv.Error, StopIteration):
            return exc
        bad = next(
            (i for i, cell in enumerate(cells) if cell != cell.encode("utf-8", "replace").decode()), None
        )
        if bad is None:
            return exc
        problems[-1] = replace(last, field=columns[min(bad, len(columns) - 1)])
        return InputRejected(exc.summary, problems)

    @staticmethod
    def _open_field(text: str, line: int, columns: tuple[str, ...]) -> str | None:
        """The column whose quote never closes: parse the line again with the quote closed."""
        lines = text.split("\n")
        if line > len(lines):
            return None
        try:
            fields = next(csv.reader([lines[line - 1].rstrip("\r") + '"']))
        except (csv.Error, StopIteration):
            return None
        return columns[min(len(fields), len(columns)) - 1] if fields else None

    def _ent_num(self, name: str, line: int, value: str, *, known: bool) -> Entry | int | None:
        """The entry a row belongs to (or, for the main file, its new number); None after a problem."""
        path = self.located[name]
        try:
            num = int(value.strip())
        except ValueError:
            self.ctx.problem(
                f"ent_num {value.strip()!r} is not an integer", file=path, line=line, field="ent_num"
            )
            return None
        if not known:
            if num in self.entries:
                first = self.entries[num].line
                self.ctx.problem(
                    f"ent_num {num} appears twice (first on line {first})",
                    file=path,
                    line=line,
                    field="ent_num",
                )
                return None
            return num
        entry = self.entries.get(num)
        if entry is None:
            self.ctx.problem(
                f"ent_num {num} is not in {self.files.main}", file=path, line=line, field="ent_num"
            )
        return entry

    def read_rows(self) -> None:
        """Read the four files into entries; every malformed row is reported, none stops the read."""
        files, ctx = self.files, self.ctx
        main_path = self.located[files.main]
        for line, row in self._rows(files.main, MAIN_COLUMNS):
            num = self._ent_num(files.main, line, row[0], known=False)
            if not isinstance(num, int):
                continue
            if not row[1].strip():
                ctx.problem("the entry has no name", file=main_path, line=line, field="SDN_Name")
                continue
            if row[2].strip().lower() not in SDN_TYPES:
                ctx.problem(
                    f"unknown SDN_Type {row[2].strip()!r} (expected individual, vessel, aircraft or -0-)",
                    file=main_path,
                    line=line,
                    field="SDN_Type",
                )
                continue
            self.entries[num] = Entry(num, line, row)
        for line, row in self._rows(files.comments, COMMENT_COLUMNS):
            entry = self._ent_num(files.comments, line, row[0], known=True)
            if isinstance(entry, Entry):
                entry.comments.append(row[1])
        for line, row in self._rows(files.alt, ALT_COLUMNS):
            entry = self._ent_num(files.alt, line, row[0], known=True)
            if not isinstance(entry, Entry):
                continue
            alt_type, name = row[2].strip().lower(), null(row[3])
            if alt_type not in ALT_TYPES:
                ctx.problem(
                    f"unknown alt_type {row[2].strip()!r} (expected aka, fka or nka)",
                    file=self.located[files.alt],
                    line=line,
                    field="alt_type",
                )
            elif name is not None:
                entry.aliases.append((alt_type, name, null(row[4]) or ""))
        for line, row in self._rows(files.add, ADD_COLUMNS):
            entry = self._ent_num(files.add, line, row[0], known=True)
            if isinstance(entry, Entry):
                entry.addresses.append(row)

    def entities(self) -> Iterator[ListEntity]:
        """Every entry's party (with its wallets), then the relations between parties."""
        self.read_rows()
        self.stats.entries = len(self.entries)
        builder = PartyBuilder(self.ctx, self.files.prefix, self.entries, self.stats)
        for entry in self.entries.values():
            yield from builder.build(entry)
        yield from builder.links()
        log.info("%s: %s", self.ctx.path, self.stats.summary())


class _OfacCsvReader(ListReader):
    """The shared reader; subclasses name their file set."""

    file_set: ClassVar[OfacFileSet]

    def sniff(self, path: Path, head: bytes) -> bool:
        """A folder holding any file of the set (so a set without its main file gets a clear error),
        or a main file; both sets share one layout, so the file name (cons_*) tells them apart."""
        if path.is_dir():
            try:
                names = {p.name.lower() for p in path.iterdir()}
            except OSError:
                return False
            return any(name in names for name in self.file_set.names)
        if path.name.lower().startswith("cons_") != (self.file_set is CONS_FILES):
            return False
        return looks_like_main_file(head)

    def files(self, path: Path) -> list[Path]:
        return list(locate(path, self.file_set).values())

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ListEntity]:
        return OfacSet(locate(path, self.file_set), self.file_set, ctx).entities()


@register
class OfacSdnReader(_OfacCsvReader):
    format = "ofac-sdn-csv"
    list_name = "us_ofac_sdn"
    title = "OFAC Specially Designated Nationals (SDN) list"
    description = (
        "OFAC's SDN list as CSV: sdn.csv with add.csv, alt.csv and sdn_comments.csv (a folder or sdn.csv)."
    )
    file_set = SDN_FILES


@register
class OfacConsReader(_OfacCsvReader):
    format = "ofac-cons-csv"
    list_name = "us_ofac_cons"
    title = "OFAC Consolidated (non-SDN) list"
    description = "OFAC's consolidated non-SDN lists as CSV: cons_prim.csv with cons_add/alt/comments.csv."
    file_set = CONS_FILES
