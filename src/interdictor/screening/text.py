"""Text primitives: script detection, tokenisation and transliteration to lower-case ASCII.

Every comparison in the scorer happens on ASCII tokens, so that "Сергей Лавров", "Sergei Lavrov"
and "SERGEI LAVROV" meet on the same ground. Scripts whose romanisation is one-to-one enough
(Cyrillic, Greek, Armenian, Georgian) go through rigour's `maybe_ascii`; Han goes through ICU's
Han-Latin transliterator (pinyin); Hangul, Arabic, Persian and Hebrew get their own handling in
`korean.py` and `arabic.py` because their Latin renderings vary too much for one spelling.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

import normality
from rigour._core import maybe_ascii, text_scripts, tokenize_name

__all__ = [
    "MAX_NAME_CHARS",
    "clean_text",
    "han_to_pinyin",
    "primary_script",
    "to_ascii",
    "tokenize",
]

#: Names longer than this are cut: no real name is longer, and scoring cost grows with length.
MAX_NAME_CHARS = 300

#: Scripts handled by dedicated modules rather than a generic transliteration.
ARABIC_SCRIPTS = frozenset({"Arabic", "Hebrew", "Syriac", "Thaana"})


def clean_text(text: str) -> str:
    """Drop control characters and cut overlong input, so bad input gives a result, never a crash."""
    if len(text) > MAX_NAME_CHARS:
        text = text[:MAX_NAME_CHARS]
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else " " for ch in text)


def primary_script(text: str) -> str:
    """The dominant non-Latin script of a name, or "Latin"; mixed names are judged by their letters."""
    scripts = text_scripts(text)
    if not scripts:
        return "Latin"
    if len(scripts) == 1:
        return next(iter(scripts))
    counts: dict[str, int] = {}
    for ch in text:
        if ch.isalpha():
            for script in text_scripts(ch):
                counts[script] = counts.get(script, 0) + 1
    non_latin = {k: v for k, v in counts.items() if k != "Latin"}
    if not non_latin:
        return "Latin"
    return max(non_latin.items(), key=lambda kv: kv[1])[0]


@lru_cache(maxsize=1)
def _han_transliterator() -> Any:
    """ICU's Han-Latin transliterator, built on first use (PyICU is a followthemoney dependency)."""
    import icu  # type: ignore[import-untyped]

    return icu.Transliterator.createInstance("Han-Latin/Names; Latin-ASCII")


@lru_cache(maxsize=20000)
def han_to_pinyin(text: str) -> list[str]:
    """Pinyin syllables of Han characters, one per character, tone marks removed."""
    out = _han_transliterator().transliterate(text)
    return [syl for syl in str(out).lower().split() if syl.isalnum()]


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=50000)
def to_ascii(token: str) -> str:
    """Lower-case ASCII form of one token in any script; unknown characters are dropped."""
    if token.isascii():
        return token.lower()
    out = maybe_ascii(token)
    if not out.isascii():
        out = normality.ascii_text(_strip_marks(out))
    return "".join(ch for ch in out.lower() if ch.isalnum())


def tokenize(text: str) -> list[str]:
    """Casefolded name tokens: punctuation splits, dots and apostrophes inside a word are dropped.

    "A.B.C." becomes "abc" and "Al-Qa'ida" becomes "al", "qaida", which is how people write
    the same names without punctuation.
    """
    text = text.replace("&", " and ")
    return tokenize_name(text.casefold())
