"""People's and companies' names in the scripts and habits of their country, and their variants.

A name is built once from its parts (`PersonName`, `CompanyName`) so that every record can write it
differently while the truth knows it is the same entity: another transliteration of a part, the
native script, family name first or last, a legal form spelt another way or dropped, an
abbreviation, upper case, a typo. `variant` draws one such rendering; level 0 gives the canonical.

Building names is on the hot path (a full-scale world builds about 1.5 million companies), so the
canonical forms are computed once per name, company-name patterns are parsed once per culture,
and random draws go through `pick`/`below`, which give exactly what `rng.choice`/`rng.randrange`
would for these arguments, without their argument checking.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from interdictor.generate.data import Culture, Knowledge, LegalForm, Place, Spelling

T = TypeVar("T")

__all__ = [
    "CompanyName",
    "PersonName",
    "below",
    "make_company_name",
    "make_person_name",
    "pick",
    "typo",
]


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """`rng.choice` without its overhead; the hot path builds millions of names."""
    return items[int(rng.random() * len(items))]


def below(rng: random.Random, n: int) -> int:
    """`rng.randrange(n)` (the same draws and value) without its argument checking; n >= 1."""
    k = n.bit_length()
    r = rng.getrandbits(k)
    while r >= n:
        r = rng.getrandbits(k)
    return r


def typo(rng: random.Random, text: str) -> str:
    """One keyboard-style error in a word of three or more letters: swap, drop or double a letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not candidates:
        return text
    index = rng.choice(candidates)
    word = words[index]
    pos = rng.randrange(1, len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:pos] + word[pos + 1] + word[pos] + word[pos + 2 :]
    elif kind == 1:
        word = word[:pos] + word[pos + 1 :]
    else:
        word = word[:pos] + word[pos] + word[pos:]
    words[index] = word
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class PersonName:
    culture: Culture
    given: Spelling
    surname: Spelling
    female: bool
    father: Spelling | None = None  # Malay "bin/binti" patronymic
    canonical: str = field(init=False, compare=False, repr=False)
    native: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "canonical", self.render(0, 0, family_first=self.culture.family_first))
        code = self.culture.code
        if code in ("zh", "ja", "ko"):
            native = self.surname.native + self.given.native
        elif code == "zh_hk":
            native = self.surname.native
        else:
            native = f"{self.given.native} {self.surname.native}"
        object.__setattr__(self, "native", native)

    def render(self, given_i: int, surname_i: int, *, family_first: bool, upper_surname: bool = False) -> str:
        if self.father is not None:
            given = self.given.latin[given_i % len(self.given.latin)]
            link = "binti" if self.female else "bin"
            return f"{given} {link} {self.father.latin[0]}"
        given = self.given.latin[given_i % len(self.given.latin)]
        surname = self.surname.latin[surname_i % len(self.surname.latin)]
        if upper_surname:
            surname = surname.upper()
        return f"{surname} {given}" if family_first else f"{given} {surname}"

    def variant(self, rng: random.Random, level: int) -> str:
        """The name as one record writes it: level 0 canonical, higher levels further from it."""
        if level <= 0:
            return self.canonical
        rnd = rng.random
        roll = rnd()
        if roll < 0.15 and self.native != self.canonical and self.culture.code != "zh_hk":
            return self.native
        family_first = self.culture.family_first
        if rnd() < 0.35:
            family_first = not family_first
        given_i, surname_i = below(rng, 4), below(rng, 4)
        text = self.render(given_i, surname_i, family_first=family_first, upper_surname=rnd() < 0.2)
        if self.father is not None and rnd() < 0.5:
            text = text.replace(" bin ", " b. ").replace(" binti ", " bt. ")
        if level >= 2 and rnd() < 0.5:
            text = typo(rng, text)
        return text

    def aliases(self) -> list[str]:
        """Spellings a registry or a list would record next to the canonical name."""
        names = {self.native} if self.native != self.canonical else set()
        names.add(self.render(1, 1, family_first=self.culture.family_first))
        names.discard(self.canonical)
        return sorted(names)


