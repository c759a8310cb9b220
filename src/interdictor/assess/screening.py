"""The seam between assessment and party screening: a small protocol, one real adapter.

`ScreeningSource` is what `assess` needs: the list matches of one party. `StoreScreening` wraps the
store's `Screener` and remembers the matches of every distinct (name, schema, country) it screened:
counterparties recur record after record. The cache belongs to the list versions the screener was
built from (its index manifest); give the adapter a screener of newer lists (`use`) and the cache
starts afresh. Each name match carries what the list says of the entry's countries, addresses and
numbers (from the screener's entity table and, when given, `listed_places_in_store`), which ORD-01 weighs
against the party's own (`interdictor.flags.deal.corroboration`); the screener's search is untouched.
When no source is available the assessment says so (ORD-01 "not evaluable"), it never invents a clear
result.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from interdictor.assess.cache import LruCache
from interdictor.flags.deal import LISTED_NUMBERS, ScreeningHit
from interdictor.model import Party, Record

__all__ = [
    "ScreeningSource",
    "StoreScreening",
    "listed_identifiers",
    "listed_identifiers_in_store",
    "listed_places_in_store",
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

#: What a list says of where an entry is and what numbers it has: (list name, entity id) -> (countries,
#: addresses, numbers as (FtM property, value)).
Place = tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, str], ...]]
Places = Mapping[tuple[str, str], Place]


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


def listed_places_in_store(con: Any) -> dict[tuple[str, str], Place]:
    """The addresses list entries name (`address`, and `addressEntity` pointing to an Address with its
    `full` text and `country`) in the newest version of each list a store holds, with the addresses'
    countries, and the entries' registration, tax and other numbers (`deal.LISTED_NUMBERS`):
    (list name, entity id) -> (countries, addresses, numbers). The entity's own country, nationality
    and jurisdiction are in the screener's entity table already. A designated front often lists
    addresses in several countries; all of them are kept."""
    numbers = ", ".join(f"'{p}'" for p in LISTED_NUMBERS)
    rows = con.execute(
        f"""
        WITH linked AS (
            SELECT list_name, entity_id, value AS address_id FROM current_statements
            WHERE prop = 'addressEntity'
        )
        SELECT l.list_name, l.entity_id, a.prop, a.value
        FROM linked l JOIN current_statements a ON a.list_name = l.list_name AND a.entity_id = l.address_id
        WHERE a.prop IN ('country', 'full')
        UNION ALL
        SELECT list_name, entity_id, 'full' AS prop, value FROM current_statements
        WHERE prop = 'address' AND schema <> 'Address'
        UNION ALL
        SELECT list_name, entity_id, prop, value FROM current_statements
        WHERE prop IN ({numbers}) AND schema <> 'Address'
        """
    ).fetchall()
    found: dict[tuple[str, str], tuple[set[str], list[str], list[tuple[str, str]]]] = {}
    for list_name, entity_id, prop, value in rows:
        countries, addresses, ids = found.setdefault((str(list_name), str(entity_id)), (set(), [], []))
        if prop == "country":
            countries.add(str(value).strip().lower())
        elif prop != "full":
            if (prop, str(value)) not in ids:
                ids.append((str(prop), str(value)))
        elif value not in addresses:
            addresses.append(str(value))
    return {key: (tuple(sorted(c)), tuple(a), tuple(i)) for key, (c, a, i) in found.items()}


class _IsoCodes(dict[str, str]):
    """A list's country values as lower-case ISO codes ('North Korea' and 'KP' are 'kp'), each distinct
    value looked up once (a list of a million entities has a few hundred distinct values)."""

    def __call__(self, value: str) -> str:
        code = self.get(value)
        if code is None:
            from interdictor.screening.query import normalise_country

            code = self[value] = (normalise_country(value) or value.strip()).lower()
        return code


class StoreScreening:
    """Screen parties with `interdictor.screening.Screener` (built or loaded from the store's index).

    `identifiers` (from `listed_identifiers`) are looked up exactly against each party's account
    number, IBAN and wallet address: screening of identifiers, next to names. `places` (from
    `listed_places_in_store`) add the entries' listed addresses and their countries to the countries
    the screener's entity table holds; name matches carry both for ORD-01's corroboration."""

    def __init__(
        self,
        screener: Any,
        *,
        cache_size: int = 200_000,
        identifiers: Listed | None = None,
        places: Places | None = None,
    ) -> None:
        self.cache: LruCache[tuple[str, str, str | None], Found] = LruCache(cache_size)
        self.screener = screener
        self.lists_key = _versions(screener)
        self.identifiers: Listed = identifiers or {}
        self.listed_places: Places = places or {}
        self._table_countries: dict[tuple[str, str], list[str] | None] | None = None
        self._place: dict[tuple[str, str], Place] = {}
        self._iso = _IsoCodes()

    def use(self, screener: Any) -> None:
        """Screen with `screener` from now on; the cache is emptied if its lists differ."""
        key = _versions(screener)
        if key != self.lists_key:
            self.cache.clear()
            self._table_countries, self._place = None, {}
        self.screener, self.lists_key = screener, key

    def place(self, list_name: str, entity_id: str) -> Place:
        """(countries, addresses, numbers) of one list entry: the screener's entity table (country,
        nationality, citizenship, jurisdiction) joined with the listed addresses and their countries, as
        lower-case ISO codes, and the entry's registration and other numbers. The table's countries are
        read once per list version, on the first name match, outside the search; each matched entry is
        then worked out once."""
        key = (list_name, entity_id)
        done = self._place.get(key)
        if done is not None:
            return done
        if self._table_countries is None:
            table = getattr(self.screener, "entities", None)
            columns = set(getattr(table, "column_names", ()))
            self._table_countries = {}
            if table is not None and {"list_name", "entity_id", "countries"} <= columns:
                names, ids = table.column("list_name").to_pylist(), table.column("entity_id").to_pylist()
                keys = zip(names, ids, strict=True)
                self._table_countries = dict(zip(keys, table.column("countries").to_pylist(), strict=True))
        listed, addresses, numbers = self.listed_places.get(key, ((), (), ()))
        countries = {self._iso(c) for c in [*(self._table_countries.get(key) or ()), *listed]}
        done = self._place[key] = (tuple(sorted(countries)), tuple(dict.fromkeys(addresses)), numbers)
        return done

    def _screen(self, name: str, schema: str, country: str | None) -> Found:
        return _found(self.screener.screen(name, schema=schema, country=country))

    def matches(self, record: Record, party: Party) -> list[ScreeningHit]:
        key = _key(party)
        found = self.cache.get_or(key, lambda: self._screen(*key))
        hits: list[ScreeningHit] = []
        for entity_id, list_name, matched, score in found:
            countries, addresses, numbers = self.place(list_name, entity_id)
            hits.append(
                ScreeningHit(
                    record.id,
                    party.ref,
                    entity_id,
                    list_name,
                    matched,
                    score,
                    "name",
                    countries,
                    addresses,
                    numbers,
                )
            )
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
