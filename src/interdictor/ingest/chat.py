"""Chat exports: plain text (WhatsApp, Telegram, IRC-like), CSV, and JSON (Telegram, Slack, JSON lines).

Exports are streamed message by message, so a 100 MB export is read in bounded memory. The
timestamp and sender of a message are taken apart from its text: the text is scanned for
mentions, each sender is recorded once per export (as a phone, company or person mention), and
the first message's date is the document's date.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interdictor.ingest.model import Limits
from interdictor.ingest.names import company_key, person_key
from interdictor.ingest.patterns import parse_date, patterns
from interdictor.ingest.scan import Scanner
from interdictor.ingest.sink import DocumentSink
from interdictor.ingest.textio import DecodeError, iter_json_items, open_text
from interdictor.ingest.vocab import header_key

__all__ = ["CHAT_LINE_PATTERNS", "looks_like_chat", "read_chat"]

_TIME = r"\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?\s?[Mm]\.?)?"
_DATE = r"\d{1,4}[./-]\d{1,2}[./-]\d{2,4}"
#: Message header lines of common exports: (date, sender, text) groups.
CHAT_LINE_PATTERNS = (
    # WhatsApp (Android): 02/05/2023, 14:22 - Reza: text
    re.compile(rf"^(?P<date>{_DATE}),?\s+{_TIME}\s+[-–]\s+(?P<sender>[^:]{{1,80}}?):\s(?P<text>.*)$"),
    # WhatsApp (iOS): [02/05/2023, 14:22:05] Reza: text
    re.compile(rf"^\u200e?\[(?P<date>{_DATE}),?\s+{_TIME}\]\s+(?P<sender>[^:]{{1,80}}?):\s(?P<text>.*)$"),
    # ISO stamps: [2023-05-02 14:22] Reza: text / 2023-05-02T14:22:05 - Reza: text
    re.compile(
        rf"^\[?(?P<date>\d{{4}}-\d{{2}}-\d{{2}})[ T]{_TIME}\]?\s*[-–]?\s*"
        r"(?P<sender>[^:\[\]]{1,80}?):\s(?P<text>.*)$"
    ),
    # IRC-like: [14:22] <reza> text
    re.compile(rf"^\[?{_TIME}\]?\s+<(?P<sender>[^>]{{1,40}})>\s(?P<text>.*)$"),
)
#: Telegram desktop text: "Reza Karimi, [02.05.23 14:22]" with the text on the next lines.
_TELEGRAM_HEADER = re.compile(rf"^(?P<sender>[^\[\]]{{1,80}}), \[(?P<date>{_DATE})\s+{_TIME}\]$")
_SYSTEM = re.compile(
    r"(?i)messages and calls are end-to-end encrypted|<media omitted>|this message was deleted"
)
_SENDER_COLUMNS = (
    "sender",
    "from",
    "author",
    "user",
    "user_name",
    "username",
    "name",
    "from_name",
    "participant",
)
_TEXT_COLUMNS = ("text", "message", "content", "body", "msg", "message_text")
_DATE_COLUMNS = ("date", "time", "timestamp", "ts", "datetime", "sent", "sent_at", "created_at")


def looks_like_chat(lines: list[str]) -> bool:
    """Whether most message-like lines at the top of a text file are chat message headers."""
    hits = sum(
        1 for ln in lines if any(p.match(ln) for p in CHAT_LINE_PATTERNS) or _TELEGRAM_HEADER.match(ln)
    )
    return hits >= max(2, len([ln for ln in lines if ln.strip()]) // 3)


def _nth_line(position: str, number: int) -> str:
    """Position of line `number` of a message at `position` ('line 7' + 2 -> 'line 8')."""
    if number == 1:
        return position
    head, _, first = position.partition(" ")
    if head == "line" and first.isdigit():
        return f"line {int(first) + number - 1}"
    return f"{position} line {number}"


class _Chat:
    def __init__(self, sink: DocumentSink, scanner: Scanner, limits: Limits) -> None:
        self.sink, self.scanner, self.limits = sink, scanner, limits
        self.senders: set[str] = set()
        self.messages = 0

    def message(self, position: str, sender: str | None, date: str | None, text: str) -> None:
        self.messages += 1
        if date and self.sink.doc_date is None:
            self.sink.doc_date = parse_date(date) or (
                date[:10] if re.match(r"\d{4}-\d{2}-\d{2}", date) else None
            )
        if sender:
            self.sender(sender, position)
        if text and not _SYSTEM.search(text):
            for number, line in enumerate(text.split("\n"), start=1):
                if line.strip():
                    where = _nth_line(position, number)
                    for found in self.scanner.line(line):
                        self.scanner.write(found, line, where, self.sink)

    def sender(self, sender: str, position: str) -> None:
        sender = sender.strip().lstrip("\u200e\u202a").rstrip("\u202c")
        if not sender or sender in self.senders:
            return
        if len(self.senders) >= self.limits.max_senders:
            if len(self.senders) == self.limits.max_senders:
                self.sink.note(
                    f"more than {self.limits.max_senders} senders: the rest are not recorded (limit)"
                )
                self.senders.add("")
            return
        self.senders.add(sender)
        where = f"{position} sender"
        phones = patterns().phones(sender)
        if phones:
            self.sink.mention("phone", sender, phones[0].normalised, where, sender)
        elif list(self.scanner.names.companies(sender)):
            self.sink.mention("company", sender, company_key(sender), where, sender)
        else:
            self.sink.mention("person", sender, person_key(sender), where, sender)
        if self.scanner.gazetteer is not None:
            for found in self.scanner.gazetteer.find(sender):
                self.scanner.write(found, sender, where, self.sink)


def _message(parts: list[Any]) -> tuple[int, str | None, str | None, str]:
    return int(parts[0]), parts[1], parts[2], str(parts[3])


def _text_messages(stream: Any) -> Iterator[tuple[int, str | None, str | None, str]]:
    """(line, sender, date, text) per message of a plain-text export; continuation lines join it."""
    current: list[Any] | None = None
    pending_header: tuple[int, str, str] | None = None
    for number, raw in enumerate(stream, start=1):
        line = raw.rstrip("\r\n")
        telegram = _TELEGRAM_HEADER.match(line)
        if telegram:
            if current is not None:
                yield _message(current)
            current = None
            pending_header = (number, telegram.group("sender"), telegram.group("date"))
            continue
        match = None
        for pattern in CHAT_LINE_PATTERNS:
            match = pattern.match(line)
            if match:
                break
        if match:
            if current is not None:
                yield _message(current)
            groups = match.groupdict()
            current = [number, groups.get("sender"), groups.get("date"), match.group("text")]
            pending_header = None
        elif pending_header is not None:
            current = [pending_header[0] + 1, pending_header[1], pending_header[2], line]
            pending_header = None
        elif current is not None and len(current[3]) < 100_000:
            current[3] += "\n" + line
        elif line.strip():
            if current is not None:
                yield _message(current)
            current = [number, None, None, line]
    if current is not None:
        yield _message(current)


def _pick(keys: dict[str, str], wanted: tuple[str, ...]) -> str | None:
    for name in wanted:
        if name in keys:
            return keys[name]
    return None


def _json_text(value: Any) -> str:
    """Telegram's text is a string or a list of strings and {type, text} segments."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(_json_text(v) for v in value)
    if isinstance(value, dict):
        return _json_text(value.get("text", ""))
    return ""


