"""Which kind of document a file is: told by its name first, then by its first bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

from interdictor.ingest.chat import looks_like_chat
from interdictor.ingest.mail import looks_like_email, looks_like_mbox
from interdictor.ingest.vocab import header_key, vocab
from interdictor.model import RECORD_KINDS

__all__ = ["detect_kind", "is_mbox"]

_HEAD = 64 << 10
_INVOICE = re.compile(r"(?i)\b(?:commercial\s+|proforma\s+|pro-forma\s+|tax\s+)?invoice\b")
_TEXT_SUFFIXES = (".txt", ".text", ".md", ".log", ".html", ".htm", ".xml", ".xhtml", "")
_CHAT_COLUMNS = frozenset({"message", "text", "content", "body", "msg", "message_text"})
_SKIP_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".zip", ".gz", ".png", ".jpg", ".jpeg", ".gif")


def is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return looks_like_mbox(handle.read(1024))


def _json_kind(text: str) -> str | None:
    stripped = text.lstrip("\ufeff \t\r\n")
    first: object = None
    if stripped.startswith("["):
        stripped = stripped[1:].lstrip()
    line = stripped.split("\n", 1)[0]
    try:
        first = json.loads(line)
    except json.JSONDecodeError:
        try:
            first, _ = json.JSONDecoder().raw_decode(stripped)
        except json.JSONDecodeError:
            if '"messages"' in text:
                return "chat"
            return None
    if not isinstance(first, dict):
        return None
    if "schema" in first and "properties" in first:
        return "registry"
    if first.get("kind") in RECORD_KINDS and "parties" in first:
        return "transactions"
    if "messages" in first or '"messages"' in text[:_HEAD]:
        return "chat"
    keys = {header_key(k) for k in first}
    if keys & {"text", "message", "content", "body"}:
        return "chat"
    return None


def _csv_kind(head: str) -> str | None:
    first = head.split("\n", 1)[0]
    delimiter = max(",;\t|", key=first.count)
    keys = {header_key(h) for h in first.split(delimiter)}
    headers = vocab().registry_headers
    if keys & _CHAT_COLUMNS:
        return "chat"
    known = {headers[k] for k in keys if k in headers}
    if {"company_id", "name"} & known and len(known) >= 2:
        return "registry"
    return None


def detect_kind(path: Path) -> str | None:
    """registry | transactions | email | chat | invoice | text, or None when none fits."""
    suffix = path.suffix.lower()
    if suffix in _SKIP_SUFFIXES:
        return None
    with path.open("rb") as handle:
        head_bytes = handle.read(_HEAD)
    if suffix in (".eml", ".mbox", ".mbx") or looks_like_mbox(head_bytes) or looks_like_email(head_bytes):
        return "email"
    head = head_bytes.decode("utf-8", errors="replace")
    if suffix in (".json", ".jsonl", ".ndjson") or path.name.endswith(".ftm.json"):
        return _json_kind(head)
    if suffix in (".csv", ".tsv"):
        return _csv_kind(head)
    if suffix in _TEXT_SUFFIXES:
        lines = head.splitlines()[:40]
        if suffix in (".txt", ".text", "") and looks_like_chat(lines):
            return "chat"
        if _INVOICE.search("\n".join(lines)):
            return "invoice"
        return "text"
    return None
