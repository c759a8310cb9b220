"""Transaction records (docs/transactions.md, JSON lines) into the store's record history.

A file is validated whole before anything is written: one bad record rejects the file, with every
problem and its line. Valid files are stored through `RecordHistory.save` in batches (records
replace earlier ones with the same id, so a run cut short is completed by running it again).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from interdictor.assess.history import RecordHistory
from interdictor.exc import InputRejected
from interdictor.ingest.sink import DocumentSink
from interdictor.model import Record, read_records

__all__ = ["check_transactions", "store_transactions"]

_BATCH = 10_000


def check_transactions(path: Path, sink: DocumentSink) -> int:
    """Validate every record (nothing kept in memory); problems go to the sink. Returns the count."""
    count = 0
    first: str | None = None
    for found in read_records(path):
        if isinstance(found, InputRejected):
            sink.problems.extend(found.problems)
            if len(sink.problems) > 1000:
                sink.problem("more than 1000 problems: checking stopped")
                break
            continue
        count += 1
        date = found.date.isoformat()
        first = date if first is None or date < first else first
    sink.doc_date = first
    if count == 0 and not sink.problems:
        sink.problem("the file holds no records")
    return count


def store_transactions(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Store the records of a checked file; returns how many were stored."""
    history = RecordHistory(con)
    batch: list[Record] = []
    stored = 0
    for found in read_records(path):
        if isinstance(found, InputRejected):  # checked before: cannot happen unless the file changed
            raise found
        batch.append(found)
        if len(batch) >= _BATCH:
            stored += history.save(batch)
            batch = []
    if batch:
        stored += history.save(batch)
    return stored
