"""An ingest run: walk the paths, tell each file's kind, and store each document in its own transaction.

A document that any reader finds a problem in is rolled back and reported with its problems; the
others go in, and nothing stored before is touched. A document whose bytes were ingested before
(same sha256) is skipped. Registries and transactions are read first, so that the documents read
after them can name the parties they brought.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import duckdb

from interdictor.exc import InputRejected, Problem, UsageError
from interdictor.ingest.chat import read_chat
from interdictor.ingest.detect import detect_kind, is_mbox
from interdictor.ingest.documents import read_text_document
from interdictor.ingest.ftm import read_ftm
from interdictor.ingest.mail import iter_mbox, read_email
from interdictor.ingest.model import DOCUMENT_KINDS, DocumentResult, IngestReport, Limits
from interdictor.ingest.parties import Gazetteer
from interdictor.ingest.registry import read_registry_csv
from interdictor.ingest.scan import Scanner
from interdictor.ingest.sink import DocumentSink
from interdictor.ingest.tables import ensure_tables
from interdictor.ingest.textio import DecodeError
from interdictor.ingest.transactions import check_transactions, store_transactions
from interdictor.store import Store

__all__ = ["ingest_paths", "walk"]

Reader = Callable[[DocumentSink], None]
Progress = Callable[[str], None]


def walk(paths: Iterable[Path | str]) -> Iterator[Path]:
    """Files of the given paths; folders are walked in name order, hidden files left out."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                rel = child.relative_to(path)
                if child.is_file() and not any(part.startswith(".") for part in rel.parts):
                    yield child
        else:
            yield path


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _Run:
    def __init__(self, store: Store, source: str | None, limits: Limits, progress: Progress | None) -> None:
        self.con: duckdb.DuckDBPyConnection = store.con
        self.source = source
        self.limits = limits
        self.progress = progress
        self.report = IngestReport(source=source)
        self._scanner: Scanner | None = None

    @property
    def scanner(self) -> Scanner:
        """Built on first use, after the run's registries are stored, so their parties are known."""
        if self._scanner is None:
            gazetteer = Gazetteer.from_store(self.con)
            self.report.known_names = gazetteer.names
            self._scanner = Scanner(gazetteer)
        return self._scanner

    def exists(self, doc_id: str) -> str | None:
        row = self.con.execute("SELECT path FROM evidence_documents WHERE doc_id = ?", [doc_id]).fetchone()
        return str(row[0]) if row else None

    def reject(
        self, label: str, kind: str | None, problems: list[Problem], doc_id: str | None = None
    ) -> None:
        self.report.add(
            DocumentResult(
                path=label,
                status="rejected",
                kind=kind,
                doc_id=doc_id,
                problems=[p.to_dict() for p in problems],
            )
        )

    def seen_before(self, label: str, kind: str, doc_id: str) -> bool:
        """Whether the same bytes were ingested before; if so the document is reported as skipped."""
        earlier = self.exists(doc_id)
        if earlier is None:
            return False
        notes = [f"same bytes as {earlier}, ingested before"]
        self.report.add(DocumentResult(path=label, status="skipped", kind=kind, doc_id=doc_id, notes=notes))
        return True

    def document(self, label: str, kind: str, sha: str, read: Reader, source: str) -> None:
        """Read one document into the store in one transaction; rejected or skipped as it deserves."""
        doc_id = f"doc-{sha[:16]}"
        if self.seen_before(label, kind, doc_id):
            return
        sink = DocumentSink(self.con, doc_id, label)
        self.con.execute("BEGIN TRANSACTION")
        try:
            try:
                read(sink)
            except DecodeError as exc:
                sink.problem(str(exc), line=exc.line, hint=exc.hint)
            except InputRejected as exc:
                sink.problems.extend(exc.problems or [Problem(label, exc.summary)])
            except OSError as exc:
                sink.problem(f"cannot read the file: {exc.strerror or exc}")
            if sink.problems:
                self.con.execute("ROLLBACK")
                self.reject(label, kind, sink.problems, doc_id)
                return
            sink.flush()
            self._insert(doc_id, kind, source, label, sha, sink, records=0)
            self.con.execute("COMMIT")
        except Exception as exc:
            self.con.execute("ROLLBACK")
            if isinstance(exc, duckdb.Error | MemoryError | RecursionError | ValueError | UnicodeError):
                self.reject(
                    label, kind, [Problem(label, f"could not be stored: {type(exc).__name__}: {exc}")]
                )
                return
            raise
        self.report.add(
            DocumentResult(
                path=label,
                status="stored",
                kind=kind,
                doc_id=doc_id,
                title=sink.title,
                doc_date=sink.doc_date,
                statements=sink.statements,
                mentions=sink.mentions,
                notes=sink.notes,
            )
        )

    def _insert(
        self, doc_id: str, kind: str, source: str, label: str, sha: str, sink: DocumentSink, records: int
    ) -> None:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        self.con.execute(
            "INSERT INTO evidence_documents (doc_id, kind, source, path, sha256, title, doc_date,"
            " ingested_at, facts, records, notes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc_id,
                kind,
                source,
                label,
                sha,
                sink.title,
                sink.doc_date,
                now,
                sink.facts,
                records,
                sink.notes,
            ],
        )

    def transactions(self, path: Path, sha: str, source: str) -> None:
        label = str(path)
        doc_id = f"doc-{sha[:16]}"
        if self.seen_before(label, "transactions", doc_id):
            return
        sink = DocumentSink(None, doc_id, label)
        check_transactions(path, sink)
        if sink.problems:
            self.reject(label, "transactions", sink.problems, doc_id)
            return
        stored = store_transactions(self.con, path)
        self.con.execute("BEGIN TRANSACTION")
        try:
            self._insert(doc_id, "transactions", source, label, sha, sink, records=stored)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.report.add(
            DocumentResult(
                path=label,
                status="stored",
                kind="transactions",
                doc_id=doc_id,
                doc_date=sink.doc_date,
                records=stored,
            )
        )

    def file(self, path: Path, kind: str) -> None:
        source = self.source or path.name
        if self.progress is not None:
            self.progress(str(path))
        self.report.bytes_read += path.stat().st_size
        if kind == "email" and is_mbox(path):
            for number, raw, truncated in iter_mbox(path, self.limits):
                sha = hashlib.sha256(raw).hexdigest()

                def read_message(sink: DocumentSink, raw: bytes = raw, truncated: bool = truncated) -> None:
                    read_email(raw, sink, self.scanner, self.limits, truncated)

                self.document(f"{path}#{number}", "email", sha, read_message, source)
            return
        sha = _sha256(path)
        if kind == "transactions":
            self.transactions(path, sha, source)
            return
        self.document(str(path), kind, sha, self._reader(path, kind, source), source)

    def _reader(self, path: Path, kind: str, source: str) -> Reader:
        limits = self.limits
        if kind == "registry":
            if path.suffix.lower() in (".json", ".jsonl", ".ndjson"):
                return lambda sink: read_ftm(path, sink, source)
            return lambda sink: read_registry_csv(path, sink, source)
        if kind == "email":

            def read_eml(sink: DocumentSink) -> None:
                with path.open("rb") as handle:
                    raw = handle.read(limits.max_message_bytes + 1)
                read_email(raw, sink, self.scanner, limits, len(raw) > limits.max_message_bytes)

            return read_eml
        if kind == "chat":
            return lambda sink: read_chat(path, sink, self.scanner, limits)
        return lambda sink: read_text_document(path, sink, self.scanner, limits, kind)


