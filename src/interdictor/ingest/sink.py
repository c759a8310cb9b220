"""Where one document's facts go: buffered rows, written in Arrow batches inside the document's transaction.

A `DocumentSink` collects statements, mentions, problems (which reject the document) and notes
(which do not: a truncated attachment, an ownership self-loop). The pipeline opens a transaction
per document, lets a reader fill the sink, and commits only when the sink holds no problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb
import pyarrow as pa

from interdictor.exc import Problem

__all__ = ["MAX_CONTEXT", "DocumentSink"]

_BATCH = 50_000
#: Characters of context kept around a mention.
MAX_CONTEXT = 120
_STATEMENT_COLUMNS = ("doc_id", "entity_id", "schema", "prop", "value", "original", "position")
_MENTION_COLUMNS = ("doc_id", "kind", "value", "normalised", "position", "context", "entity_id")


def context_of(line: str, start: int, end: int) -> str:
    """Up to MAX_CONTEXT characters of the line around start:end, on one line."""
    line = line.replace("\t", " ").replace("\r", " ")
    if len(line) <= MAX_CONTEXT:
        return line.strip()
    spare = max(0, MAX_CONTEXT - (end - start)) // 2
    left = max(0, start - spare)
    return line[left : left + MAX_CONTEXT].strip()


@dataclass
class DocumentSink:
    """The rows, problems and notes of one document, flushed to the store in batches."""

    con: duckdb.DuckDBPyConnection | None
    doc_id: str
    file: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    statements: int = 0
    mentions: int = 0
    title: str | None = None
    doc_date: str | None = None
    _stmts: dict[str, list[str | None]] = field(default_factory=dict)
    _ments: dict[str, list[str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stmts = {c: [] for c in _STATEMENT_COLUMNS}
        self._ments = {c: [] for c in _MENTION_COLUMNS}

    @property
    def facts(self) -> int:
        return self.statements + self.mentions

    def problem(
        self,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        element: str | None = None,
        hint: str | None = None,
    ) -> None:
        """Something wrong that rejects the document."""
        self.problems.append(Problem(self.file, message, line=line, field=field, element=element, hint=hint))

    def note(self, message: str) -> None:
        """Something worth knowing that does not reject the document."""
        if len(self.notes) < 200:
            self.notes.append(message)

    def statement(
        self, entity_id: str, schema: str, prop: str, value: str, position: str, original: str | None = None
    ) -> None:
        cols = self._stmts
        cols["doc_id"].append(self.doc_id)
        cols["entity_id"].append(entity_id)
        cols["schema"].append(schema)
        cols["prop"].append(prop)
        cols["value"].append(value)
        cols["original"].append(original if original != value else None)
        cols["position"].append(position)
        self.statements += 1
        if len(cols["doc_id"]) >= _BATCH:
            self._flush_statements()

    def mention(
        self,
        kind: str,
        value: str,
        normalised: str,
        position: str,
        context: str | None = None,
        entity_id: str | None = None,
    ) -> None:
        cols = self._ments
        cols["doc_id"].append(self.doc_id)
        cols["kind"].append(kind)
        cols["value"].append(value)
        cols["normalised"].append(normalised)
        cols["position"].append(position)
        cols["context"].append(context)
        cols["entity_id"].append(entity_id)
        self.mentions += 1
        if len(cols["doc_id"]) >= _BATCH:
            self._flush_mentions()

    def flush(self) -> None:
        self._flush_statements()
        self._flush_mentions()

    def _flush_statements(self) -> None:
        self._write("evidence_statements", self._stmts, _STATEMENT_COLUMNS)

    def _flush_mentions(self) -> None:
        self._write("evidence_mentions", self._ments, _MENTION_COLUMNS)

    def _write(self, table: str, cols: dict[str, list[str | None]], names: tuple[str, ...]) -> None:
        if not cols[names[0]]:
            return
        if self.con is not None and not self.problems:
            batch = pa.table({n: pa.array(cols[n], pa.string()) for n in names})
            self.con.register("_ingest_batch", batch)
            try:
                self.con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM _ingest_batch")
            finally:
                self.con.unregister("_ingest_batch")
        for values in cols.values():
            values.clear()
