"""The UN Security Council consolidated list, the XML the UN publishes (`consolidated.xml`).

`<CONSOLIDATED_LIST dateGenerated=...>` holds `<INDIVIDUALS>` and `<ENTITIES>`; each
INDIVIDUAL becomes a Person and each ENTITY an Organization, with the id `unsc-{DATAID}`.
The file is parsed with defusedxml only, as a stream whose finished entries are dropped, so
memory stays flat; a DTD or entity declaration (the "billion laughs" attack) is refused, and
a truncated or malformed file is refused with the line and column where parsing stopped.

Decisions (checked on the 2026-02-27 file):

- Names: FIRST..FOURTH_NAME joined make `name`, and go to firstName, secondName and
  middleName (third and fourth): the UN does not say which part is the family name, so
  none becomes lastName. An ENTITY's FIRST_NAME may hold two names split by ";".
- NAME_ORIGINAL_SCRIPT is another `name` of the party (the same name, not an alias), with
  `lang` where the script alone says the language (Hangul, Greek...). The file's are Arabic
  script (Arabic, but also Pashto and Dari for Taliban entries) and Cyrillic, which do not,
  so they carry none. Alias notes "original script: X" and "In Arabic: X" add X too.
- Alias QUALITY: Good, a.k.a. and empty make `alias`, Low `weakAlias`, f.k.a. `previousName`.
- UN_LIST_TYPE is the `program`, REFERENCE_NUMBER the `programId`, LISTED_ON `createdAt`,
  the newest LAST_DAY_UPDATED `modifiedAt`, COMMENTS1 `notes`.
- Dates of birth: DATE or YEAR as they are; BETWEEN gives every year of the range; a date
  only in NOTE ("Nov. 1973") is read when it can be, else kept as a note.
- Documents: a passport number (TYPE_OF_DOCUMENT or TYPE_OF_DOCUMENT2 says passport, in
  English, French or Spanish) is `passportNumber`, any other `idNumber`; the whole document
  text (type, number, country, dates, note) is the original value.
- An element or a TYPE_OF_DATE/QUALITY value this reader does not know is a problem: the
  UN has changed the format, and guessing would misread it.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

from interdictor.lists.base import ListReader, ReadContext, register
from interdictor.lists.entity import ListEntity
from interdictor.lists.ofac_remarks import parse_dates
from interdictor.lists.values import add_note, add_value, clean_text, script_lang

__all__ = ["UnScReader"]

_ROOT = "CONSOLIDATED_LIST"
_BLOCK = 1 << 16
_PLACE = ("STREET", "CITY", "STATE_PROVINCE", "ZIP_CODE", "COUNTRY")
_ENTRY = (
    "DATAID", "VERSIONNUM", "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME", "UN_LIST_TYPE",
    "REFERENCE_NUMBER", "LISTED_ON", "SUBMITTED_BY", "NAME_ORIGINAL_SCRIPT", "COMMENTS1", "LIST_TYPE",
    "LAST_DAY_UPDATED", "SORT_KEY", "SORT_KEY_LAST_MOD", "DELISTED_ON",
)  # fmt: skip
#: every element this reader understands, by parent; anything else is a problem
_KNOWN: dict[str, frozenset[str]] = {
    _ROOT: frozenset({"INDIVIDUALS", "ENTITIES"}),
    "INDIVIDUALS": frozenset({"INDIVIDUAL"}),
    "ENTITIES": frozenset({"ENTITY"}),
    "INDIVIDUAL": frozenset(_ENTRY) | {
        "GENDER", "TITLE", "DESIGNATION", "NATIONALITY", "NATIONALITY2", "INDIVIDUAL_ALIAS",
        "INDIVIDUAL_ADDRESS", "INDIVIDUAL_DATE_OF_BIRTH", "INDIVIDUAL_PLACE_OF_BIRTH", "INDIVIDUAL_DOCUMENT",
    },
    "ENTITY": frozenset(_ENTRY) | {"ENTITY_ALIAS", "ENTITY_ADDRESS"},
    "INDIVIDUAL_ALIAS": frozenset({"QUALITY", "ALIAS_NAME", "NOTE", "DATE_OF_BIRTH", "CITY_OF_BIRTH",
                                   "COUNTRY_OF_BIRTH"}),
    "ENTITY_ALIAS": frozenset({"QUALITY", "ALIAS_NAME", "NOTE"}),
    "INDIVIDUAL_ADDRESS": frozenset({*_PLACE, "NOTE"}),
    "ENTITY_ADDRESS": frozenset({*_PLACE, "NOTE"}),
    "INDIVIDUAL_PLACE_OF_BIRTH": frozenset({*_PLACE, "NOTE"}),
    "INDIVIDUAL_DATE_OF_BIRTH": frozenset({"TYPE_OF_DATE", "DATE", "YEAR", "FROM_YEAR", "TO_YEAR", "NOTE"}),
    "INDIVIDUAL_DOCUMENT": frozenset({"TYPE_OF_DOCUMENT", "TYPE_OF_DOCUMENT2", "NUMBER", "ISSUING_COUNTRY",
                                      "DATE_OF_ISSUE", "CITY_OF_ISSUE", "COUNTRY_OF_ISSUE", "NOTE"}),
    **{tag: frozenset({"VALUE"}) for tag in ("TITLE", "DESIGNATION", "NATIONALITY", "NATIONALITY2",
                                             "LIST_TYPE", "LAST_DAY_UPDATED")},
}  # fmt: skip
_QUALITY = {"": "alias", "good": "alias", "a.k.a.": "alias", "low": "weakAlias", "f.k.a.": "previousName"}
_DATE_TYPES = ("", "EXACT", "APPROXIMATELY", "BETWEEN")
_NAME_PARTS = (
    ("FIRST_NAME", "firstName"),
    ("SECOND_NAME", "secondName"),
    ("THIRD_NAME", "middleName"),
    ("FOURTH_NAME", "middleName"),
)
_SCRIPT_NOTE_PREFIXES = ("original script:", "in arabic:", "in arabic script:")
_PASSPORT_WORDS = ("passport", "passeport", "pasaporte")


class _Builder(TreeBuilder):
    """Builds the tree as expat reads it, noting each element's line and handing over finished entries.

    A finished INDIVIDUAL or ENTITY is detached from its parent at once, so the tree never
    holds more than the entry being read.
    """

    def __init__(self, ctx: ReadContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.expat: Any = None  # the expat parser, to ask for the current line
        self.stack: list[Element] = []
        self.lines: dict[Element, int] = {}
        self.finished: list[tuple[Element, dict[Element, int]]] = []

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        elem = super().start(tag, attrs)
        line = int(self.expat.CurrentLineNumber)
        self.lines[elem] = line
        if not self.stack:
            _check_root(self.ctx, elem, line)
        elif len(self.stack) < 3 and tag not in _KNOWN.get(self.stack[-1].tag, frozenset()):
            self.ctx.problem(f"unknown element <{tag}> in <{self.stack[-1].tag}>", line=line, element=tag)
        self.stack.append(elem)
        return elem

    def end(self, tag: str) -> Element:
        elem = super().end(tag)
        self.stack.pop()
        if len(self.stack) == 2 and tag in ("INDIVIDUAL", "ENTITY"):
            self.stack[-1].remove(elem)
            self.finished.append((elem, self.lines))
            self.lines = {}
        return elem


def _check_root(ctx: ReadContext, root: Element, line: int) -> None:
    """The root must be the UN's; its dateGenerated is the publication date."""
    if root.tag != _ROOT:
        raise ctx.reject(
            f"not a UN consolidated list: the root element is <{root.tag}>, not <{_ROOT}>",
            line=line,
            element=root.tag,
        )
    generated = root.get("dateGenerated", "")
    try:
        ctx.set_published(date.fromisoformat(generated[:10]), "file")
    except ValueError:
        ctx.problem(
            f"dateGenerated {generated!r} is not a date", line=line, element=_ROOT, field="dateGenerated"
        )