def ingest_paths(
    store: Store,
    paths: Iterable[Path | str],
    source: str | None = None,
    *,
    kind: str = "auto",
    limits: Limits | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest files and folders into the store's evidence tables; see the module docstring."""
    if kind != "auto" and kind not in DOCUMENT_KINDS:
        raise UsageError(f"unknown kind {kind!r}: use auto or one of {', '.join(DOCUMENT_KINDS)}")
    started, cpu = time.perf_counter(), time.process_time()
    ensure_tables(store.con)
    run = _Run(store, source, limits or Limits(), progress)
    todo: list[tuple[int, Path, str]] = []
    for path in walk(paths):
        if not path.is_file():
            run.reject(str(path), None, [Problem(str(path), "no such file or folder")])
            continue
        try:
            found = kind if kind != "auto" else detect_kind(path)
        except OSError as exc:
            run.reject(str(path), None, [Problem(str(path), f"cannot read the file: {exc.strerror or exc}")])
            continue
        if found is None:
            run.reject(
                str(path),
                None,
                [
                    Problem(
                        str(path),
                        "not a format ingest reads (registry CSV or FtM JSON, transactions JSON lines,"
                        " e-mail, chat export, invoice or text)",
                        hint="name the kind with --kind if it is one",
                    )
                ],
            )
            continue
        todo.append((DOCUMENT_KINDS.index(found), path, found))
    for _, path, found in sorted(todo, key=lambda t: t[0]):
        run.file(path, found)
    run.report.seconds = round(time.perf_counter() - started, 3)
    run.report.cpu_seconds = round(time.process_time() - cpu, 3)
    return run.report
