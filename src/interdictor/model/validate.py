"""Parse trade records and report every problem with its JSON path, as the style guide asks.

`parse_record` takes one JSON object (text, bytes or a dict) and returns the typed record or
raises `InputRejected` listing each problem as `path: message`, e.g.
`parties[1].role: 'byer' is not a role (did you mean 'buyer'?)`. `read_records` streams a
JSON-lines file: a bad line is reported with its line number and never stops the good ones.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from interdictor.exc import InputRejected, Problem
from interdictor.model.records import (
    EndUserCertificate,
    Inquiry,
    LicenceApplication,
    Order,
    Payment,
    Shipment,
)

__all__ = ["RECORD_KINDS", "Record", "parse_record", "problems_from", "read_records"]

Record = Annotated[
    Inquiry | Order | EndUserCertificate | LicenceApplication | Shipment | Payment,
    Field(discriminator="kind"),
]
"""Any trade record; the `kind` field decides which model validates it."""

RECORD_KINDS: dict[str, type[BaseModel]] = {
    "inquiry": Inquiry,
    "order": Order,
    "end_user_certificate": EndUserCertificate,
    "licence_application": LicenceApplication,
    "shipment": Shipment,
    "payment": Payment,
}

_ADAPTER: TypeAdapter[Record] = TypeAdapter(Record)


def _path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part in RECORD_KINDS or part.startswith("function-after"):
            continue  # the union branch pydantic inserts; the kind is already known
        else:
            text += f".{part}" if text else str(part)
    return text or "(record)"


def _model_at(kind: str | None, loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that owns the last element of `loc`, to suggest the field that was meant."""
    model = RECORD_KINDS.get(kind or "")
    if model is None:
        return None
    for part in loc[:-1]:
        if isinstance(part, int) or part == kind:
            continue
        field = model.model_fields.get(part)
        if field is None:
            return None
        inner = _model_type(field.annotation)
        if inner is None:
            return None
        model = inner
    return model


def _model_type(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_type(arg)
        if found is not None:
            return found
    return None


def _message(error: Any, kind: str | None) -> str:
    loc = tuple(error["loc"])
    kind_of_error = error["type"]
    if kind_of_error == "extra_forbidden":
        name = str(loc[-1])
        model = _model_at(kind, loc)
        hint = ""
        if model is not None:
            close = difflib.get_close_matches(name, list(model.model_fields), n=1)
            if close:
                hint = f" (did you mean {close[0]!r}?)"
        return f"unknown field {name!r}{hint}"
    if kind_of_error == "union_tag_invalid":
        return (
            f"unknown record kind {error['input'].get('kind')!r}; expected one of {', '.join(RECORD_KINDS)}"
        )
    if kind_of_error == "union_tag_not_found":
        return f"missing 'kind'; expected one of {', '.join(RECORD_KINDS)}"
    if kind_of_error == "enum":
        value = error.get("input")
        expected = error.get("ctx", {}).get("expected", "")
        options = [o.strip(" '") for o in expected.replace(" or ", ", ").split(",")]
        close = difflib.get_close_matches(str(value), options, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else f"; expected {expected}"
        return f"{value!r} is not allowed{hint}"
    message = str(error["msg"])
    return message.removeprefix("Value error, ")


def problems_from(
    exc: ValidationError, *, file: str = "<record>", line: int | None = None, data: Any = None
) -> list[Problem]:
    """One `Problem` per pydantic error, with a JSON path such as `items[0].quantity`."""
    kind = data.get("kind") if isinstance(data, dict) else None
    problems = []
    for error in exc.errors():
        problems.append(Problem(file, _message(error, kind), line=line, field=_path(tuple(error["loc"]))))
    return problems


def parse_record(
    data: str | bytes | dict[str, Any], *, file: str = "<record>", line: int | None = None
) -> Record:
    """Validate one record; raise `InputRejected` naming every problem and where it is."""
    try:
        payload = json.loads(data) if isinstance(data, str | bytes) else data
    except json.JSONDecodeError as exc:
        raise InputRejected(
            f"{file}: not a JSON object", [Problem(file, f"{exc.msg} at column {exc.colno}", line=line)]
        ) from exc
    try:
        # JSON mode even for a dict, so dates and decimals are read the way a file gives them
        return _ADAPTER.validate_json(data if isinstance(data, str | bytes) else json.dumps(payload))
    except ValidationError as exc:
        problems = problems_from(exc, file=file, line=line, data=payload)
        record_id = payload.get("id") if isinstance(payload, dict) else None
        where = f"record {record_id!r}" if record_id else "record"
        raise InputRejected(f"{file}: {where} is invalid", problems) from exc


def read_records(path: Path) -> Iterator[Record | InputRejected]:
    """Records of a JSON-lines file in order; a bad line yields its `InputRejected` and reading goes on."""
    with path.open("rb") as handle:
        for line_no, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            try:
                yield parse_record(raw, file=str(path), line=line_no)
            except InputRejected as exc:
                yield exc
