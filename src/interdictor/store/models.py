"""What the store answers with: the same pydantic models back `--json` and, later, the HTTP API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, Field

__all__ = [
    "EntityChange",
    "EntityRecord",
    "EntitySummary",
    "ListDiff",
    "ListVersion",
    "LoadReport",
    "PropertyChange",
    "StatementRecord",
    "VersionSpan",
    "from_row",
]

M = TypeVar("M", bound=BaseModel)


def from_row(model: type[M], row: Sequence[Any]) -> M:
    """A model from a query row whose columns are selected in the order of the model's fields."""
    return model(**dict(zip(model.model_fields, row, strict=True)))


class ListVersion(BaseModel):
    """One loaded publication of a list."""

    version_id: int = Field(description="Store-wide number of the load, used by `lists diff`.")
    list_name: str = Field(examples=["us_ofac_sdn"])
    format: str = Field(examples=["ofac-sdn-csv"])
    published: date | None = Field(description="Publication date, when the file or its name states it.")
    published_source: str | None = Field(
        description="Where the publication date came from: file, filename or user."
    )
    as_of: datetime = Field(description="Publication date when known, else load time; orders versions.")
    source_path: str
    sha256: str = Field(description="Hash of the file (or of the set of files) loaded.")
    loaded_at: datetime
    entity_count: int
    statement_count: int
    software_version: str


class LoadReport(BaseModel):
    """What a load did: the version it created, or the earlier version it found identical."""

    version: ListVersion
    skipped: bool = Field(description="True when this exact file had been loaded before; nothing changed.")
    added: int = 0
    removed: int = 0
    changed: int = 0
    previous_version_id: int | None = None


class EntitySummary(BaseModel):
    entity_id: str
    schema_name: str = Field(alias="schema")
    caption: str

    model_config = {"populate_by_name": True}


class PropertyChange(BaseModel):
    prop: str
    added: list[str] = []
    removed: list[str] = []


class EntityChange(EntitySummary):
    changes: list[PropertyChange]


class ListDiff(BaseModel):
    list_name: str
    old: ListVersion
    new: ListVersion
    added: list[EntitySummary]
    removed: list[EntitySummary]
    changed: list[EntityChange]


class StatementRecord(BaseModel):
    """One fact about an entity with its provenance."""

    prop: str
    prop_type: str
    value: str
    original_value: str | None
    lang: str | None
    list_name: str
    first_seen: datetime | None
    first_version: int | None
    last_seen: datetime | None
    last_version: int | None
    current: bool = Field(description="Whether the newest version of the list still states it.")


class VersionSpan(BaseModel):
    """A run of consecutive versions of one list that held the entity."""

    list_name: str
    first_version: int
    first_as_of: datetime
    last_version: int
    last_as_of: datetime
    versions: int
    in_latest: bool


class EntityRecord(BaseModel):
    entity_id: str
    schema_name: str = Field(alias="schema")
    caption: str
    listed_in: list[VersionSpan]
    statements: list[StatementRecord]
    relations: list[EntityRelation] = []

    model_config = {"populate_by_name": True}

    def values(self, prop: str) -> set[str]:
        """The values of a property, from every version and list."""
        return {s.value for s in self.statements if s.prop == prop}

    def original(self, prop: str, value: str) -> str | None:
        """The text the list had for one value (None when it equals the value)."""
        for stmt in self.statements:
            if stmt.prop == prop and stmt.value == value:
                return stmt.original_value
        raise KeyError(f"{self.entity_id} has no {prop} {value!r}")


class EntityRelation(BaseModel):
    """A relation entity (FtM interval schema such as UnknownLink) that names this entity."""

    relation_id: str
    schema_name: str = Field(alias="schema")
    role: str = Field(description="The property of the relation that points here (subject, object...).")
    other_id: str | None
    other_caption: str | None
    details: dict[str, list[str]] = {}

    model_config = {"populate_by_name": True}


EntityRecord.model_rebuild()
