"""The seam between assessment and party screening: a small protocol, one real adapter.

`ScreeningSource` is what `assess` needs: the list matches of one party. `StoreScreening` wraps the
store's `Screener` and remembers the matches of every distinct (name, schema, country) it screened:
counterparties recur record after record. The cache belongs to the list versions the screener was
built from (its index manifest); give the adapter a screener of newer lists (`use`) and the cache
starts afresh. When no source is available the assessment says so (ORD-01 "not evaluable"), it
never invents a clear result.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from interdictor.assess.cache import LruCache
from interdictor.flags.deal import ScreeningHit
from interdictor.model import Party, Record

__all__ = [
    "ScreeningSource",
    "StoreScreening",
    "listed_identifiers",
    "listed_identifiers_in_store",
    "screen_records",
]

#: What one screened party matched: (entity id, list name, matched name, score) per match.
Found = tuple[tuple[str, str, str, float], ...]


class ScreeningSource(Protocol):
    def matches(self, record: Record, party: Party) -> list[ScreeningHit]: ...


def _versions(screener: Any) -> str:
    """The list versions the screener's index was built from, as a cache key ('' when unknown)."""
    manifest = getattr(screener, "manifest", None)
    lists = getattr(manifest, "lists", None)
    return json.dumps(lists, sort_keys=True, default=str) if lists is not None else f"screener:{id(screener)}"


#: A list entry's identifier: normalised value -> (holder entity id, list name, what the list says).
Listed = Mapping[str, tuple[str, str, str]]


def _norm_identifier(value: str) -> str:
    return "".join(value.split()).casefold()


def listed_identifiers(
    entities: Iterable[Mapping[str, Any]], list_name: str = "sanctions"
) -> dict[str, tuple[str, str, str]]:
    """The wallet addresses (`CryptoWallet.publicKey`) and account numbers (`BankAccount.iban`,
    `accountNumber`) that list entities (FollowTheMoney) name, with the holder they are listed for.
    Sanctions lists name wallets of designated parties (OFAC's "Digital Currency Address"); a payment to
    one is a payment to the designated party whatever name the beneficiary is written under."""
    names = {
        str(e.get("id")): (e.get("properties", {}).get("name") or [""])[0].strip()
        for e in entities
        if e.get("schema") not in {"CryptoWallet", "BankAccount"}
    }
    found: dict[str, tuple[str, str, str]] = {}
    for entity in entities:
        props = entity.get("properties", {})
        if entity.get("schema") == "CryptoWallet":
            values, kind = props.get("publicKey") or [], "wallet"
        elif entity.get("schema") == "BankAccount":
            values, kind = [*(props.get("iban") or []), *(props.get("accountNumber") or [])], "account"
        else:
            continue
        holder = str((props.get("holder") or [entity.get("id")])[0])
        for value in values:
            if len(_norm_identifier(str(value))) >= 8:  # a short number is no identifier
                said = f"{kind} {value} of {names.get(holder) or holder}"
                found[_norm_identifier(str(value))] = (holder, list_name, said)
    return found


def listed_identifiers_in_store(con: Any) -> dict[str, tuple[str, str, str]]:
    """`listed_identifiers` of the newest version of each list a store holds (its `current_statements`)."""
    rows = con.execute(
        """
        WITH ids AS (
            SELECT DISTINCT list_name, entity_id, schema FROM current_statements
            WHERE schema IN ('CryptoWallet', 'BankAccount')
        ), holders AS (
            SELECT DISTINCT s.value AS entity_id FROM current_statements s JOIN ids USING (entity_id)
            WHERE s.prop = 'holder'
        )
        SELECT list_name, entity_id, schema, prop, value FROM current_statements
        WHERE entity_id IN (SELECT entity_id FROM ids)
           OR (entity_id IN (SELECT entity_id FROM holders) AND prop = 'name')
        """
    ).fetchall()
    entities: dict[tuple[str, str], dict[str, Any]] = {}
    for list_name, entity_id, schema, prop, value in rows:
        entity = entities.setdefault(
            (list_name, entity_id), {"id": entity_id, "schema": schema, "properties": {}}
        )
        entity["properties"].setdefault(prop, []).append(value)
    found: dict[str, tuple[str, str, str]] = {}
    for list_name in sorted({name for name, _ in entities}):
        found.update(listed_identifiers([e for (n, _), e in entities.items() if n == list_name], list_name))
    return found


class StoreScreening:
    """Screen parties with `interdictor.screening.Screener` (built or loaded from the store's index).

    `identifiers` (from `listed_identifiers`) are looked up exactly against each party's account
    number, IBAN and wallet address: screening of identifiers, next to names."""

    def __init__(
        self, screener: Any, *, cache_size: int = 200_000, identifiers: Listed | None = None
    ) -> None:
        self.cache: LruCache[tuple[str, str, str | None], Found] = LruCache(cache_size)
        self.screener = screener
        self.lists_key = _versions(screener)
        self.identifiers: Listed = identifiers or {}

    def use(self, screener: Any) -> None:
        """Screen with `screener` from now on; the cache is emptied if its lists differ."""
        key = _versions(screener)
        if key != self.lists_key:
            self.cache.clear()
        self.screener, self.lists_key = screener, key

    def _screen(self, name: str, schema: str, country: str | None) -> Found:
        return _found(self.screener.screen(name, schema=schema, country=country))

    def matches(self, record: Record, party: Party) -> list[ScreeningHit]:
        key = _key(party)
        found = self.cache.get_or(key, lambda: self._screen(*key))
        hits = [ScreeningHit(record.id, party.ref, *match) for match in found]
        if self.identifiers and party.account is not None:
            for field in ("number", "iban"):
                value = getattr(party.account, field, None)
                listed = self.identifiers.get(_norm_identifier(value)) if value else None
                if listed is not None:
                    hits.append(ScreeningHit(record.id, party.ref, *listed, 1.0, f"account.{field}"))
        return hits

    def prefetch(self, records: Iterable[Record], batch: int = 256) -> int:
        """Screen every distinct party of `records` not cached yet, `batch` at a time through the
        screener's batch search (its candidate stage runs once per batch, not once per name); returns
        how many were screened. `matches` then answers from the cache."""
        screen_many = getattr(self.screener, "screen_many", None)
        if screen_many is None:
            return 0
        from interdictor.screening.screener import as_party

        todo = list(dict.fromkeys(k for r in records for p in r.parties if (k := _key(p)) not in self.cache))
        for start in range(0, len(todo), batch):
            keys = todo[start : start + batch]
            queries = [as_party(name, schema, country) for name, schema, country in keys]
            for key, found in zip(keys, screen_many(queries, batch=batch), strict=True):
                self.cache.put(key, _found(found))
        return len(todo)


def _found(matches: Iterable[Any]) -> Found:
    return tuple((m.entity_id, m.list_name, m.matched_name, float(m.score)) for m in matches)


def _key(party: Party) -> tuple[str, str, str | None]:
    """What a screening result depends on: the name as written, person or company, and the country."""
    schema = "Person" if party.type is not None and party.type.value == "individual" else "Company"
    return (party.name, schema, party.country)


def screen_records(
    source: ScreeningSource | None, records: list[Record]
) -> dict[tuple[str, str], list[ScreeningHit]] | None:
    """Matches per (record id, party ref); None when no screening source is available."""
    if source is None:
        return None
    return {(r.id, p.ref): source.matches(r, p) for r in records for p in r.parties}
