"""Korean names against their Latin renderings, through a loose romanisation key.

Lists spell the same Hangul in Revised Romanization ("Gim Jeong-eun"), McCune-Reischauer
("Kim Chŏng-ŭn", on UN and OFAC lists for North Korea) and habit ("Kim Jong Un", "Lee", "Park").
Both sides are reduced to a key that merges what these systems split: plain/aspirated/tense
consonants (g/k/kk, d/t, b/p, j/ch), l/r, eo/o, eu/u, ae/e; family names also match the usual
spellings in the glossary (이 = Lee, Yi, Rhee, Ri). Given names written in one, two or three parts
("Jongun", "Jong Un", "Jong-un") pair through the joined-token pass.
"""

from __future__ import annotations

from functools import lru_cache

from interdictor.screening.forms import Kind, NameForm, make_form
from interdictor.screening.glossary import glossary, segment
from interdictor.screening.text import to_ascii, tokenize
from interdictor.screening.vocab import TokenFrequencies, default_frequencies

__all__ = ["hangul_forms", "hangul_key", "korean_view", "latin_key"]

_INITIALS = ["k", "k", "n", "t", "t", "r", "m", "p", "p", "s", "s", "", "c", "c", "c", "k", "t", "p", "h"]
_MEDIALS = [
    "a", "e", "ya", "ye", "o", "e", "yo", "ye", "o", "wa", "we", "we", "yo", "u", "wo", "we", "wi", "yu", "u",
    "ui", "i",
]  # fmt: skip
_FINALS = [
    "", "k", "k", "k", "n", "n", "n", "t", "r", "k", "m", "r", "r", "r", "p", "r", "m", "p", "p", "t", "t",
    "ng", "t", "t", "k", "t", "p", "t",
]  # fmt: skip
_LATIN_STEPS = (
    ("tch", "c"), ("ch", "c"), ("j", "c"), ("sh", "s"), ("kk", "k"), ("g", "k"), ("tt", "t"), ("d", "t"),
    ("pp", "p"), ("b", "p"), ("ss", "s"), ("l", "r"), ("rr", "r"), ("yeo", "yo"), ("eo", "o"), ("eu", "u"),
    ("ae", "e"), ("oe", "e"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("f", "p"), ("ph", "p"),
)  # fmt: skip
COMPOUND_SURNAMES = frozenset({"남궁", "황보", "제갈", "선우", "독고", "사공", "서문"})


def _is_hangul(ch: str) -> bool:
    return "\uac00" <= ch <= "\ud7a3"


@lru_cache(maxsize=50000)
def latin_key(token: str) -> str:
    """Loose key of a Latin rendering of Korean ("jeong", "chong", "jong" -> "cong"/"cong"/"cong")."""
    text = "".join(ch for ch in token.lower() if ch.isalpha()).replace("ng", "N")
    for a, b in _LATIN_STEPS:
        text = text.replace(a, b)
    return text.replace("N", "ng")


def hangul_key(word: str) -> str:
    """Loose key of Hangul syllables, built from their jamo."""
    out: list[str] = []
    for ch in word:
        if not _is_hangul(ch):
            continue
        code = ord(ch) - 0xAC00
        initial, rest = divmod(code, 21 * 28)
        medial, final = divmod(rest, 28)
        out.append(_INITIALS[initial] + _MEDIALS[medial] + _FINALS[final])
    return "".join(out)


@lru_cache(maxsize=1)
def _key_frequencies() -> TokenFrequencies:
    freqs = default_frequencies()
    tables: list[dict[str, int]] = [{}, {}]
    for slot, table in enumerate((freqs.person, freqs.other)):
        for tok, df in table.items():
            key = latin_key(tok)
            tables[slot][key] = tables[slot].get(key, 0) + df
    return TokenFrequencies(freqs.person_total, freqs.other_total, tables[0], tables[1], "korean keys")


def _view(form: NameForm, tokens: list[str], alts: list[frozenset[str]]) -> NameForm:
    view = make_form(
        form.original, form.kind, form.script, tokens, _key_frequencies(), alts, form.legal, "ko"
    )
    plain = default_frequencies()
    view.weights = tuple(
        min([w, *(plain.weight(a, form.person) for a in alt if " " not in a)])
        for w, alt in zip(view.weights, alts, strict=True)
    )
    return view


def korean_view(form: NameForm) -> NameForm:
    """A Latin-script name as loose keys; each keeps its spelling as an alternative."""
    tokens = [latin_key(t) or t for t in form.tokens]
    return _view(form, tokens, [frozenset({t}) for t in form.tokens])


def hangul_forms(text: str, kind: Kind, freqs: TokenFrequencies) -> list[NameForm]:
    """The romanised form of a Hangul name (for same-script comparison) with its loose-key view."""
    surnames = glossary("ko_surnames")
    words = glossary("ko")
    plain: list[str] = []
    keys: list[str] = []
    alts: list[frozenset[str]] = []
    for raw in tokenize(text):
        if not any(_is_hangul(ch) for ch in raw):
            tok = to_ascii(raw)
            if tok:
                plain.append(tok)
                keys.append(latin_key(tok) or tok)
                alts.append(frozenset({tok}))
            continue
        if kind is Kind.PERSON:
            parts = [raw]
            if len(raw) >= 3 or (len(raw) == 2 and not keys):
                split = 2 if raw[:2] in COMPOUND_SURNAMES and len(raw) > 3 else 1
                parts = [raw[:split], raw[split:]]
            for part in parts:
                plain.append(to_ascii(part))
                keys.append(hangul_key(part))
                spellings = surnames.get(part, [])
                alts.append(frozenset({latin_key(s) for s in spellings} | set(spellings)))
            continue
        for word, known in segment(raw, "ko"):
            plain.append(to_ascii(word))
            english = words.get(word, []) if known else []
            if english:
                first = english[0].split()
                keys.append(first[0])
                alts.append(frozenset({hangul_key(word), *(e for e in english if " " not in e)}))
                for extra in first[1:]:
                    keys.append(extra)
                    alts.append(frozenset({extra}))
            else:
                keys.append(hangul_key(word))
                alts.append(frozenset())
    plain = [p for p in plain if p]
    if not plain:
        return []
    form = make_form(text, kind, "Hangul", plain, freqs, origin="ko")
    form._views["ko"] = _view(form, keys, alts)
    return [form]
