"""What every list reader shares: the reader interface, the read context and the registry.

A reader turns one official file (or a folder holding a set of files) into FollowTheMoney
entities whose statements carry the original text next to the normalised value. It never
touches the store: the store decides what is new, what changed and what was removed.
Readers report bad rows through `ReadContext.problem` and keep going, so one run shows every
problem; the loader refuses the whole file when any were found.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from followthemoney.dataset import Dataset

from interdictor.exc import InputRejected, Problem
from interdictor.lists.entity import ListEntity

__all__ = [
    "ListReader",
    "ParsedList",
    "ReadContext",
    "entity_id_from",
    "published_from_filename",
    "readers",
    "register",
]

_DATASETS: dict[str, Dataset] = {}


def dataset(name: str, title: str | None = None) -> Dataset:
    """The FtM dataset object for a list name; statements carry it as their provenance."""
    if name not in _DATASETS:
        _DATASETS[name] = Dataset.make({"name": name, "title": title or name})
    return _DATASETS[name]


def entity_id_from(prefix: str, *parts: str | None) -> str:
    """A stable id for lists that publish none: the hash of the values that identify a row."""
    digest = hashlib.sha1("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()
    return f"{prefix}-{digest[:16]}"


_DATE_IN_NAME = re.compile(r"(?<!\d)(\d{4})[-_]?(\d{2})[-_]?(\d{2})(?!\d)")


def published_from_filename(path: Path) -> date | None:
    """OFAC's CSV files carry no date; their folder or file name often does (sdn-2021-07-07)."""
    for part in (path.name, path.parent.name):
        match = _DATE_IN_NAME.search(part)
        if match:
            try:
                return date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                continue
    return None


@dataclass
class ReadContext:
    """Per-read state: where we are, what went wrong, and how to make entities."""

    path: Path
    list_name: str
    list_title: str
    encoding: str | None = None
    published: date | None = None
    published_source: str | None = None
    problems: list[Problem] = field(default_factory=list)

    def set_published(self, value: date | None, source: str = "file") -> None:
        """Record the publication date a file states; a date the user gave wins."""
        if value is not None and self.published_source != "user":
            self.published, self.published_source = value, source

    @property
    def dataset(self) -> Dataset:
        return dataset(self.list_name, self.list_title)

    def make(self, schema: str, entity_id: str) -> ListEntity:
        return ListEntity(schema, entity_id)

    def problem(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        element: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = str(file if file is not None else self.path)
        self.problems.append(Problem(where, message, line=line, field=field, element=element, hint=hint))

    def reject(self, message: str, **where: Any) -> InputRejected:
        """A problem so bad that reading cannot go on (truncated XML, wrong format)."""
        self.problem(message, **where)
        return InputRejected(f"{self.path}: cannot load this file", self.problems)


@dataclass
class ParsedList:
    """One list publication being read; `entities` is consumed once, by the store.

    The publication date lives on the context because some formats state it inside the
    file, so it is known only once reading has begun.
    """

    list_name: str
    format: str
    files: list[Path]
    entities: Iterator[ListEntity]
    context: ReadContext


class ListReader:
    """One official list format. Subclasses set the class attributes and implement `read`."""

    #: short name used with `--format` (for example `ofac-sdn-csv`)
    format: ClassVar[str]
    #: the list name stored with every statement (for example `us_ofac_sdn`)
    list_name: ClassVar[str]
    #: a title for people
    title: ClassVar[str]
    #: one sentence on what the format is, shown by `interdictor lists formats`
    description: ClassVar[str]

    def sniff(self, path: Path, head: bytes) -> bool:
        """Whether `path` (first bytes in `head`; empty for a folder) looks like this format."""
        raise NotImplementedError

    def default_list_name(self, path: Path) -> str:
        """The list name to store under when the user gives none."""
        return self.list_name

    def files(self, path: Path) -> list[Path]:
        """The files this read will use, hashed to identify the version."""
        return [path]

    def read(self, path: Path, ctx: ReadContext) -> Iterable[ListEntity]:
        raise NotImplementedError


_READERS: dict[str, ListReader] = {}


def register(cls: type[ListReader]) -> type[ListReader]:
    """Class decorator adding a reader to the registry, keyed by its format name."""
    _READERS[cls.format] = cls()
    return cls


def readers() -> dict[str, ListReader]:
    """All registered readers, importing the built-in ones on first use."""
    from interdictor.lists import formats  # noqa: F401  (registers the built-in readers)

    return dict(_READERS)
