"""The extractors' vocabulary (data/vocab.yml): loaded and validated on first use, then cached.

Words that mark currencies, dates, part numbers, addresses and registry columns are data that a
reviewer can extend without reading code; this module only turns them into lookups.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
import yaml

from interdictor.exc import ReferenceDataError

__all__ = ["Vocab", "header_key", "trie_pattern", "vocab"]


def trie_pattern(words: Iterable[str]) -> str:
    """A regex alternation of words as a prefix tree: Python's re tries a flat alternation word by
    word at every position of a line, a tree only follows the letters that are there."""
    tree: dict[str, Any] = {}
    for word in set(words):
        node = tree
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def render(node: dict[str, Any]) -> str:
        branches = []
        optional = False
        for ch in sorted(node):
            if ch == "":
                optional = True
                continue
            branches.append(re.escape(ch) + render(node[ch]))
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
        if optional:
            body = f"(?:{'|'.join(branches)})?"
        return body

    return "(?:" + render(tree) + ")"


def header_key(text: str) -> str:
    """A column header as compared: lower case, runs of spaces and punctuation as one '_'."""
    return re.sub(r"[^0-9a-z]+", "_", text.strip().lower()).strip("_")


@dataclass(frozen=True)
class Vocab:
    """Lookups built from vocab.yml."""

    version: int
    currency_codes: frozenset[str]
    currency_aliases: dict[str, str]
    currency_symbols: dict[str, str]
    multipliers: dict[str, int]
    months: dict[str, int]
    part_labels: tuple[str, ...]
    address_labels: tuple[str, ...]
    street_words: frozenset[str]
    po_box: tuple[str, ...]
    honorifics: frozenset[str]
    name_stopwords: frozenset[str]
    #: header key -> canonical registry column
    registry_headers: dict[str, str]
    #: role key -> "ownership" or "directorship"
    registry_roles: dict[str, str]

    def currency(self, token: str) -> str | None:
        """The ISO code a code or symbol stands for, or None."""
        if token in self.currency_symbols:
            return self.currency_symbols[token]
        if token in self.currency_codes:
            return self.currency_aliases.get(token, token)
        return None


def _load_raw() -> dict[str, Any]:
    folder = resources.files("interdictor.ingest").joinpath("data")
    try:
        data = yaml.safe_load(folder.joinpath("vocab.yml").read_text(encoding="utf-8"))
        schema = json.loads(folder.joinpath("vocab.schema.json").read_text(encoding="utf-8"))
        jsonschema.validate(data, schema)
    except (OSError, yaml.YAMLError, jsonschema.ValidationError) as exc:
        raise ReferenceDataError(f"interdictor/ingest/data/vocab.yml is broken: {exc}") from exc
    if not isinstance(data, dict):
        raise ReferenceDataError("interdictor/ingest/data/vocab.yml is not a mapping")
    return data


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """The packaged vocabulary (validated against its JSON Schema)."""
    data = _load_raw()
    cur = data["currencies"]
    headers: dict[str, str] = {}
    for column, synonyms in data["registry_columns"].items():
        for synonym in [column, *synonyms]:
            headers.setdefault(header_key(synonym), column)
    roles = {header_key(r): rel for rel, values in data["registry_roles"].items() for r in values}
    return Vocab(
        version=data["version"],
        currency_codes=frozenset(cur["codes"]),
        currency_aliases=dict(cur["aliases"]),
        currency_symbols=dict(cur["symbols"]),
        multipliers={k.lower(): int(v) for k, v in data["multipliers"].items()},
        months={k.lower(): int(v) for k, v in data["months"].items()},
        part_labels=tuple(data["part_labels"]),
        address_labels=tuple(data["address_labels"]),
        street_words=frozenset(w.lower() for w in data["street_words"]),
        po_box=tuple(data["po_box"]),
        honorifics=frozenset(w.lower() for w in data["honorifics"]),
        name_stopwords=frozenset(w.lower() for w in data["name_stopwords"]),
        registry_headers=headers,
        registry_roles=roles,
    )
