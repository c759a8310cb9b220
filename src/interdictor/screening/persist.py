"""The screening index on disk, next to the store: `<db>.screening-index/`, keyed by list versions.

Why a folder of .npy files rather than a table in the DuckDB file: a DuckDB file has one writing
process at a time, and screening opens the store read-only (several screeners, and a loader, may
run at once); numpy arrays are memory-mapped, so opening an index of a million entities costs
milliseconds and pages are shared between processes. The folder holds:

- `manifest.json`: format and terms versions, the list versions it was built from (id, list,
  sha256), counts, build time;
- `entities.arrow`: the entity table (Arrow IPC, memory-mapped);
- the index arrays and `vocab.txt` (`index.CandidateIndex.save`).

An index whose manifest does not name exactly the store's newest versions is rebuilt. A new index
is written under a temporary name and renamed into place, so a reader never sees half an index,
and two processes rebuilding at once each end with a complete one.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.ipc as ipc

from interdictor.screening.index import CandidateIndex
from interdictor.screening.terms import TERMS_VERSION
from interdictor.store import Store

__all__ = ["INDEX_FORMAT", "IndexManifest", "index_folder", "list_versions_key", "read_index", "write_index"]

#: Bump when the layout of the folder changes.
INDEX_FORMAT = 4


@dataclass
class IndexManifest:
    """What an index was built from; `lists` is compared with the store to decide a rebuild."""

    lists: list[dict[str, Any]]
    entities: int = 0
    names: int = 0
    terms: int = 0
    build_seconds: float = 0.0
    built_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))
    format: int = INDEX_FORMAT
    terms_version: int = TERMS_VERSION

    def matches(self, lists: list[dict[str, Any]]) -> bool:
        return self.format == INDEX_FORMAT and self.terms_version == TERMS_VERSION and self.lists == lists


def index_folder(db_path: Path) -> Path:
    """Where the index of the store at `db_path` lives."""
    return db_path.with_name(db_path.name + ".screening-index")


def list_versions_key(store: Store) -> list[dict[str, Any]]:
    """The newest version of each list (what `Store.iter_entities` reads), as the manifest records it."""
    latest: dict[str, dict[str, Any]] = {}
    for version in store.versions():  # ordered per list by publication, then load order
        latest[version.list_name] = {
            "list_name": version.list_name,
            "version_id": version.version_id,
            "sha256": version.sha256,
        }
    return [latest[name] for name in sorted(latest)]


def read_index(folder: Path) -> tuple[IndexManifest, CandidateIndex, pa.Table] | None:
    """The index in `folder`, or None when there is none or it cannot be read (it is then rebuilt)."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        manifest = IndexManifest(**data)
        index = CandidateIndex.load(folder)
        table = ipc.open_file(pa.memory_map(str(folder / "entities.arrow"))).read_all()
    except (OSError, ValueError, TypeError, KeyError, pa.ArrowException):
        return None
    if table.num_rows != len(index):
        return None
    return manifest, index, table


def write_index(folder: Path, manifest: IndexManifest, index: CandidateIndex, table: pa.Table) -> bool:
    """Write atomically next to the store; False (and nothing written) if the folder is not writable."""
    try:
        temp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    except OSError:
        return False
    try:
        index.save(temp)
        with pa.OSFile(str(temp / "entities.arrow"), "wb") as sink, ipc.new_file(sink, table.schema) as out:
            out.write_table(table)
        (temp / "manifest.json").write_text(json.dumps(asdict(manifest), indent=2) + "\n", encoding="utf-8")
        old = None
        if folder.exists():
            old = folder.with_name(f".{folder.name}.old-{os.getpid()}-{time.monotonic_ns()}")
            os.replace(folder, old)
        os.replace(temp, folder)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return True
    except OSError:
        shutil.rmtree(temp, ignore_errors=True)
        return False
