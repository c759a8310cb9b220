"""The store: every version of every list, with statement-level provenance."""

from interdictor.store.duckdb_store import Store, file_sha256
from interdictor.store.models import EntityRecord, ListDiff, ListVersion, LoadReport

__all__ = ["EntityRecord", "ListDiff", "ListVersion", "LoadReport", "Store", "file_sha256"]
