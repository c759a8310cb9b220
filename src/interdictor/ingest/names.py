"""Names in free text: companies anchored on their legal form, people after a title, part numbers, addresses.

A company name is found from its legal form (rigour's org-type knowledge, the same the screening
engine strips from names): "GmbH", "Co., Ltd.", "FZE" or "OOO" anchor it, and the capitalised
words next to the form are its name. Its comparison key is the name as the screening engine
normalises it (legal form removed, transliterated, lower-case tokens), so a mention meets list
and registry entities on the same ground.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from rigour.addresses import normalize_address
from rigour.names import extract_org_types

from interdictor.ingest.patterns import Found
from interdictor.ingest.vocab import Vocab, trie_pattern, vocab
from interdictor.screening.forms import Kind, name_tokens

__all__ = ["NameFinder", "company_key", "line_words", "name_finder", "person_key"]

_WORD = re.compile(r"[^\W_](?:[\w'’&.-]*[^\W_])?\.?|&|\"|«|»|“|”")
#: Words that join name parts without being capitalised ("Bank of China", "Al Noor and Sons").
_CONNECTORS = frozenset(
    {
        "of",
        "and",
        "&",
        "de",
        "du",
        "des",
        "la",
        "le",
        "del",
        "der",
        "von",
        "van",
        "al",
        "el",
        "bin",
        "y",
        "e",
        "for",
        "the",
        "und",
        "et",
        "di",
        "da",
    }
)
_MAX_NAME_WORDS = 7
_QUOTES = frozenset({'"', "«", "»", "“", "”", "&"})
_CJK_COMPANY = re.compile(r"[\u4e00-\u9fff]{2,30}?(?:股份有限公司|有限责任公司|有限公司|集团公司|公司)")
_QUOTED_PREFIX = re.compile(
    r"(?<!\w)(ООО|ОАО|ЗАО|ПАО|АО|ТОО|ОДО|ЧП|ФГУП|НПО|OOO|OAO|ZAO|PAO|AO|TOO|NPO|FGUP)\s*[«\"“„]([^»\"”“]{2,80})[»\"”“]"
)


@lru_cache(maxsize=200_000)
def company_key(name: str) -> str:
    """The comparison key of an organisation name: screening's tokens, legal form removed."""
    tokens, _ = name_tokens(name, Kind.ORG)
    return " ".join(tokens) if tokens else name.casefold().strip()


@lru_cache(maxsize=200_000)
def person_key(name: str) -> str:
    """The comparison key of a person's name: screening's tokens, family-name-first commas undone."""
    tokens, _ = name_tokens(name, Kind.PERSON)
    return " ".join(tokens) if tokens else name.casefold().strip()


@lru_cache(maxsize=200_000)
def _form_word(word: str) -> bool:
    """Whether a word is, or is part of, a legal form ("gmbh", "ltd", "co"): lines without one skip
    the legal-form search."""
    return bool(extract_org_types(word, generic=True)) or word in _FORM_PARTS


#: Words of multi-word legal forms that are no legal form on their own ("Sp. z o.o.").
_FORM_PARTS = frozenset(
    {
        "sp",
        "z",
        "o",
        "s",
        "de",
        "r",
        "l",
        "c",
        "v",
        "b",
        "pte",
        "pvt",
        "sdn",
        "bhd",
        "sa",
        "cia",
        "y",
        "e",
        "k",
        "g",
        "mbh",
        "sro",
        "spol",
        "d",
        "doo",
        "ad",
        "ao",
        "oao",
    }
)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