def _raw(elem: Element, tag: str) -> str:
    child = elem.find(tag)
    return (child.text or "").strip() if child is not None else ""


def _values(elem: Element, tag: str) -> list[str]:
    """The VALUE texts of every `tag` child (`<NATIONALITY><VALUE>Iraq</VALUE></NATIONALITY>`)."""
    return [
        v
        for child in elem.findall(tag)
        for value in child.findall("VALUE")
        if (v := (value.text or "").strip())
    ]


@register
class UnScReader(ListReader):
    format = "un-sc-xml"
    list_name = "un_sc_sanctions"
    title = "UN Security Council Consolidated List"
    description = "The UN Security Council consolidated sanctions list, XML (consolidated.xml)."

    def sniff(self, path: Path, head: bytes) -> bool:
        return b"<" + _ROOT.encode() in head

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ListEntity]:
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise ctx.reject(f"cannot read the file: {exc.strerror or exc}") from exc
        builder = _Builder(ctx)
        parser = DefusedXMLParser(target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        builder.expat = parser.parser
        with handle:
            try:
                while block := handle.read(_BLOCK):
                    parser.feed(block)
                    yield from self._entities(ctx, builder)
                parser.close()
            except ParseError as exc:
                line, column = exc.position
                reason = str(exc).split(":")[0]
                cut = reason in ("no element found", "unclosed token")
                raise ctx.reject(
                    f"malformed XML at column {column + 1}: {reason}",
                    line=line,
                    hint="the file ends early, so it was cut short: download it again"
                    if cut
                    else "is this the UN consolidated list XML? see `interdictor lists formats`",
                ) from exc
            except DefusedXmlException as exc:
                raise ctx.reject(
                    f"the XML declares a document type or entities ({type(exc).__name__}); refused: entity"
                    " expansion ('billion laughs') can exhaust memory and external entities can read local"
                    " files, and the UN list uses neither",
                    line=int(parser.parser.CurrentLineNumber),
                    element="<!DOCTYPE>",
                    hint="load the file exactly as the UN publishes it",
                ) from exc
        yield from self._entities(ctx, builder)

    def _entities(self, ctx: ReadContext, builder: _Builder) -> Iterator[ListEntity]:
        finished, builder.finished = builder.finished, []
        for elem, lines in finished:
            entity = _Entry(ctx, elem, lines).entity()
            if entity is not None:
                yield entity


class _Entry:
    """One INDIVIDUAL or ENTITY element, complete, turned into an entity."""

    def __init__(self, ctx: ReadContext, elem: Element, lines: dict[Element, int]) -> None:
        self.ctx, self.elem, self.lines = ctx, elem, lines
        self.kind = elem.tag
        self.where = f"{self.kind} {_raw(elem, 'DATAID') or '(no DATAID)'}"

    def problem(self, message: str, child: Element, field: str, hint: str | None = None) -> None:
        line = self.lines.get(child, self.lines.get(self.elem))
        self.ctx.problem(message, line=line, element=self.where, field=field, hint=hint)

    def entity(self) -> ListEntity | None:
        elem = self.elem
        self._check_known(elem, self.kind)
        dataid = _raw(elem, "DATAID")
        if not dataid:
            self.problem("the entry has no DATAID", elem, "DATAID")
            return None
        entity = self.ctx.make("Person" if self.kind == "INDIVIDUAL" else "Organization", f"unsc-{dataid}")
        self._names(entity)
        add_value(entity, "program", _raw(elem, "UN_LIST_TYPE"))
        add_value(entity, "programId", _raw(elem, "REFERENCE_NUMBER"))
        add_value(entity, "createdAt", _raw(elem, "LISTED_ON"))
        add_value(entity, "modifiedAt", max(_values(elem, "LAST_DAY_UPDATED"), default=None))
        add_value(entity, "notes", _raw(elem, "COMMENTS1"))
        add_note(entity, "Submitted by", _raw(elem, "SUBMITTED_BY"))
        add_note(entity, "Delisted on", _raw(elem, "DELISTED_ON"))
        add_value(entity, "gender", _raw(elem, "GENDER"))
        for prop, tag in (
            ("title", "TITLE"),
            ("position", "DESIGNATION"),
            ("nationality", "NATIONALITY"),
            ("nationality", "NATIONALITY2"),
        ):
            for value in _values(elem, tag):
                add_value(entity, prop, value)
        for address in elem.findall(f"{self.kind}_ADDRESS"):
            self._place(entity, address, "address", "country")
        for place in elem.findall("INDIVIDUAL_PLACE_OF_BIRTH"):
            self._place(entity, place, "birthPlace", "birthCountry")
        for dob in elem.findall("INDIVIDUAL_DATE_OF_BIRTH"):
            self._birth_date(entity, dob)
        for document in elem.findall("INDIVIDUAL_DOCUMENT"):
            self._document(entity, document)
        entity.add("topics", "sanction")
        return entity

    def _check_known(self, elem: Element, path: str) -> None:
        allowed = _KNOWN.get(elem.tag, frozenset())
        for child in elem:
            if child.tag not in allowed:
                self.problem(
                    f"unknown element <{child.tag}>",
                    child,
                    f"{path}/{child.tag}",
                    hint="the UN has changed the format; this reader needs updating",
                )
            elif child.tag in _KNOWN:
                self._check_known(child, f"{path}/{child.tag}")

    def _names(self, entity: ListEntity) -> None:
        elem = self.elem
        parts = [(_raw(elem, tag), prop) for tag, prop in _NAME_PARTS]
        full = " ".join(clean_text(text) for text, _ in parts if text)
        if self.kind == "ENTITY":
            for name in full.split(";"):
                add_value(entity, "name", name, original=_raw(elem, "FIRST_NAME"))
        else:
            add_value(entity, "name", full)
            for text, prop in parts:
                add_value(entity, prop, text)
        original_script = _raw(elem, "NAME_ORIGINAL_SCRIPT")
        add_value(entity, "name", original_script, lang=script_lang(original_script))
        for alias in elem.findall(f"{self.kind}_ALIAS"):
            self._alias(entity, alias)

    def _alias(self, entity: ListEntity, alias: Element) -> None:
        name, quality, note = _raw(alias, "ALIAS_NAME"), _raw(alias, "QUALITY"), _raw(alias, "NOTE")
        prop = _QUALITY.get(quality.lower())
        if prop is None:
            self.problem(
                f"unknown alias QUALITY {quality!r}",
                alias,
                f"{alias.tag}/QUALITY",
                hint="known: Good, a.k.a., Low, f.k.a. or empty",
            )
            return
        add_value(entity, prop, name)
        if note:
            lower = note.lower()
            for prefix in _SCRIPT_NOTE_PREFIXES:
                if prefix in lower:
                    script_name = note[lower.index(prefix) + len(prefix) :]
                    add_value(entity, prop, script_name, original=note, lang=script_lang(script_name))
                    break
            else:
                add_note(entity, f"Alias {clean_text(name)}" if name else "Alias", note)
        add_value(entity, "birthDate", _raw(alias, "DATE_OF_BIRTH"))
        birth_place = ", ".join(
            p for p in (_raw(alias, "CITY_OF_BIRTH"), _raw(alias, "COUNTRY_OF_BIRTH")) if p
        )
        add_value(entity, "birthPlace", birth_place)
        add_value(entity, "birthCountry", _raw(alias, "COUNTRY_OF_BIRTH"))

    def _place(self, entity: ListEntity, place: Element, text_prop: str, country_prop: str) -> None:
        """An address or place of birth: its parts as one text (the note alone when there are none)."""
        parts = [_raw(place, tag) for tag in _PLACE]
        note = _raw(place, "NOTE")
        text = ", ".join(p for p in parts if p) or note
        if not text:
            return
        original = f"{text} ({note})" if note and note != text else text
        add_value(entity, text_prop, text, original=original)
        add_value(entity, country_prop, _raw(place, "COUNTRY"), original=original)

    def _birth_date(self, entity: ListEntity, dob: Element) -> None:
        kind = _raw(dob, "TYPE_OF_DATE").upper()
        exact, year, note = _raw(dob, "DATE"), _raw(dob, "YEAR"), _raw(dob, "NOTE")
        start, end = _raw(dob, "FROM_YEAR"), _raw(dob, "TO_YEAR")
        if kind not in _DATE_TYPES:
            self.problem(
                f"unknown TYPE_OF_DATE {kind!r}",
                dob,
                "INDIVIDUAL_DATE_OF_BIRTH/TYPE_OF_DATE",
                hint="known: EXACT, APPROXIMATELY, BETWEEN",
            )
            return
        given = exact or year or (f"{start} to {end}" if start or end else "")
        original = " ".join(p for p in (kind, given, f"({note})" if note else "") if p)
        if given or note:
            # "1979 to 1981" gives each year; a date only in the note ("Nov. 1973") is read if it can be
            for value in parse_dates(given or note) or (given or f"{kind} {note}".strip(),):
                add_value(entity, "birthDate", value, original=original)

    def _document(self, entity: ListEntity, document: Element) -> None:
        kinds: list[str] = []
        for kind in (_raw(document, "TYPE_OF_DOCUMENT"), _raw(document, "TYPE_OF_DOCUMENT2")):
            if kind and kind.lower() not in (k.lower() for k in kinds):
                kinds.append(kind)
        number = _raw(document, "NUMBER")
        issued = _raw(document, "DATE_OF_ISSUE")
        place = ", ".join(
            p for p in (_raw(document, "CITY_OF_ISSUE"), _raw(document, "COUNTRY_OF_ISSUE")) if p
        )
        details = (
            _raw(document, "ISSUING_COUNTRY"),
            f"issued {issued}" if issued else "",
            f"in {place}" if place else "",
            _raw(document, "NOTE"),
        )
        head = " ".join(p for p in (" / ".join(kinds), number) if p)
        text = clean_text("; ".join(p for p in (head, *details) if p))
        if not text:
            return
        if not number:
            add_note(entity, "Document", text)
            return
        is_passport = any(word in k.lower() for k in kinds for word in _PASSPORT_WORDS)
        add_value(entity, "passportNumber" if is_passport else "idNumber", number, original=text)
