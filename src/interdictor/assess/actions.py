"""Recommended actions per actor: what each one can actually do at its intervention point.

The band decides the step (proceed, ask, hold, refuse/report); the fired flags add their own
questions from the catalogue (`ask`), and flags that could not be evaluated add "obtain X", because
missing data is itself something to chase before deciding.
"""

from __future__ import annotations

from typing import Literal

from interdictor.flags.model import FlagResult, Outcome

__all__ = ["ACTORS", "ACTOR_CODE", "Actor", "recommend"]

Actor = Literal["exporter", "bank", "forwarder", "customs", "analyst"]
ACTORS: tuple[Actor, ...] = ("exporter", "bank", "forwarder", "customs", "analyst")
ACTOR_CODE: dict[str, str] = {
    "exporter": "EXP",
    "bank": "BANK",
    "forwarder": "FWD",
    "customs": "CUS",
    "analyst": "GOV",
}

_STEP: dict[str, dict[str, str]] = {
    "exporter": {
        "high": (
            "Hold the order; do not ship or quote further. Escalate to export control; consider a "
            "voluntary disclosure."
        ),
        "medium": (
            "Enhanced due diligence: put the questions below to the customer before confirming the order."
        ),
        "low": "Proceed after answering the questions below and recording the answers.",
        "none": "No red flag fired; proceed and keep the record.",
    },
    "bank": {
        "high": (
            "Hold the payment or the documents; escalate to financial crime; consider a suspicious "
            "activity report."
        ),
        "medium": "Enhanced due diligence on the parties and the payment chain before releasing funds.",
        "low": "Release after reviewing the points below; note them on the customer file.",
        "none": "No red flag fired; process normally.",
    },
    "forwarder": {
        "high": (
            "Do not load; hold the cargo and confirm consignee and destination with the exporter; "
            "inform the authority."
        ),
        "medium": "Confirm the instructions and parties with the exporter before booking.",
        "low": "Book after checking the points below.",
        "none": "No red flag fired; book normally.",
    },
    "customs": {
        "high": "Select for physical inspection and document check; detain pending licence verification.",
        "medium": "Select for document check.",
        "low": "Risk-rate for sampling.",
        "none": "No red flag fired; release.",
    },
    "analyst": {
        "high": "Open a case; resolve the parties and map their network.",
        "medium": "Add to the watch list and look for linked deals.",
        "low": "Keep for pattern analysis.",
        "none": "Nothing to follow up.",
    },
}


def recommend(actor: Actor, band: str, results: list[FlagResult]) -> list[str]:
    actions = [_STEP[actor][band]]
    for result in results:
        if result.outcome == Outcome.FIRED:
            actions.append(f"{result.flag_id}: {result.ask}")
    for result in results:
        if result.outcome == Outcome.NOT_EVALUABLE and result.severity == "H":
            wanted = ", ".join(result.missing[:3]) or "the records it reads"
            actions.append(f"{result.flag_id}: obtain {wanted} to evaluate '{result.title}'")
    return actions
