"""Fast phrase matching for catalogue terms: one trie-shaped regex per term list, on lower-cased text.

A plain alternation of a few hundred phrases makes the regex engine try every phrase at every
position; factoring the phrases into a trie makes each position cost about one phrase length, which
is what keeps classification above a few thousand descriptions per second.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["Lexicon", "lower_same_length", "phrase_pattern", "trie_alternation"]


def _trie_regex(node: dict[str, dict], depth: int = 0) -> str:  # type: ignore[type-arg]
    ends = "" in node
    branches = []
    for char in sorted(k for k in node if k != ""):
        branches.append(re.escape(char) + _trie_regex(node[char], depth + 1))
    if not branches:
        return ""
    if len(branches) == 1:
        body = branches[0]
        # a single continuation of one character needs no group unless it is optional
        inner = f"(?:{body})" if len(body) > 1 or ends else body
    else:
        inner = "(?:" + "|".join(branches) + ")"
    return inner + "?" if ends else inner


def trie_alternation(phrases: Iterable[str]) -> str:
    """A regex alternation of `phrases` (kept as written, case and all) factored as a trie, longest first."""
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_regex(root)


def phrase_pattern(phrases: Iterable[str], *, whole_words: bool = True) -> re.Pattern[str] | None:
    """A pattern matching any phrase (lower case), longest first; None when there are no phrases.

    With `whole_words`, a phrase must not start or end inside a word ("car" does not match "carbon")
    but may take a plural ending ("inverter" matches "inverters"); without it, a phrase may be the start
    of a longer word ("grind" matches "grinding"). `match.group("t")` is the phrase as listed.
    """
    root: dict[str, dict] = {}  # type: ignore[type-arg]
    count = 0
    for phrase in phrases:
        phrase = phrase.strip().lower()
        if not phrase:
            continue
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[""] = {}
        count += 1
    if count == 0:
        return None
    body = _trie_regex(root)
    if whole_words:
        # a plural ending is allowed ("inverters"); group "t" holds the phrase as listed
        return re.compile(rf"(?<!\w)(?P<t>{body})(?:e?s)?(?!\w)")
    return re.compile(rf"(?<!\w)(?P<t>{body})")


def lower_same_length(text: str) -> str:
    """`text` in lower case with every character at the same index, so spans map back to the original."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(char.lower()[:1] or char for char in text)


class Lexicon:
    """Named groups of phrases found with one pass of one pattern: {"nickel_alloy": ["inconel", ...], ...}.

    `find` returns, for every group mentioned in the text, the span of its first mention.
    """

    __slots__ = ("_owner", "keys", "pattern")

    def __init__(self, groups: dict[str, list[str]], *, whole_words: bool = True) -> None:
        self.keys: tuple[str, ...] = tuple(groups)
        self._owner: dict[str, str] = {}
        for key, phrases in groups.items():
            for phrase in phrases:
                self._owner.setdefault(phrase.strip().lower(), key)
        self.pattern = phrase_pattern(self._owner, whole_words=whole_words)

    def find(self, low: str) -> dict[str, tuple[int, int]]:
        found: dict[str, tuple[int, int]] = {}
        if self.pattern is None:
            return found
        for match in self.pattern.finditer(low):
            key = self._owner.get(match.group("t"))
            if key is not None and key not in found:
                found[key] = (match.start(), match.end())
        return found
