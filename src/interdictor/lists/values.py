"""Adding the text of official list files to FtM entities without losing any of it.

FtM's `add` silently drops a value its type cannot clean (a date it cannot read, a country
it does not know). For a sanctions list a dropped date of birth is a lost match, so the UN,
BIS and CSL readers add through `add_value`, which keeps what FtM refuses as a labelled note,
and always stores the raw text next to the cleaned value as the statement's original value.
Problems (which refuse the file) are for broken structure, and are the readers' business.
"""

from __future__ import annotations

import re

from followthemoney.types import registry
from rigour.text.scripts import text_scripts

from interdictor.lists.countries import country_code
from interdictor.lists.entity import ListEntity

__all__ = [
    "add_date_note",
    "add_note",
    "add_value",
    "clean_text",
    "is_country",
    "name_key",
    "script_lang",
    "split_values",
]

_ISO_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z?)?)?)?")

#: scripts that belong to one language only. Arabic script (Arabic, Persian, Pashto, Urdu)
#: and Cyrillic (Russian, Ukrainian, Bulgarian, Serbian...) do not say the language, and a
#: wrong language tag is worse than none, so names in them get no `lang`.
_SCRIPT_LANGS = {
    "Hangul": "kor",
    "Greek": "ell",
    "Georgian": "kat",
    "Armenian": "hye",
    "Hebrew": "heb",
    "Thai": "tha",
    "Hiragana": "jpn",
    "Katakana": "jpn",
}


def clean_text(value: str | None) -> str:
    """The text with runs of whitespace (line breaks in XML, double spaces in CSV) made one space."""
    return " ".join(value.split()) if value else ""


def split_values(value: str | None, separator: str = ";") -> list[str]:
    """The non-empty parts of a multi-valued cell (`alt_names`, `addresses`, `ids` in the CSL)."""
    return [part for part in (clean_text(p) for p in (value or "").split(separator)) if part]


def script_lang(text: str) -> str | None:
    """The ISO 639-3 language of a name when its script alone says it, else None."""
    scripts = text_scripts(text) - {"Latin"}
    if len(scripts) != 1:
        return None
    langs = {_SCRIPT_LANGS.get(script) for script in scripts}
    return langs.pop() if len(langs) == 1 else None


def add_value(
    entity: ListEntity,
    prop: str,
    value: str | None,
    *,
    original: str | None = None,
    lang: str | None = None,
    date_format: str | None = None,
) -> str | None:
    """Add `value` to `prop` and return the cleaned value; what FtM refuses is kept as a note.

    `original` is the text as the file has it (defaults to `value`) and is stored with the
    statement, so a date read from "06/19/2003" still shows "06/19/2003". A value FtM cannot
    clean (BIS's Last_Update "0222-05-18") or that the schema has no property for (a birth
    date on a row typed Entity) is the publisher's slip, not a broken file: refusing the whole
    official list over it would leave users with no list at all, and dropping it would lose
    it, so it becomes a note ("Modified on: 0222-05-18") and nothing is lost.
    """
    text = clean_text(value)
    if not text:
        return None
    original = (original or value or "").strip()
    prop_obj = entity.schema.get(prop)
    if prop_obj is not None:
        candidate = text
        if prop_obj.type == registry.country:
            candidate = country_code(text) or ""
        elif prop_obj.type == registry.date and date_format is None and not _ISO_DATE.fullmatch(text):
            candidate = ""  # FtM would keep "1962" of "1962 to 1964" and drop the rest
        cleaned = entity.unsafe_add(
            prop_obj, candidate, format=date_format, lang=lang, original_value=original
        )
        if cleaned is not None:
            return cleaned
    add_note(entity, prop_obj.label if prop_obj is not None else prop, text, original=original)
    return None


def add_note(entity: ListEntity, label: str, value: str | None, *, original: str | None = None) -> None:
    """Keep a fact FtM has no property for as a labelled note ("Federal Register: 87 FR 52741")."""
    text = clean_text(value)
    if text:
        entity.add("notes", f"{label}: {text}", original_value=(original or value or "").strip())


def add_date_note(
    entity: ListEntity, label: str, value: str | None, *, date_format: str | None = None
) -> None:
    """A date FtM has no property for on a party (a denial's expiry): a note, in ISO form when readable."""
    text = clean_text(value)
    if text:
        add_note(entity, label, registry.date.clean_text(text, format=date_format) or text, original=value)


def is_country(value: str) -> bool:
    """Whether `value` is a country FtM knows (name or code), for values that might be one."""
    return country_code(value) is not None


def name_key(name: str) -> str:
    """A name reduced to what identifies it: case, punctuation and spacing do not make a new party."""
    return " ".join(re.sub(r"[^\w]+", " ", name.casefold()).split())
