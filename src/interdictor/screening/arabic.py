"""Arabic, Persian and Hebrew names against their Latin renderings, through consonant skeletons.

These scripts mostly leave short vowels unwritten, so "محمد" is "Muhammad", "Mohammed" or
"Mohamad" in Latin letters. Both sides are reduced to a skeleton of consonant classes (vowels,
w/y and the article dropped, doubled letters merged, kh/sh/gh/th/zh folded) and compared as
ordinary tokens: "محمد بن سلمان" and "Mohammed bin Salman" both become "mhmd bin slmn". Common
company words ("شركة", "بانک", "صنایع") also carry their English translations from the glossary.
"""

from __future__ import annotations

from functools import lru_cache

from interdictor.screening.forms import Kind, NameForm, make_form
from interdictor.screening.glossary import glossary
from interdictor.screening.text import to_ascii, tokenize
from interdictor.screening.vocab import TokenFrequencies, default_frequencies

__all__ = [
    "arabic_forms",
    "arabic_skeleton",
    "latin_ending",
    "latin_skeleton",
    "script_ending",
    "skeleton_view",
]

_LETTERS = {
    # Arabic and Persian
    "ب": "b", "پ": "b", "ت": "t", "ث": "t", "ج": "j", "چ": "S", "ح": "h", "خ": "K", "د": "d", "ذ": "d",
    "ر": "r", "ز": "z", "ژ": "j", "س": "s", "ش": "S", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "G",
    "ف": "f", "ق": "k", "ك": "k", "ک": "k", "گ": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ة": "",
    # Hebrew
    "ב": "b", "ג": "k", "ד": "d", "ה": "h", "ז": "z", "ח": "h", "ט": "t", "כ": "k", "ך": "k", "ל": "l",
    "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "פ": "b", "ף": "f", "צ": "s", "ץ": "s", "ק": "k",
    "ר": "r", "ש": "S", "ת": "t",
}  # fmt: skip
_DIGRAPHS = (
    ("tz", "s"), ("ts", "s"), ("sch", "S"), ("sh", "S"), ("ch", "S"), ("kh", "K"), ("gh", "G"), ("th", "t"),
    ("dh", "d"), ("zh", "j"), ("dj", "j"), ("ph", "f"), ("ck", "k"),
)  # fmt: skip
_LATIN = {"q": "k", "c": "k", "g": "k", "p": "b", "x": "ks"}
#: Tokens kept as they are in a skeleton view: they structure a name rather than spell it.
_KEEP = {"bin": "bin", "ben": "bin", "ibn": "bin", "bint": "bint", "abu": "abu", "abou": "abu", "bou": "abu"}
#: Articles and Persian ezafe particles dropped from skeleton views.
_DROP = frozenset({"al", "el", "ul", "e", "ye", "i", "ol"})
_AR_KEEP = {"بن": "bin", "ابن": "bin", "بنت": "bint", "ابو": "abu", "أبو": "abu", "بو": "abu"}


#: Letters written for a final long -i (Arabic yeh, Persian yeh, Hebrew yod).
_FINAL_I = frozenset("يیי")
_VOWELS = frozenset("aeiouy")


def latin_ending(token: str) -> str | None:
    """How a Latin token ends as Arabic script would write it: "y" for a final -i after a consonant
    ("salimi", "sultani", "hosseini"), "" for a consonant, None for other vowels (ambiguous)."""
    if len(token) < 3 or not token.isalpha():
        return None
    last = token[-1]
    if last not in _VOWELS:
        return ""
    if last in "iy" or token.endswith(("ee", "ey", "ie")):
        return "y" if token[-2] not in "aeiou" or token.endswith(("ee", "ey", "ie")) else None
    return None


def script_ending(token: str) -> str | None:
    """How an Arabic-script or Hebrew token ends: "y" for a written final -i, "" for a consonant."""
    if len(token) < 2:
        return None
    last = token[-1]
    if last in _FINAL_I:
        return "y" if token[-2] in _LETTERS else None
    return "" if last in _LETTERS and last not in "ةه" else None


def _collapse(chars: list[str]) -> str:
    out: list[str] = []
    for ch in chars:
        if ch and (not out or out[-1] != ch):
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=100000)
def latin_skeleton(token: str) -> list[str]:
    """Skeleton tokens of one Latin token; "abdulaziz" splits into "bd" and "zz" like "عبدالعزيز"."""
    if token in _KEEP:
        return [_KEEP[token]]
    if token in _DROP:
        return []
    if token.startswith("abd") and len(token) >= 6:
        rest = token[3:]
        if len(rest) > 2 and rest[0] in "aeiou" and (rest[1] == "l" or rest[1] == rest[2]):
            rest = rest[2:] if rest[1] == "l" else rest[1:]
        return ["bd", *latin_skeleton(rest)]
    text = token
    for a, b in _DIGRAPHS:
        text = text.replace(a, b)
    chars = [_LATIN.get(ch, ch) for ch in text if ch not in "aeiouywv"]
    skel = _collapse(chars)
    return [skel] if skel else []


