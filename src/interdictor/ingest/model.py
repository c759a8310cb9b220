"""What an ingest run reports, and the limits that keep hostile input bounded."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

__all__ = ["DOCUMENT_KINDS", "DocumentResult", "IngestReport", "Limits"]

#: Kinds of document `interdictor ingest` reads (`--kind`), in the order a run processes them:
#: registries and transactions first, so documents can name the parties they bring.
DOCUMENT_KINDS = ("registry", "transactions", "email", "chat", "invoice", "text")
Kind = Literal["registry", "transactions", "email", "chat", "invoice", "text"]


@dataclass(frozen=True)
class Limits:
    """Caps against mail bombs and oversized input; hitting one is noted in the report, never silent."""

    #: Bytes of one e-mail message read (the rest, usually a large attachment, is not).
    max_message_bytes: int = 50 << 20
    #: MIME nesting depth followed; deeper parts are skipped.
    max_mime_depth: int = 12
    #: MIME parts read per message; more are skipped.
    max_mime_parts: int = 200
    #: Boundary declarations above which a message is treated as a MIME bomb (headers only):
    #: Python's MIME parser takes quadratic time in nesting and fails past ~1000 levels.
    max_mime_boundaries: int = 64
    #: Decoded bytes of one part (body or attachment) read.
    max_part_bytes: int = 10 << 20
    #: Characters of text scanned per e-mail message or text document.
    max_text_chars: int = 20_000_000
    #: Bytes of a text, invoice, HTML or XML document read in one piece (chat exports stream).
    max_document_bytes: int = 64 << 20
    #: Distinct chat senders recorded per export.
    max_senders: int = 10_000


class DocumentResult(BaseModel):
    """One document of the run: stored, skipped (seen before) or rejected (with its problems)."""

    path: str = Field(examples=["mail/offer.eml", "archive.mbox#12"])
    status: Literal["stored", "skipped", "rejected"]
    kind: str | None = Field(default=None, examples=["email"])
    doc_id: str | None = Field(default=None, examples=["doc-3f2a9c01b7d4e611"])
    title: str | None = None
    doc_date: str | None = None
    statements: int = 0
    mentions: int = 0
    records: int = Field(default=0, description="Transaction records stored (kind transactions).")
    notes: list[str] = Field(default_factory=list, description="What was capped or flagged, not fatal.")
    problems: list[dict[str, str | int | None]] = Field(
        default_factory=list, description="Why the document was rejected: file, line, field, msg, hint."
    )


class IngestReport(BaseModel):
    """The outcome of `ingest_paths`: one result per document, and totals."""

    source: str | None = None
    documents: list[DocumentResult] = Field(default_factory=list)
    stored: int = 0
    skipped: int = 0
    rejected: int = 0
    statements: int = 0
    mentions: int = 0
    records: int = 0
    bytes_read: int = 0
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    known_names: int = Field(default=0, description="Names of known parties looked for in documents.")

    def add(self, result: DocumentResult) -> None:
        self.documents.append(result)
        if result.status == "stored":
            self.stored += 1
            self.statements += result.statements
            self.mentions += result.mentions
            self.records += result.records
        elif result.status == "skipped":
            self.skipped += 1
        else:
            self.rejected += 1
