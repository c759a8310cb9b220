"""Goods classification against control lists, with parameters read from free text.

    >>> from interdictor.goods import classify
    >>> result = classify("Capacitance manometer 0-10 Torr, accuracy 0.25 % of reading, Inconel sensor")
    >>> result.status, result.entries
    (<Status.CONTROLLED: 'controlled'>, ['2B230'])

Verdicts: controlled, near_threshold (uncontrolled but within the margin of a limit),
insufficient_data (with the parameters to ask for) and not_listed. HS codes route and are checked
for consistency; they never decide. The catalogue is data (catalogue/*.yaml), loaded on first use.
"""

from interdictor.goods.catalogue import CatalogueError, default_catalogue, load_catalogue
from interdictor.goods.engine import MAX_CHARS, GoodsItem, classify, classify_batch
from interdictor.goods.model import (
    CatchAllWarning,
    Classification,
    ConditionResult,
    EntryResult,
    ExtractedValue,
    HsCheck,
    Question,
    Status,
)

__all__ = [
    "MAX_CHARS",
    "CatalogueError",
    "CatchAllWarning",
    "Classification",
    "ConditionResult",
    "EntryResult",
    "ExtractedValue",
    "GoodsItem",
    "HsCheck",
    "Question",
    "Status",
    "classify",
    "classify_batch",
    "default_catalogue",
    "load_catalogue",
]
