"""People's and companies' names in the scripts and habits of their country, and their variants.

A name is built once from its parts (`PersonName`, `CompanyName`) so that every record can write it
differently while the truth knows it is the same entity: another transliteration of a part, the
native script, family name first or last, a legal form spelt another way or dropped, an
abbreviation, upper case, a typo. `variant` draws one such rendering; level 0 gives the canonical.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

from interdictor.generate.data import Culture, Knowledge, LegalForm, Place, Spelling

T = TypeVar("T")

__all__ = ["CompanyName", "PersonName", "make_company_name", "make_person_name", "pick", "typo"]


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

    @property
    def canonical(self) -> str:
        return self.render(0, 0, family_first=self.culture.family_first)

    @property
    def native(self) -> str:
        if self.culture.code in ("zh", "ja", "ko"):
            return self.surname.native + self.given.native
        if self.culture.code == "zh_hk":
            return self.surname.native
        return f"{self.given.native} {self.surname.native}"

    def render(self, given_i: int, surname_i: int, *, family_first: bool, upper_surname: bool = False) -> str:
        given = self.given.latin[given_i % len(self.given.latin)]
        surname = self.surname.latin[surname_i % len(self.surname.latin)]
        if upper_surname:
            surname = surname.upper()
        if self.father is not None:
            link = "binti" if self.female else "bin"
            return f"{given} {link} {self.father.canonical}"
        return f"{surname} {given}" if family_first else f"{given} {surname}"

    def variant(self, rng: random.Random, level: int) -> str:
        """The name as one record writes it: level 0 canonical, higher levels further from it."""
        if level <= 0:
            return self.canonical
        roll = rng.random()
        if roll < 0.15 and self.native != self.canonical and self.culture.code != "zh_hk":
            return self.native
        family_first = self.culture.family_first
        if rng.random() < 0.35:
            family_first = not family_first
        text = self.render(
            rng.randrange(4), rng.randrange(4), family_first=family_first, upper_surname=rng.random() < 0.2
        )
        if self.father is not None and rng.random() < 0.5:
            text = text.replace(" bin ", " b. ").replace(" binti ", " bt. ")
        if level >= 2 and rng.random() < 0.5:
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

    def _latin(self, choices: tuple[int, ...], form_i: int | None) -> str:
        parts = [w.latin[c % len(w.latin)] for w, c in zip(self.words, choices, strict=True)]
        text = " ".join(p for p in parts if p)
        text = text.replace(" )", ")").replace("( ", "(").strip()
        if form_i is None:
            return text
        form = self.legal_form.latin[form_i % len(self.legal_form.latin)]
        if self.legal_form.position == "prefix":
            return f"{form} {text}"
        return f"{text} {form}"

    @property
    def canonical(self) -> str:
        return self._latin(tuple(0 for _ in self.words), 0)

    @property
    def native(self) -> str | None:
        return self.native_text

    def variant(self, rng: random.Random, level: int) -> str:
        """The company name as one record writes it (see module docstring)."""
        if level <= 0:
            return self.canonical
        if self.native_text and rng.random() < 0.12:
            return self.native_text
        choices = tuple(rng.randrange(3) if rng.random() < 0.4 else 0 for _ in self.words)
        form_roll = rng.random()
        form_i: int | None = 0 if form_roll < 0.45 else (None if form_roll < 0.6 else rng.randrange(8))
        text = self._latin(choices, form_i)
        if rng.random() < 0.25:
            words = text.split(" ")
            for i, word in enumerate(words):
                options = self.abbreviations.get(word.strip(",."))
                if options:
                    words[i] = rng.choice(options)
                    break
            text = " ".join(words)
        if rng.random() < 0.2:
            text = text.upper()
        if rng.random() < 0.15:
            text = text.replace(",", "").replace(".", "")
        if level >= 2 and rng.random() < 0.6:
            text = typo(rng, text)
        return text

    def aliases(self) -> list[str]:
        names = set()
        if self.native_text:
            names.add(self.native_text)
        alt = self._latin(tuple(1 for _ in self.words), 1)
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


def pick(rng: random.Random, items: Sequence[T]) -> T:
    """`rng.choice` without its overhead; the hot path builds millions of names."""
    return items[int(rng.random() * len(items))]


def make_person_name(rng: random.Random, culture: Culture) -> PersonName:
    female = rng.random() < 0.22
    given = pick(rng, culture.given_female if female else culture.given_male)
    surname = pick(rng, culture.surnames)
    father = None
    if culture.code == "ms" and rng.random() < 0.6:
        father = pick(rng, culture.given_male)
        surname = father
    return PersonName(culture, given, surname, female, father)


def make_company_name(
    rng: random.Random,
    know: Knowledge,
    culture: Culture,
    sector: str,
    city: Place,
    forms: tuple[LegalForm, ...],
) -> CompanyName:
    pattern = pick(rng, culture.patterns)
    industry_pool = (
        culture.industries.get(sector)
        or culture.industries.get("trading")
        or next(iter(culture.industries.values()))
    )
    industry = pick(rng, industry_pool)
    brand = pick(rng, culture.brands)
    brand2 = pick(rng, culture.brands)
    surname = pick(rng, culture.surnames)
    surname2 = pick(rng, culture.surnames)
    fill = {
        "{brand}": brand,
        "{brand2}": brand2,
        "{industry}": industry,
        "{city}": city.name,
        "{person_surname}": Spelling(surname.native, (surname.canonical,)),
        "{person_surname2}": Spelling(surname2.native, (surname2.canonical,)),
        "{intl}": Spelling("", tuple(f"({w})" for w in culture.intl)),
        "&": Spelling("&", ("&", "and")),
    }
    fill["{pcity}"] = Spelling(f"({city.name.native})", tuple(f"({n})" for n in city.name.latin))
    words = []
    for token in pattern.replace("({city})", "{pcity}").replace("({intl})", "{intl}").split():
        if token in fill:
            words.append(fill[token])
        elif "-" in token:
            left, _, right = token.partition("-")
            a, b = fill.get(left), fill.get(right)
            if a and b:
                words.append(Spelling(a.native + b.native, tuple(f"{x}-{b.canonical}" for x in a.latin)))
        else:
            words.append(Spelling(token, (token,)))
    form = pick(rng, forms)
    native_text = None
    if culture.native_pattern and brand.native != brand.canonical:
        industry_native = industry.native if "{industry}" in pattern else ""
        native_text = (
            culture.native_pattern.replace("{city}", city.name.native if "city}" in pattern else "")
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
