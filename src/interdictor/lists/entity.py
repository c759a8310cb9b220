"""A list entry being read: a FollowTheMoney schema and its values, held as light rows.

Readers build these instead of followthemoney's `StatementEntity` because an FtM statement
costs about 20 µs to make (an object, a SHA-1 key, set bookkeeping), which alone spent half
of the 5 s budget for loading the SDN list. `ListEntity` keeps FtM's schema, property and
value-cleaning rules (its `add` follows `StatementEntity.add`) but stores plain tuples; the
store derives statement ids in SQL, and `to_ftm` gives a full FtM entity when one is needed.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from followthemoney import StatementEntity, model
from followthemoney.dataset import Dataset
from followthemoney.exc import InvalidData
from followthemoney.property import Property
from followthemoney.schema import Schema
from followthemoney.statement import Statement
from followthemoney.types import registry
from followthemoney.value import string_list
from rigour.names import pick_name

__all__ = ["ListEntity", "ValueRow"]

#: (property, property type, value, original value, language)
ValueRow = tuple[str, str, str, str | None, str | None]


class ListEntity:
    """An entity of one list publication, as a reader builds it."""

    __slots__ = ("_values", "id", "schema")

    def __init__(self, schema: Schema | str, entity_id: str) -> None:
        resolved = model.get(schema) if isinstance(schema, str) else schema
        if resolved is None:
            raise InvalidData(f"unknown schema {schema!r}")
        self.schema: Schema = resolved
        self.id = entity_id
        # prop name -> value -> (original value, language); dicts keep insertion order
        self._values: dict[str, dict[str, tuple[str | None, str | None]]] = {}

    def _property(self, prop: Property | str, quiet: bool) -> Property | None:
        if isinstance(prop, Property):
            return prop
        found = self.schema.get(prop)
        if found is None and not quiet:
            raise InvalidData(f"{self.schema.name} has no property {prop!r}")
        return found

    def add(
        self,
        prop: Property | str,
        values: Any,
        cleaned: bool = False,
        quiet: bool = False,
        fuzzy: bool = False,
        format: str | None = None,
        lang: str | None = None,
        original_value: str | None = None,
    ) -> None:
        """Add values as FtM's `StatementEntity.add` would: cleaned by the property's type."""
        resolved = self._property(prop, quiet)
        if resolved is None:
            return
        for value in string_list(values, sanitize=not cleaned):
            self.unsafe_add(
                resolved,
                value,
                cleaned=cleaned,
                fuzzy=fuzzy,
                format=format,
                quiet=quiet,
                lang=lang,
                original_value=original_value,
            )

    def unsafe_add(
        self,
        prop: Property,
        value: str | None,
        cleaned: bool = False,
        fuzzy: bool = False,
        format: str | None = None,
        quiet: bool = False,
        lang: str | None = None,
        original_value: str | None = None,
    ) -> str | None:
        """Add one value of a resolved property; returns the cleaned value, or None if refused."""
        if not value:
            return None
        if prop.stub:
            if quiet:
                return None
            raise InvalidData(f"{self.schema.name}: {prop.name} is set from the other side")
        if lang is not None:
            lang = registry.language.clean_text(lang)
        clean = value if cleaned else prop.type.clean_text(value, fuzzy=fuzzy, format=format)
        if clean is None:
            return None
        self.add_row(prop.name, clean, original_value or value, lang)
        return clean

    def add_row(self, prop: str, value: str, original: str | None = None, lang: str | None = None) -> None:
        """Add a value already cleaned for `prop` (the fast path for readers that clean themselves)."""
        values = self._values.setdefault(prop, {})
        if value not in values:
            values[value] = (None if original == value else original, lang)

    def get(self, prop: Property | str, quiet: bool = False) -> list[str]:
        resolved = self._property(prop, quiet)
        if resolved is None:
            return []
        return list(self._values.get(resolved.name, ()))

    def has(self, prop: Property | str) -> bool:
        resolved = self._property(prop, quiet=True)
        return resolved is not None and bool(self._values.get(resolved.name))

    @property
    def caption(self) -> str:
        """The label FtM would show: the first caption property with a value (the best name)."""
        for prop_name in self.schema.caption:
            values = self.get(prop_name, quiet=True)
            if not values:
                continue
            if self.schema.properties[prop_name].type == registry.name and len(values) > 1:
                picked = pick_name(sorted(values))
                if picked is not None:
                    return picked
            return values[0]
        return self.schema.label

    def rows(self) -> Iterator[ValueRow]:
        properties = self.schema.properties
        for prop, values in self._values.items():
            prop_type = properties[prop].type.name
            for value, (original, lang) in values.items():
                yield prop, prop_type, value, original, lang

    def to_ftm(self, dataset: Dataset) -> StatementEntity:
        """The same entity as a followthemoney `StatementEntity`."""
        entity = StatementEntity(dataset, {"schema": self.schema.name, "id": self.id})
        for prop, _type, value, original, lang in self.rows():
            entity.add_statement(
                Statement(
                    entity_id=self.id,
                    prop=prop,
                    schema=self.schema.name,
                    value=value,
                    dataset=dataset.name,
                    lang=lang,
                    original_value=original,
                )
            )
        return entity

    def __repr__(self) -> str:
        return f"<ListEntity {self.schema.name} {self.id}>"
