"""The embedded store: one DuckDB file holding every version of every list loaded.

A load runs in one transaction. Statements stream from the reader into a staging table in
batches (so memory stays flat whatever the file size); snapshots, first/last-seen dates and
the version row are then computed in SQL. If the reader reports any problem, or anything
raises, the transaction is rolled back and the store is exactly as it was.
"""

from __future__ import annotations

import gc
import hashlib
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from followthemoney import StatementEntity
from followthemoney.statement import Statement

from interdictor import __version__
from interdictor.exc import BackendUnavailable, InputRejected, NotFound, ReferenceDataError, UsageError
from interdictor.lists.base import ParsedList, dataset
from interdictor.store import history
from interdictor.store.models import (
    EntityRecord,
    ListDiff,
    ListVersion,
    LoadReport,
    from_row,
)

__all__ = ["Store", "file_sha256"]

#: Version of the table layout in schema.sql; a store with another layout is refused.
STORE_LAYOUT = 1
_BATCH = 50_000
_STAGE_COLUMNS = ["entity_id", "schema", "prop", "prop_type", "value", "original_value", "lang"]
_VERSION_COLUMNS = ", ".join(ListVersion.model_fields)
Progress = Callable[[int], None]


def file_sha256(paths: list[Path]) -> str:
    """One hash for a publication, over its files in name order (an OFAC set is four files)."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: p.name):
        digest.update(path.name.encode("utf-8") + b"\0")
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    return digest.hexdigest()


class Store:
    """A DuckDB file with the lists loaded into it. Use as a context manager."""

    def __init__(self, path: Path | str, *, read_only: bool = False) -> None:
        self.path = Path(path)
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise NotFound(f"no store at {self.path}: load a list first (interdictor lists load PATH)")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as exc:
            raise BackendUnavailable(f"cannot open the store {self.path}: {exc}") from exc
        if not read_only:
            self.con.execute(resources.files("interdictor.store").joinpath("schema.sql").read_text())
        # DuckDB draws its own progress bar on stdout for long queries; ours go to stderr.
        self.con.execute("SET enable_progress_bar = false")
        self._check_layout(read_only)

    def _check_layout(self, read_only: bool) -> None:
        """Refuse a store written with another table layout rather than misread it."""
        try:
            row = self.con.execute("SELECT value FROM store_meta WHERE key = 'layout'").fetchone()
        except duckdb.CatalogException:
            row = None
        if row is None and not read_only:
            self.con.execute("INSERT INTO store_meta VALUES ('layout', ?)", [str(STORE_LAYOUT)])
        elif row is None or row[0] != str(STORE_LAYOUT):
            found = "none" if row is None else row[0]
            self.con.close()
            raise ReferenceDataError(
                f"the store {self.path} has table layout {found}; this Interdictor uses layout"
                f" {STORE_LAYOUT}. Load the lists into a new store (--db PATH)."
            )

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    # -- loading -----------------------------------------------------------------------------

    def load(
        self, parsed: ParsedList, *, force: bool = False, progress: Progress | None = None
    ) -> LoadReport:
        """Store one publication atomically; an identical earlier load is reported, not repeated."""
        sha = file_sha256(parsed.files)
        previous = self._latest(parsed.list_name)
        if not force:
            same = self.con.execute(
                f"SELECT {_VERSION_COLUMNS} FROM list_versions WHERE list_name = ? AND sha256 = ?"
                " ORDER BY version_id DESC LIMIT 1",
                [parsed.list_name, sha],
            ).fetchone()
            if same is not None:
                return LoadReport(version=from_row(ListVersion, same), skipped=True)
        # Reading a list makes hundreds of thousands of small objects and no reference cycles;
        # Python's cycle collector would rescan them again and again (0.8 s of a 5 s SDN load).
        collecting = gc.isenabled()
        gc.disable()
        # The load's queries run over ~100k staged rows, where DuckDB's worker threads cost
        # more CPU in hand-offs than they save (SDN 2024: 1.5 s of CPU more with two threads).
        (threads,) = self._one("SELECT current_setting('threads')")
        self.con.execute("SET threads = 1")
        self.con.execute("BEGIN TRANSACTION")
        try:
            version = self._load_in_transaction(parsed, sha, progress, first=previous is None)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        finally:
            self.con.execute(f"SET threads = {int(threads)}")
            if collecting:
                gc.enable()
        report = LoadReport(version=version, skipped=False)
        if previous is not None:
            counts = history.diff_counts(self.con, previous.version_id, version.version_id)
            report.added, report.removed, report.changed = counts
            report.previous_version_id = previous.version_id
        return report

    def _load_in_transaction(
        self, parsed: ParsedList, sha: str, progress: Progress | None, *, first: bool
    ) -> ListVersion:
        con = self.con
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_statements (stmt_id UHUGEINT, "
            + ", ".join(f"{c} VARCHAR" for c in _STAGE_COLUMNS)
            + ")"
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _stage_entities"
            " (entity_id VARCHAR, schema VARCHAR, caption VARCHAR)"
        )
        # Rows are gathered as tuples and turned into columns by zip() in C at each flush:
        # cheaper than appending to seven lists per statement.
        rows: list[tuple[str | None, ...]] = []
        entities: list[tuple[str, str, str]] = []
        for entity in parsed.entities:
            entity_id, schema = entity.id, entity.schema.name
            entities.append((entity_id, schema, entity.caption))
            rows.extend((entity_id, schema, *row) for row in entity.rows())
            if len(rows) >= _BATCH:
                self._flush(parsed.list_name, rows, entities, progress)
        self._flush(parsed.list_name, rows, entities, progress)
        ctx = parsed.context
        if ctx.problems:
            raise InputRejected(
                f"{ctx.path}: {len(ctx.problems)} problem(s); nothing was stored", ctx.problems
            )
        entity_count, entity_rows = self._one(
            "SELECT count(DISTINCT entity_id), count(*) FROM _stage_entities"
        )
        if entity_count == 0:
            raise InputRejected(f"{ctx.path}: the file holds no entities; nothing was stored")
        loaded_at = datetime.now(UTC).replace(tzinfo=None)
        as_of = datetime.combine(ctx.published, datetime.min.time()) if ctx.published else loaded_at
        (version_id,) = self._one("SELECT nextval('list_version_seq')")
        # An entity given in several rows (the same id twice) is merged; only then can a
        # statement repeat, so only then is DISTINCT paid for.
        # A snapshot is the set of an entity's statements: the XOR of their 128-bit ids (an
        # order-free set hash), with the entity's schema mixed in so a change of type shows.
        # An entity given in several rows (the same id twice) is merged here.
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _stage_entity_rows AS
            SELECT entity_id, any_value(schema) AS schema, max(caption) AS caption
            FROM _stage_entities GROUP BY entity_id
            """
        )
        con.execute(
            """
            CREATE OR REPLACE TEMP TABLE _stage_snapshots AS
            SELECT e.entity_id,
                   xor(coalesce(s.ids, 0::UHUGEINT), md5_number(e.entity_id || chr(31) || e.schema))
                       AS snapshot
            FROM _stage_entity_rows e
            LEFT JOIN (SELECT entity_id, bit_xor(stmt_id) AS ids
                       FROM (SELECT DISTINCT entity_id, stmt_id FROM _stage_statements)
                       GROUP BY entity_id) s USING (entity_id)
            """
        )
        # Statement ids and snapshots hash the list name, so a list's first load cannot meet
        # stored ones: it skips the look-ups that keep later loads from repeating rows.
        con.execute(
            f"""
            INSERT INTO snapshots
            SELECT DISTINCT ss.snapshot, st.stmt_id
            FROM _stage_snapshots ss JOIN _stage_statements st USING (entity_id)
            {"" if first else "WHERE NOT EXISTS (SELECT 1 FROM snapshots k WHERE k.snapshot = ss.snapshot)"}
            """
        )
        # Statements seen before get their first and last sighting widened; new ones are
        # inserted with both already set (one pass, and no UPDATE of rows just written).
        if not first:
            con.execute(
                """
            UPDATE statements SET
                first_version = CASE WHEN $as_of < first_seen THEN $version ELSE first_version END,
                first_seen = least(first_seen, $as_of),
                last_version = CASE WHEN $as_of >= last_seen THEN $version ELSE last_version END,
                last_seen = greatest(last_seen, $as_of)
            WHERE stmt_id IN (SELECT stmt_id FROM _stage_statements)
            """,
                {"as_of": as_of, "version": version_id},
            )
        con.execute(
            f"""
            INSERT INTO statements (stmt_id, list_name, entity_id, schema, prop, prop_type, value,
                                    original_value, lang, first_seen, first_version, last_seen,
                                    last_version)
            SELECT {"DISTINCT ON (stmt_id)" if entity_rows > entity_count else ""}
                   stmt_id, $list, entity_id, schema, prop, prop_type, value, original_value, lang,
                   $as_of, $version, $as_of, $version
            FROM _stage_statements s
            {"" if first else "WHERE NOT EXISTS (SELECT 1 FROM statements k WHERE k.stmt_id = s.stmt_id)"}
            """,
            {"list": parsed.list_name, "as_of": as_of, "version": version_id},
        )
        con.execute(
            """
            INSERT INTO entity_versions
            SELECT $version, e.entity_id, e.schema, e.caption, ss.snapshot
            FROM _stage_entity_rows e JOIN _stage_snapshots ss USING (entity_id)
            """,
            {"version": version_id},
        )
        (statement_count,) = self._one("SELECT count(DISTINCT stmt_id) FROM _stage_statements")
        con.execute(
            f"INSERT INTO list_versions ({_VERSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                version_id,
                parsed.list_name,
                parsed.format,
                ctx.published,
                ctx.published_source,
                as_of,
                str(ctx.path),
                sha,
                loaded_at,
                entity_count,
                statement_count,
                __version__,
            ],
        )
        for table in ("_stage_statements", "_stage_entities", "_stage_entity_rows", "_stage_snapshots"):
            con.execute(f"DROP TABLE {table}")
        return self.version(version_id)

    def _flush(
        self,
        list_name: str,
        rows: list[tuple[str | None, ...]],
        entities: list[tuple[str, str, str]],
        progress: Progress | None,
    ) -> None:
        if entities:
            self._stage("_stage_entities", ["entity_id", "schema", "caption"], entities)
            if progress is not None:
                progress(len(entities))
        if rows:
            # A statement's id: a 128-bit hash of its list, entity, property and value, computed
            # by DuckDB rather than per statement in Python.
            self._stage(
                "_stage_statements",
                _STAGE_COLUMNS,
                rows,
                "md5_number(concat_ws(chr(31), $list, entity_id, prop, value)), *",
                {"list": list_name},
            )
        rows.clear()
        entities.clear()

    def _stage(
        self,
        table: str,
        names: list[str],
        rows: list[Any],
        select: str = "*",
        params: dict[str, Any] | None = None,
    ) -> None:
        columns = [pa.array(column, pa.string()) for column in zip(*rows, strict=True)]
        self.con.register("_batch", pa.Table.from_arrays(columns, names=names))
        self.con.execute(f"INSERT INTO {table} SELECT {select} FROM _batch", params or {})
        self.con.unregister("_batch")

    # -- versions ----------------------------------------------------------------------------

    def _one(self, sql: str, params: list[Any] | None = None) -> tuple[Any, ...]:
        row = self.con.execute(sql, params or []).fetchone()
        assert row is not None, sql
        return row

    def versions(self, list_name: str | None = None) -> list[ListVersion]:
        """Every loaded version, per list in publication order."""
        sql = f"SELECT {_VERSION_COLUMNS} FROM list_versions"
        params: list[Any] = []
        if list_name is not None:
            sql += " WHERE list_name = ?"
            params.append(list_name)
        sql += " ORDER BY list_name, as_of, version_id"
        return [from_row(ListVersion, r) for r in self.con.execute(sql, params).fetchall()]

    def version(self, version_id: int) -> ListVersion:
        row = self.con.execute(
            f"SELECT {_VERSION_COLUMNS} FROM list_versions WHERE version_id = ?", [version_id]
        ).fetchone()
        if row is None:
            raise NotFound(f"no list version {version_id} in the store")
        return from_row(ListVersion, row)

    def _latest(self, list_name: str) -> ListVersion | None:
        versions = self.versions(list_name)
        return versions[-1] if versions else None

    def list_names(self) -> list[str]:
        return [
            r[0]
            for r in self.con.execute("SELECT DISTINCT list_name FROM list_versions ORDER BY 1").fetchall()
        ]

    def resolve_version(self, list_name: str, ref: str) -> ListVersion:
        """A version by number, publication date (YYYY-MM-DD), `latest` or `latest~N`."""
        versions = self.versions(list_name)
        if not versions:
            known = ", ".join(self.list_names()) or "none loaded yet"
            raise NotFound(f"no versions of list {list_name!r} in the store (lists: {known})")
        ref = ref.strip()
        if ref == "latest" or ref.startswith("latest~"):
            back = int(ref.partition("~")[2] or 0) if ref[7:].isdigit() or ref == "latest" else -1
            if back < 0 or back >= len(versions):
                raise UsageError(f"{ref!r}: list {list_name!r} has {len(versions)} version(s)")
            return versions[-1 - back]
        if ref.isdigit():
            for version in versions:
                if version.version_id == int(ref):
                    return version
            raise NotFound(f"version {ref} is not a version of {list_name!r}")
        try:
            wanted = date.fromisoformat(ref)
        except ValueError as exc:
            raise UsageError(f"{ref!r} is not a version number, a date (YYYY-MM-DD) or latest~N") from exc
        matching = [v for v in versions if v.published == wanted]
        if not matching:
            raise NotFound(f"no version of {list_name!r} published on {wanted}")
        return matching[-1]

    # -- history ---------------------------------------------------------------------------

    def diff(self, list_name: str, old_ref: str, new_ref: str) -> ListDiff:
        """Entities added, removed and changed between two versions (number, date or latest~N)."""
        return history.diff(
            self.con, self.resolve_version(list_name, old_ref), self.resolve_version(list_name, new_ref)
        )

    def entity(self, entity_id: str) -> EntityRecord:
        """Everything the store knows of one entity, every statement with its provenance."""
        return history.entity_record(self.con, entity_id)

    def caption(self, entity_id: str) -> str | None:
        """The label of an entity in its newest version."""
        return history.caption(self.con, entity_id)

    def iter_entities(
        self, list_name: str | None = None, *, version_id: int | None = None
    ) -> Iterator[StatementEntity]:
        """Entities as FtM objects: of one version, or of the newest version of each list."""
        if version_id is not None:
            sql = """SELECT s.*, ev.version_id FROM entity_versions ev
                     JOIN snapshots sn USING (snapshot) JOIN statements s USING (stmt_id)
                     WHERE ev.version_id = ?"""
            params: list[Any] = [version_id]
        else:
            sql = "SELECT * FROM current_statements"
            params = []
            if list_name is not None:
                sql += " WHERE list_name = ?"
                params.append(list_name)
        cursor = self.con.execute(
            # hex(): DuckDB turns a 128-bit integer into a Python int or text very slowly (~0.2 ms).
            f"""SELECT lower(hex(stmt_id)), entity_id, schema, prop, value, list_name, lang, original_value,
                       first_seen, last_seen FROM ({sql}) ORDER BY list_name, entity_id""",
            params,
        )
        current: list[Statement] = []
        current_key: tuple[str, str] | None = None
        while rows := cursor.fetchmany(10_000):
            for stmt_id, entity_id, schema, prop, value, list_, lang, original, first, last in rows:
                key = (list_, entity_id)
                if key != current_key and current:
                    yield StatementEntity.from_statements(dataset(current[0].dataset), current)
                    current = []
                current_key = key
                current.append(
                    Statement(
                        entity_id=entity_id,
                        prop=prop,
                        schema=schema,
                        value=value,
                        dataset=list_,
                        lang=lang,
                        original_value=original,
                        id=stmt_id,
                        first_seen=first.isoformat() if first else None,
                        last_seen=last.isoformat() if last else None,
                    )
                )
        if current:
            yield StatementEntity.from_statements(dataset(current[0].dataset), current)

    def count_entities(self, list_name: str | None = None) -> int:
        sql = "SELECT count(*) FROM entity_versions ev JOIN latest_versions lv USING (version_id)"
        params: list[Any] = []
        if list_name is not None:
            sql += " WHERE lv.list_name = ?"
            params.append(list_name)
        (count,) = self._one(sql, params)
        return int(count)