def arabic_skeleton(token: str) -> list[str]:
    """Skeleton tokens of one Arabic/Persian/Hebrew token; the article "ال" is dropped."""
    if token in _AR_KEEP:
        return [_AR_KEEP[token]]
    if token in ("ال", "آل"):
        return []
    if token.startswith("عبد") and len(token) > 3:
        return ["bd", *arabic_skeleton(token[3:])]
    if token.startswith("ال") and len(token) > 3:
        token = token[2:]
    if token.endswith("ה") and len(token) > 2:
        token = token[:-1]
    skel = _collapse([_LETTERS.get(ch, "") for ch in token])
    return [skel] if skel else []


@lru_cache(maxsize=1)
def _skeleton_frequencies(base: int) -> TokenFrequencies:
    """Frequencies of skeletons, summed over the Latin tokens that reduce to each."""
    freqs = default_frequencies()
    tables: list[dict[str, int]] = [{}, {}]
    for slot, table in enumerate((freqs.person, freqs.other)):
        for tok, df in table.items():
            for skel in latin_skeleton(tok):
                tables[slot][skel] = tables[slot].get(skel, 0) + df
    return TokenFrequencies(freqs.person_total, freqs.other_total, tables[0], tables[1], "skeletons")


def _view_form(form: NameForm, tokens: list[str], alts: list[frozenset[str]]) -> NameForm:
    """A re-keyed form; a token weighs as little as its most common spelling ("company", "mohammed")."""
    freqs = _skeleton_frequencies(0)
    view = make_form(
        form.original, form.kind, form.script, tokens, freqs, alts=alts, legal=form.legal, origin="ar"
    )
    plain = default_frequencies()
    view.weights = tuple(
        min([w, *(plain.weight(a, form.person) for a in alt)])
        for w, alt in zip(view.weights, alts, strict=True)
    )
    return view


def skeleton_view(form: NameForm) -> NameForm:
    """A Latin-script name as skeleton tokens; each keeps its Latin spelling as an alternative."""
    tokens: list[str] = []
    alts: list[frozenset[str]] = []
    endings: list[str | None] = []
    for tok in form.tokens:
        skels = latin_skeleton(tok)
        for n, skel in enumerate(skels):
            tokens.append(skel)
            alts.append(frozenset({tok}))
            endings.append(latin_ending(tok) if n == len(skels) - 1 else None)
    view = _view_form(form, tokens, alts)
    view.endings = tuple(endings)
    return view


def arabic_forms(text: str, kind: Kind, freqs: TokenFrequencies, script: str) -> list[NameForm]:
    """The ASCII form of an Arabic-script name (for same-script comparison) with its skeleton view."""
    words = tokenize(text)
    if not words:
        return []
    lexicon = glossary("ar")
    ascii_tokens: list[str] = []
    skel_tokens: list[str] = []
    skel_alts: list[frozenset[str]] = []
    endings: list[str | None] = []
    for word in words:
        ascii_tok = to_ascii(word)
        if ascii_tok:
            ascii_tokens.append(ascii_tok)
        bare = word[2:] if word.startswith("ال") and len(word) > 3 else word
        english = lexicon.get(word) or lexicon.get(bare)
        if english:
            # A glossary word stands for its translation: "شركة" is "company", not "shrk".
            for i, eng in enumerate(english[0].split()):
                skel_tokens.append(eng)
                skel_alts.append(frozenset(english) | {eng} if i == 0 else frozenset({eng}))
                endings.append(None)
            continue
        skels = arabic_skeleton(word) if not word.isascii() else latin_skeleton(ascii_tok)
        ending = script_ending(word) if not word.isascii() else latin_ending(ascii_tok)
        for n, skel in enumerate(skels):
            skel_tokens.append(skel)
            skel_alts.append(frozenset())
            endings.append(ending if n == len(skels) - 1 else None)
    if not ascii_tokens:
        return []
    form = make_form(text, kind, script, ascii_tokens, freqs, origin="ar")
    if skel_tokens:
        view = _view_form(form, skel_tokens, skel_alts)
        view.endings = tuple(endings)
        form._views["ar"] = view
    return [form]
