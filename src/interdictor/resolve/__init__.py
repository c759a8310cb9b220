"""Entity resolution: which party records, across lists, evidence and transactions, are one entity.

    from interdictor.resolve import extract_evidence, extract_store, extract_transactions, resolve
    extract_transactions(store.con, Path("transactions.jsonl"))
    report = resolve(store.con)          # clusters in the store table resolve_clusters

Party records are compared on the screening engine's name keys, identifiers, phones, e-mails,
web domains, street lines and countries by a Splink model on DuckDB; clusters keep their ids
across runs, and analysts' decisions (`record_decision`) win over the model.
"""

from interdictor.resolve.decisions import Decision, DecisionKind, effective_decisions, record_decision
from interdictor.resolve.evaluate import PairwiseScores, pairwise_scores
from interdictor.resolve.extract import ExtractReport, extract_evidence, extract_store, extract_transactions
from interdictor.resolve.model import ModelConfig, build_settings
from interdictor.resolve.pipeline import ResolveReport, latest_model, resolve

__all__ = [
    "Decision",
    "DecisionKind",
    "ExtractReport",
    "ModelConfig",
    "PairwiseScores",
    "ResolveReport",
    "build_settings",
    "effective_decisions",
    "extract_evidence",
    "extract_store",
    "extract_transactions",
    "latest_model",
    "pairwise_scores",
    "record_decision",
    "resolve",
]
