"""Registries as FollowTheMoney JSON (one entity per line, or an array): Company, Person, Ownership...

Entities keep the id the source gave them; every property value becomes a statement with the line
it came from. Schemata and properties are checked against the FtM model and values are cleaned by
their FtM type, so a wrong property name or an impossible date is reported where it is. These are
registry facts, not list entries: they go to the evidence tables, never to the lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from followthemoney import model

from interdictor.ingest.patterns import declared_phone, parse_date
from interdictor.ingest.registry import EdgeLog
from interdictor.ingest.sink import DocumentSink
from interdictor.ingest.textio import DecodeError, iter_json_items, open_text
from interdictor.lists.countries import country_code

__all__ = ["read_ftm"]

#: Properties whose FtM type is checked strictly: a value the type cannot clean is a problem.
_STRICT_TYPES = frozenset({"date", "country", "entity", "email", "url", "phone"})


def _line_of(position: str) -> int | None:
    head, _, number = position.partition(" ")
    return int(number) if head == "line" and number.isdigit() else None


def _entity(position: str, data: Any, sink: DocumentSink, edges: EdgeLog) -> None:
    line = _line_of(position)
    where = None if line is not None else position
    if not isinstance(data, dict):
        sink.problem(
            "not an FtM entity (a JSON object with id, schema, properties)", line=line, element=where
        )
        return
    entity_id, schema_name, props = data.get("id"), data.get("schema"), data.get("properties", {})
    if not isinstance(entity_id, str) or not entity_id.strip():
        sink.problem("the entity has no id", line=line, element=where, field="id")
        return
    schema = model.get(schema_name) if isinstance(schema_name, str) else None
    if schema is None:
        sink.problem(
            f"unknown FtM schema {schema_name!r}",
            line=line,
            element=where,
            field="schema",
            hint="FtM schemata: Company, Person, Organization, LegalEntity, Ownership, Directorship...",
        )
        return
    if not isinstance(props, dict):
        sink.problem("'properties' is not an object", line=line, element=where, field="properties")
        return
    values_of: dict[str, list[str]] = {}
    for name, values in props.items():
        prop = schema.get(name)
        if prop is None:
            sink.problem(
                f"{schema.name} has no property {name!r}",
                line=line,
                element=where,
                field=f"properties.{name}",
            )
            continue
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list):
            sink.problem(
                "property values must be a list of strings",
                line=line,
                element=where,
                field=f"properties.{name}",
            )
            continue
        for raw in values:
            if not isinstance(raw, str) or not raw.strip():
                continue
            if prop.type.name == "entity":
                value: str | None = raw.strip()
            elif prop.type.name == "country":
                # The project's compiled country names: FtM's first name lookup costs seconds.
                value = country_code(raw)
            else:
                value = prop.type.clean(raw)
                if value is None and prop.type.name == "date":
                    value = parse_date(raw)
                elif value is None and prop.type.name == "phone":
                    value = declared_phone(raw)
            if value is None:
                if prop.type.name in _STRICT_TYPES:
                    sink.problem(
                        f"{raw!r} is not a valid {prop.type.name}",
                        line=line,
                        element=where,
                        field=f"properties.{name}",
                    )
                continue
            values_of.setdefault(name, []).append(value)
            sink.statement(entity_id, schema.name, name, value, position, original=raw)
    source_prop, target_prop = schema.edge_source, schema.edge_target
    if source_prop and target_prop:
        sources, targets = values_of.get(source_prop, []), values_of.get(target_prop, [])
        for s in sources:
            if s in targets:
                sink.note(
                    f"{position}: {schema.name} {entity_id!r} links {s!r} to itself (self-loop; stored)"
                )
        if schema.is_a("Ownership"):
            for s in sources:
                for t in targets:
                    edges.add(s, t)
    names = values_of.get("name")
    if names:
        edges.names.setdefault(entity_id, names[0])


def read_ftm(path: Path, sink: DocumentSink, source: str) -> None:
    """Statements of an FtM JSON registry into the sink; bad entities are problems with their line."""
    del source  # FtM entities carry their own ids
    edges = EdgeLog()
    stream, _ = open_text(path)
    count = 0
    with stream:
        try:
            for position, item in iter_json_items(stream):
                _entity(position, item, sink, edges)
                count += 1
                if len(sink.problems) > 1000:
                    sink.problem("more than 1000 problems: reading stopped")
                    return
        except DecodeError as exc:
            sink.problem(str(exc), line=exc.line, hint=exc.hint)
            return
    if count == 0:
        sink.problem("the file holds no entities")
    edges.report(sink)
