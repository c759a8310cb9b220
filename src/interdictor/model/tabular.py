"""Trade records as spreadsheet rows: the CSV / Excel template a compliance team fills in, and its reader.

One row is one record. Columns are paths (docs/transactions.md, "Spreadsheet templates"):

    id, kind, date, order_ref, end_use, currency, amount ...     fields of the record itself
    buyer.name, buyer.country, payer.account.iban ...           a party, named by its role
    item1.description, item1.quantity, item1.hs_code ...        line items (declared goods of a shipment)
    leg1.origin.country, leg1.destination.country ...           route legs of a shipment
    decision.outcome, verification.result, delivery_terms.incoterm ...   nested fields

Empty cells are absent fields. A bad row is reported with its line and column and never stops the
others: `read_table` yields a record or an `InputRejected` per row, like `read_records` for JSON.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from interdictor.exc import InputRejected, Problem
from interdictor.model.common import Role
from interdictor.model.validate import Record, parse_record

__all__ = ["TEMPLATE_COLUMNS", "read_table", "row_to_record", "safe_cell", "write_template"]

_NUMBERS = {
    "quantity", "unit_price", "amount", "total_value", "declared_value", "freight_cost",
    "gross_weight_kg", "value", "packages", "seq", "days", "line",
}  # fmt: skip
_BOOLEANS = {
    "signed", "letterhead", "civil_use", "reexport_undertaking", "routed_export", "eccn_provided",
    "seller_notified",
}  # fmt: skip
_ROLES = {r.value for r in Role}
_ITEM = re.compile(r"^item(\d{1,3})$")
_LEG = re.compile(r"^leg(\d{1,2})$")

TEMPLATE_COLUMNS: list[tuple[str, str]] = [
    ("id", "Record id, unique (ORD-2026-001)"),
    ("kind", "inquiry, order, end_user_certificate, licence_application, shipment or payment"),
    ("date", "YYYY-MM-DD"),
    ("order_ref", "Id of the order this record belongs to (not for orders)"),
    ("inquiry_ref", "Order only: id of the inquiry it answers"),
    ("end_use", "Order / licence: the end use as the buyer states it"),
    ("reexport", "Order: yes, no or unknown"),
    ("currency", "ISO 4217 (USD, EUR)"),
    ("total_value", "Order: total value"),
    ("amount", "Payment: amount"),
    ("instrument", "Payment: wire, letter_of_credit, cash, gold, virtual_asset ..."),
    ("purpose", "Payment: stated purpose"),
    ("authority", "Licence application: country of the licensing authority"),
    ("decision.outcome", "Licence application: approved, denied, returned or pending"),
    ("destination_country", "Shipment: declared destination"),
    ("declared_value", "Shipment: declared value"),
    ("freight_cost", "Shipment: freight cost"),
    ("special_instructions", "Order: special instructions (packing, marking, routing)"),
    ("delivery_terms.incoterm", "Order: EXW, FCA, FOB, CIF, DAP, DDP ..."),
    ("delivery_terms.place", "Order: delivery place"),
    ("signed", "End-user certificate: yes or no"),
    ("end_use_text", "End-user certificate: the end use it states"),
    ("verification.result", "End-user certificate: confirmed, denied, unreachable or not_done"),
    *[
        (f"{role}.{field}", f"{role.replace('_', ' ')}: {text}")
        for role in ("buyer", "seller", "consignee", "end_user", "intermediate_consignee", "forwarder")
        for field, text in (
            ("name", "name"),
            ("country", "country (ISO alpha-2)"),
            ("type", "trading, distributor, manufacturer, end_user_industrial, military ..."),
            ("email", "e-mail"),
            ("phone", "phone, international format"),
            ("address.raw", "address on one line"),
        )
    ],
    *[
        (f"{role}.{field}", f"{role}: {text}")
        for role in ("payer", "beneficiary")
        for field, text in (
            ("name", "name"),
            ("country", "country (ISO alpha-2)"),
            ("account.iban", "IBAN (or account.number)"),
            ("account.bank.name", "bank name"),
            ("account.bank.country", "bank country"),
        )
    ],
    *[
        (f"item{n}.{field}", f"line {n}: {text}")
        for n in (1, 2)
        for field, text in (
            ("description", "description with key parameters"),
            ("quantity", "quantity (positive)"),
            ("unit_price", "unit price"),
            ("hs_code", "HS code (8504.40)"),
            ("part_number", "part number"),
        )
    ],
    *[
        (f"leg{n}.{field}", f"route leg {n}: {text}")
        for n in (1, 2)
        for field, text in (
            ("mode", "sea, air, road, rail or courier"),
            ("origin.country", "from (country)"),
            ("destination.country", "to (country)"),
            ("vessel.imo", "vessel IMO number"),
        )
    ],
]

_EXAMPLE = {
    "id": "ORD-2026-001",
    "kind": "order",
    "date": "2026-03-02",
    "end_use": "Spare part for our textile plant",
    "currency": "EUR",
    "total_value": "12400",
    "buyer.name": "Example Trading FZE",
    "buyer.country": "AE",
    "buyer.type": "trading",
    "seller.name": "Example Antriebe GmbH",
    "seller.country": "DE",
    "end_user.name": "Example Textile Mills Ltd",
    "end_user.country": "PK",
    "item1.description": "Frequency converter, 3-phase, output 0-590 Hz, 15 kVA",
    "item1.quantity": "4",
    "item1.unit_price": "3100",
    "item1.hs_code": "8504.40",
}


def safe_cell(value: Any) -> Any:
    """A cell value that a spreadsheet will not run as a formula (CSV injection): text starting with
    = + - @ or a tab / carriage return gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + value
    return value


