"""Retrieval terms: what the candidate index stores for a name, and how a query term is widened.

The index does not run the scorer's full analysis on every list name (about 0.1 ms a name, too
slow for a million entities): it stores the name's ASCII tokens, which `tokenize` and the cached
`to_ascii` give in a few microseconds. Names in scripts whose Latin renderings vary (Chinese,
Korean, Arabic, Persian, Hebrew) are rare, and for them the scorer's own renderings are indexed:
pinyin segments with their glossary translations, Korean loose keys, Arabic consonant skeletons.

A query term meets the index through several keys, so one typo in the most distinctive token does
not lose the name:

- the term itself (exact);
- deletion neighbourhoods: every term of the vocabulary is also filed under each string it becomes
  with one letter deleted (SymSpell); a query term looks up its own one-letter deletions, which
  finds every term within one edit (insertion, deletion, substitution, transposition) and many
  within two; each hit is confirmed by an edit distance within the scorer's typo tolerance;
- a phonetic key, the consonant skeleton (`arabic.latin_skeleton`): "husayn" / "hussein",
  "mohammed" / "muhammad", and Latin names against Arabic-script names (whose indexed terms are
  skeletons already);
- a Korean key (`korean.latin_key`): "jong" / "chong" / "cong", and Latin against Hangul;
- run-on words: two adjacent query terms joined ("dalian yangguang" / "dalianyangguang"), and a
  long query term split into a known prefix and rest;
- identifiers, normalised as the scorer does (`identifiers.parse_identifier`).

Keys are 64-bit hashes (`hash_terms`), stable across processes, so they persist in sorted numpy arrays.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt
from rigour.names import remove_org_types

from interdictor.screening.align import allowed_edits
from interdictor.screening.arabic import latin_skeleton
from interdictor.screening.forms import Kind, _numbers_as_digits, analyze_name
from interdictor.screening.identifiers import parse_identifier
from interdictor.screening.korean import hangul_key, latin_key
from interdictor.screening.text import clean_text, primary_script, to_ascii, tokenize
from interdictor.screening.vocab import STOPWORDS

__all__ = [
    "TERMS_VERSION",
    "acronym",
    "deletion_keys",
    "hash_terms",
    "identifier_term",
    "is_weak",
    "korean_key",
    "name_terms",
    "phonetic_key",
    "term_hash",
]

#: Bump when the terms of a name change: persisted indexes built with another version are rebuilt.
TERMS_VERSION = 8

#: Shortest term that gets deletion keys: the scorer tolerates no typo in shorter ones, except in
#: three-letter person names ("Tom" / "Tim"), left out because their one-letter deletions would
#: connect most of the short words of the vocabulary.
MIN_FUZZY_LEN = 4
#: Shortest phonetic key used: "l" (from "ali", "ela", "lee") would connect half the vocabulary.
MIN_PHONETIC_LEN = 3
_OTHER_SCRIPTS = frozenset({"Han", "Hangul", "Arabic", "Hebrew"})


_WIDTH = 32
_MIX = (np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB))


def hash_terms(terms: Sequence[str]) -> npt.NDArray[np.int64]:
    """Stable 64-bit keys of strings, vectorised (Python's `hash` changes with every process).

    The first 32 bytes of each UTF-8 string are mixed with splitmix64 steps. Longer strings sharing
    those 32 bytes share a key; every hit is confirmed against the term itself, so a shared key
    costs a comparison, never a wrong result.
    """
    if not terms:
        return np.zeros(0, np.int64)
    raw = np.array([t.encode("utf-8") for t in terms], dtype=f"S{_WIDTH}")
    words = raw.view(np.uint64).reshape(len(terms), _WIDTH // 8)
    h = np.full(len(terms), 0x9E3779B97F4A7C15, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(_WIDTH // 8):
            h ^= words[:, k]
            h *= _MIX[k % 2]
            h ^= h >> np.uint64(29)
    return h.view(np.int64)


_MASK = (1 << 64) - 1
_WORDS = struct.Struct("<4Q")
_SEED = 0x9E3779B97F4A7C15
_MIX_INT = (0xBF58476D1CE4E5B9, 0x94D049BB133111EB)


def term_hash(term: str) -> int:
    """`hash_terms` of one string, in plain Python: a query's few keys cost microseconds this way,
    where numpy's fixed cost per call is a fifth of a millisecond."""
    w0: int
    w1: int
    w2: int
    w3: int
    w0, w1, w2, w3 = _WORDS.unpack(term.encode("utf-8")[:_WIDTH].ljust(_WIDTH, b"\0"))
    m0, m1 = _MIX_INT
    h = (((_SEED ^ w0) * m0) & _MASK) ^ ((((_SEED ^ w0) * m0) & _MASK) >> 29)
    h = ((h ^ w1) * m1) & _MASK
    h ^= h >> 29
    h = ((h ^ w2) * m0) & _MASK
    h ^= h >> 29
    h = ((h ^ w3) * m1) & _MASK
    h ^= h >> 29
    return h - (1 << 64) if h >> 63 else h


def deletion_keys(term: str) -> list[str]:
    """The term and every string it becomes with one letter deleted (empty below MIN_FUZZY_LEN)."""
    if len(term) < MIN_FUZZY_LEN:
        return []
    out = {term}
    for i in range(len(term)):
        out.add(term[:i] + term[i + 1 :])
    return sorted(out)


@lru_cache(maxsize=200_000)
def phonetic_key(term: str) -> str:
    """Consonant skeleton of a term, "" when too short to discriminate."""
    key = "".join(latin_skeleton(term))
    return key if len(key) >= MIN_PHONETIC_LEN else ""


@lru_cache(maxsize=200_000)
def korean_key(term: str) -> str:
    """Loose Korean romanisation key of a short term ("jong" -> "cong"), "" when not applicable."""
    if not 2 <= len(term) <= 7 or not term.isalpha():
        return ""
    return latin_key(term)


def typo_tolerance(a: str, b: str) -> int:
    """Edits tolerated between two terms, as the scorer tolerates them in person names (the more
    tolerant rule, by the longer term): retrieval must not lose what the scorer would pair."""
    return allowed_edits(max(len(a), len(b)), person=True)


_ROMAN = frozenset(
    {"ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv", "xx"}
)


def is_weak(term: str) -> bool:
    """Numbers, roman numerals and initials: unpaired, they are not a conflict of names (the scorer
    judges numbers with their own feature and initials with their own weight)."""
    return len(term) == 1 or term.isdigit() or term in _ROMAN


def identifier_term(value: str) -> str | None:
    """Index term of an identifier ("imo:9187629"), or None when it is not one."""
    ident = parse_identifier(value)
    if ident is None:
        return None
    # One key space for every kind: lists disagree on whether a number is a registration, tax or
    # passport number, and the scorer lets a plain "id" agree with any kind.
    return f"\x00id:{ident.key}"


def _other_script_terms(text: str, kind: Kind, script: str) -> list[str]:
    out: list[str] = []
    for form in analyze_name(text, kind):
        out.extend(form.tokens)
        for alt in form.alts or ():
            out.extend(a for a in alt if " " not in a)
        for view in form._views.values():
            out.extend(view.tokens)
    if script == "Hangul":
        # Each syllable's key too: "정은" is written "Jong Un", "Jong-un" and "Jongun".
        out.extend(hangul_key(ch) for word in tokenize(text) for ch in word if "\uac00" <= ch <= "\ud7a3")
    return out


def acronym(terms: Sequence[str]) -> str | None:
    """The acronym of an organisation's name ("pla" for "People's Liberation Army"), indexed as a
    name of its own so that a query written as the acronym finds the full name."""
    words = [t for t in terms if t not in STOPWORDS]
    if 3 <= len(words) <= 6 and all(t.isalpha() for t in words):
        return "".join(t[0] for t in words)
    return None


def name_terms(name: str, kind: Kind) -> list[str]:
    """Distinct retrieval terms of a name, in order of appearance."""
    text = clean_text(name)
    if kind is Kind.ORG:
        # Legal forms ("Open Joint Stock Company", "OAO", "GmbH") are set aside, as the scorer does.
        stripped = remove_org_types(text.casefold(), replacement=" ")
        if any(ch.isalnum() for ch in stripped):
            text = stripped
    if text.isascii():
        terms = tokenize(text)
    elif (script := primary_script(text)) in _OTHER_SCRIPTS:
        terms = _other_script_terms(text, kind, script)
    else:
        terms = [to_ascii(t) for t in tokenize(text)]
    if kind is Kind.ORG and terms:
        terms = _numbers_as_digits(terms)
    seen: dict[str, None] = {}
    for term in terms:
        if term and term not in seen:
            seen[term] = None
    return list(seen)
