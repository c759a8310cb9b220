"""E-mail: .eml files and mbox archives (one document per message), with bounded work per message.

Headers give the parties (From, To, Cc, Reply-To, Sender), the date and the subject; the text and
HTML bodies and text attachments are scanned line by line. A mail bomb meets the caps of `Limits`:
a message over the byte limit is read up to it, nesting past the depth limit and parts past the
part limit are skipped, a part decoding to more than the part limit is skipped, archives are never
opened, and a message declaring more boundaries than the parser can take safely is read for its
headers only. Every cap that bites is noted in the report.
"""

from __future__ import annotations

import email
import email.header
import email.parser
import re
from collections.abc import Iterator
from email import policy
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from interdictor.ingest.model import Limits
from interdictor.ingest.names import company_key, person_key
from interdictor.ingest.scan import Scanner
from interdictor.ingest.sink import DocumentSink
from interdictor.ingest.textio import DecodeError, decode_bytes, html_to_text

__all__ = ["iter_mbox", "looks_like_email", "looks_like_mbox", "read_email"]

_ADDRESS_HEADERS = ("From", "Sender", "Reply-To", "To", "Cc", "Bcc")
_TEXT_NAMES = re.compile(r"(?i)\.(txt|csv|tsv|md|log|json|jsonl|xml|html?|eml)$")
_ARCHIVE_TYPES = re.compile(r"(?i)(zip|gzip|x-tar|x-7z|x-rar|compressed|x-bzip)")
_HEADER_LINE = re.compile(rb"^[A-Za-z][A-Za-z0-9-]{1,40}:")
_BOUNDARY = re.compile(rb"(?i)boundary\s*=")


def looks_like_mbox(head: bytes) -> bool:
    return head.startswith(b"From ") and b"\n" in head[:1000]


def looks_like_email(head: bytes) -> bool:
    """RFC 5322 headers at the top, with at least two of the usual ones."""
    lines = head[:4000].split(b"\n")[:30]
    names = {ln.split(b":", 1)[0].strip().lower() for ln in lines if _HEADER_LINE.match(ln)}
    usual = {b"from", b"to", b"subject", b"date", b"message-id", b"received", b"mime-version", b"cc"}
    return len(names & usual) >= 2 and bool(_HEADER_LINE.match(lines[0]) or head.startswith(b"From "))


def iter_mbox(path: Path, limits: Limits) -> Iterator[tuple[int, bytes, bool]]:
    """(number, message bytes, truncated) per message of an mbox, streamed; '>From ' unescaped."""
    number = 0
    chunks: list[bytes] = []
    size = 0
    truncated = started = False
    previous_blank = True
    with path.open("rb") as handle:
        for line in handle:
            if line.startswith(b"From ") and previous_blank:
                if started:
                    number += 1
                    yield number, b"".join(chunks), truncated
                started, chunks, size, truncated, previous_blank = True, [], 0, False, False
                continue
            previous_blank = not line.strip()
            if line.startswith(b">From "):
                line = line[1:]
            if size + len(line) > limits.max_message_bytes:
                truncated = True
                continue
            chunks.append(line)
            size += len(line)
    if started:
        yield number + 1, b"".join(chunks), truncated


def _header(message: Message, name: str) -> str:
    try:
        value = message.get(name)
        return str(value) if value is not None else ""
    except Exception:  # a malformed header in a hostile message: read what can be read
        raw = message.get_all(name) or []
        return " ".join(str(v) for v in raw)


def _parties(message: Message, sink: DocumentSink, scanner: Scanner) -> None:
    for name in _ADDRESS_HEADERS:
        value = _header(message, name)
        if not value:
            continue
        position = f"header {name}"
        for display, address in getaddresses([value]):
            if address and "@" in address:
                sink.mention("email", address, address.lower(), position, value[:120])
            display = display.strip().strip("'\"")
            # A one-word display name ("Sales", "Info") names a mailbox, not a person.
            if display and "@" not in display and len(display.split()) > 1:
                companies = list(scanner.names.companies(display))
                if companies:
                    sink.mention("company", display, company_key(display), position, value[:120])
                else:
                    sink.mention("person", display, person_key(display), position, value[:120])
            if display and scanner.gazetteer is not None and scanner.gazetteer.first:
                # A display name that is a known party ties it to the address it writes from (the graph
                # pairs them when a header names one party and one address).
                for found in scanner.gazetteer.find(display):
                    scanner.write(found, display, position, sink)


def _text_of(part: Message, payload: bytes) -> str:
    text, _ = decode_bytes(payload, part.get_content_charset())
    if part.get_content_subtype() == "html" or (part.get_filename() or "").lower().endswith(
        (".htm", ".html")
    ):
        return html_to_text(text)
    return text


