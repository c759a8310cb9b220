"""Roll goods verdicts, screening hits and red flags up into one assessment per transaction.

from interdictor.assess import assess
for result in assess(records, as_actor="bank"):
    result.risk.band, [f.flag_id for f in result.fired], result.actions
"""

from interdictor.assess.actions import ACTORS, Actor
from interdictor.assess.core import Assessment, GoodsVerdict, PartyScreening, assess
from interdictor.assess.score import COMBINING_RULE, Contribution, RiskScore, score
from interdictor.assess.screening import ScreeningSource, StoreScreening

__all__ = [
    "ACTORS",
    "COMBINING_RULE",
    "Actor",
    "Assessment",
    "Contribution",
    "GoodsVerdict",
    "PartyScreening",
    "RiskScore",
    "ScreeningSource",
    "StoreScreening",
    "assess",
    "score",
]
