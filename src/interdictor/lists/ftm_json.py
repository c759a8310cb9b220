"""FollowTheMoney JSON lines, as published by OpenSanctions (`entities.ftm.json`).

One entity per line: `{"id", "schema", "properties": {prop: [values]}, ...}`. Entity ids are
kept exactly as they are, so an id from OpenSanctions means the same thing here. The file is
read line by line, so its size does not matter. A line that is not JSON, names an unknown
schema or an unknown property is a problem with its line number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from followthemoney import model
from followthemoney.exc import InvalidData

from interdictor.lists.base import ListReader, ReadContext, register
from interdictor.lists.entity import ListEntity

__all__ = ["FtmJsonReader"]


def _list_name_from(path: Path) -> str:
    stem = path.name.split(".")[0]
    return re.sub(r"[^a-z0-9]+", "_", stem.lower()).strip("_") or "ftm"


@register
class FtmJsonReader(ListReader):
    format = "ftm-json"
    list_name = "ftm"
    title = "FollowTheMoney JSON lines"
    description = "FollowTheMoney entities, one JSON object per line, as OpenSanctions publishes them."

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return text.startswith(b"{") and b'"schema"' in head and b'"properties"' in head

    def default_list_name(self, path: Path) -> str:
        return _list_name_from(path)

    def read(self, path: Path, ctx: ReadContext) -> Iterator[ListEntity]:
        try:
            handle = path.open("rb")
        except OSError as exc:
            raise ctx.reject(f"cannot read the file: {exc.strerror or exc}") from exc
        with handle:
            for line_no, raw in enumerate(handle, start=1):
                if not raw.strip():
                    continue
                try:
                    text = raw.decode(ctx.encoding or "utf-8")
                except UnicodeDecodeError as exc:
                    ctx.problem(
                        f"not valid UTF-8 text at column {exc.start + 1}",
                        line=line_no,
                        hint="FollowTheMoney JSON is always UTF-8",
                    )
                    continue
                try:
                    data = json.loads(text)
                except json.JSONDecodeError as exc:
                    ctx.problem(
                        f"not a JSON object: {exc.msg} at column {exc.colno}",
                        line=line_no,
                        hint="a truncated last line means the download was cut short",
                    )
                    continue
                entity = self._entity(data, ctx, line_no)
                if entity is not None:
                    yield entity

    def _entity(self, data: object, ctx: ReadContext, line_no: int) -> ListEntity | None:
        if not isinstance(data, dict):
            ctx.problem("expected a JSON object with id, schema and properties", line=line_no)
            return None
        entity_id, schema_name = data.get("id"), data.get("schema")
        if not isinstance(entity_id, str) or not entity_id:
            ctx.problem("missing entity id", line=line_no, field="id")
            return None
        schema = model.get(schema_name) if isinstance(schema_name, str) else None
        if schema is None:
            ctx.problem(
                f"unknown schema {schema_name!r}",
                line=line_no,
                field="schema",
                hint="see https://followthemoney.tech/explorer/ for the schemata",
            )
            return None
        properties = data.get("properties", {})
        if not isinstance(properties, dict):
            ctx.problem("properties must be an object of lists", line=line_no, field="properties")
            return None
        entity = ctx.make(schema.name, entity_id)
        for prop_name, values in properties.items():
            prop = schema.get(prop_name)
            if prop is None:
                ctx.problem(
                    f"schema {schema.name} has no property {prop_name!r}",
                    line=line_no,
                    field=f"properties.{prop_name}",
                )
                continue
            if isinstance(values, str):
                values = [values]
            if not isinstance(values, list):
                ctx.problem(
                    "property values must be a list of strings", line=line_no, field=f"properties.{prop_name}"
                )
                continue
            for value in values:
                try:
                    entity.add(prop, value, original_value=value if isinstance(value, str) else None)
                except InvalidData as exc:
                    ctx.problem(str(exc), line=line_no, field=f"properties.{prop_name}")
        return entity
