"""Red flags: the catalogue of REDFLAGS.md as data, and the engine that evaluates it on a deal.

from interdictor.flags import default_catalogue, default_reference, evaluate_flag, Deal
result = evaluate_flag(default_catalogue()["ORD-26"], Deal("d1", records), default_reference())
"""

from interdictor.flags.catalogue import Catalogue, default_catalogue, load_catalogue
from interdictor.flags.deal import Deal, Node, ScreeningHit, group_deals, resolve
from interdictor.flags.model import Evidence, FlagResult, FlagSpec, Outcome, RuleSpec
from interdictor.flags.reference import ReferenceData, default_reference, load_reference
from interdictor.flags.registry import PREDICATES
from interdictor.flags.rules import evaluate_flag

__all__ = [
    "PREDICATES",
    "Catalogue",
    "Deal",
    "Evidence",
    "FlagResult",
    "FlagSpec",
    "Node",
    "Outcome",
    "ReferenceData",
    "RuleSpec",
    "ScreeningHit",
    "default_catalogue",
    "default_reference",
    "evaluate_flag",
    "group_deals",
    "load_catalogue",
    "load_reference",
    "resolve",
]
