"""Reading documents as text: encodings, HTML and XML to text, JSON streamed item by item.

Documents arrive in any encoding. UTF-8 (with or without a byte-order mark) and UTF-16 with a mark
are read as such; anything else is identified by charset-normalizer, and the encoding chosen is
noted in the report. Large files are read as a stream of lines, so memory stays flat whatever the
size. HTML is reduced to text by the standard library's parser (no entity expansion beyond the
named characters); XML goes through defusedxml, which refuses entity bombs and external entities.
"""

from __future__ import annotations

import codecs
import io
import itertools
import json
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

__all__ = [
    "DecodeError",
    "decode_bytes",
    "detect_encoding",
    "html_to_text",
    "iter_json_items",
    "open_text",
    "xml_to_text",
]

_SAMPLE = 1 << 20
_CHUNK = 1 << 20
#: One JSON item (a chat message, an entity) larger than this is refused rather than buffered.
MAX_JSON_ITEM = 16 << 20
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


class DecodeError(Exception):
    """The bytes are not text we can read; the message says why, `line` where when known."""

    def __init__(self, message: str, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.hint = hint


def detect_encoding(sample: bytes, declared: str | None = None) -> str:
    """The encoding of a text sample: a byte-order mark, the declared charset, UTF-8, else detected."""
    for bom, name in _BOMS:
        if sample.startswith(bom):
            return name
    if declared:
        try:
            codecs.lookup(declared)
            sample.decode(declared)
            return declared
        except (LookupError, UnicodeDecodeError):
            pass
    if b"\x00" in sample[:4096]:
        raise DecodeError(
            "the file holds NUL bytes: it is binary (PDF, image, archive...), not text",
            line=sample[: sample.index(b"\x00")].count(b"\n") + 1,
            hint="convert it to text first (for a PDF: pdftotext)",
        )
    # A sample cut mid-character is still UTF-8: ignore an incomplete sequence at its very end.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        pass
    best = from_bytes(sample[:_SAMPLE]).best()
    if best is None:
        raise DecodeError("cannot tell the text encoding (charset-normalizer found none that fits)")
    return str(best.encoding)


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Text and the encoding it was read in; undecodable bytes become U+FFFD rather than stop."""
    encoding = detect_encoding(raw[:_SAMPLE], declared)
    return raw.decode(encoding, errors="replace"), encoding


def open_text(path: Path) -> tuple[io.TextIOWrapper, str]:
    """A line stream over a text file of any size, in its detected encoding."""
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    cut = sample.rfind(b"\n")
    encoding = detect_encoding(sample[: cut + 1] if cut > 0 and len(sample) == _SAMPLE else sample)
    stream = io.TextIOWrapper(path.open("rb"), encoding=encoding, errors="replace", newline=None)
    return stream, encoding


class _TextOfHtml(HTMLParser):
    _BLOCK = frozenset(
        {
            "p",
            "div",
            "br",
            "tr",
            "li",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "table",
            "td",
            "th",
            "blockquote",
            "pre",
            "hr",
            "title",
            "section",
            "article",
            "ul",
            "ol",
        }
    )
    _SKIP = frozenset({"script", "style", "head", "noscript", "template", "svg"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCK:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("mailto:"):
                self.parts.append(f" {href[7:]} ")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The visible text of an HTML document, one line per block element."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"[ \t\u00a0]+", " ", re.sub(r"\n\s*\n+", "\n", text)).strip()


def xml_to_text(raw: bytes) -> str:
    """The text content of an XML document, one element per line; entity bombs are refused."""
    from xml.etree.ElementTree import ParseError

    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        root = fromstring(raw)
    except DefusedXmlException as exc:
        raise DecodeError(
            f"XML refused: {exc} (entity declarations can expand a small file into gigabytes)",
            hint="remove the DOCTYPE and its entity declarations",
        ) from exc
    except ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise DecodeError(f"not well-formed XML: {exc}", line=line) from exc
    lines = []
    for element in root.iter():
        text = " ".join(t.strip() for t in (element.text, element.tail) if t and t.strip())
        if text:
            lines.append(text)
    return "\n".join(lines)


def _refill(handle: io.TextIOBase, buf: str, pos: int) -> tuple[str, int, bool]:
    chunk = handle.read(_CHUNK)
    if not chunk:
        return buf, pos, False
    return buf[pos:] + chunk, 0, True


def _stream_array(handle: io.TextIOBase, buf: str, pos: int) -> Iterator[tuple[int, Any]]:
    """Items of the JSON array starting at buf[pos] ('['), decoded one at a time."""
    decoder = json.JSONDecoder()
    pos += 1
    index = 0
    while True:
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n,":
                pos += 1
            if pos < len(buf):
                break
            buf, pos, more = _refill(handle, buf, pos)
            if not more:
                raise DecodeError(f"the JSON array ends early, after item {index}")
        if buf[pos] == "]":
            return
        while True:
            try:
                item, end = decoder.raw_decode(buf, pos)
                break
            except json.JSONDecodeError as exc:
                if len(buf) - pos > MAX_JSON_ITEM:
                    raise DecodeError(
                        f"item {index} of the JSON array is larger than 16 MB or invalid"
                    ) from exc
                buf, pos, more = _refill(handle, buf, pos)
                if not more:
                    raise DecodeError(f"item {index} of the JSON array is invalid: {exc.msg}") from exc
        yield index, item
        index += 1
        pos = end
        if pos > _CHUNK:
            buf, pos = buf[pos:], 0


_ARRAY_KEY = re.compile(r'"(messages|entities|results|data|items)"\s*:\s*\[')


def iter_json_items(handle: io.TextIOBase) -> Iterator[tuple[str, Any]]:
    """Objects of a JSON-lines file, a JSON array, or the array under "messages"/"entities" of an
    object (Telegram exports), each with its position ('line 3', 'item 12'); streamed."""
    buf = handle.read(_CHUNK)
    stripped = buf.lstrip("\ufeff \t\r\n")
    if stripped.startswith("["):
        pos = len(buf) - len(stripped)
        for index, item in _stream_array(handle, buf, pos):
            yield f"item {index + 1}", item
        return
    first_line = stripped.split("\n", 1)[0]
    try:
        json.loads(first_line)
        lines = True
    except json.JSONDecodeError:
        lines = False
    if lines:
        # The first chunk may end mid-line: complete that line, then read on from the handle.
        buf += handle.readline()
        for number, raw in enumerate(itertools.chain(io.StringIO(buf), handle), start=1):
            if raw.strip():
                try:
                    yield f"line {number}", json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise DecodeError(f"not JSON: {exc.msg} at column {exc.colno}", line=number) from exc
        return
    while True:
        found = _ARRAY_KEY.search(buf)
        if found is not None:
            for index, item in _stream_array(handle, buf, found.end() - 1):
                yield f"{found.group(1)}[{index}]", item
            return
        if len(buf) > MAX_JSON_ITEM:
            raise DecodeError("a JSON object without a 'messages' or 'entities' array in its first 16 MB")
        chunk = handle.read(_CHUNK)
        if not chunk:
            try:
                yield "document", json.loads(buf)
            except json.JSONDecodeError as exc:
                raise DecodeError(f"not JSON: {exc.msg}", line=exc.lineno) from exc
            return
        buf += chunk


def read_capped(handle: BinaryIO, limit: int) -> tuple[bytes, bool]:
    """At most `limit` bytes, and whether there was more."""
    data = handle.read(limit + 1)
    return data[:limit], len(data) > limit
