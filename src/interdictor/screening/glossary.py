"""The glossary of company words in other scripts (`data/glossary.yml`), loaded on first use."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import yaml

__all__ = ["glossary", "segment", "validate_glossary"]

LANGUAGES = ("zh", "ko", "ar", "ko_surnames")


def validate_glossary(data: object) -> list[str]:
    """Problems in a glossary document: every language maps strings to non-empty lists of strings."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["glossary: expected a mapping of languages"]
    for lang, entries in data.items():
        if lang not in LANGUAGES:
            problems.append(f"{lang}: unknown language (expected one of {', '.join(LANGUAGES)})")
            continue
        if not isinstance(entries, dict):
            problems.append(f"{lang}: expected a mapping of words")
            continue
        for word, english in entries.items():
            if not isinstance(english, list) or not english or not all(isinstance(e, str) for e in english):
                problems.append(f"{lang}.{word}: expected a non-empty list of English renderings")
    return problems


@lru_cache(maxsize=1)
def _load() -> dict[str, dict[str, list[str]]]:
    text = resources.files("interdictor.screening").joinpath("data/glossary.yml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    problems = validate_glossary(data)
    if problems:
        raise ValueError("data/glossary.yml: " + "; ".join(problems))
    return {
        lang: {str(k): [str(e).lower() for e in v] for k, v in entries.items()}
        for lang, entries in data.items()
    }


def glossary(lang: str) -> dict[str, list[str]]:
    """Words of one language ("zh", "ko", "ar") mapped to their English renderings."""
    return _load().get(lang, {})


def segment(text: str, lang: str, chunk: int = 0) -> list[tuple[str, bool]]:
    """Split an unspaced run into (word, in_glossary) by longest glossary match.

    Characters between glossary words are cut into `chunk`-sized words (0: kept as one word); an
    odd character left over joins the previous word ("哈尔滨" stays one word).
    """
    words = glossary(lang)
    longest = max((len(w) for w in words), default=1)
    out: list[tuple[str, bool]] = []
    pending = ""

    def flush() -> None:
        if not pending:
            return
        if chunk <= 0:
            out.append((pending, False))
            return
        pieces = [pending[k : k + chunk] for k in range(0, len(pending), chunk)]
        if len(pieces) > 1 and len(pieces[-1]) < chunk:
            last = pieces.pop()
            pieces[-1] += last
        out.extend((piece, False) for piece in pieces)

    i = 0
    while i < len(text):
        size = 0
        for n in range(min(longest, len(text) - i), 1, -1):
            if text[i : i + n] in words:
                size = n
                break
        if size == 0 and text[i] in words and not pending:
            size = 1
        if size:
            flush()
            pending = ""
            out.append((text[i : i + size], True))
            i += size
        else:
            pending += text[i]
            i += 1
    flush()
    return out