def _read_json(path: Path, chat: _Chat) -> None:
    stream, _ = open_text(path)
    with stream:
        for position, item in iter_json_items(stream):
            if not isinstance(item, dict):
                continue
            keys = {header_key(k): k for k in item}
            text_key = _pick(keys, _TEXT_COLUMNS)
            sender_key = _pick(keys, _SENDER_COLUMNS)
            date_key = _pick(keys, _DATE_COLUMNS)
            sender = item.get(sender_key) if sender_key else None
            date = item.get(date_key) if date_key else None
            chat.message(
                position,
                str(sender) if sender else None,
                str(date) if isinstance(date, str) else None,
                _json_text(item.get(text_key)) if text_key else "",
            )


def _read_csv(path: Path, chat: _Chat) -> None:
    stream, _ = open_text(path)
    with stream:
        first = stream.readline()
        delimiter = max(",;\t|", key=first.count)
        header = next(csv.reader([first], delimiter=delimiter))
        index = {header_key(h): i for i, h in enumerate(header)}
        text_col = next((index[c] for c in _TEXT_COLUMNS if c in index), None)
        if text_col is None:
            chat.sink.problem(
                "no message column in the chat CSV",
                line=1,
                hint=f"name it one of: {', '.join(_TEXT_COLUMNS)}",
            )
            return
        sender_col = next((index[c] for c in _SENDER_COLUMNS if c in index), None)
        date_col = next((index[c] for c in _DATE_COLUMNS if c in index), None)
        reader = csv.reader(stream, delimiter=delimiter)
        for row in reader:
            sender = row[sender_col] if sender_col is not None and sender_col < len(row) else None
            date = row[date_col] if date_col is not None and date_col < len(row) else None
            text = row[text_col] if text_col < len(row) else ""
            # reader.line_num counts from the second line: the header was read before it.
            chat.message(f"line {reader.line_num + 1}", sender, date, text)


def read_chat(path: Path, sink: DocumentSink, scanner: Scanner, limits: Limits) -> None:
    """Mentions of a chat export (text, CSV or JSON, told by its name and first bytes) into the sink."""
    chat = _Chat(sink, scanner, limits)
    suffix = path.suffix.lower()
    try:
        if suffix in (".json", ".jsonl", ".ndjson"):
            _read_json(path, chat)
        elif suffix in (".csv", ".tsv"):
            _read_csv(path, chat)
        else:
            stream, encoding = open_text(path)
            with stream:
                for number, sender, date, text in _text_messages(stream):
                    chat.message(f"line {number}", sender, date, text)
            if encoding not in ("utf-8", "utf-8-sig"):
                sink.note(f"read as {encoding} (detected)")
    except DecodeError as exc:
        sink.problem(str(exc), line=exc.line, hint=exc.hint)
        return
    except csv.Error as exc:
        sink.problem(f"not a readable CSV: {exc}")
        return
    if chat.messages == 0:
        sink.problem("no messages found in the chat export")
    sink.title = sink.title or f"chat, {len(chat.senders)} participants, {chat.messages} messages"
