"""Precomputed comparison forms of names: computed once per entity, reused for every query.

A `NameForm` holds a name's ASCII tokens with their weights, the legal forms and numbers found in
it, and (for names written in other scripts) alternative renderings of each token. Scoring only
reads these tuples, which is what keeps a comparison well under a tenth of a millisecond.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import lru_cache

from rigour.names import extract_org_types, remove_org_types, remove_person_prefixes

from interdictor.screening.text import clean_text, primary_script, to_ascii, tokenize
from interdictor.screening.vocab import STOPWORDS, TokenFrequencies, default_frequencies

__all__ = [
    "Kind",
    "NameForm",
    "analyze_name",
    "bracketed_tokens",
    "kind_of_schema",
    "make_form",
    "name_tokens",
]


class Kind(StrEnum):
    """What a name names: the comparison rules for people and organisations differ."""

    PERSON = "person"
    ORG = "org"
    OBJECT = "object"


_PERSON_SCHEMATA = frozenset({"Person"})
_OBJECT_SCHEMATA = frozenset({"Vessel", "Airplane", "Vehicle", "Security"})


def kind_of_schema(schema: str | None) -> Kind:
    """Person for FtM `Person`; object for vessels and aircraft; organisation otherwise."""
    if schema in _PERSON_SCHEMATA:
        return Kind.PERSON
    if schema in _OBJECT_SCHEMATA:
        return Kind.OBJECT
    return Kind.ORG


#: Weight of a number token in name coverage.
NUMBER_WEIGHT = 0.3

_ROMAN = {
    "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11,
    "xii": 12, "xiii": 13, "xiv": 14, "xv": 15, "xvi": 16, "xvii": 17, "xviii": 18, "xix": 19, "xx": 20,
}  # fmt: skip


_UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "first": 1, "second": 2, "third": 3,
    "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
_ORDINAL_SUFFIX = ("st", "nd", "rd", "th")


def _numbers_as_digits(tokens: list[str]) -> list[str]:
    """Spelled-out and ordinal numbers as digits ("forty four" -> "44", "1st" -> "1"), in org names."""
    out: list[str] = []
    for tok in tokens:
        if tok[:1].isdigit() and tok.endswith(_ORDINAL_SUFFIX) and tok[:-2].isdigit():
            out.append(tok[:-2])
        elif tok in _UNITS and out and out[-1].isdigit() and out[-1].endswith("0") and len(out[-1]) == 2:
            out[-1] = str(int(out[-1]) + _UNITS[tok])
        elif tok in _TENS:
            out.append(str(_TENS[tok]))
        elif tok in _UNITS and len(tokens) > 1:
            out.append(str(_UNITS[tok]))
        else:
            out.append(tok)
    return out


def _number_of(token: str, kind: Kind, position: int) -> str | None:
    """The number a token stands for ("12", "xii", "ahl1" -> "1"), so that numbers can be made to agree."""
    if token.isdigit():
        return str(int(token)) if len(token) < 12 else token
    if kind is not Kind.PERSON and position > 0:
        if token in _ROMAN:
            return str(_ROMAN[token])
        if token == "i":
            return "1"
    if token[-1].isdigit() and token[0].isalpha():
        stem = token.rstrip("0123456789")
        if stem.isalpha() and len(stem) <= 4:
            return str(int(token[len(stem) :]))
    return None


class NameForm:
    """One name, ready to compare. `alts[i]` holds other renderings of token i (translations, variants)."""

    __slots__ = (
        "_views",
        "alts",
        "bracketed",
        "compact",
        "endings",
        "initials",
        "joined",
        "kind",
        "legal",
        "numbers",
        "numeric",
        "origin",
        "original",
        "person",
        "script",
        "tokens",
        "weights",
    )

    def __init__(
        self,
        original: str,
        kind: Kind,
        script: str,
        tokens: Sequence[str],
        weights: Sequence[float],
        alts: Sequence[frozenset[str]] | None = None,
        legal: Sequence[str] = (),
        numbers: frozenset[str] = frozenset(),
        origin: str | None = None,
        joined: str | None = None,
        bracketed: frozenset[str] = frozenset(),
    ) -> None:
        self.original = original
        self.kind = kind
        self.person = kind is Kind.PERSON
        self.script = script
        self.tokens = tuple(tokens)
        self.weights = tuple(weights)
        self.alts = tuple(alts) if alts is not None and any(alts) else None
        self.legal = tuple(legal)
        self.numbers = numbers
        self.origin = origin
        self.initials = tuple(len(t) == 1 and t.isalpha() for t in self.tokens)
        #: Tokens written in brackets ("Deutsche Bank (Schweiz)"): qualifiers lists add or drop freely.
        self.bracketed = tuple(t in bracketed for t in self.tokens) if bracketed else None
        #: Tokens standing for a number, judged by the number feature rather than as name parts.
        self.numeric = (
            tuple(w == NUMBER_WEIGHT for w in self.weights) if numbers else (False,) * len(self.tokens)
        )
        self.compact = "".join(t for t in self.tokens if t not in STOPWORDS)
        #: All letters of the name, legal forms included, without spaces.
        self.joined = joined if joined is not None else self.compact
        self._views: dict[str, NameForm] = {}
        #: Cross-script views only: how each token ends ("y" for a written final -i, "" for a
        #: consonant, None when unknown), so that "Sultani" does not pass for "سلطان".
        self.endings: tuple[str | None, ...] | None = None

    def view(self, scheme: str, build: Callable[[NameForm], NameForm]) -> NameForm:
        """This name re-keyed for a cross-script comparison (e.g. consonant skeletons), built once."""
        cached = self._views.get(scheme)
        if cached is None:
            cached = build(self)
            self._views[scheme] = cached
        return cached

    @property
    def total_weight(self) -> float:
        return sum(self.weights)

    def __repr__(self) -> str:
        return f"<NameForm {self.original!r} {list(self.tokens)} legal={list(self.legal)}>"


def joined_letters(name: str) -> str:
    """Every letter and digit of a name in ASCII, without spaces or punctuation."""
    return "".join(to_ascii(t) for t in tokenize(clean_text(name)))


_BRACKETS = re.compile(r"[(\[]([^)\]]*)[)\]]")


def bracketed_tokens(name: str) -> frozenset[str]:
    """ASCII tokens written inside brackets in a name ("Deutsche Bank (Schweiz) AG" -> {"schweiz"})."""
    if "(" not in name and "[" not in name:
        return frozenset()
    return frozenset(
        a
        for part in _BRACKETS.findall(clean_text(name).casefold())
        for a in map(to_ascii, tokenize(part))
        if a
    )


@lru_cache(maxsize=4096)
def _token_legal_form(token: str) -> str | None:
    """The legal form a whole token stands for ("ooo" -> llc), or None."""
    found = extract_org_types(token, generic=True)
    if len(found) == 1 and found[0][0].replace(".", "") == token:
        return found[0][1]
    return None


def _org_tokens(text: str) -> tuple[list[str], list[str]]:
    """Tokens and legal forms of an organisation name.

    A name has one legal form. When rigour finds one at the end and another as the first word,
    the first word is part of the name ("AG Barr plc", "OPG Global General Trading LLC") and is
    kept. A lone first or last token that is a legal form rigour missed in dotted spelling
    ("Oboronnye Initsiativy o.O.O.") is set aside as one.
    """
    legal: list[str] = []
    found = extract_org_types(text, generic=True)
    keep_first: str | None = None
    if found:
        legal = [target for _, target in found]
        stripped = remove_org_types(text, replacement=" ")
        if any(ch.isalnum() for ch in stripped):
            if len(found) >= 2:
                lead = tokenize(text)
                first = to_ascii(lead[0]) if lead else ""
                if first and first == to_ascii(found[0][0].replace(".", "")) and len(tokenize(stripped)) >= 1:
                    keep_first = first
                    legal = legal[1:]
            text = stripped
    tokens = [a for a in (to_ascii(t) for t in tokenize(text)) if a]
    if keep_first is not None:
        tokens.insert(0, keep_first)
    elif not legal and len(tokens) >= 3:
        for pos in (-1, 0):
            form = _token_legal_form(tokens[pos])
            if form is not None:
                legal.append(form)
                del tokens[pos]
                break
    return _numbers_as_digits(tokens), legal


#: Prefixes of vessel names that say what kind of ship it is, not which one ("MV", "M/T", "SS").
VESSEL_PREFIXES = frozenset({"mv", "mt", "ms", "ss", "fv", "mfv", "sv", "my", "rv", "mts", "lpg", "lng"})
_VESSEL_SPLIT_PREFIXES = frozenset({("m", "v"), ("m", "t"), ("m", "s"), ("f", "v"), ("s", "s")})


def _vessel_prefix(tokens: list[str]) -> list[str]:
    """Tokens of a vessel name without a leading type prefix ("MV Ocean Star" -> ["ocean", "star"])."""
    if len(tokens) >= 3 and (tokens[0], tokens[1]) in _VESSEL_SPLIT_PREFIXES:
        return tokens[2:]
    if len(tokens) >= 2 and tokens[0] in VESSEL_PREFIXES:
        return tokens[1:]
    return tokens


def name_tokens(name: str, kind: Kind) -> tuple[list[str], list[str]]:
    """ASCII tokens of a Latin/Cyrillic/Greek name and the legal forms removed from it."""
    text = clean_text(name).casefold()
    if kind is Kind.OBJECT:
        tokens, legal = _org_tokens(text)
        return _vessel_prefix(tokens), legal
    if kind is not Kind.PERSON:
        return _org_tokens(text)
    if text.count(",") == 1:
        # Lists write "PUTIN, Vladimir": put the given names first, as people say them.
        family, given = text.split(",")
        text = f"{given} {family}"
    text = remove_person_prefixes(text)
    return [a for a in (to_ascii(t) for t in tokenize(text)) if a], []


def make_form(
    original: str,
    kind: Kind,
    script: str,
    tokens: Sequence[str],
    freqs: TokenFrequencies,
    alts: Sequence[frozenset[str]] | None = None,
    legal: Sequence[str] = (),
    origin: str | None = None,
    joined: str | None = None,
    bracketed: frozenset[str] = frozenset(),
) -> NameForm:
    """Attach weights and numbers to tokens; numbers are kept as tokens and also listed apart."""
    person = kind is Kind.PERSON
    numbers: set[str] = set()
    weights: list[float] = []
    for pos, tok in enumerate(tokens):
        num = _number_of(tok, kind, pos)
        weight = freqs.weight(tok, person)
        if num is not None:
            # Numbers are judged by the number_mismatch feature; as tokens they count for little.
            numbers.add(num)
            weight = NUMBER_WEIGHT
        if len(tok) == 1 and person:
            weight = 0.3
        weights.append(weight)
    return NameForm(
        original, kind, script, tokens, weights, alts, legal, frozenset(numbers), origin, joined, bracketed
    )


def analyze_name(name: str, kind: Kind, freqs: TokenFrequencies | None = None) -> list[NameForm]:
    """All comparison forms of one name: its plain form plus script-specific renderings."""
    freqs = freqs or default_frequencies()
    text = clean_text(name).strip()
    if not text:
        return []
    script = primary_script(text)
    forms: list[NameForm] = []
    if script == "Han":
        from interdictor.screening.chinese import han_forms

        forms.extend(han_forms(text, kind, freqs))
    elif script == "Hangul":
        from interdictor.screening.korean import hangul_forms

        forms.extend(hangul_forms(text, kind, freqs))
    elif script in ("Arabic", "Hebrew"):
        from interdictor.screening.arabic import arabic_forms

        forms.extend(arabic_forms(text, kind, freqs, script))
    else:
        for part in _alternatives(text):
            tokens, legal = name_tokens(part, kind)
            if tokens:
                joined = joined_letters(part)
                brackets = bracketed_tokens(part) if kind is not Kind.PERSON else frozenset()
                forms.append(
                    make_form(
                        part, kind, script, tokens, freqs, legal=legal, joined=joined, bracketed=brackets
                    )
                )
                if kind is Kind.PERSON and script == "Latin":
                    forms.extend(_wade_giles_form(part, freqs))
    return forms


def _wade_giles_form(text: str, freqs: TokenFrequencies) -> list[NameForm]:
    """A Wade-Giles person name ("Hsi Chin-ping") read as pinyin ("xi jinping"), other readings as alts."""
    from interdictor.screening.wadegiles import wade_giles_tokens

    found = wade_giles_tokens(text)
    if found is None:
        return []
    tokens, alts = found
    return [make_form(text, Kind.PERSON, "Latin", tokens, freqs, alts=alts, origin="zh")]


def _alternatives(text: str) -> list[str]:
    """A name and, when it lists alternatives with a slash ("Al-Qa'ida/Islamic Army"), each of them."""
    if "/" not in text:
        return [text]
    parts = [p.strip() for p in text.split("/")]
    if len(parts) > 1 and all(sum(ch.isalpha() for ch in p) >= 3 for p in parts):
        return [text, *parts]
    return [text]
