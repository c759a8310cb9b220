"""Scan lines of free text for mentions: identifiers, values, names, and parties the store knows.

One `Scanner` serves a whole ingest run: its finders are compiled once and its gazetteer of
known parties is built once (from the lists and the evidence entities already stored).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from interdictor.ingest.names import NameFinder, line_words, name_finder
from interdictor.ingest.parties import Gazetteer
from interdictor.ingest.patterns import Found, Patterns, patterns
from interdictor.ingest.sink import DocumentSink, context_of

__all__ = ["Scanner"]

#: Lines longer than this are scanned in pieces (a chat line of megabytes is a pasted file).
MAX_LINE = 20_000


class Scanner:
    """Every extractor over one line, spans of identifiers kept apart from names and part numbers."""

    def __init__(
        self,
        gazetteer: Gazetteer | None = None,
        finders: Patterns | None = None,
        names: NameFinder | None = None,
    ) -> None:
        self.gazetteer = gazetteer
        self.finders = finders or patterns()
        self.names = names or name_finder()

    def line(self, text: str) -> Iterator[Found]:
        """Mentions in one line, in a fixed order of kinds."""
        for start in range(0, max(1, len(text)), MAX_LINE):
            piece = text[start : start + MAX_LINE]
            for found in self._piece(piece):
                if start:
                    found = Found(
                        found.kind, found.value, found.normalised, found.start + start, found.end + start
                    )
                yield found

    def _piece(self, text: str) -> Iterator[Found]:
        taken: list[tuple[int, int]] = []
        words = line_words(text)
        for found in self.finders.identifiers(text, words):
            taken.append((found.start, found.end))
            yield found
        yield from self.names.parts(text, taken, words)
        yield from self.names.addresses(text, words)
        yield from self.names.companies(text, words)
        yield from self.names.persons(text, words)
        if self.gazetteer is not None and self.gazetteer.first:
            yield from self.gazetteer.find(text)

    def scan(self, lines: Iterable[tuple[int, str]], sink: DocumentSink, prefix: str = "") -> None:
        """Write the mentions of numbered lines to the sink, positions as '<prefix>line N'."""
        for number, text in lines:
            if not text.strip():
                continue
            for found in self.line(text):
                self.write(found, text, f"{prefix}line {number}", sink)

    @staticmethod
    def write(found: Found, text: str, position: str, sink: DocumentSink) -> None:
        context = context_of(text, found.start, found.end)
        if found.kind == "known_party":
            sink.mention(
                "known_party", found.value, found.value.casefold(), position, context, found.normalised
            )
        else:
            sink.mention(found.kind, found.value, found.normalised, position, context)
