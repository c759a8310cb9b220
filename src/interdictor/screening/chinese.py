"""Chinese names: pinyin, segmented into place, brand, trade word and legal form.

"大连阳光实业有限公司" becomes "dalian" (place), "yangguang" (brand, also "sunny"), "shiye" (trade
word, also "industries") and the legal form "co ltd", set aside. Each segment is one token, so
the name meets "Dalian Sunny Industries Co Ltd", "Dalian Yangguang Shiye Youxian Gongsi" and the
run-on "DALIANYANGGUANG SHIYE" (joined tokens pair in `align.py`). Words come from the glossary
(longest match first); other characters are read in two-character words, the commonest length
of Chinese words, which the joined-token pass re-joins when a Latin name writes them together.
Person names are read as family name (one character, or a two-character compound) and given name.
"""

from __future__ import annotations

from rigour.names import extract_org_types

from interdictor.screening.forms import Kind, NameForm, make_form
from interdictor.screening.glossary import glossary, segment
from interdictor.screening.text import han_to_pinyin, to_ascii, tokenize
from interdictor.screening.vocab import TokenFrequencies

__all__ = ["han_forms"]

#: Glossary entries that are legal forms: recorded, not compared (as rigour does for Latin names).
LEGAL = frozenset({"有限公司", "有限责任公司", "股份有限公司"})
COMPOUND_SURNAMES = frozenset(
    {"欧阳", "司马", "诸葛", "上官", "司徒", "东方", "皇甫", "夏侯", "慕容", "长孙"}
)


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _pinyin(word: str) -> str:
    return "".join(han_to_pinyin(word))


def han_forms(text: str, kind: Kind, freqs: TokenFrequencies) -> list[NameForm]:
    """The pinyin form of a Chinese name, with English renderings of glossary words as alternatives."""
    words = glossary("zh")
    tokens: list[str] = []
    alts: list[frozenset[str]] = []
    legal: list[str] = []
    for raw in tokenize(text):
        if not any(_is_han(ch) for ch in raw):
            ascii_tok = to_ascii(raw)
            if ascii_tok:
                tokens.append(ascii_tok)
                alts.append(frozenset())
            continue
        if kind is Kind.PERSON:
            split = 2 if raw[:2] in COMPOUND_SURNAMES and len(raw) > 2 else 1
            for part in (raw[:split], raw[split:]):
                if part:
                    tokens.append(_pinyin(part))
                    alts.append(frozenset())
            continue
        for word, known in segment(raw, "zh", chunk=2):
            pinyin = _pinyin(word)
            if not pinyin:
                continue
            if word in LEGAL:
                # Recorded in rigour's generic codes, as Latin legal forms are ("co ltd" -> "llc").
                found = extract_org_types(words[word][0], generic=True)
                legal.append(found[0][1] if found else words[word][0])
                continue
            english = words.get(word, []) if known else []
            singles = {e for e in english if " " not in e} | {e.replace(" ", "") for e in english}
            if english and " " in english[0]:
                first, *rest = english[0].split()
                tokens.append(first)
                alts.append(frozenset({pinyin, *singles}))
                for extra in rest:
                    if extra not in ("and", "of"):
                        tokens.append(extra)
                        alts.append(frozenset())
            else:
                tokens.append(pinyin)
                alts.append(frozenset(singles))
    if not tokens:
        return []
    form = make_form(text, kind, "Han", tokens, freqs, alts=alts, legal=legal, origin="zh")
    person = kind is Kind.PERSON
    form.weights = tuple(
        min([w, *(freqs.weight(a, person) for a in alt)]) for w, alt in zip(form.weights, alts, strict=True)
    )
    return [form]