class NameFinder:
    """Finds company names, person names, part numbers and addresses in one line of text."""

    def __init__(self, words: Vocab) -> None:
        self.words = words
        labels = trie_pattern(words.part_labels)
        self._part_label = re.compile(
            rf"(?i)(?<![\w/])(?:{labels})(?:\s*(?:no\.?|nr\.?|number|#))?\s*[:#.]?\s*"
            r"(?-i:([A-Z0-9][A-Za-z0-9]*(?:[-/.][A-Za-z0-9]+)*))"
        )
        self._part_bare = re.compile(
            r"(?<![\w/.-])(?=[A-Z0-9/-]*\d)(?=[A-Z0-9/-]*[A-Z])"
            r"(?:[A-Z0-9]{1,10}(?:[-/][A-Z0-9]{1,10}){1,4}|[A-Z]{2,5}\d{3,8}[A-Z]{0,3})(?![\w/-])"
        )
        honorifics = trie_pattern(words.honorifics)
        self._person = re.compile(
            rf"\b(?i:{honorifics})\.?\s+((?:[A-Z][a-z'’-]+|[A-Z]\.)(?:\s+(?:[A-Z][a-z'’-]+|[A-Z]\.)){{0,3}})"
        )
        street = trie_pattern(words.street_words)
        self._street = re.compile(
            # Not inside a reference: "SGHC-17 and ST-15" has a number and a street word, no street.
            rf"(?i)(?<![\w-])\d{{1,5}}[a-z]?,?\s+(?:[A-Z][\w'’.-]*\s+){{0,4}}(?:{street})\b(?![-/]\w)\.?"
            rf"|\b[A-Z][\w'’-]*(?:strasse|straße|str\.|weg|platz|gasse|allee)\s+\d{{1,5}}[a-z]?\b"
        )
        boxes = trie_pattern(words.po_box)
        self._po_box = re.compile(rf"(?i)(?<!\w)(?:{boxes})\s*[:.#]?\s*(?:no\.?\s*)?\d{{1,7}}\b")
        address_labels = trie_pattern(words.address_labels)
        self._address_label = re.compile(rf"(?i)\b(?:{address_labels})\s*:\s*(\S.{{5,}})")
        self._part_words = _first_words(words.part_labels)
        self._address_words = _first_words(words.address_labels)
        self._box_words = frozenset(w for phrase in words.po_box for w in _ALPHA.findall(phrase.lower()))
        self._doc_label = re.compile(
            r"(?i)\b(?:invoice|inv|order|po|purchase order|b/l|awb|ref|reference|quotation|quote|contract)"
            r"\s*(?:no\.?|nr\.?|number|#)?\s*[:#.]?\s*$"
        )

    # -- companies ----------------------------------------------------------------------------

    def companies(self, line: str, words: frozenset[str] | None = None) -> Iterator[Found]:
        """Company names anchored on a legal form, with screening's key as the normalised value."""
        seen: set[tuple[int, int]] = set()
        if not line.isascii() or '"' in line:
            for m in _QUOTED_PREFIX.finditer(line):
                seen.add((m.start(), m.end()))
                yield Found("company", m.group(0), company_key(m.group(2)), m.start(), m.end())
            for m in _CJK_COMPANY.finditer(line):
                yield Found("company", m.group(0), company_key(m.group(0)), m.start(), m.end())
        if line == line.lower():
            return
        if words is not None and not any(map(_form_word, words)):
            return
        forms = extract_org_types(line, generic=True)
        if not forms:
            return
        shouting = sum(ch.isupper() for ch in line) > 0.7 * max(1, sum(ch.isalpha() for ch in line))
        form_words = {f.rstrip(".").lower() for f, _ in forms}
        anchors: set[tuple[int, int]] = set()
        for form_text in dict.fromkeys(f for f, _ in forms):
            if not any(ch.isupper() for ch in form_text):
                continue
            if sum(ch.isalpha() for ch in form_text) <= 2 and shouting:
                continue
            for fm in re.finditer(rf"(?<![\w]){re.escape(form_text)}(?![\w])", line):
                anchors.add((fm.start(), fm.end()))
        for form_start, form_end in sorted(anchors):
            span = self._around(line, form_start, form_end, form_words)
            if span is None or any(s <= span[0] < e for s, e in seen):
                continue
            seen.add(span)
            text = line[span[0] : span[1]].strip(" ,;:")
            key = company_key(text)
            # The name must be more than its legal form ("P/N ONG-4495" holds the form "ONG" only).
            if sum(ch.isalpha() for ch in key) >= 2 and key.replace(" ", "") != text.replace(" ", "").lower():
                yield Found("company", text, key, span[0], span[0] + len(text))

    def _around(self, line: str, start: int, end: int, forms: set[str]) -> tuple[int, int] | None:
        """The span of the name that the legal form at start:end belongs to (words before, else after)."""
        words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(line)]
        before = [w for w in words if w[1] <= start]
        taken: list[tuple[int, int, str]] = []
        for w in reversed(before):
            text = w[2].rstrip(".")
            if len(taken) >= _MAX_NAME_WORDS:
                break
            gap = line[w[1] : (taken[-1][0] if taken else start)]
            if any(ch in gap for ch in ".;:!?()[]|/\\<>\n\t") and gap.strip() not in (",", ""):
                break
            if ("," in gap and taken) or text.lower() in forms:
                # A legal form further left ends another company's name, not this one's.
                break
            if _capitalised(text) or text in _QUOTES or (text.lower() in _CONNECTORS and taken):
                taken.append(w)
            else:
                break
        # The leftmost word may start the sentence rather than the name ("Thanks", "the", "and").
        while taken and self._not_a_name_start(taken[-1][2]):
            taken.pop()
        if any(_capitalised(w[2]) and w[2][:1].isalpha() for w in taken):
            return taken[-1][0], end
        # A form written before the name ("OOO Romashka", "PT Maju Jaya").
        after = [w for w in words if w[0] >= end][:_MAX_NAME_WORDS]
        span_end = end
        count = 0
        for w in after:
            if not _capitalised(w[2]) or w[2].rstrip(".").lower() in self.words.name_stopwords:
                break
            span_end = w[1]
            count += 1
        return (start, span_end) if count else None

    def _not_a_name_start(self, word: str) -> bool:
        text = word.rstrip(".")
        lower = text.lower()
        if text in _QUOTES and text not in ("«", '"', "“"):
            return True
        return lower in self.words.name_stopwords or (lower in _CONNECTORS and not _capitalised(text))

    # -- people, parts, addresses -------------------------------------------------------------

    def persons(self, line: str, words: frozenset[str] | None = None) -> Iterator[Found]:
        if words is not None and self.words.honorifics.isdisjoint(words):
            return
        for m in self._person.finditer(line):
            name = m.group(1)
            yield Found("person", name, person_key(name), m.start(1), m.end(1))

    def parts(
        self, line: str, taken: list[tuple[int, int]], words: frozenset[str] | None = None
    ) -> Iterator[Found]:
        """Part and model numbers: after a label, or shaped like one (letters and digits joined)."""
        spans: list[tuple[int, int]] = list(taken)

        def free(s: int, e: int) -> bool:
            return not any(a < e and s < b for a, b in spans)

        labelled = words is None or not self._part_words.isdisjoint(words)
        for m in self._part_label.finditer(line) if labelled else ():
            value = m.group(1).rstrip(".")
            if (
                len(value) >= 3
                and any(ch.isdigit() for ch in value)
                and free(m.start(1), m.start(1) + len(value))
            ):
                spans.append((m.start(1), m.start(1) + len(value)))
                yield Found("part_number", value, _part_key(value), m.start(1), m.start(1) + len(value))
        for m in self._part_bare.finditer(line) if _UPPER_DIGIT.search(line) else ():
            value = m.group(0)
            if not free(m.start(), m.end()) or self._doc_label.search(line[: m.start()]):
                continue
            if value[:3] in self.words.currency_codes and value[3:].replace(".", "").isdigit():
                continue
            spans.append((m.start(), m.end()))
            yield Found("part_number", value, _part_key(value), m.start(), m.end())

    def addresses(self, line: str, words: frozenset[str] | None = None) -> Iterator[Found]:
        """Addresses: after an address label, a post box, or a house number next to a street word."""
        found: list[Found] = []
        labelled = ":" in line and (words is None or not self._address_words.isdisjoint(words))
        for m in self._address_label.finditer(line) if labelled else ():
            found.append(self._address(line, m.start(1), len(line)))
        if _DIGIT.search(line):
            boxed = words is None or not self._box_words.isdisjoint(words)
            for m in self._po_box.finditer(line) if boxed else ():
                found.append(self._address(line, m.start(), len(line)))
            street = words is None or not self.words.street_words.isdisjoint(words) or "stra" in line
            for m in self._street.finditer(line) if street else ():
                found.append(self._address(line, m.start(), len(line)))
        kept: list[Found] = []
        for f in found:
            if f.normalised and not any(k.start <= f.start < k.end for k in kept):
                kept.append(f)
                yield f

    def _address(self, line: str, start: int, end: int) -> Found:
        text = line[start:end]
        # An address runs to the end of its clause: cut at a sentence end, at most 160 characters.
        cut = re.search(r"(?<![A-Z.])[.!?;](?:\s|$)|\s{3,}|\t", text)
        if cut is not None and cut.start() > 4:
            text = text[: cut.start()]
        text = text[:160].strip(" ,;:")
        return Found("address", text, normalize_address(text) or "", start, start + len(text))


_ALPHA = re.compile(r"[^\W\d_]+")
_DIGIT = re.compile(r"\d")
_UPPER_DIGIT = re.compile(r"[A-Z][A-Z0-9/-]*\d|\d[A-Z0-9/-]*[A-Z]")


def line_words(line: str) -> frozenset[str]:
    """The lower-case words of a line: finders whose cue words are absent skip the line."""
    return frozenset(_ALPHA.findall(line.lower()))


def _first_words(phrases: tuple[str, ...]) -> frozenset[str]:
    return frozenset(found[0] for phrase in phrases if (found := _ALPHA.findall(phrase.lower())))


def _part_key(value: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", value.upper())


@lru_cache(maxsize=1)
def name_finder() -> NameFinder:
    return NameFinder(vocab())
