"""The seam between assessment and party screening: a small protocol, one real adapter.

`ScreeningSource` is what `assess` needs: the list matches of one party. `StoreScreening` wraps the
store's `Screener`; tests pass their own source. When no source is available the assessment says
so (ORD-01 "not evaluable"), it never invents a clear result.
"""

from __future__ import annotations

from typing import Any, Protocol

from interdictor.flags.deal import ScreeningHit
from interdictor.model import Party, Record

__all__ = ["ScreeningSource", "StoreScreening", "screen_records"]


class ScreeningSource(Protocol):
    def matches(self, record: Record, party: Party) -> list[ScreeningHit]: ...


class StoreScreening:
    """Screen parties with `interdictor.screening.Screener` (built or loaded from the store's index)."""

    def __init__(self, screener: Any) -> None:
        self.screener = screener

    def matches(self, record: Record, party: Party) -> list[ScreeningHit]:
        schema = "Person" if party.type is not None and party.type.value == "individual" else "Company"
        found = self.screener.screen(party.name, schema=schema, country=party.country)
        return [
            ScreeningHit(record.id, party.ref, m.entity_id, m.list_name, m.matched_name, float(m.score))
            for m in found
        ]


def screen_records(
    source: ScreeningSource | None, records: list[Record]
) -> dict[tuple[str, str], list[ScreeningHit]] | None:
    """Matches per (record id, party ref); None when no screening source is available."""
    if source is None:
        return None
    return {(r.id, p.ref): source.matches(r, p) for r in records for p in r.parties}