@dataclass(frozen=True, slots=True)
class CompanyName:
    culture: Culture
    words: tuple[Spelling, ...]  # brand, brand2 / surname, industry parts in order of the pattern
    legal_form: LegalForm
    native_text: str | None
    abbreviations: dict[str, tuple[str, ...]]
    canonical: str = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "canonical", self._latin((0,) * len(self.words), 0))

    def _latin(self, choices: tuple[int, ...], form_i: int | None) -> str:
        parts = [w.latin[c % len(w.latin)] for w, c in zip(self.words, choices, strict=True)]
        text = " ".join([p for p in parts if p])
        if "(" in text or ")" in text:
            text = text.replace(" )", ")").replace("( ", "(")
        text = text.strip()
        if form_i is None:
            return text
        latin = self.legal_form.latin
        form = latin[form_i % len(latin)]
        if self.legal_form.position == "prefix":
            return f"{form} {text}"
        return f"{text} {form}"

    @property
    def native(self) -> str | None:
        return self.native_text

    def variant(self, rng: random.Random, level: int) -> str:
        """The company name as one record writes it (see module docstring)."""
        if level <= 0:
            return self.canonical
        rnd = rng.random
        if self.native_text and rnd() < 0.12:
            return self.native_text
        choices = tuple(below(rng, 3) if rnd() < 0.4 else 0 for _ in self.words)
        form_roll = rnd()
        form_i: int | None = 0 if form_roll < 0.45 else (None if form_roll < 0.6 else below(rng, 8))
        text = self._latin(choices, form_i)
        if rnd() < 0.25:
            words = text.split(" ")
            abbreviations = self.abbreviations
            for i, word in enumerate(words):
                options = abbreviations.get(word.strip(",."))
                if options:
                    words[i] = rng.choice(options)
                    break
            text = " ".join(words)
        if rnd() < 0.2:
            text = text.upper()
        if rnd() < 0.15:
            text = text.replace(",", "").replace(".", "")
        if level >= 2 and rnd() < 0.6:
            text = typo(rng, text)
        return text

    def aliases(self) -> list[str]:
        names = set()
        if self.native_text:
            names.add(self.native_text)
        alt = self._latin((1,) * len(self.words), 1)
        names.add(alt)
        names.discard(self.canonical)
        return sorted(names)

    def successor(self, rng: random.Random, culture: Culture) -> CompanyName:
        """A new company name close to this one, as fronts set up after a designation use (NET-04)."""
        words = list(self.words)
        how = rng.randrange(3)
        if how == 0 and len(words) > 1:
            words[-1] = rng.choice(culture.industries.get("trading") or (words[-1],))
        elif how == 1:
            words.insert(len(words) - 1 if len(words) > 1 else 1, Spelling("(FTZ)", ("(FTZ)", "FTZ")))
        else:
            words[0] = rng.choice(culture.brands)
        return CompanyName(culture, tuple(words), self.legal_form, None, self.abbreviations)


_ABBREVIATIONS: dict[int, dict[str, tuple[str, ...]]] = {}


def _abbreviations(know: Knowledge) -> dict[str, tuple[str, ...]]:
    """The abbreviation table, built once per knowledge object (it is shared by every name)."""
    table = _ABBREVIATIONS.get(id(know))
    if table is None:
        table = {k: tuple(v) for k, v in know.world["abbreviations"].items()}
        _ABBREVIATIONS[id(know)] = table
    return table


def make_person_name(rng: random.Random, culture: Culture) -> PersonName:
    rnd = rng.random
    female = rnd() < 0.22
    names = culture.given_female if female else culture.given_male
    given = names[int(rnd() * len(names))]
    surname = culture.surnames[int(rnd() * len(culture.surnames))]
    father = None
    if culture.code == "ms" and rnd() < 0.6:
        father = culture.given_male[int(rnd() * len(culture.given_male))]
        surname = father
    return PersonName(culture, given, surname, female, father)


# -- company names: patterns parsed once per culture --------------------------------------------

# a pattern token: one part, or two parts joined by a hyphen ("{brand}-{industry}"); a part is a slot
# filled from the draws ("brand", "industry", "pcity", ...) or a fixed spelling ("&", "{intl}", a word)
_SLOTS = ("brand", "brand2", "industry", "city", "pcity", "person_surname", "person_surname2")
_Part = str | Spelling
_Token = tuple[_Part, _Part | None]


@dataclass(frozen=True, slots=True)
class _Pattern:
    tokens: tuple[_Token, ...]
    has_industry: bool
    has_city: bool


_PATTERNS: dict[tuple[int, str], _Pattern] = {}
_SURNAME_WORDS: dict[int, Spelling] = {}
_CITY_WORDS: dict[int, Spelling] = {}
_INTL: dict[int, Spelling] = {}
_AMPERSAND = Spelling("&", ("&", "and"))


