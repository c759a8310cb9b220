"""Wade-Giles romanisations of Chinese person names, read as pinyin.

Taiwanese passports, older lists and history books write "Hsi Chin-ping", "Mao Tse-tung" or
"Teng Hsiao-p'ing" for what pinyin writes "Xi Jinping", "Mao Zedong", "Deng Xiaoping". Lists
usually drop the apostrophe that marks aspiration, so "p" may be pinyin b or p, "ch" zh/ch or j/q:
each syllable gives the set of pinyin syllables it can stand for, and a hyphenated given name is
read as one word, as pinyin writes it.

A name is read this way only when every word is a Wade-Giles syllable (or hyphenated syllables)
and at least one word is spelled in a way pinyin never is ("hs", "ts", "tz", "-ih", "-ieh",
"-ien", "-ung", "ch" before "i"): "Li Wei" or "Wang Fang" are left alone.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import product

from rapidfuzz.distance import Levenshtein

__all__ = ["wade_giles_tokens", "wg_syllables"]

#: Initials, longest first, with the pinyin initials they stand for (aspiration marks dropped).
_INITIALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ch'", ("ch", "q")), ("ts'", ("c",)), ("tz'", ("c",)), ("hs", ("x",)), ("ch", ("zh", "j", "ch", "q")),
    ("ts", ("z", "c")), ("tz", ("z", "c")), ("sz", ("s",)), ("ss", ("s",)), ("sh", ("sh",)),
    ("k'", ("k",)), ("t'", ("t",)), ("p'", ("p",)), ("k", ("g", "k")), ("t", ("d", "t")), ("p", ("b", "p")),
    ("j", ("r",)), ("b", ("b",)), ("d", ("d",)), ("g", ("g",)), ("f", ("f",)), ("h", ("h",)), ("l", ("l",)),
    ("m", ("m",)), ("n", ("n",)), ("s", ("s",)), ("w", ("w",)), ("y", ("y",)), ("", ("",)),
)  # fmt: skip
#: Finals with their pinyin spellings.
_FINALS: dict[str, tuple[str, ...]] = {
    "a": ("a",), "ai": ("ai",), "an": ("an",), "ang": ("ang",), "ao": ("ao",), "e": ("e",), "ei": ("ei",),
    "en": ("en",), "eng": ("eng",), "erh": ("er",), "i": ("i", "yi"), "ia": ("ia",), "iang": ("iang",),
    "iao": ("iao",), "ieh": ("ie",), "ien": ("ian",), "ih": ("i",), "in": ("in",), "ing": ("ing",),
    "iu": ("iu",), "iung": ("iong",), "o": ("o", "e", "uo"), "ou": ("ou",), "u": ("u", "i", "ou"),
    "ua": ("ua",), "uai": ("uai",), "uan": ("uan",), "uang": ("uang",), "uei": ("ui",), "ui": ("ui",),
    "un": ("un",), "ung": ("ong",), "uo": ("uo",), "ueh": ("ue",), "ue": ("ue",), "ueng": ("ueng",),
    "ü": ("u", "v"), "üeh": ("ue",), "üan": ("uan",), "ün": ("un",),
}  # fmt: skip
_VOICED = ("zh", "z", "j", "d", "b", "g")
_MARKERS = re.compile(r"^(hs|ts|tz|ss|sz)|(ih|ieh|ien|ung|erh)$|^ch'?i|'")
_WORD = re.compile(r"[a-zü']+(?:-[a-zü']+)*")
#: What a syllable matching _MARKERS contains somewhere: a name without any of these has no marker.
_MARKER_PARTS = re.compile(r"hs|ts|tz|ss|sz|ih|ieh|ien|ung|erh|ch|'")


@lru_cache(maxsize=4096)
def wg_syllables(syllable: str) -> frozenset[str]:
    """Pinyin syllables one Wade-Giles syllable can stand for; empty when it is not one."""
    out: set[str] = set()
    for initial, pinyin_initials in _INITIALS:
        if not syllable.startswith(initial):
            continue
        final = syllable[len(initial) :]
        finals = _FINALS.get(final)
        if finals is None:
            continue
        for pi, pf in product(pinyin_initials, finals):
            if pf == "yi" and pi:
                continue
            if not pi and pf[0] in "iu" and pf != "yi":
                pf = ("y" if pf[0] == "i" else "w") + pf
                pf = pf.replace("yia", "ya").replace("yie", "ye").replace("yio", "yo").replace("wua", "wa")
                pf = pf.replace("wuo", "wo").replace("wui", "wei").replace("wun", "wen")
            out.add(pi + pf)
    return frozenset(out)


def _word_readings(word: str, limit: int = 32) -> frozenset[str] | None:
    readings = [""]
    for syllable in word.split("-"):
        options = wg_syllables(syllable)
        if not options:
            return None
        readings = [r + o for r in readings for o in sorted(options)][:limit]
    return frozenset(readings)


def wade_giles_tokens(text: str) -> tuple[list[str], list[frozenset[str]]] | None:
    """Pinyin tokens of a Wade-Giles person name and each token's other readings, or None.

    >>> wade_giles_tokens("mao tse-tung")[0]
    ['mao', 'zedong']
    """
    folded = text.casefold().replace("’", "'")
    if _MARKER_PARTS.search(folded) is None:  # most names: no syllable can carry a marker
        return None
    words = _WORD.findall(folded)
    if not 2 <= len(words) <= 4 or "".join(words).replace("-", "").replace("'", "") != "".join(
        ch for ch in text.casefold() if ch.isalpha() or ch == "ü"
    ):
        return None
    if not any(_MARKERS.search(s) for w in words for s in w.split("-")):
        return None
    tokens: list[str] = []
    alts: list[frozenset[str]] = []
    for word in words:
        readings = _word_readings(word)
        if not readings:
            return None
        first = _primary(word)
        tokens.append(first)
        alts.append(readings - {first})
    return tokens, alts


def _primary(word: str) -> str:
    """The pinyin reading closest in spelling to the Wade-Giles word ("ping" -> "ping", "hu" -> "hu")."""
    out = ""
    for syllable in word.split("-"):
        plain = syllable.replace("'", "")
        out += min(
            wg_syllables(syllable),
            key=lambda o: (Levenshtein.distance(o, plain), not o.startswith(_VOICED), o),
        )
    return out
