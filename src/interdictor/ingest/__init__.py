"""Evidence ingestion: registries, e-mail, chat exports, invoices and transactions into the store.

    from interdictor.ingest import ingest_paths, iter_evidence_entities, iter_mentions
    with Store(path) as store:
        report = ingest_paths(store, ["case/"], source="case-17")
        for entity in iter_evidence_entities(store.con): ...
        for mention in iter_mentions(store.con, kinds=["email", "phone"]): ...

Registries give FtM statements (evidence_statements); documents give mentions (evidence_mentions);
every fact keeps its document and position. See docs/ingest.md for the formats.
"""

from interdictor.ingest.detect import detect_kind
from interdictor.ingest.model import DOCUMENT_KINDS, DocumentResult, IngestReport, Limits
from interdictor.ingest.parties import Gazetteer
from interdictor.ingest.pipeline import ingest_paths
from interdictor.ingest.scan import Scanner
from interdictor.ingest.tables import (
    EvidenceEntity,
    Mention,
    ensure_tables,
    iter_evidence_entities,
    iter_mentions,
)

__all__ = [
    "DOCUMENT_KINDS",
    "DocumentResult",
    "EvidenceEntity",
    "Gazetteer",
    "IngestReport",
    "Limits",
    "Mention",
    "Scanner",
    "detect_kind",
    "ensure_tables",
    "ingest_paths",
    "iter_evidence_entities",
    "iter_mentions",
]