def _pattern(culture: Culture, pattern: str) -> _Pattern:
    key = (id(culture), pattern)
    parsed = _PATTERNS.get(key)
    if parsed is not None:
        return parsed
    fixed = {"{intl}": _intl(culture), "&": _AMPERSAND}

    def part(text: str) -> _Part | None:
        if text in fixed:
            return fixed[text]
        slot = text[1:-1] if text.startswith("{") and text.endswith("}") else ""
        return slot if slot in _SLOTS else None

    tokens: list[_Token] = []
    for token in pattern.replace("({city})", "{pcity}").replace("({intl})", "{intl}").split():
        whole = part(token)
        if whole is not None:
            tokens.append((whole, None))
        elif "-" in token:
            left, _, right = token.partition("-")
            first, second = part(left), part(right)
            if first is not None and second is not None:
                tokens.append((first, second))
            # else: a hyphenated token naming unknown parts is dropped, as before
        else:
            tokens.append((Spelling(token, (token,)), None))
    parsed = _Pattern(tuple(tokens), "{industry}" in pattern, "city}" in pattern)
    _PATTERNS[key] = parsed
    return parsed


def _intl(culture: Culture) -> Spelling:
    spelling = _INTL.get(id(culture))
    if spelling is None:
        spelling = _INTL[id(culture)] = Spelling("", tuple(f"({w})" for w in culture.intl))
    return spelling


def _join(a: Spelling, b: Spelling) -> Spelling:
    return Spelling(a.native + b.native, tuple(f"{x}-{b.latin[0]}" for x in a.latin))


def _surname_word(surname: Spelling) -> Spelling:
    word = _SURNAME_WORDS.get(id(surname))
    if word is None:
        word = _SURNAME_WORDS[id(surname)] = Spelling(surname.native, (surname.latin[0],))
    return word


def _city_word(city: Place) -> Spelling:
    word = _CITY_WORDS.get(id(city))
    if word is None:
        name = city.name
        word = _CITY_WORDS[id(city)] = Spelling(f"({name.native})", tuple(f"({n})" for n in name.latin))
    return word


def make_company_name(
    rng: random.Random,
    know: Knowledge,
    culture: Culture,
    sector: str,
    city: Place,
    forms: tuple[LegalForm, ...],
) -> CompanyName:
    rnd = rng.random
    patterns = culture.patterns
    pattern = patterns[int(rnd() * len(patterns))]
    industry_pool = (
        culture.industries.get(sector)
        or culture.industries.get("trading")
        or next(iter(culture.industries.values()))
    )
    industry = industry_pool[int(rnd() * len(industry_pool))]
    brands, surnames = culture.brands, culture.surnames
    brand = brands[int(rnd() * len(brands))]
    brand2 = brands[int(rnd() * len(brands))]
    surname = surnames[int(rnd() * len(surnames))]
    surname2 = surnames[int(rnd() * len(surnames))]
    parsed = _pattern(culture, pattern)
    words: list[Spelling] = []
    fill: dict[str, Spelling] = {}
    for first, second in parsed.tokens:
        if not fill and (type(first) is str or second is not None):
            fill = {
                "brand": brand,
                "brand2": brand2,
                "industry": industry,
                "city": city.name,
                "pcity": _city_word(city),
                "person_surname": _surname_word(surname),
                "person_surname2": _surname_word(surname2),
            }
        word = fill[first] if isinstance(first, str) else first
        if second is not None:
            word = _join(word, fill[second] if isinstance(second, str) else second)
        words.append(word)
    form = forms[int(rnd() * len(forms))]
    native_text = None
    if culture.native_pattern and brand.native != brand.latin[0]:
        industry_native = industry.native if parsed.has_industry else ""
        native_text = (
            culture.native_pattern.replace("{city}", city.name.native if parsed.has_city else "")
            .replace("{brand}", brand.native)
            .replace("{industry_native}", industry_native)
            .replace("{industry}", industry_native)
            .strip()
        )
        joiner = "" if culture.code in ("zh", "ja", "ko") else " "
        if form.native:
            if form.position.startswith("prefix"):
                native_text = f"{form.native}{joiner or ' '}{native_text}"
            else:
                native_text = f"{native_text}{joiner}{form.native}"
    return CompanyName(culture, tuple(words), form, native_text, _abbreviations(know))