def _leaves(message: Message, sink: DocumentSink, limits: Limits) -> Iterator[tuple[Message, int]]:
    """Leaf parts in order (iteratively: no recursion for a hostile depth), with the caps applied."""
    stack: list[tuple[Message, int]] = [(message, 0)]
    parts = 0
    while stack:
        part, depth = stack.pop()
        parts += 1
        if parts > limits.max_mime_parts:
            sink.note(f"more than {limits.max_mime_parts} MIME parts: the rest were not read (limit)")
            return
        if part.is_multipart():
            if depth >= limits.max_mime_depth:
                sink.note(
                    f"MIME parts nested deeper than {limits.max_mime_depth} levels were not read (limit)"
                )
                continue
            children = [c for c in part.get_payload() if isinstance(c, Message)]
            if part.get_content_subtype() == "alternative":
                plain = [c for c in children if c.get_content_type() == "text/plain"]
                children = plain[:1] or children[-1:]
            stack.extend((child, depth + 1) for child in reversed(children))
        else:
            yield part, depth


def _body(message: Message, sink: DocumentSink, scanner: Scanner, limits: Limits) -> None:
    budget = limits.max_text_chars
    body_parts = 0
    for part, _ in _leaves(message, sink, limits):
        ctype = part.get_content_type()
        filename = part.get_filename()
        attachment = filename is not None or part.get_content_disposition() == "attachment"
        label = filename or ctype
        if _ARCHIVE_TYPES.search(ctype) or (
            filename and re.search(r"(?i)\.(zip|gz|tgz|7z|rar|tar)$", filename)
        ):
            sink.note(f"attachment {label!r} is an archive: not opened")
            continue
        textual = ctype.startswith("text/") or (filename is not None and _TEXT_NAMES.search(filename))
        if not textual:
            if attachment:
                sink.note(f"attachment {label!r} ({ctype}) not read: not text")
            continue
        encoded = part.get_payload()
        if isinstance(encoded, str) and len(encoded) > limits.max_part_bytes * 4 // 3 + 1024:
            sink.note(f"part {label!r} is over {limits.max_part_bytes >> 20} MB: not read (limit)")
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        try:
            text = _text_of(part, payload[: limits.max_part_bytes])
        except DecodeError as exc:
            sink.note(f"part {label!r} not read: {exc}")
            continue
        if len(text) > budget:
            sink.note(f"text past {limits.max_text_chars:,} characters was not scanned (limit)")
            text = text[:budget]
        budget -= len(text)
        if attachment:
            prefix = f"attachment {filename or ctype} "
        else:
            body_parts += 1
            prefix = "" if body_parts == 1 else f"part {body_parts} "
        scanner.scan(enumerate(text.splitlines(), start=1), sink, prefix)
        if budget <= 0:
            return


def read_email(
    raw: bytes, sink: DocumentSink, scanner: Scanner, limits: Limits, truncated: bool = False
) -> None:
    """Mentions of one message into the sink; title is the subject, date the Date header."""
    if truncated or len(raw) > limits.max_message_bytes:
        sink.note(
            f"message is over {limits.max_message_bytes >> 20} MB: only the first part was read (limit)"
        )
        raw = raw[: limits.max_message_bytes]
    boundaries = len(_BOUNDARY.findall(raw))
    bomb = boundaries > limits.max_mime_boundaries
    try:
        if bomb:
            sink.note(
                f"message declares {boundaries} MIME boundaries (limit {limits.max_mime_boundaries}):"
                " a MIME bomb; only its headers were read"
            )
            message = email.parser.BytesHeaderParser(policy=policy.compat32).parsebytes(raw)
        else:
            message = email.message_from_bytes(raw, policy=policy.compat32)
    except RecursionError:
        sink.problem("MIME structure too deeply nested to parse")
        return
    if not any(message.get(h) for h in ("From", "To", "Subject", "Date")):
        sink.problem("not an e-mail message: no From, To, Subject or Date header", line=1)
        return
    subject = _decoded(_header(message, "Subject"))
    sink.title = subject or None
    date = _header(message, "Date")
    if date:
        try:
            parsed = parsedate_to_datetime(date)
            sink.doc_date = parsed.date().isoformat()
            sink.mention("date", date, sink.doc_date, "header Date", date[:120])
        except (TypeError, ValueError, IndexError):
            sink.note(f"Date header {date!r} is not a date")
    _parties(_decoded_message(message), sink, scanner)
    if subject:
        for found in scanner.line(subject):
            scanner.write(found, subject, "header Subject", sink)
    if not bomb:
        _body(message, sink, scanner, limits)


def _decoded(value: str) -> str:
    """A header with its encoded words (=?utf-8?b?...?=) decoded."""
    try:
        return str(email.header.make_header(email.header.decode_header(value)))
    except Exception:
        return value


class _Headers(Message):
    pass


def _decoded_message(message: Message) -> Message:
    """The address headers decoded, so display names in any script read as written."""
    out = _Headers()
    for name in _ADDRESS_HEADERS:
        for value in message.get_all(name) or []:
            out[name] = _decoded(str(value))
    return out