def _cell(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value).strip()
    if text.startswith("'") and text[1:2] in {"=", "+", "-", "@"}:
        text = text[1:]  # the apostrophe safe_cell added
    return text or None


def _typed(key: str, text: str) -> Any:
    if key in _NUMBERS and re.fullmatch(r"-?\d+(\.\d+)?", text):
        return int(text) if key in {"packages", "seq", "days", "line"} else float(text)
    if key in _BOOLEANS and text.lower() in {"yes", "no", "true", "false", "y", "n", "1", "0"}:
        return text.lower() in {"yes", "true", "y", "1"}
    return text


def _put(target: dict[str, Any], parts: list[str], text: str) -> None:
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = _typed(parts[-1], text)


def row_to_record(row: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str]]:
    """(the record as JSON-like data, JSON path prefix -> column) for one spreadsheet row."""
    data: dict[str, Any] = {}
    parties: dict[str, dict[str, Any]] = {}
    items: dict[int, dict[str, Any]] = {}
    legs: dict[int, dict[str, Any]] = {}
    columns: dict[str, str] = {}
    for column, raw in row.items():
        text = _cell(raw)
        if column is None or text is None:
            continue
        parts = str(column).strip().split(".")
        head = parts[0]
        if head in _ROLES and len(parts) > 1:
            party = parties.setdefault(head, {"ref": head, "role": head})
            _put(party, parts[1:], text)
        elif (m := _ITEM.match(head)) and len(parts) > 1:
            _put(items.setdefault(int(m[1]), {"line": int(m[1])}), parts[1:], text)
        elif (m := _LEG.match(head)) and len(parts) > 1:
            _put(legs.setdefault(int(m[1]), {"seq": int(m[1])}), parts[1:], text)
        else:
            _put(data, parts, text)
            columns[".".join(parts)] = str(column)
    if parties:
        data["parties"] = list(parties.values())
        for index, role in enumerate(parties):
            columns[f"parties[{index}]"] = f"{role}.*"
    if items:
        key = "goods" if data.get("kind") == "shipment" else "items"
        for index, (n, item) in enumerate(sorted(items.items())):
            if key == "goods":
                item.pop("line", None)
                item.pop("unit_price", None)
                item.pop("part_number", None)
            columns[f"{key}[{index}]"] = f"item{n}.*"
        data[key] = [item for _, item in sorted(items.items())]
    if legs:
        for index, (n, leg) in enumerate(sorted(legs.items())):
            for end in ("origin", "destination"):
                leg.setdefault(end, {})
            columns[f"legs[{index}]"] = f"leg{n}.*"
        data["legs"] = [leg for _, leg in sorted(legs.items())]
    return data, columns


def _column_of(field: str | None, columns: dict[str, str]) -> str | None:
    """The spreadsheet column a JSON path points into: `parties[1].country` -> `end_user.country`."""
    if not field:
        return None
    if field in columns:
        return columns[field]
    m = re.match(r"^((?:parties|items|goods|legs)\[\d+\])\.?(.*)$", field)
    if m and m[1] in columns:
        return columns[m[1]].replace("*", m[2]) if m[2] else columns[m[1]]
    return field


def _rows(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook  # type: ignore[import-untyped]

        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book["records"] if "records" in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        for number, values in enumerate(rows, start=2):
            yield number, dict(zip(header, values, strict=False))
        book.close()
        return
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, dict(row)


def read_table(path: Path) -> Iterator[Record | InputRejected]:
    """Records of a filled CSV or Excel template, row by row; a bad row yields its `InputRejected`
    with the line and column of each problem, and reading goes on."""
    for line, row in _rows(path):
        if not any(_cell(v) for v in row.values()):
            continue
        data, columns = row_to_record(row)
        try:
            yield parse_record(data, file=str(path), line=line)
        except InputRejected as exc:
            problems = [
                Problem(p.file, p.message, line=line, field=_column_of(p.field, columns))
                for p in exc.problems
            ]
            yield InputRejected(exc.summary, problems)


def write_template(path: Path, fmt: str) -> Path:
    """A blank template with the documented columns and one example row (to delete or overwrite)."""
    names = [name for name, _ in TEMPLATE_COLUMNS]
    if fmt == "csv":
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(names)
            writer.writerow([safe_cell(_EXAMPLE.get(n, "")) for n in names])
        return path
    if fmt != "xlsx":
        raise ValueError(f"unknown template format {fmt!r}; expected csv or xlsx")
    from openpyxl import Workbook
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "records"
    sheet.append(names)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.append([safe_cell(_EXAMPLE.get(n)) for n in names])
    sheet.freeze_panes = "C2"
    help_sheet = book.create_sheet("columns")
    help_sheet.append(["column", "what to write"])
    for name, text in TEMPLATE_COLUMNS:
        help_sheet.append([name, text])
    help_sheet.append([])
    help_sheet.append(
        ["more", "Other fields of docs/transactions.md work too: add a column named by its path."]
    )
    book.save(path)
    return path
