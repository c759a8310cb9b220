"""Company registries in the CSV template (docs/ingest.md): companies, directors, shareholders.

One row per fact about a company: a row without a role describes the company; a row with a role
links a party (person or company) to it as director, shareholder and so on, with a percentage
for owners. Headers are matched through the synonyms of vocab.yml; unknown columns are reported
and ignored. Rows become FtM statements (Company, Person, Ownership, Directorship) with the row
and column they came from. Ownership cycles and self-loops are stored as given and reported.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from followthemoney import model
from rigour.names import extract_org_types

from interdictor.ingest.patterns import declared_phone, parse_date
from interdictor.ingest.sink import DocumentSink
from interdictor.ingest.textio import open_text
from interdictor.ingest.vocab import header_key, vocab
from interdictor.lists.countries import country_code

__all__ = ["EdgeLog", "entity_key", "read_registry_csv"]

#: Template column -> FtM property of the company (or of the party, for party_* columns).
_COMPANY_PROPS = {
    "name": "name",
    "alias": "alias",
    "country": "country",
    "jurisdiction": "jurisdiction",
    "registration_number": "registrationNumber",
    "tax_number": "taxNumber",
    "lei": "leiCode",
    "legal_form": "legalForm",
    "status": "status",
    "address": "address",
    "incorporation_date": "incorporationDate",
    "dissolution_date": "dissolutionDate",
    "email": "email",
    "phone": "phone",
    "website": "website",
}
_PERSON_WORDS = frozenset({"person", "individual", "natural_person", "natural", "human", "p", "people"})
_COMPANY_WORDS = frozenset(
    {
        "company",
        "legal_entity",
        "legal_person",
        "corporate",
        "corporation",
        "entity",
        "organisation",
        "organization",
        "org",
        "c",
        "firm",
        "legal",
    }
)
_DATE_PROPS = frozenset({"incorporationDate", "dissolutionDate", "birthDate", "startDate", "endDate"})


def entity_key(source: str, *parts: str) -> str:
    """'ev-' and a stable hash of the source label and a key: the same fact, the same id, every run."""
    digest = hashlib.sha1("\x1f".join([source, *parts]).encode("utf-8")).hexdigest()
    return f"ev-{digest[:20]}"


@dataclass
class EdgeLog:
    """Ownership edges of one document, to report cycles after reading it."""

    edges: dict[str, set[str]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def add(self, owner: str, asset: str) -> None:
        self.edges.setdefault(owner, set()).add(asset)

    def cycles(self) -> list[list[str]]:
        """Strongly connected groups of two or more entities (Tarjan's algorithm, iterative)."""
        index: dict[str, int] = {}
        low: dict[str, int] = {}
        on_stack: set[str] = set()
        stack: list[str] = []
        found: list[list[str]] = []
        counter = 0
        for root in list(self.edges):
            if root in index:
                continue
            work = [(root, iter(sorted(self.edges.get(root, ()))))]
            index[root] = low[root] = counter
            counter += 1
            stack.append(root)
            on_stack.add(root)
            while work:
                node, children = work[-1]
                advanced = False
                for child in children:
                    if child not in index:
                        index[child] = low[child] = counter
                        counter += 1
                        stack.append(child)
                        on_stack.add(child)
                        work.append((child, iter(sorted(self.edges.get(child, ())))))
                        advanced = True
                        break
                    if child in on_stack:
                        low[node] = min(low[node], index[child])
                if advanced:
                    continue
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        found.append(sorted(group))
        return found

    def report(self, sink: DocumentSink) -> None:
        for group in self.cycles():
            named = [self.names.get(e, e) for e in group[:6]]
            more = f" and {len(group) - 6} more" if len(group) > 6 else ""
            sink.note(
                f"ownership cycle among {len(group)} entities: {', '.join(named)}{more} (stored as given)"
            )


def _clean(prop_name: str, schema: str, raw: str) -> str | None:
    """A value cleaned by its FtM type (countries from names, dates to ISO); None when invalid."""
    prop = model.get(schema).get(prop_name)  # type: ignore[union-attr]
    if prop is None:
        return raw
    if prop_name in _DATE_PROPS:
        return prop.type.clean(raw) or parse_date(raw)
    if prop.type.name == "country":
        return country_code(raw)
    if prop.type.name == "phone":
        return prop.type.clean(raw) or declared_phone(raw)
    if prop.type.name in ("email", "url"):
        return prop.type.clean(raw)
    return raw


def _percentage(raw: str) -> float | None:
    text = raw.strip().rstrip("%").strip().replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    if 0 < value <= 1 and "." in text and "%" not in raw:
        # 0.51 written as a fraction of one
        value *= 100
    return value


class _Reader:
    def __init__(self, path: Path, sink: DocumentSink, source: str) -> None:
        self.path, self.sink, self.source = path, sink, source
        self.seen: set[tuple[str, str, str]] = set()
        self.edges = EdgeLog()
        self.dialect: type[csv.Dialect] | csv.Dialect = csv.excel

    def emit(self, entity_id: str, schema: str, prop: str, raw: str, position: str) -> bool:
        value = _clean(prop, schema, raw.strip())
        if value is None:
            return False
        if (entity_id, prop, value) not in self.seen:
            self.seen.add((entity_id, prop, value))
            self.sink.statement(entity_id, schema, prop, value, position, original=raw.strip())
        return True

    def read(self) -> None:
        stream, encoding = open_text(self.path)
        with stream:
            sample = stream.read(64 << 10)
            stream.seek(0)
            try:
                self.dialect = csv.Sniffer().sniff(sample.split("\n", 1)[0], ",;\t|")
            except csv.Error:
                self.dialect = csv.excel
            rows = csv.reader(stream, self.dialect)
            header = next(rows, None)
            if header is None:
                self.sink.problem("the file is empty: a registry CSV starts with a header row", line=1)
                return
            columns = self._columns(header)
            if columns is None:
                return
            company_ids = self._company_ids(columns)
            for row in rows:
                if any(cell.strip() for cell in row):
                    self._row(rows.line_num, row, header, columns, company_ids)
        if encoding not in ("utf-8", "utf-8-sig"):
            self.sink.note(f"read as {encoding} (detected)")
        self.edges.report(self.sink)

    def _columns(self, header: list[str]) -> dict[str, int] | None:
        words = vocab()
        columns: dict[str, int] = {}
        for i, name in enumerate(header):
            canonical = words.registry_headers.get(header_key(name))
            if canonical is None:
                close = difflib.get_close_matches(header_key(name), list(words.registry_headers), n=1)
                hint = f" (did you mean {words.registry_headers[close[0]]!r}?)" if close else ""
                self.sink.note(f"unknown column {name!r} ignored{hint}")
            elif canonical in columns:
                self.sink.note(f"column {name!r} repeats {canonical!r}: the first one is read")
            else:
                columns[canonical] = i
        if "company_id" not in columns and "name" not in columns:
            self.sink.problem(
                "no company column: the header needs company_id or name",
                line=1,
                hint="see docs/ingest.md for the registry template and its header synonyms",
            )
            return None
        return columns

    def _company_ids(self, columns: dict[str, int]) -> set[str]:
        """Company keys of the whole file (a first pass): a party id naming one is that company."""
        keys: set[str] = set()
        col = columns.get("company_id")
        if col is None:
            return keys
        stream, _ = open_text(self.path)
        with stream:
            rows = csv.reader(stream, self.dialect)
            next(rows, None)
            for row in rows:
                if col < len(row) and row[col].strip():
                    keys.add(row[col].strip())
        return keys

    def _row(
        self, line: int, row: list[str], header: list[str], columns: dict[str, int], company_ids: set[str]
    ) -> None:
        def cell(name: str) -> str:
            i = columns.get(name)
            return row[i].strip() if i is not None and i < len(row) else ""

        def where(name: str) -> str:
            return f"row {line} field {header[columns[name]]}"

        cid, cname = cell("company_id"), cell("name")
        if not cid and not cname:
            self.sink.problem(
                "the row names no company (company_id and name are empty)",
                line=line,
                field=header[columns.get("company_id", columns.get("name", 0))],
            )
            return
        company = entity_key(self.source, "company", cid or "name:" + cname.casefold())
        for column, prop in _COMPANY_PROPS.items():
            value = cell(column)
            if not value:
                continue
            values = [v.strip() for v in value.split(";")] if prop == "alias" else [value]
            for v in values:
                if v and not self.emit(company, "Company", prop, v, where(column)):
                    self.sink.problem(
                        f"{v!r} is not a valid {prop}", line=line, field=header[columns[column]]
                    )
        if cid and "registration_number" not in columns:
            # Without a registration number column, the registry's own key is the company's number.
            self.emit(company, "Company", "registrationNumber", cid, where("company_id"))
        if cname:
            self.edges.names.setdefault(company, cname)
        role, pid, pname = cell("role"), cell("party_id"), cell("party_name")
        if not (role or pid or pname):
            return
        if not (pid or pname):
            self.sink.problem(
                f"role {role!r} without a party: party_id and party_name are empty",
                line=line,
                field=header[columns["role"]],
            )
            return
        self._relation(line, role, pid, pname, company, cell, where, company_ids)

    def _relation(
        self,
        line: int,
        role: str,
        pid: str,
        pname: str,
        company: str,
        cell: Callable[[str], str],
        where: Callable[[str], str],
        company_ids: set[str],
    ) -> None:
        words = vocab()
        relation = words.registry_roles.get(header_key(role)) if role else "ownership"
        ptype = header_key(cell("party_type"))
        if ptype in _PERSON_WORDS:
            schema = "Person"
        elif ptype in _COMPANY_WORDS or (pid and pid in company_ids) or (pname and extract_org_types(pname)):
            schema = "Company"
        elif ptype:
            self.sink.problem(
                f"party_type {cell('party_type')!r} is neither person nor company",
                line=line,
                field="party_type",
            )
            return
        else:
            schema = "Person" if relation == "directorship" else "LegalEntity"
        if pid:
            party = entity_key(
                self.source, "company" if schema == "Company" or pid in company_ids else "person", pid
            )
        else:
            party = entity_key(
                self.source, "company" if schema == "Company" else "person", "name:" + pname.casefold()
            )
        if pname:
            self.emit(party, schema, "name", pname, where("party_name"))
            self.edges.names.setdefault(party, pname)
        extra = {
            "party_country": "nationality" if schema == "Person" else "country",
            "party_address": "address",
            "party_birth_date": "birthDate",
        }
        for column, prop in extra.items():
            value = cell(column)
            known = value and model.get(schema).get(prop) is not None  # type: ignore[union-attr]
            if known and not self.emit(party, schema, prop, value, where(column)):
                self.sink.problem(f"{value!r} is not a valid {prop}", line=line, field=column)
        start = cell("start_date")
        link_key = [party, company, header_key(role), start]
        if relation == "ownership":
            link, link_schema, props = (
                entity_key(self.source, "ownership", *link_key),
                "Ownership",
                {"owner": party, "asset": company},
            )
            pct = cell("percentage")
            if pct:
                share = _percentage(pct)
                if share is None or not 0 < share <= 100:
                    self.sink.problem(
                        f"percentage {pct!r} is not a number from 0 to 100", line=line, field="percentage"
                    )
                    return
                props["percentage"] = f"{share:g}"
            self.edges.add(party, company)
        elif relation == "directorship":
            link, link_schema, props = (
                entity_key(self.source, "directorship", *link_key),
                "Directorship",
                {"director": party, "organization": company},
            )
        else:
            self.sink.note(
                f"row {line}: role {role!r} is not a known ownership or directorship role;"
                " stored as an unknown link"
            )
            link, link_schema, props = (
                entity_key(self.source, "link", *link_key),
                "UnknownLink",
                {"subject": party, "object": company},
            )
        if party == company:
            self.sink.note(
                f"row {line}: {pname or pid!r} is linked to itself as {role or 'owner'!r}"
                " (self-loop; stored as given)"
            )
        position = f"row {line} field {'role' if role else 'party_name'}"
        for prop, value in props.items():
            self.sink.statement(link, link_schema, prop, value, position)
        if role:
            self.sink.statement(link, link_schema, "role", role, position)
        for column, prop in (("start_date", "startDate"), ("end_date", "endDate")):
            value = cell(column)
            if value:
                iso = parse_date(value)
                if iso is None:
                    self.sink.problem(
                        f"{value!r} is not a date", line=line, field=column, hint="write dates as YYYY-MM-DD"
                    )
                    continue
                self.sink.statement(
                    link, link_schema, prop, iso, f"row {line} field {column}", original=value
                )


def read_registry_csv(path: Path, sink: DocumentSink, source: str) -> None:
    """Statements of a registry CSV into the sink; problems reject it, notes do not."""
    _Reader(path, sink, source).read()
