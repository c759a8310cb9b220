"""Invoices and other text documents (plain text, HTML, XML): scanned line by line for mentions.

An invoice is text with an invoice number: its number becomes the document's title and its
invoice date the document's date. HTML is read for its visible text and XML through defusedxml.
Plain text streams, so its size does not matter; HTML and XML are read whole up to a limit.
"""

from __future__ import annotations

import re
from pathlib import Path

from interdictor.ingest.model import Limits
from interdictor.ingest.patterns import patterns
from interdictor.ingest.scan import Scanner
from interdictor.ingest.sink import DocumentSink
from interdictor.ingest.textio import DecodeError, decode_bytes, html_to_text, open_text, xml_to_text

__all__ = ["INVOICE_NUMBER", "read_text_document"]

INVOICE_NUMBER = re.compile(
    r"(?i)\b(?:(?:commercial|proforma|pro-forma|tax)\s+)?invoice\s*(?:no\.?|nr\.?|number|#|n°)?\s*[:#.]?\s*"
    r"(?=[A-Z0-9/-]*\d)([A-Z0-9][A-Z0-9/-]{2,30})\b"
)
_DATE_LABEL = re.compile(r"(?i)\b(?:invoice\s+date|date\s+of\s+invoice|date|dated|issued)\b\s*[:.]?\s*(.*)$")


def _invoice_fields(lineno: int, line: str, sink: DocumentSink) -> None:
    if sink.title is None:
        number = INVOICE_NUMBER.search(line)
        if number:
            sink.title = f"Invoice {number.group(1)}"
    if sink.doc_date is None:
        label = _DATE_LABEL.search(line)
        if label:
            dates = patterns().dates(label.group(1))
            if dates:
                sink.doc_date = dates[0].normalised


def read_text_document(path: Path, sink: DocumentSink, scanner: Scanner, limits: Limits, kind: str) -> None:
    """Mentions of a text, HTML or XML document into the sink; invoices also give title and date."""
    suffix = path.suffix.lower()
    budget = limits.max_text_chars
    try:
        if suffix in (".html", ".htm", ".xml", ".xhtml"):
            with path.open("rb") as handle:
                raw = handle.read(limits.max_document_bytes + 1)
            if len(raw) > limits.max_document_bytes:
                sink.note(
                    f"document is over {limits.max_document_bytes >> 20} MB: only the first part was read"
                )
                raw = raw[: limits.max_document_bytes]
            text = xml_to_text(raw) if suffix == ".xml" else html_to_text(decode_bytes(raw)[0])
            lines = text.splitlines()
            stream = None
        else:
            stream, encoding = open_text(path)
            if encoding not in ("utf-8", "utf-8-sig"):
                sink.note(f"read as {encoding} (detected)")
            lines = stream  # type: ignore[assignment]
        count = 0
        for number, line in enumerate(lines, start=1):
            line = line.rstrip("\r\n")
            if not line.strip():
                continue
            count += 1
            budget -= len(line)
            if budget < 0:
                sink.note(f"text past {limits.max_text_chars:,} characters was not scanned (limit)")
                break
            if kind == "invoice":
                _invoice_fields(number, line, sink)
            for found in scanner.line(line):
                scanner.write(found, line, f"line {number}", sink)
        if stream is not None:
            stream.close()
    except DecodeError as exc:
        sink.problem(str(exc), line=exc.line, hint=exc.hint)
        return
    if count == 0:
        sink.problem("the document holds no text")
    if sink.doc_date is None and kind == "invoice":
        sink.note("no invoice date found")
